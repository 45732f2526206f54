"""The reported meeting: which meeting a report is about, when, whose, what kind.

Pure functions over the normalized text of a report and the spans found in
it (BODY, SESSION, PERSON, TITLE as :class:`~meeting_nlp.rules.base.RuleMatch`
over the same text). Vocabulary is data: ``resources/meeting.json``.

1. **Which meeting.** Every occurrence of a meeting noun (会议, 全会, 常务会议,
   学习会, 集体学习, 民主生活会, 代表大会 …) in the headline and lead is a
   candidate. A candidate is *cited*, never reported, when its clause says so
   (学习贯彻…, 传达…, 按照…, …精神, …部署). A candidate is *held* when a holding
   verb stands with it (…举行, …召开, 召开…, 主持召开…, …开幕/闭幕). The reported
   meeting is the first held candidate, else the first one not cited. A joint
   meeting (…会议暨…会议) is its first-named part.
2. **Whose.** The SESSION inside the meeting's name gives body, place and
   session; else the BODY inside it (区委常委会会议, 国务院常务会议); else the
   organ that holds it (市委召开全市领导干部会议, 区委常委会召开会议). Body names are
   canonical (:func:`meeting_nlp.rules.organs.canonical_organ`).
3. **What kind.** ``type`` from the session's kind, the meeting noun and the
   organ (rules in ``meeting.json`` → ``types``, first match wins).
4. **When.** The date in the meeting's own sentence (9月29日, 28日下午 with the
   month of the dateline), else the first date of the lead; the year from a full
   date, the page's dateline (2024-09-30 15:35, 发布时间), the report's own plan
   and review years read with its month (a January meeting that 部署2024年工作 is
   in 2024), or the session numbering of a central organ; else null.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

from .base import RuleMatch
from .organs import canonical_organ
from .roles import load_vocabulary

__all__ = ["MeetingGrammar", "meeting_grammar", "compile_meeting", "reported_meeting", "meeting_date", "TYPES"]

TYPES = (
    "plenary", "standing-committee", "congress", "executive", "party-group",
    "study-session", "work-conference", "democratic-life", "other",
)


@dataclass(frozen=True)
class MeetingGrammar:
    noun: "re.Pattern[str]"
    lead_chars: int
    cited_before: "re.Pattern[str]"
    cited_after: "re.Pattern[str]"
    held_after: "re.Pattern[str]"
    held_before: "re.Pattern[str]"
    name_stop: "re.Pattern[str]"
    clause_end: "re.Pattern[str]"
    joint: "re.Pattern[str]"
    types: Tuple[Tuple[str, "re.Pattern[str]", "re.Pattern[str]"], ...]  # type, name pattern, organ pattern
    session_types: Dict[str, str]
    full_date: "re.Pattern[str]"
    month_day: "re.Pattern[str]"
    day_only: "re.Pattern[str]"
    dateline: Tuple["re.Pattern[str]", ...]
    plan_year: "re.Pattern[str]"
    review_year: "re.Pattern[str]"
    named_year: "re.Pattern[str]"
    central_terms: Dict[str, Dict[str, object]]
    held_named: "re.Pattern[str]"
    generic: "re.Pattern[str]"
    strip_inner: "re.Pattern[str]"
    strip_tail: "re.Pattern[str]"
    tail_fix: Dict[str, str]
    ordinal: "re.Pattern[str]"
    term: "re.Pattern[str]"
    session_kinds: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    post_tail: "re.Pattern[str]"
    sub_organ: "re.Pattern[str]"
    has_organ: "re.Pattern[str]"
    has_meeting_organ: "re.Pattern[str]"
    standing_parent: "re.Pattern[str]"
    subject_stop: "re.Pattern[str]"
    cited_sessions: Dict[str, Dict[str, Dict[str, List[int]]]]


@lru_cache(maxsize=None)
def meeting_grammar() -> MeetingGrammar:
    return compile_meeting(load_vocabulary()["meeting"])


def compile_meeting(voc: dict) -> MeetingGrammar:
    """Compile the ``meeting`` section of ``meeting.json``."""
    nouns = sorted(voc["nouns"], key=len, reverse=True)
    types = []
    for rule in voc["types"]:
        if rule["type"] not in TYPES:
            raise ValueError(f"unknown meeting type {rule['type']!r} in meeting.json; expected one of {TYPES}")
        types.append((rule["type"], re.compile(rule.get("name", "")), re.compile(rule.get("organ", ""))))
    for t in voc["session_types"].values():
        if t not in TYPES:
            raise ValueError(f"unknown meeting type {t!r} in meeting.json session_types")
    return MeetingGrammar(
        noun=re.compile("|".join(nouns)),
        lead_chars=int(voc["lead_chars"]),
        cited_before=re.compile(voc["cited_before"]),
        cited_after=re.compile(voc["cited_after"]),
        held_after=re.compile(voc["held_after"]),
        held_before=re.compile(voc["held_before"]),
        name_stop=re.compile(voc["name_stop"]),
        clause_end=re.compile(voc["clause_end"]),
        joint=re.compile(voc["joint"]),
        types=tuple(types),
        session_types=dict(voc["session_types"]),
        full_date=re.compile(voc["full_date"]),
        month_day=re.compile(voc["month_day"]),
        day_only=re.compile(voc["day_only"]),
        dateline=tuple(re.compile(p) for p in voc["dateline"]),
        plan_year=re.compile(voc["plan_year"]),
        review_year=re.compile(voc["review_year"]),
        named_year=re.compile(voc["named_year"]),
        central_terms=voc["central_terms"],
        held_named=re.compile(voc["held_named"]),
        generic=re.compile(voc["generic_name"]),
        strip_inner=re.compile(voc["strip_inner"]),
        strip_tail=re.compile(voc["strip_tail"]),
        tail_fix=dict(voc["tail_fix"]),
        ordinal=re.compile(voc["ordinal"]),
        term=re.compile(voc["term"]),
        session_kinds=tuple((k, re.compile(v)) for k, v in voc["session_kinds"]),
        post_tail=re.compile(voc["post_tail"]),
        sub_organ=re.compile(voc["sub_organ"]),
        has_organ=re.compile(voc["has_organ"]),
        has_meeting_organ=re.compile(voc["has_meeting_organ"]),
        standing_parent=re.compile(voc["standing_parent"]),
        subject_stop=re.compile(voc["subject_stop"]),
        cited_sessions=voc["cited_sessions"],
    )


# --------------------------------------------------------------------------
# Which meeting.


@dataclass
class _Cand:
    start: int  # start of the meeting's name
    end: int  # end of the meeting noun
    held: bool
    cited: bool
    holder: Optional[RuleMatch] = None  # the BODY that holds it, outside its name
    subject: Optional[str] = None  # who holds it: 中垌镇召开…, 市委召开…


def _clause_start(g: MeetingGrammar, text: str, pos: int, floor: int = 0) -> int:
    m = None
    for m in g.clause_end.finditer(text, max(floor, pos - 120), pos):
        pass
    return m.end() if m else max(floor, pos - 120)


def _name_start(g: MeetingGrammar, text: str, noun_start: int, spans: Sequence[RuleMatch]) -> int:
    """Where the meeting's name starts: after the last verb, date or clause end before the noun."""
    floor = _clause_start(g, text, noun_start)
    start = floor
    for m in g.name_stop.finditer(text, floor, noun_start):
        start = m.end()
    # a span that straddles the start belongs wholly to the name
    for s in spans:
        if s.start < start < s.end and s.end <= noun_start + 1:
            start = s.start
    while start < noun_start and text[start] in " \t":
        start += 1
    return start


def _candidates(g: MeetingGrammar, text: str, spans: Sequence[RuleMatch]) -> List[_Cand]:
    limit = min(len(text), g.lead_chars)
    out: List[_Cand] = []
    pos = 0
    bodies = [s for s in spans if s.label == "BODY"]
    while True:
        m = g.noun.search(text, pos, limit + 20)
        if not m or m.start() >= limit:
            break
        pos = m.end()
        if any(s.label in ("DOCUMENT", "TITLE", "PERSON") and s.start <= m.start() < s.end for s in spans):
            continue
        if any(s.label == "BODY" and s.start <= m.start() and m.end() <= s.end for s in spans):
            continue  # 区委常委会议室, 县人大常委会主任会议 as a body
        start = _name_start(g, text, m.start(), spans)
        cstart = _clause_start(g, text, start)
        before = text[cstart:start]
        after = text[m.end() : m.end() + 40]
        cited = bool(g.cited_before.search(before) or g.cited_after.match(after))
        named = start < m.start() - 1
        held = bool(g.held_after.match(after) or g.held_before.search(before)
                    or (named and g.held_named.match(after)))
        holder = subject = None
        hb = g.held_before.search(before)
        if hb:
            organ = [b for b in bodies if cstart <= b.start and b.end <= cstart + hb.start() and b.end >= start - 40]
            # the organ that holds: the last body before the verb, not inside a title
            if organ:
                holder = organ[-1]
            head = cstart
            for sm in g.subject_stop.finditer(text, cstart, cstart + hb.start()):
                head = sm.end()
            people = [x for x in spans if x.label in ("PERSON", "TITLE") and head <= x.start < cstart + hb.start()]
            subject = text[head : cstart + hb.start()].strip() or None
            if people:
                subject = None
        out.append(_Cand(start, m.end(), held, cited, holder, subject))
    return out


def _pick(cands: List[_Cand]) -> Optional[_Cand]:
    held = [c for c in cands if c.held and not c.cited]
    if held:
        return held[0]
    free = [c for c in cands if not c.cited]
    return free[0] if free else None


# --------------------------------------------------------------------------
# Whose, what kind.


def _canonical(span: RuleMatch, text: str) -> Tuple[Optional[str], Optional[str]]:
    attrs = span.attrs or {}
    if attrs.get("canonical"):
        return attrs["canonical"], attrs.get("place")
    return canonical_organ(text[span.start : span.end])


def _session_record(s: RuleMatch) -> Dict[str, object]:
    return {k: s.attrs.get(k) for k in ("term", "ordinal", "meeting", "expanded")}


def _type(g: MeetingGrammar, name: str, organ: str, session: Optional[Dict[str, object]]) -> str:
    if session and session.get("meeting") in g.session_types:
        return g.session_types[session["meeting"]]
    for t, name_p, organ_p in g.types:
        if name_p.pattern == "GENERIC":
            if not g.generic.match(name):
                continue
        elif name_p.pattern and not name_p.search(name):
            continue
        if organ_p.pattern and not organ_p.search(organ):
            continue
        return t
    return "other"


def _strip_name(g: MeetingGrammar, name: str) -> str:
    """The organ part of a meeting's name: year, term, ordinal and meeting noun out."""
    organ = g.strip_inner.sub("", name)
    organ = g.strip_tail.sub("", organ)
    for tail, full in g.tail_fix.items():
        if organ.endswith(tail):
            organ = organ[: len(organ) - len(tail)] + full
            break
    return organ


def _fallback_session(g: MeetingGrammar, name: str, organ: str) -> Optional[Dict[str, object]]:
    """A numbered meeting the session rules did not mark (2019年第1次党工委会议)."""
    from .sessions import parse_number

    m = g.ordinal.search(name)
    if not m:
        return None
    ordinal = parse_number(m.group("n"))
    if ordinal is None:
        return None
    t = g.term.search(name, 0, m.start())
    term = parse_number(t.group("n")) if t else None
    kind = "other"
    for k, pattern in g.session_kinds:
        if pattern.search(name) or (k == "standing-committee" and organ.endswith("常委会")):
            kind = k
            break
    return {"term": term, "ordinal": ordinal, "meeting": kind, "expanded": "扩大" in name}


def _presider_organ(g: MeetingGrammar, text: str, cand: "_Cand", spans: Sequence[RuleMatch]) -> Optional[str]:
    """国务院总理李强主持召开…, 集团党委书记蔡成奎主持召开党委会: the presider's title."""
    a = _clause_start(g, text, cand.start)
    titles = [s for s in spans if s.label == "TITLE" and a <= s.start < cand.start]
    if not titles:
        return None
    title = text[titles[-1].start : titles[-1].end]
    m = g.post_tail.search(title)
    return title[: m.start()] if m else None


def _organ(g: MeetingGrammar, text: str, cand: "_Cand", name: str, spans: Sequence[RuleMatch]) -> Tuple[Optional[str], Optional[str], str]:
    """(canonical body, place, organ text) of the reported meeting."""
    stripped = _strip_name(g, name)
    subject = cand.subject or ""
    options = []
    if subject and (not stripped or g.sub_organ.match(stripped)):
        options.append(subject + stripped)
    if stripped:
        options.append(stripped)
    if subject:
        options.append(subject)
    for option in options:
        body, place = canonical_organ(option)
        if body and g.has_organ.search(body):
            return body, place, option
    organ = _presider_organ(g, text, cand, spans)
    if organ:
        body, place = canonical_organ(organ + (stripped if g.sub_organ.match(stripped or "-") else ""))
        if body and g.has_organ.search(body):
            return body, place, organ
    return None, None, stripped or subject


def reported_meeting(text: str, spans: Sequence[RuleMatch], g: Optional[MeetingGrammar] = None) -> Dict[str, object]:
    """The reported meeting of a report: name, body, place, session, type, date.

    ``text`` is the normalized report, ``spans`` the BODY/SESSION/... matches
    over it (SESSION attrs ``term``, ``ordinal``, ``meeting``, ``expanded``,
    ``body``, ``place``; BODY attrs ``canonical``, ``place`` when known).
    Returns ``{"name", "body", "place", "session", "type", "date",
    "date_text", "span"}``; ``span`` is ``(start, end)`` of the name or None.
    """
    g = g or meeting_grammar()
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    cand = _pick(_candidates(g, text, spans))
    out: Dict[str, object] = {"name": None, "body": None, "place": None, "session": None, "type": None, "span": None}
    if cand is not None:
        name = text[cand.start : cand.end]
        joint = g.joint.search(name)
        if joint:  # 区委七届六次全体(扩大)会议暨区政府全体会议: the first-named
            cand.end = cand.start + joint.start()
            name = text[cand.start : cand.end]
        inside = [s for s in spans if cand.start <= s.start and s.end <= cand.end]
        sessions = [s for s in inside if s.label == "SESSION"]
        body, place, organ_text = _organ(g, text, cand, name, spans)
        session = None
        if sessions:
            s = sessions[-1]
            session = _session_record(s)
            if body is None:
                body, place = s.attrs.get("body"), s.attrs.get("place")
            if session.get("term") is None:
                t = g.term.search(name)
                if t:
                    from .sessions import parse_number

                    session["term"] = parse_number(t.group("n"))
        else:
            session = _fallback_session(g, name, body or "")
        if session and session.get("meeting") == "standing-committee" and body and not body.endswith("常委会") \
                and not g.has_meeting_organ.search(body):
            body = body + "常委会"  # 市政协十届十六次常委会议 → 市政协常委会
        mtype = _type(g, name, organ_text + "|" + (body or ""), session)
        if mtype == "standing-committee" and body and g.standing_parent.search(body):
            body = body + "常委会"  # 自治区党委召开常委会议
        out.update(name=name, body=body, place=place, session=session, type=mtype, span=(cand.start, cand.end))
    out.update(meeting_date(text, out["span"], out["session"], out["body"], g, spans))
    return out


# --------------------------------------------------------------------------
# When.


def _iso(year: Optional[int], month: int, day: int) -> Optional[str]:
    if year is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _sentence(text: str, pos: int) -> Tuple[int, int]:
    a = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [i for i in (text.find("。", pos), text.find("\n", pos)) if i >= 0]
    return a, (min(ends) if ends else len(text))


def _dateline(g: MeetingGrammar, text: str) -> Optional[Tuple[int, int, int]]:
    head = text[: g.lead_chars * 2]
    for p in g.dateline:
        m = p.search(head)
        if m:
            return int(m.group("y")), int(m.group("m")), int(m.group("d"))
    return None


def _years_from_plan(g: MeetingGrammar, text: str, month: int) -> Optional[int]:
    """The meeting's year from the years it plans and reviews, read with its month."""
    plans = {int(m.group("y")) for m in g.plan_year.finditer(text)}
    reviews = {int(m.group("y")) for m in g.review_year.finditer(text)}
    guesses = set()
    if month <= 3:
        guesses |= plans
        guesses |= {y + 1 for y in reviews}
    elif month >= 11:
        guesses |= {y - 1 for y in plans}
        guesses |= reviews
    return guesses.pop() if len(guesses) == 1 else None


def _year_from_session(g: MeetingGrammar, session: Optional[Dict[str, object]], body: Optional[str]) -> Optional[int]:
    if not session or not body or body not in g.central_terms:
        return None
    table = g.central_terms[body]
    term, ordinal = session.get("term"), session.get("ordinal")
    if isinstance(ordinal, list):
        ordinal = ordinal[0] if ordinal else None
    if term is None or ordinal is None:
        return None
    if "years" in table:  # 二十届三中全会 → 2024
        year = table["years"].get(str(term), {}).get(str(ordinal))
        return int(year) if year else None
    if str(term) not in table["start"]:
        return None
    start = int(table["start"][str(term)])
    per_year = table.get("per_year")
    if per_year is None:  # one numbered meeting a year: 十四届全国人大二次会议 → 2024
        return start + int(ordinal) - 1 if table.get("yearly") else None
    first = int(table.get("first_year_max", per_year))
    return start if int(ordinal) <= first else None


def meeting_date(
    text: str,
    span: Optional[Tuple[int, int]] = None,
    session: Optional[Dict[str, object]] = None,
    body: Optional[str] = None,
    g: Optional[MeetingGrammar] = None,
    spans: Sequence[RuleMatch] = (),
) -> Dict[str, Optional[str]]:
    """``{"date", "date_text"}`` of the meeting named at ``span`` (see the module docs)."""
    g = g or meeting_grammar()
    line = _dateline(g, text)
    lead = text[: g.lead_chars]
    found = None  # (year or None, month or None, day, text)
    if span is not None:
        a, b = _sentence(text, span[0])
        b = max(b, span[1])
        found = _first_date(g, text, a, b, day_only=True)
    if found is None:
        found = _first_date(g, lead, 0, len(lead), day_only=False)
    if found is None:
        found = _first_date(g, lead, 0, len(lead), day_only=True)
    if found is None:
        return {"date": None, "date_text": None}
    gd = found.groupdict()
    day = int(gd["d"])
    month = int(gd["m"]) if gd.get("m") else None
    year = int(gd["y"]) if gd.get("y") else None
    if month is None:  # 28日下午: the month of the dateline (6月28日电)
        mm = g.month_day.search(text, 0, found.start()) or (line and None)
        if mm and int(mm.group("d")) >= day:
            month = int(mm.group("m"))
        elif line and line[2] >= day:
            month = line[1]
        else:
            return {"date": None, "date_text": found.group()}
    if year is None and span is not None:  # 2024年第7次党组会议, 2024年度工作会议
        y = g.named_year.search(text, span[0], span[1])
        year = int(y.group("y")) if y else None
    if year is None and line is not None:
        ly, lm, ld = line
        year = ly if (month, day) <= (lm, ld) else ly - 1
    if year is None:
        year = _year_from_session(g, session, body)
    if year is None:
        year = _years_from_plan(g, text, month)
    if year is None:
        year = _year_from_cited(g, spans, month, day)
    return {"date": _iso(year, month, day), "date_text": found.group()}


def _first_date(g: MeetingGrammar, text: str, a: int, b: int, day_only: bool):
    patterns = (g.day_only,) if day_only else (g.full_date, g.month_day)
    best = None
    for p in patterns:
        for m in p.finditer(text, a, b):
            if not _in_dateline(g, text, m):
                if best is None or m.start() < best.start():
                    best = m
                break
    if best is None and not day_only:
        return None
    if day_only and best is None:
        return None
    return best


def _year_from_cited(g: MeetingGrammar, spans: Sequence[RuleMatch], month: int, day: int) -> Optional[int]:
    """The latest central plenum or congress the report cites, when the meeting is after it that year."""
    latest = None
    for s in spans:
        if s.label != "SESSION" or s.attrs.get("body") != "党中央":
            continue
        term, ordinal, kind = s.attrs.get("term"), s.attrs.get("ordinal"), s.attrs.get("meeting")
        ordinals = ordinal if isinstance(ordinal, list) else [ordinal]
        for o in ordinals:
            when = None
            if kind == "plenary" and term is not None and o is not None:
                when = g.cited_sessions["plenum"].get(str(term), {}).get(str(o))
            elif kind == "congress" and o is not None:
                when = g.cited_sessions["congress"].get(str(o))
            if when and (latest is None or tuple(when) > latest):
                latest = tuple(when)
    if latest is None:
        return None
    year, held = latest
    return year if month >= held else None


def _in_dateline(g: MeetingGrammar, text: str, m: "re.Match[str]") -> bool:
    return bool(re.match(r"\s*电", text[m.end() : m.end() + 3]))
