"""Flat, non-overlapping ``doc.ents`` from every span the rulers found.

``doc.spans["meeting"]`` keeps every span, nested ones included (the body
inside a title, the session inside a document title). ``doc.ents`` holds the
scheme's flat view: where spans overlap, the outer (longer) span wins, and
among spans of equal length the label earlier in ``precedence`` does.
Entities already in ``doc.ents`` (from a trained ner before this component)
are kept where no rule span overlaps them, or win when ``rules_win`` is off.
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Sequence

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import filter_spans

from .attributes import SPANS_KEY

PRECEDENCE = ("DOCUMENT", "SESSION", "TITLE", "PERSON", "BODY", "SLOGAN")


def resolve(spans: Iterable[Span], precedence: Sequence[str]) -> List[Span]:
    """The outer span wins; ties go to the label earlier in ``precedence``."""
    rank = {label: i for i, label in enumerate(precedence)}
    ordered = sorted(
        (s for s in spans if s.label_ in rank),
        key=lambda s: (-(s.end_char - s.start_char), rank[s.label_], s.start_char),
    )
    chosen: List[Span] = []
    taken = [False] * (len(ordered[0].doc) if ordered else 0)
    for span in ordered:
        if not any(taken[span.start : span.end]):
            chosen.append(span)
            taken[span.start : span.end] = [True] * (span.end - span.start)
    return sorted(chosen, key=lambda s: s.start)


class EntityResolver:
    def __init__(self, nlp: Language, name: str, *, spans_key: str, precedence: Sequence[str], rules_win: bool) -> None:
        self.name = name
        self.spans_key = spans_key
        self.precedence = tuple(precedence)
        self.rules_win = rules_win

    def __call__(self, doc: Doc) -> Doc:
        rules = resolve(doc.spans.get(self.spans_key, []), self.precedence)
        existing = list(doc.ents)
        if self.rules_win:
            doc.ents = filter_spans(rules + [e for e in existing if not _overlaps(e, rules)])
        else:
            doc.ents = filter_spans(existing + [r for r in rules if not _overlaps(r, existing)])
        return doc

    def score(self, examples: Iterable[Example], **kwargs) -> Dict[str, object]:
        return Scorer.score_spans(examples, "ents", **kwargs)


def _overlaps(span: Span, others: List[Span]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in others)


@Language.factory(
    "meeting_entity_resolver",
    default_config={"spans_key": SPANS_KEY, "precedence": list(PRECEDENCE), "rules_win": True},
)
def make_entity_resolver(nlp: Language, name: str, spans_key: str, precedence: List[str], rules_win: bool) -> EntityResolver:
    return EntityResolver(nlp, name, spans_key=spans_key, precedence=precedence, rules_win=rules_win)
