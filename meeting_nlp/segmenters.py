"""Word segmenters over normalized text: pkuseg (default) and characters.

A segmenter returns ``(start, end)`` offsets of the non-whitespace words of a
normalized text. It never sees the original script, so one model serves
simplified, traditional and glossed reports alike, and it is swappable:
anything with a ``segment(text) -> list[(start, end)]`` method will do.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import List, Optional, Tuple, Union

from .pkuseg_model import resolve_model_dir

logger = logging.getLogger(__name__)
Spans = List[Tuple[int, int]]

SEGMENTERS = ("pkuseg", "char")
# A character with the combining marks, variation selectors and joiners after it.
_CHAR = re.compile(
    r"\S[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
    r"\u200c\u200d\U000e0100-\U000e01ef]*"
)
# Sentences end at these; chunks for pkuseg are cut after them.
_SENTENCE_END = re.compile(r"[。！？!?;；\n]+")


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

    def __init__(
        self,
        model: Optional[Union[str, Path]] = None,
        user_dict: Optional[str] = "default",
        chunk_size: int = 1000,
    ) -> None:
        import spacy_pkuseg

        self.model_dir = resolve_model_dir(model)
        self.user_dict = user_dict
        self.chunk_size = chunk_size
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


def chunks(text: str, size: int) -> List[Tuple[int, int]]:
    """Cut ``text`` into pieces of about ``size`` characters at sentence ends.

    A piece is only cut elsewhere when one sentence is longer than ``4 * size``;
    then it is cut at whitespace if there is any, else at the hard limit.
    """
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


def make_segmenter(name: str, **options) -> Union[PkusegSegmenter, CharSegmenter]:
    if name == "pkuseg":
        return PkusegSegmenter(**options)
    if name == "char":
        return CharSegmenter()
    raise ValueError(f"unknown segmenter {name!r}; choose one of {SEGMENTERS}")
