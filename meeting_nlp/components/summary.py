"""``doc._.meeting``: one JSON-serializable summary per report.

What an analyst counts across reports: when the meeting was, which meeting
of which body, who presided, reported, spoke and attended (with titles),
which slogans came up how often, and which documents were adopted. Built
from the flat ``doc.ents`` and their attributes, so it agrees with them.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Dict, List, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .alignment import normalized_view

_FULL_DATE = re.compile(r"(20\d\d|19\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(20\d\d|19\d\d)-(\d{1,2})-(\d{1,2})")
_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")
_ADOPTED = re.compile(r"(审议通过|表决通过|通过了?|审议并通过)\s*$")


def meeting_date(text: str) -> Dict[str, Optional[str]]:
    """The first date in the report, as ISO when the year can be resolved.

    A full 2024年9月29日 is taken as is. A bare 9月29日 (the usual lead of a
    report) takes its year from a page date (2024-09-30) or the first 20XX年
    in the text, and only if that date is not before the meeting. Otherwise
    ``date`` is None and ``date_text`` keeps what the report said.
    """
    full = _FULL_DATE.search(text)
    bare = _MONTH_DAY.search(text)
    if full and (not bare or full.start() <= bare.start() + 5):
        year, month, day = map(int, full.groups())
        return {"date": _iso(year, month, day), "date_text": full.group()}
    if not bare:
        return {"date": None, "date_text": None}
    month, day = map(int, bare.groups())
    page = _ISO_DATE.search(text)
    year = None
    if page:
        page_year, page_month, page_day = map(int, page.groups())
        year = page_year if (month, day) <= (page_month, page_day) else page_year - 1
    elif _YEAR.search(text):
        year = int(_YEAR.search(text).group(1))
    return {"date": _iso(year, month, day) if year else None, "date_text": bare.group()}


def _iso(year: int, month: int, day: int) -> Optional[str]:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


LEAD = 120  # characters: a report names its own meeting in the headline or first sentence


def _main_session(ents: List[Span]) -> Optional[Span]:
    """The report's own meeting, if it is a numbered one.

    A session in the lead is the report's; later, the first session of a
    body other than 党中央 is (central ones are cited plenums: 学习贯彻二十届
    三中全会精神). A meeting with no number (全市领导干部会议) has none.
    """
    sessions = [e for e in ents if e.label_ == "SESSION"]
    lead = [s for s in sessions if s.start_char < LEAD]
    local = [s for s in sessions if s._.body != "党中央"]
    return (lead or local or [None])[0]


def _person(span: Span, doc: Doc) -> Dict[str, object]:
    titles = []
    for start, end in span._.titles or []:
        title = doc.char_span(start, end)
        titles.append(title._.norm if title is not None else doc.text[start:end])
    return {"name": span._.norm, "titles": titles}


def summarize(doc: Doc) -> Dict[str, object]:
    ents = list(doc.ents)
    session = _main_session(ents)
    people: Dict[str, List[Dict[str, object]]] = {"presided": [], "reported": [], "spoke": [], "attended": []}
    seen = set()
    for span in ents:
        if span.label_ == "PERSON" and span._.role in people and (span._.norm, span._.role) not in seen:
            seen.add((span._.norm, span._.role))
            people[span._.role].append(_person(span, doc))
    view_text = normalized_view(doc).text
    summary: Dict[str, object] = dict(meeting_date(view_text))
    summary.update(
        {
            "name": ((session._.body or "") + session._.norm) if session is not None else None,
            "body": session._.body if session is not None else None,
            "session": (
                {k: session._.get(k) for k in ("term", "ordinal", "meeting", "expanded")} if session is not None else None
            ),
            **people,
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
