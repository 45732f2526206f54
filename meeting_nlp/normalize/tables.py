"""The two data tables of normalization: mainland overrides and punctuation.

Both live in ``meeting_nlp/resources/normalize/`` as TSV so that a reader can
see, and a user can extend, exactly what changes. Both keep the number of
code points, which the loaders check.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Dict, Iterator, List, Tuple

from .t2s import ConversionError, PhraseTable

_DIR = "resources/normalize"


def _rows(name: str) -> Iterator[List[str]]:
    text = resources.files("meeting_nlp").joinpath(f"{_DIR}/{name}").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            row = line.split("\t")
            if len(row) < 2:
                raise ConversionError(f"{name}:{number}: expected 'from<TAB>to<TAB>why'")
            yield row


def _unescape(cell: str) -> str:
    return cell.encode("ascii").decode("unicode_escape") if cell.startswith("\\u") else cell


@lru_cache(maxsize=1)
def override_table() -> PhraseTable:
    """Mainland overrides, plus guards that keep 著 in zhù words next to them.

    Rows whose two columns agree are *keep* words (著名, 显著). A keep word
    beside an override must win: 有著名 is 有 + 著名, not 有着 + 名, and
    显著力度 is 显著 + 力度. Forward maximum matching gives that for free once
    the combinations are entries of their own, so we add them here.
    """
    entries: Dict[str, str] = {}
    for source, target, *_ in _rows("overrides.tsv"):
        if len(source) != len(target):
            raise ConversionError(f"overrides.tsv: {source!r} -> {target!r} changes length")
        entries[source] = target
    keep = [w for w, t in entries.items() if w == t]
    for source, target in list(entries.items()):
        if source == target or not source.endswith("著"):
            continue
        for word in keep:
            if word.startswith("著"):
                entries.setdefault(source + word[1:], target[:-1] + word)
    return PhraseTable.build(entries)


def apply_overrides(text: str) -> str:
    return override_table().apply(text, text)


@lru_cache(maxsize=1)
def punctuation_table() -> Dict[int, str]:
    """``str.translate`` table: full-width ASCII variants plus the listed rows."""
    table: Dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    for source, target, *_ in _rows("punctuation.tsv"):
        source, target = _unescape(source), _unescape(target)
        if len(source) != 1 or len(target) != 1:
            raise ConversionError(f"punctuation.tsv: {source!r} -> {target!r} is not 1:1")
        table[ord(source)] = target
    return table


def width_and_punctuation(text: str) -> str:
    return text.translate(punctuation_table())


def override_pairs() -> Tuple[Tuple[str, str], ...]:
    """Every override entry, guards included, for tests and documentation."""
    return tuple(override_table().entries.items())
