"""SLOGAN: the policy-formula lexicon, plus quoted formulas found by their shape.

The lexicon (``resources/slogans.jsonl``) is matched on the normalized form,
so 兩個確立, 两个确立 and 「兩個確立」 all give canonical ``两个确立``. It is
matched by characters, not by tokens: a formula inside a longer pkuseg word
is still found. Quoted coined formulas the lexicon lacks come from
``find_quoted_formulas`` with ``source`` = ``pattern``.

Users add formulas without editing package files: ``add_slogans([...])``
or the config path ``[initialize.components.meeting_slogan_matcher]
slogans = "my_slogans.jsonl"``; each addition is a canonical key with its
variants, saved with the pipeline.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Dict, Iterable, List, Mapping, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize import normalize
from ..normalize.t2s import trie_regex
from ..rules import slogans
from ..rules.base import RuleMatch
from .alignment import NormalizedView
from .attributes import SPANS_KEY
from .base import RuleComponent


class SloganMatcher(RuleComponent):
    labels = ("SLOGAN",)
    data_files = ("slogans.jsonl",)
    user_files = {"slogans": "user/slogans.jsonl"}

    def __init__(self, nlp: Language, name: str, *, spans_key: str = SPANS_KEY, patterns: bool = True) -> None:
        self.patterns = patterns
        super().__init__(nlp, name, spans_key=spans_key)

    def compile(self) -> None:
        user = self.data.get(self.user_files["slogans"], "")
        if user.strip():
            slogans.parse_lexicon(user, "added slogans")  # line numbers of the user's own entries
        # one text, so that a user's surface that the shipped lexicon already has is an error that says so
        entries = slogans.parse_lexicon(self.data["slogans.jsonl"].rstrip("\n") + "\n" + user, "slogans.jsonl + added slogans")
        self.surfaces: Dict[str, str] = slogans.lexicon_surfaces(entries)
        self.matcher = re.compile(trie_regex(self.surfaces) or r"(?!)")

    def add_slogans(self, entries: Iterable[Union[str, Mapping]]) -> None:
        """Add formulas: ``"八八战略"`` or ``{"canonical": "两个确立", "variants": ["两个“确立”"]}``.

        Optional keys as in ``slogans.jsonl``: ``category``, ``scope``, ``note``
        (defaults: campaign, municipal, "added by the user"). Any script: keys
        and variants are normalized. A surface that already has a canonical
        key raises :class:`~meeting_nlp.rules.slogans.LexiconError`.
        """
        self._add_user("slogans", list(entries), "add_slogans")

    def _add_user(self, kind: str, items: List, where: str) -> None:
        lines = []
        for n, item in enumerate(items, 1):
            if isinstance(item, str) and item.lstrip().startswith("{"):
                try:
                    item = json.loads(item)
                except json.JSONDecodeError as err:
                    raise slogans.LexiconError(f"{where}:{n}: not JSON ({err.msg})") from None
            if isinstance(item, str):
                item = {"canonical": item}
            if not isinstance(item, Mapping) or not isinstance(item.get("canonical"), str):
                raise slogans.LexiconError(f"{where}:{n}: a slogan is a string or a dict with 'canonical', not {item!r}")
            variants = item.get("variants") or []
            if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                raise slogans.LexiconError(f"{where}:{n}: variants must be a list of strings")
            canonical = normalize(item["canonical"].strip()).text
            entry = {
                "canonical": canonical,
                "category": item.get("category", "campaign"),
                "variants": [v for v in dict.fromkeys(normalize(v.strip()).text for v in variants) if v != canonical],
                "scope": item.get("scope", "municipal"),
                "note": item.get("note", "added by the user"),
            }
            unknown = sorted(set(item) - set(entry))
            if unknown:
                raise slogans.LexiconError(f"{where}:{n}: unknown keys {unknown}")
            lines.append(json.dumps(entry, ensure_ascii=False))
        self._set_user_lines(kind, self.user_lines(kind) + lines)

    def initialize(self, get_examples=None, *, nlp=None, slogans: Optional[str] = None) -> None:
        """Read added formulas from a JSONL file (one entry a line, or one formula a line)."""
        self._initialize_user_files({"slogans": slogans})

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
