"""SLOGAN: the policy-formula lexicon, plus quoted formulas found by their shape.

The lexicon (``resources/slogans.jsonl``) is matched on the normalized form,
so 兩個確立, 两个确立 and 「兩個確立」 all give canonical ``两个确立``. It is
matched by characters, not by tokens: a formula inside a longer pkuseg word
is still found. Quoted coined formulas the lexicon lacks come from
``find_quoted_formulas`` with ``source`` = ``pattern``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Dict, List

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize.t2s import trie_regex
from ..rules import slogans
from ..rules.base import RuleMatch
from .alignment import NormalizedView
from .attributes import SPANS_KEY
from .base import RuleComponent


class SloganMatcher(RuleComponent):
    labels = ("SLOGAN",)
    data_files = ("slogans.jsonl",)

    def __init__(self, nlp: Language, name: str, *, spans_key: str = SPANS_KEY, patterns: bool = True) -> None:
        self.patterns = patterns
        super().__init__(nlp, name, spans_key=spans_key)

    def compile(self) -> None:
        entries = slogans.parse_lexicon(self.data["slogans.jsonl"])
        self.surfaces: Dict[str, str] = slogans.lexicon_surfaces(entries)
        self.matcher = re.compile(trie_regex(self.surfaces) or r"(?!)")

    def find(self, text: str, doc: Doc, view: NormalizedView) -> List[RuleMatch]:
        found = [
            RuleMatch(m.start(), m.end(), "SLOGAN", {"canonical": self.surfaces[m.group()], "source": "lexicon"})
            for m in self.matcher.finditer(text)
        ]
        if self.patterns:
            taken = _Intervals((m.start, m.end) for m in found)
            found += [m for m in slogans.find_quoted_formulas(text, known=self.surfaces) if not taken.overlaps(m.start, m.end)]
        return sorted(found, key=lambda m: m.start)


class _Intervals:
    """Sorted, non-overlapping intervals with a logarithmic overlap test."""

    def __init__(self, spans) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return any(0 <= j < len(self.spans) and self.spans[j][0] < end and start < self.spans[j][1] for j in (i, i + 1))


@Language.factory("meeting_slogan_matcher", default_config={"spans_key": SPANS_KEY, "patterns": True})
def make_slogan_matcher(nlp: Language, name: str, spans_key: str, patterns: bool) -> SloganMatcher:
    return SloganMatcher(nlp, name, spans_key=spans_key, patterns=patterns)
