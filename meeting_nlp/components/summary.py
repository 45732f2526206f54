"""``doc._.meeting``: the record of the meeting a report is about.

What an analyst counts across reports (ANNOTATION.md, "The reported
meeting"): which organ met (``body``, canonical, with ``place``), when
(``date``, ``date_text``), which numbered session it was (``session``), what
kind of meeting (``type``), who presided, reported, spoke and attended (each
person once per list, with titles), plus the slogans and documents of the
report. Built from the flat ``doc.ents`` by the pure rules of
:mod:`meeting_nlp.rules.meeting` and :mod:`meeting_nlp.rules.roles`, so it
agrees with them. It also makes ``PERSON._.role`` the same on every mention
of a person: the first role the text states for them.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Dict, List, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..rules import officials
from ..rules.base import RuleMatch
from ..rules.meeting import meeting_date as _rule_date
from ..rules.meeting import reported_meeting
from ..rules.roles import ROLES, Mention, mention_roles
from .alignment import NormalizedView, normalized_view
from .attributes import span_attrs

_ADOPTED = re.compile(r"(审议通过|表决通过|通过了?|审议并通过)\s*$")


def meeting_date(text: str) -> Dict[str, Optional[str]]:
    """The date of the meeting a normalized report text leads with: ``{"date", "date_text"}``.

    Kept for callers of earlier versions; :func:`meeting_nlp.rules.meeting.meeting_date`
    is the rule (it also reads the meeting's own sentence and session).
    """
    return _rule_date(text)


def _matches(doc: Doc, view: NormalizedView, ents: List[Span]) -> List[RuleMatch]:
    out = []
    for ent in ents:
        start, end = view.normalized_span(ent.start_char, ent.end_char)
        if start < end:
            out.append(RuleMatch(start, end, ent.label_, span_attrs(ent)))
    return out


def _key(name: str) -> str:
    return "".join(name.split())


def _titles(span: Span, doc: Doc) -> List[str]:
    titles = []
    for start, end in span._.titles or []:
        title = doc.char_span(start, end)
        titles.append(title._.norm if title is not None else doc.text[start:end])
    return titles


def _people(doc: Doc, view: NormalizedView, ents: List[Span]) -> Dict[str, List[Dict[str, object]]]:
    persons = [e for e in ents if e.label_ == "PERSON"]
    byline_roles = officials.grammar().byline_roles
    mentions = []
    for p in persons:
        start, end = view.normalized_span(p.start_char, p.end_char)
        titles = []
        byline = False
        for ts, te in p._.titles or []:
            a, b = view.normalized_span(ts, te)
            if a < b:
                titles.append((a, b))
                if any(view.text[a:b].endswith(r) for r in byline_roles):
                    byline = True
        mentions.append(Mention(start, end, tuple(sorted(titles)), byline))
    stated = mention_roles(view.text, mentions)
    order: Dict[str, List[str]] = {}  # person -> roles in the order stated
    first: Dict[str, Span] = {}
    titled: Dict[str, List[str]] = {}
    for p, roles in zip(persons, stated):
        key = _key(p._.norm)
        first.setdefault(key, p)
        if key not in titled and p._.titles:
            titled[key] = _titles(p, doc)
        seen = order.setdefault(key, [])
        seen.extend(r for r in roles if r not in seen)
    people: Dict[str, List[Dict[str, object]]] = {r: [] for r in ROLES}
    for p in persons:  # in order of first mention
        key = _key(p._.norm)
        if first[key] is not p:
            continue
        for role in order[key]:
            people[role].append({"name": key, "titles": titled.get(key, [])})
    for p in persons:
        roles = order[_key(p._.norm)]
        p._.role = roles[0] if roles else None
    return people


def summarize(doc: Doc) -> Dict[str, object]:
    ents = list(doc.ents)
    view = normalized_view(doc)
    found = reported_meeting(view.text, _matches(doc, view, ents))
    session = found["session"]
    summary: Dict[str, object] = {
        "date": found["date"],
        "date_text": found["date_text"],
        "name": found["name"],
        "body": found["body"],
        "place": found["place"],
        "session": session,
        "type": found["type"],
    }
    summary.update(_people(doc, view, ents))
    summary.update(
        {
            "slogans": dict(Counter(e._.canonical for e in ents if e.label_ == "SLOGAN" and e._.canonical).most_common()),
            "documents": [e._.norm for e in ents if e.label_ == "DOCUMENT"],
            "documents_adopted": [e._.norm for e in ents if e.label_ == "DOCUMENT" and _adopted(doc, e)],
        }
    )
    return summary


def _adopted(doc: Doc, span: Span) -> bool:
    """审议通过《…》: the verb stands right before the opening mark."""
    before = "".join(t.norm_ + t.whitespace_ for t in doc[max(0, span.start - 4) : span.start])
    return bool(_ADOPTED.search(before.rstrip("《 ")))


class MeetingSummary:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.meeting = summarize(doc)
        return doc


@Language.factory("meeting_summary", default_config={})
def make_meeting_summary(nlp: Language, name: str) -> MeetingSummary:
    return MeetingSummary(nlp, name)
