# Set-up is part of every target: a fresh machine with Python 3.11 needs nothing else.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test test-all bench setup clean

# The main job: annotate the bundled sample reports and print what was found.
demo: setup
	$(PY) -m meeting_nlp run corpus/raw --output corpus/demo-output.jsonl --overwrite

# The default test run (slow tests excluded). pytest's exit 5 (no tests ran) is a failure.
test: setup
	$(PY) -m pytest -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; exit 1; fi; exit $$rc

# Everything, slow tests included.
test-all: setup
	$(PY) -m pytest -p no:cacheprovider -m "slow or not slow"

bench: setup
	$(PY) -m benchmarks

# The model check runs every time: it is instant when the model is there,
# and a cleared cache ($$MEETING_NLP_HOME) is filled again.
setup: $(STAMP)
	$(PY) -m meeting_nlp download-model

$(STAMP): setup.cfg setup.py pyproject.toml $(wildcard meeting_nlp/_ext/*.c)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet setuptools wheel
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
