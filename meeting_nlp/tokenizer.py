"""The meeting_nlp tokenizer: segments normalized text, builds the Doc over the original.

``doc.text`` is always exactly the input; each token's ``norm_`` is its
normalized form (docs/normalized-form.md), so ``"".join(t.norm_ + t.whitespace_
for t in doc)`` is ``normalize(doc.text).text``. A pinyin gloss belongs to the
token of the character it follows.
"""
from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import srsly
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from .normalize import DEFAULT_BACKEND, Normalized, normalize
from .normalize.script import classify_script
from .segmenters import PKUSEG_SEGMENTERS, make_segmenter

TOKENIZER_NAME = "meeting_nlp.Tokenizer.v1"


@registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer(
    segmenter: str = "pkuseg",
    pkuseg_model: Optional[str] = None,
    pkuseg_user_dict: Optional[str] = "default",
    t2s_backend: str = DEFAULT_BACKEND,
    chunk_size: int = 1000,
):
    """Config entry point: ``[nlp.tokenizer] @tokenizers = "meeting_nlp.Tokenizer.v1"``."""

    def tokenizer_factory(nlp):
        return MeetingTokenizer(
            nlp.vocab,
            segmenter=segmenter,
            pkuseg_model=pkuseg_model,
            pkuseg_user_dict=pkuseg_user_dict,
            t2s_backend=t2s_backend,
            chunk_size=chunk_size,
        )

    return tokenizer_factory


class MeetingTokenizer:
    """Normalize, segment the normalized text, map the words back to the original."""

    def __init__(
        self,
        vocab: Vocab,
        segmenter: str = "pkuseg",
        pkuseg_model: Optional[str] = None,
        pkuseg_user_dict: Optional[str] = "default",
        t2s_backend: str = DEFAULT_BACKEND,
        chunk_size: int = 1000,
    ) -> None:
        self.vocab = vocab
        # any object with segment(text) -> [(start, end), …] (README); its name goes in the settings
        self._custom = None if isinstance(segmenter, str) else check_segmenter(segmenter)
        if self._custom is not None:
            segmenter = CUSTOM + _qualname(self._custom)
        self.cfg = {
            "segmenter": segmenter,
            "pkuseg_model": str(pkuseg_model) if pkuseg_model else None,
            "pkuseg_user_dict": pkuseg_user_dict,
            "t2s_backend": t2s_backend,
            "chunk_size": chunk_size,
        }
        self._build()

    def _build(self) -> None:
        cfg = self.cfg
        options = {}
        if cfg["segmenter"] in PKUSEG_SEGMENTERS:
            options = {
                "model": cfg["pkuseg_model"],
                "user_dict": cfg["pkuseg_user_dict"],
                "chunk_size": cfg["chunk_size"],
            }
        if cfg["segmenter"].startswith(CUSTOM):
            if self._custom is None or CUSTOM + _qualname(self._custom) != cfg["segmenter"]:
                name = cfg["segmenter"][len(CUSTOM):]
                raise ValueError(
                    f"this pipeline was saved with the custom segmenter {name}, which its settings cannot "
                    f"rebuild: load it with meeting_nlp.load(segmenter={name.rsplit('.', 1)[-1]}(…)), or set "
                    "nlp.tokenizer = MeetingTokenizer(nlp.vocab, segmenter=your_object) after spacy.load"
                )
            self.segmenter = self._custom
        else:
            self.segmenter = make_segmenter(cfg["segmenter"], **options)
        normalize("", backend=cfg["t2s_backend"])  # fail now, not on the first report

    def __call__(self, text: str) -> Doc:
        normalized = normalize(text, backend=self.cfg["t2s_backend"])
        spans = self.segmenter.segment(normalized.text)
        if self._custom is not None:
            spans = _checked_spans(spans, normalized.text, self.cfg["segmenter"])
        return doc_from_spans(self.vocab, normalized, spans)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # -- serialization: the settings travel, the 175 MB model stays in its cache
    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.msgpack_dumps({"cfg": self.cfg})

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "MeetingTokenizer":
        cfg = srsly.msgpack_loads(data)["cfg"]
        if cfg != self.cfg:
            self.cfg = cfg
            self._build()
        return self

    def to_disk(self, path: Union[str, Path], *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self.cfg)

    def from_disk(self, path: Union[str, Path], *, exclude=tuple()) -> "MeetingTokenizer":
        cfg = srsly.read_json(Path(path) / "cfg.json")
        if cfg != self.cfg:
            self.cfg = cfg
            self._build()
        return self

    def __reduce__(self):
        # a custom segmenter travels itself (n_process needs it picklable)
        return (_rebuild_tokenizer, (self.vocab, self.cfg, self._custom))


def _rebuild_tokenizer(vocab: Vocab, cfg: Dict[str, Any], custom: Any = None) -> MeetingTokenizer:
    return MeetingTokenizer(vocab, **{**cfg, "segmenter": custom if custom is not None else cfg["segmenter"]})


#: prefix of the ``segmenter`` setting of a tokenizer built with a segmenter object
CUSTOM = "custom:"


def _qualname(obj: Any) -> str:
    return f"{type(obj).__module__}.{type(obj).__qualname__}"


def _checked_spans(spans: Any, text: str, name: str) -> List[Tuple[int, int]]:
    """A custom segmenter's words, checked: sorted, non-overlapping, inside the text, not empty."""
    out, last = [], 0
    for item in spans:
        try:
            start, end = int(item[0]), int(item[1])
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"{name}.segment() must return (start, end) pairs, got {item!r}") from None
        if not last <= start < end <= len(text):
            raise ValueError(
                f"{name}.segment() returned ({start}, {end}) after a word ending at {last}, in a text of "
                f"{len(text)} characters: words must be sorted, non-overlapping, non-empty and inside the text"
            )
        out.append((start, end))
        last = end
    return out


def check_segmenter(segmenter: Any) -> Any:
    """``segmenter`` if it is a segmenter object; a ``TypeError`` that says what one is otherwise."""
    if not callable(getattr(segmenter, "segment", None)):
        raise TypeError(
            f"segmenter must be a name ('pkuseg', 'spacy-pkuseg', 'char') or an object with a "
            f"segment(text) -> [(start, end), …] method, not {type(segmenter).__name__}"
        )
    return segmenter


def doc_from_spans(vocab: Vocab, normalized: Normalized, spans: List[Tuple[int, int]]) -> Doc:
    """A Doc over the original text whose tokens are ``spans`` of the normalized text.

    The gaps between spans are whitespace. They follow spaCy's own convention
    (``spacy.util.get_words_and_spaces``): one plain space after a word is that
    word's trailing space, any other whitespace run is a token of its own.
    """
    original, norm_text = normalized.original, normalized.text
    words: List[str] = []
    spaces: List[bool] = []
    norms: List[str] = []

    def add_gap(start: int, end: int) -> None:
        if start >= end:
            return
        o_start, o_end = normalized.original_span(start, end)
        if words and not spaces[-1] and original[o_start] == " ":
            spaces[-1] = True
            o_start += 1
            start += 1
        if o_start < o_end:
            words.append(original[o_start:o_end])
            spaces.append(False)
            norms.append(norm_text[start:end])

    last = 0
    for start, end in spans:
        add_gap(last, start)
        o_start, o_end = normalized.original_span(start, end)
        words.append(original[o_start:o_end])
        spaces.append(False)
        norms.append(norm_text[start:end])
        last = end
    add_gap(last, len(norm_text))
    doc = Doc(vocab, words=words, spaces=spaces)
    for token, norm in zip(doc, norms):
        if norm != token.norm_:
            token.norm_ = norm
    seed_view(doc, normalized)
    return doc


def seed_view(doc: Doc, normalized: Normalized) -> None:
    """Hand the rule components the normalized text we already have (see normalized_view)."""
    from .components.alignment import NormalizedView, remember_view

    starts = normalized._starts if normalized._starts is not None else array("q", range(len(normalized.text) + 1))
    remember_view(doc, NormalizedView(normalized.text, starts))


def doc_script(doc: Doc) -> str:
    """``doc._.script``: simplified, traditional, glossed or mixed."""
    glossed = any(len(token.norm_) != len(token.text) for token in doc)
    return classify_script(doc.text, glossed)


def install_extensions() -> None:
    if not Doc.has_extension("script"):
        Doc.set_extension("script", getter=doc_script)


install_extensions()
