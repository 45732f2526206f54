"""Word segmenters over normalized text: pkuseg (default) and characters.

A segmenter returns ``(start, end)`` offsets of the non-whitespace words of a
normalized text. It never sees the original script, so one model serves
simplified, traditional and glossed reports alike, and it is swappable:
anything with a ``segment(text) -> list[(start, end)]`` method will do.

``segmenter="pkuseg"`` is the pkuseg model with the fastest back-end there is:
:class:`FastPkusegSegmenter` (the compiled CRF of ``meeting_nlp._ext.segment``
over the compact memory-mapped model, token-identical to spacy-pkuseg,
docs/segmenter.md) when the extension is built, else
:class:`PkusegSegmenter` (spacy-pkuseg itself) with a warning.
``segmenter="spacy-pkuseg"`` always selects spacy-pkuseg, the reference.
``MEETING_NLP_NO_EXT=1`` forces it too.
"""
from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path
from typing import List, Optional, Tuple, Union

from .pkuseg_model import COMPACT_FILE, ModelNotFound, build_compact, resolve_model_dir

logger = logging.getLogger(__name__)
Spans = List[Tuple[int, int]]

SEGMENTERS = ("pkuseg", "spacy-pkuseg", "char")
PKUSEG_SEGMENTERS = ("pkuseg", "spacy-pkuseg")
# A character with the combining marks, variation selectors and joiners after it.
_CHAR = re.compile(
    r"\S[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
    r"\u200c\u200d\U000e0100-\U000e01ef]*"
)
# Sentences end at these; chunks for pkuseg are cut after them.
_SENTENCE_END = re.compile(r"[。！？!?;；\n]+")
# What str.split() splits at (re's \s is str.isspace()).
_NON_SPACE = re.compile(r"\S+")


def _check_chunk_size(chunk_size) -> int:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size <= 0:
        raise ValueError(
            f"chunk_size must be a positive number of characters (pkuseg reads the text in "
            f"sentence-aligned chunks of about that size; the default is 1000), not {chunk_size!r}"
        )
    return chunk_size


class CharSegmenter:
    """One token per character (with its combining marks): no model needed."""

    name = "char"

    def segment(self, text: str) -> Spans:
        return [m.span() for m in _CHAR.finditer(text)]


class PkusegSegmenter:
    """spacy-pkuseg over sentence-sized chunks of the normalized text.

    Chunks keep memory flat on huge reports (pkuseg builds feature lists for
    all it is given at once) and cost nothing in accuracy: they end at
    sentence punctuation, which pkuseg treats as a word boundary anyway.
    """

    name = "pkuseg"
    backend = "spacy-pkuseg"

    def __init__(
        self,
        model: Optional[Union[str, Path]] = None,
        user_dict: Optional[str] = "default",
        chunk_size: int = 1000,
    ) -> None:
        import spacy_pkuseg

        self.chunk_size = _check_chunk_size(chunk_size)
        self.model_dir = resolve_model_dir(model)
        self.user_dict = user_dict
        self._pkuseg = spacy_pkuseg.pkuseg(str(self.model_dir), user_dict=user_dict)
        self._fallback = CharSegmenter()

    def segment(self, text: str) -> Spans:
        spans: Spans = []
        for start, end in chunks(text, self.chunk_size):
            spans.extend(self._segment_chunk(text[start:end], start))
        return spans

    def _segment_chunk(self, chunk: str, offset: int) -> Spans:
        """Align pkuseg's words to the chunk; characters if pkuseg ever changes text."""
        spans: Spans = []
        pos = 0
        for word in self._pkuseg.cut(chunk):
            while pos < len(chunk) and chunk[pos].isspace():
                pos += 1
            if not chunk.startswith(word, pos):
                logger.warning("pkuseg output does not match its input near %r", chunk[pos : pos + 20])
                rest = self._fallback.segment(chunk[pos:])
                return spans + [(offset + pos + s, offset + pos + e) for s, e in rest]
            spans.append((offset + pos, offset + pos + len(word)))
            pos += len(word)
        if chunk[pos:].strip():
            rest = self._fallback.segment(chunk[pos:])
            spans.extend((offset + pos + s, offset + pos + e) for s, e in rest)
        return spans

    def __reduce__(self):
        return (type(self), (str(self.model_dir), self.user_dict, self.chunk_size))


class FastPkusegSegmenter:
    """pkuseg's CRF, compiled, over the compact memory-mapped model: spacy-pkuseg's tokens, faster.

    Reads ``segment.mnseg`` in the model directory (written by
    ``download-model``; written here once if it is missing), chunks the text
    exactly as :class:`PkusegSegmenter` does, and gives the same words:
    ``tests/test_fastseg.py`` checks that on every bundled report and on
    random mixed text. ``user_dict`` is spacy-pkuseg's: ``"default"`` (its
    post-processing dictionary), ``None`` (none), or a user dictionary file
    or word list (its words are forced first, as spacy-pkuseg does).
    """

    name = "pkuseg"
    backend = "compiled"

    def __init__(
        self,
        model: Optional[Union[str, Path]] = None,
        user_dict: Optional[Union[str, list]] = "default",
        chunk_size: int = 1000,
    ) -> None:
        from ._ext import load

        self.chunk_size = _check_chunk_size(chunk_size)
        ext = load("segment")
        if ext is None:
            raise ImportError("meeting_nlp's compiled segmenter is not available")
        self.model_dir = resolve_model_dir(model, compact_ok=True)
        self.user_dict = user_dict
        self._model = _open_compact(ext, self.model_dir)
        self._postprocess = user_dict is not None
        self._preprocesser = None
        if user_dict is not None and user_dict != "default":
            from spacy_pkuseg import Preprocesser

            self._preprocesser = Preprocesser(user_dict)

    @property
    def model_file(self) -> Path:
        return Path(self._model.path)

    def segment(self, text: str) -> Spans:
        ranges = chunks(text, self.chunk_size)
        if self._preprocesser is None:
            return self._model.segment(text, ranges, self._postprocess)
        return self._segment_with_user_dict(text, ranges)

    def _segment_with_user_dict(self, text: str, ranges) -> Spans:
        """spacy-pkuseg's cut with a user dictionary: its words first, the CRF for the rest."""
        spans: Spans = []
        for start, end in ranges:
            for piece in _NON_SPACE.finditer(text, start, end):
                pos = piece.start()
                parts, is_word, _ = self._preprocesser.solve(piece.group())
                for part, word in zip(parts, is_word):
                    if word:
                        spans.append((pos, pos + len(part)))
                    else:
                        spans.extend(self._model.segment(text, [(pos, pos + len(part))], self._postprocess))
                    pos += len(part)
        return spans

    def __reduce__(self):
        user_dict = self.user_dict if not isinstance(self.user_dict, list) else list(self.user_dict)
        return (type(self), (str(self.model_dir), user_dict, self.chunk_size))


def _open_compact(ext, model_dir: Path):
    """The memory-mapped compact model of ``model_dir``, written first if it is missing or stale."""
    path = model_dir / COMPACT_FILE
    if path.is_file():
        try:
            return ext.Model(str(path))
        except ValueError as error:  # another format version, or damaged
            logger.warning("%s; writing it again", error)
    elif not (model_dir / "weights.npz").is_file():
        raise ModelNotFound(f"no compact model {path}")
    logger.warning("writing the compact segmentation model %s once (download-model does this too)", path)
    build_compact(model_dir)
    return ext.Model(str(path))


def chunks(text: str, size: int) -> List[Tuple[int, int]]:
    """Cut ``text`` into pieces of about ``size`` characters at sentence ends.

    A piece is only cut elsewhere when one sentence is longer than ``4 * size``;
    then it is cut at whitespace if there is any, else at the hard limit.
    """
    _check_chunk_size(size)
    pieces: List[Tuple[int, int]] = []
    start = 0
    for found in _SENTENCE_END.finditer(text):
        end = found.end()
        if end - start >= size:
            pieces.extend(_split_long(text, start, end, 4 * size))
            start = end
    if start < len(text):
        pieces.extend(_split_long(text, start, len(text), 4 * size))
    return pieces


def _split_long(text: str, start: int, end: int, limit: int) -> List[Tuple[int, int]]:
    pieces = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut + 1 if cut > start else start + limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def make_segmenter(name: str, **options) -> Union[FastPkusegSegmenter, PkusegSegmenter, CharSegmenter]:
    """``"pkuseg"``: the fastest pkuseg back-end available; ``"spacy-pkuseg"``: the reference."""
    if name == "pkuseg":
        return fastest_pkuseg(**options)
    if name == "spacy-pkuseg":
        return PkusegSegmenter(**options)
    if name == "char":
        return CharSegmenter()
    raise ValueError(f"unknown segmenter {name!r}; choose one of {SEGMENTERS}")


def fastest_pkuseg(**options) -> Union[FastPkusegSegmenter, PkusegSegmenter]:
    """The compiled segmenter, or spacy-pkuseg (with a warning saying why) when it cannot run."""
    from ._ext import load

    _check_chunk_size(options.get("chunk_size", 1000))
    if load("segment") is None:  # load() has warned, unless MEETING_NLP_NO_EXT asked for this
        return PkusegSegmenter(**options)
    try:
        return FastPkusegSegmenter(**options)
    except (OSError, ValueError, RuntimeError) as error:
        if isinstance(error, ModelNotFound) and not resolve_is_full(options.get("model")):
            raise
        warnings.warn(
            f"meeting_nlp's compiled segmenter cannot read its model ({error}); using spacy-pkuseg, "
            "which gives the same tokens more slowly. `python -m meeting_nlp download-model --force` "
            "writes the compact model again.",
            RuntimeWarning,
            stacklevel=2,
        )
        return PkusegSegmenter(**options)


def resolve_is_full(model) -> bool:
    """Whether spacy-pkuseg could read the model ``model`` names (the fallback's precondition)."""
    try:
        resolve_model_dir(model)
        return True
    except ModelNotFound:
        return False
