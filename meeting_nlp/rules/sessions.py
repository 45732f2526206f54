"""SESSION rules: the numbering grammar of party, congress, CPPCC and government meetings.

PRC bodies number their meetings in a few fixed ways, which combine freely
with Chinese or Arabic numerals, with or without 第:

* a term (届) and an ordinal (次) before a meeting noun, with an organ
  between them or not: ``七届六次全体(扩大)会议``, ``第七届委员会第九次全体
  会议``, ``十二届市委六次全会``, ``十七届人大二次会议``, ``十三届七次常委
  会议``, ``二届市人民政府第93次常务会议``, ``第九届文成县委员会第三次会议``,
  ``十三届五次、六次全会`` (coordinated ordinals: one span, ordinal a list);
* an ordinal alone, which then needs 第: ``第六次全体会议``, ``第五次党代会``,
  ``第38次常务会议``, ``第 41 次专题会议``, ``第十七次会议``; only a party
  congress right after a level may drop it (``县六次党代会``);
* a central-committee plenary, N中全会: ``二十届三中全会``, ``二中全会``,
  ``二十届二中、三中全会``;
* a national party congress, N大: ``党的二十大``, ``十九大以来``.

:func:`find_sessions` runs one compiled regular expression over the whole
(normalized simplified) text and then reads each match: numbers through
cn2an, the meeting kind from the noun or from whose meeting it is, and the
body. Vocabulary lives in ``meeting_nlp/resources/sessions.json``.

Extents follow ANNOTATION.md: a span starts at the term, or at the ordinal
when there is no term, and ends after the meeting noun. Whatever stands
before the numeral (区委, 县, 中共嘉定区, 县人大常委会召开) is outside.

``body`` is decided in this order:

1. an organ inside the numbering: ``十二届市委六次全会`` -> 市委. A generic
   organ word is completed by the level of the place or name directly
   before the span: ``县十七届人大二次会议`` -> 县人大, ``中共嘉定区第七届委员会``
   -> 区委, ``政协杭州市第十二届委员会`` -> 市政协 (short names, so that
   results can be counted across reports);
2. a BODY match from ``bodies`` that ends directly before the span, or is
   separated from it only by 召开/举行 or a year (``县人大常委会召开第十七次
   会议``, ``区委常委会2024年第8次会议``), taken as written. N中全会 and
   N大 take no gap: in ``市委召开二十届三中全会精神宣讲会`` the plenum is
   not 市委's;
3. the same, found by a small vocabulary of organ names when the caller
   passed no BODY there (so that ``find_sessions(text)`` alone fills the
   common cases: 区委, 省委, 市政府, 县人大常委会 ...);
4. the grammar: N中全会 and N大 (and any session after a bare 中共 or
   中国共产党) belong to 党中央;
5. otherwise null. 党的 is deliberately not a gap between a body and a
   session: it is no body, and what follows it is central anyway.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Dict, List, Optional, Sequence, Tuple, Union

import cn2an

from .base import RuleMatch
from .organs import canonical_organ

__all__ = ["compile_grammar", "find_sessions", "parse_number", "vocabulary"]

_CJK = "\u4e00-\u9fff"
#: how far back (characters) to look for the body or place before a span
_WINDOW = 32
#: canonical organs whose standing committee holds a standing-committee meeting
_SC_OWNERS = ("委", "党委", "政协", "人大", "纪委", "党工委")
#: most ordinals coordinated after the first (十三届五次、六次全会): bounded, so that a
#: run of 三次、三次、… costs linear time
_MAX_COORD = 8


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The grammar's word lists, loaded once from ``resources/sessions.json``."""
    path = resources.files("meeting_nlp").joinpath("resources/sessions.json")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=4096)
def parse_number(numeral: str) -> Optional[int]:
    """Value of a term or ordinal numeral (二十, 十五, 两, 7, ３８, 第七, 第 32), or None.

    Arabic digits (ASCII or full-width) go through ``int``; Chinese numerals
    through cn2an's normal mode, which also reads 两 and 〇. Anything cn2an
    rejects (十十) is no number, so the match that holds it is dropped.
    """
    numeral = numeral.strip().lstrip("第").strip()
    if not numeral:
        return None
    if numeral.isdigit():
        return int(numeral)
    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if value == int(value) and value > 0 else None


def _alternation(words) -> str:
    """A regex alternation of literal ``words``, longest first so that the
    longest word wins where several would fit (常委会会议 before 常委会)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_literal(w) for w in ordered) + ")"


def _literal(word: str) -> str:
    """``re.escape`` that lets (扩大) match ASCII or full-width parentheses."""
    return re.escape(word).replace(r"\(", "[(（]").replace(r"\)", "[)）]")


@dataclass(frozen=True)
class _Organ:
    """An organ word that may sit inside the numbering (see sessions.json)."""

    short: Optional[str]
    needs_level: bool
    fixed: Optional[str]
    by_prefix: Dict[str, str]


def _words(table: dict) -> dict:
    """A JSON table without its ``_doc`` comment keys."""
    return {k: v for k, v in table.items() if not k.startswith("_")}


class _Grammar:
    """Compiled patterns and lookup tables built from the vocabulary file."""

    def __init__(self, voc: dict) -> None:
        levels = voc["levels"]
        self.place_suffixes = tuple(sorted(levels["place_suffixes"], key=len, reverse=True))
        self.short_level: Dict[str, str] = levels["short_level"]
        self.level = _alternation(levels["level_words"])
        self.place_suffix = _alternation(self.place_suffixes)

        organs = voc["organs"]
        self.organs: Dict[str, _Organ] = {
            o["text"]: _Organ(o.get("short"), bool(o.get("needs_level")), o.get("fixed"), o.get("by_prefix", {}))
            for o in organs["inner"]
        }
        self.party_committee_by_level = _words(organs["party_committee_by_level"])
        self.organ_words = tuple(sorted(self.organs, key=len, reverse=True))
        self.level_words = frozenset(levels["level_words"])

        self.nouns = {_fold(k): v for k, v in _words(voc["meeting_nouns"]).items()}
        self.expanded_markers = tuple(voc["expanded_markers"])
        self.central_plenary_kind = voc["central_plenary"]["meeting"]
        self.congress = voc["party_congress"]
        self.congress_follow = tuple(self.congress["follow"])
        self.congress_markers = tuple(self.congress["markers_before"])
        self.session, self.number = self._session_pattern(voc)

        pre = voc["prefixes"]
        self.party_names = tuple(pre["party"])
        self.cppcc_names = tuple(pre["cppcc"])
        self.organizations = tuple(pre["organizations"])
        self.central_body = pre["central_body"]
        self.gap, self.adjacent, self.prefix = self._body_patterns(voc)

        mbb = voc["meeting_by_body"]
        self.meeting_rules = [(r["contains"], r["meeting"], bool(r.get("needs_term"))) for r in mbb["rules"]]
        self.meeting_default = mbb["default"]

    def _inner_pattern(self) -> str:
        """Organ inside the numbering: a fixed name, an organ with an optional
        level (人大, 全国人大), one that needs its level (市委), or a place
        and a generic committee word (政协第九届文成县委员会)."""
        fixed = [t for t, o in self.organs.items() if o.fixed]
        free = [t for t, o in self.organs.items() if not o.fixed and not o.needs_level]
        bound = [t for t, o in self.organs.items() if o.needs_level]
        generic = [t for t, o in self.organs.items() if o.by_prefix]
        return (
            f"(?:{_alternation(fixed)}|(?:{self.level})?{_alternation(free)}|{self.level}{_alternation(bound)}"
            f"|[{_CJK}]{{1,8}}?{self.place_suffix}{_alternation(generic)})"
        )

    def _session_pattern(self, voc: dict) -> Tuple["re.Pattern[str]", "re.Pattern[str]"]:
        """The one regex that finds every session, and the numeral regex."""
        num = voc["numerals"]
        cn = re.escape(num["chinese"])
        numeral = f"(?:[0-9０-９]{{1,{num['max_arabic']}}}|[{cn}]{{1,{num['max_chinese']}}})"
        sp = " ?"  # 第 32 次常务会议: web pages pad Arabic numbers with spaces
        not_after_numeral = f"(?<![0-9０-９{cn}])"
        # 新一届区委第一次全体会议: 一届 there is "a new term", not term 1
        not_after_term_word = "(?<![" + re.escape(num["not_before_term"]) + "])"
        coord = "[" + "".join(re.escape(c) for c in voc["coordinators"]["words"]) + "]"
        noun = _alternation(self.nouns)
        ordinal = f"第?{sp}{numeral}{sp}次"
        cp = voc["central_plenary"]
        zhong = f"{numeral}{re.escape(cp['marker'])}"
        zh_noun = re.escape(cp["noun"])
        pc = self.congress
        congress = f"[{re.escape(pc['numerals'])}]{{1,{pc['max_numeral']}}}"
        bare = voc["bare_ordinal"]
        after_level = "(?<=[" + re.escape(bare["after"]) + "])"
        pattern = (
            # every session opens with a numeral or 第: failing fast at other
            # characters makes the scan about ten times faster
            f"(?=[第0-9０-９{cn}])(?:"
            # term, optional organ, then ordinals + noun, or N中全会
            f"{not_after_numeral}{not_after_term_word}(?P<a_term>第?{sp}{numeral}){sp}届"
            f"(?P<a_inner>{self._inner_pattern()})?"
            f"(?:(?P<a_ords>{ordinal}(?:{coord}{ordinal}){{0,{_MAX_COORD}}})(?P<a_noun>{noun})"
            f"|(?P<a_zh>{zhong}(?:{coord}{zhong}){{0,{_MAX_COORD}}}){zh_noun})"
            # ordinal alone: 第 is required, bare 三次会议 is a count
            f"|(?P<b_ords>第{sp}{numeral}{sp}次(?:{coord}{ordinal}){{0,{_MAX_COORD}}})(?P<b_noun>{noun})"
            # 县六次党代会: a bare ordinal right after a level, for congresses only
            f"|{after_level}(?P<e_ords>{numeral}次)(?P<e_noun>{_alternation(bare['nouns'])})"
            # N中全会 without a term
            f"|{not_after_numeral}(?P<c_zh>{zhong}(?:{coord}{zhong}){{0,{_MAX_COORD}}}){zh_noun}"
            # N大, checked against its context afterwards
            f"|(?<![0-9０-９{cn}第])(?P<d_num>{congress}){re.escape(pc['suffix'])}"
            ")"
        )
        return re.compile(pattern), re.compile(numeral)

    def _body_patterns(self, voc: dict):
        """Regexes for what stands right before a span: the gap a body may
        leave, an organ name (adjacent), and a name or place (prefix)."""
        pre = voc["prefixes"]
        party = _alternation(pre["party"]) + "(?!" + _alternation(pre["party_not_followed_by"]) + ")"
        cppcc = _alternation(pre["cppcc"])
        orgs = _alternation(pre["organizations"])
        place = f"[{_CJK}]{{0,10}}?{self.place_suffix}"
        free = _alternation(voc["adjacent_bodies"]["free"])
        bound = _alternation(voc["adjacent_bodies"]["needs_level"])
        gap = "(?:" + "|".join(voc["gap"]["patterns"]) + ")*"
        organ = (
            f"(?P<body>{party}(?:{place})?(?:{bound}|{free})?|{cppcc}(?:{place})?|{orgs}"
            f"|(?:{self.level})?{free}|{self.level}{bound})"
        )
        prefix = f"(?:{party}(?:{place})?|{cppcc}(?:{place})?|{orgs}|{self.place_suffix})\\Z"
        adjacent = {True: re.compile(organ + gap + r"\Z"), False: re.compile(organ + r"\Z")}
        return re.compile(gap + r"\Z"), adjacent, re.compile(prefix)


def _fold(noun: str) -> str:
    """Noun with full-width parentheses folded, to look its kind up."""
    return noun.replace("（", "(").replace("）", ")")


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    return _Grammar(vocabulary())


# --------------------------------------------------------------------------
# reading one match


@dataclass
class _Parsed:
    """One session as the grammar read it, before its body is known."""

    start: int
    end: int
    term: Optional[int]
    ordinals: List[int]
    kind: str  # a meeting kind, or "by-body"
    expanded: bool
    inner: Optional[str]
    central: bool  # N中全会 / N大: central unless the text names another body


def _numbers(g: _Grammar, text: str) -> Optional[List[int]]:
    """All numerals in a coordinated ordinal list, or None if one is invalid."""
    values = [parse_number(n) for n in g.number.findall(text)]
    return None if not values or None in values else values


def _parse(g: _Grammar, m: re.Match, text: str) -> Optional[_Parsed]:
    """Turn one regex match into term, ordinals, noun kind; None if it is no session."""
    if m.group("d_num"):
        return _parse_congress(g, m, text)
    term = None
    if m.group("a_term"):
        term = parse_number(m.group("a_term"))
        if term is None:
            return None
    ords_text = m.group("a_ords") or m.group("b_ords") or m.group("e_ords")
    zh_text = m.group("a_zh") or m.group("c_zh")
    ordinals = _numbers(g, ords_text or zh_text)
    if ordinals is None:
        return None
    if zh_text:
        kind, expanded, central = g.central_plenary_kind, False, True
    else:
        noun = m.group("a_noun") or m.group("b_noun") or m.group("e_noun")
        kind = g.nouns[_fold(noun)]
        expanded = any(mark in noun for mark in g.expanded_markers)
        central = False
    return _Parsed(m.start(), m.end(), term, ordinals, kind, expanded, m.group("a_inner"), central)


def _parse_congress(g: _Grammar, m: re.Match, text: str) -> Optional[_Parsed]:
    """N大 is a party congress only in a congress context (see sessions.json)."""
    n = parse_number(m.group("d_num"))
    if n is None:
        return None
    pc = g.congress
    start, end = m.start(), m.end()
    marked = text.endswith(g.congress_markers, 0, start)
    followed = end == len(text) or text.startswith(g.congress_follow, end)
    if marked:
        ok = n >= pc["min_marked_free"] or followed
    else:
        ok = pc["min_unmarked"] <= n <= pc["max_unmarked"] and followed
    if not ok:
        return None
    return _Parsed(start, end, None, [n], pc["meeting"], False, None, True)


# --------------------------------------------------------------------------
# whose meeting it is


class _Bodies:
    """BODY matches sorted by end, to find the one written just before a span."""

    def __init__(self, bodies: Sequence[RuleMatch]) -> None:
        items = sorted((b for b in bodies if b.label == "BODY"), key=lambda b: (b.end, -b.start))
        self.items = items
        self.ends = [b.end for b in items]

    def before(self, g: _Grammar, text: str, start: int, gap: bool) -> Optional[RuleMatch]:
        """The closest BODY ending at ``start`` (or, with ``gap``, before it
        across 召开/举行/a year only); the longest if several end there."""
        i = bisect_right(self.ends, start)
        if i == 0:
            return None
        end = self.ends[i - 1]
        if end != start and not (gap and start - end <= _WINDOW and g.gap.match(text, end, start)):
            return None
        # several may end there: per end, items are sorted longest first
        return self.items[bisect_right(self.ends, end - 1)]


def _level_of(g: _Grammar, name: str) -> Optional[str]:
    """Short level of a place or party-prefixed name (中共嘉定区 -> 区)."""
    for suffix in g.place_suffixes:
        if name.endswith(suffix):
            return g.short_level.get(suffix, suffix)
    return None


def _prefix(g: _Grammar, text: str, start: int, bodies: _Bodies) -> Tuple[Optional[str], Optional[str], str]:
    """Kind (party, cppcc, org, place or None), level and text of the name
    written directly before a span whose organ word is generic."""
    body = bodies.before(g, text, start, gap=False)
    candidates = [body.text(text)] if body is not None else []
    m = g.prefix.search(text, max(0, start - _WINDOW), start)
    if m:
        candidates.append(m.group())
    for name in candidates:
        if name.startswith(g.party_names):
            return "party", _level_of(g, name), name
        if name.startswith(g.cppcc_names):
            return "cppcc", _level_of(g, name), name
        if name.startswith(g.organizations):
            return "org", None, name
        level = _level_of(g, name)
        if level is not None:
            return "place", level, name
    return None, None, ""


def _split_inner(g: _Grammar, inner: str) -> Tuple[Optional[str], _Organ]:
    """Level and organ of an inner organ: 中央委员会 -> (None, 中央委员会),
    市委 -> (市, 委), 全国人大 -> (全国, 人大), 文成县委员会 -> (县, 委员会)."""
    if inner in g.organs:
        return None, g.organs[inner]
    word = next(w for w in g.organ_words if inner.endswith(w))
    head = inner[: -len(word)]
    level = g.short_level.get(head, head) if head in g.level_words else _level_of(g, head)
    return level, g.organs[word]


def _inner_body(g: _Grammar, inner: str, text: str, start: int, bodies: _Bodies) -> Tuple[Optional[str], str]:
    """Body named by an organ inside the numbering, and the context text
    (inner organ plus name before it) that decides a by-body meeting kind."""
    level, organ = _split_inner(g, inner)
    kind, prefix_level, prefix_text = _prefix(g, text, start, bodies)
    context = prefix_text + inner
    if kind == "org":
        return prefix_text, context
    if organ.fixed:
        return organ.fixed, context
    level = level or prefix_level
    if organ.by_prefix:
        short = organ.by_prefix.get(kind or "")
        if short is None:
            return None, context
        if level is None:  # 政协第十二届委员会: 政协; a party committee needs its level
            return (None if short.startswith("委") else short), context
        if short == "委":
            return g.party_committee_by_level.get(level, level + "委"), context
        return level + short, context
    return (level or "") + organ.short, context


def _adjacent_body(g: _Grammar, text: str, start: int, bodies: _Bodies, gap: bool) -> Optional[str]:
    """The body written before a span with no organ inside: the caller's
    BODY if there is one, else the built-in organ vocabulary. ``gap``
    allows 召开/举行/a year in between (县人大常委会召开第十七次会议)."""
    body = bodies.before(g, text, start, gap)
    if body is not None:
        return body.text(text)
    m = g.adjacent[gap].search(text, max(0, start - _WINDOW), start)
    return m.group("body") if m else None


def _meeting_by_body(g: _Grammar, context: str, has_term: bool) -> str:
    """Kind of a meeting whose noun is plain 会议: from whose meeting it is."""
    for word, kind, needs_term in g.meeting_rules:
        if word in context and (has_term or not needs_term):
            return kind
    return g.meeting_default


def _session(g: _Grammar, p: _Parsed, text: str, bodies: _Bodies) -> RuleMatch:
    """Attach body and meeting kind to a parsed match."""
    if p.inner:
        body, context = _inner_body(g, p.inner, text, p.start, bodies)
    else:
        # 市委召开二十届三中全会精神宣讲会: the central session is not 市委's
        body = _adjacent_body(g, text, p.start, bodies, gap=not p.central)
        context = body or ""
        if body in g.party_names:
            body = g.central_body
        elif body is None and p.central:
            body = g.central_body
    kind = p.kind if p.kind != "by-body" else _meeting_by_body(g, context, p.term is not None)
    ordinal: Union[int, List[int]] = p.ordinals[0] if len(p.ordinals) == 1 else p.ordinals
    body, place = _canonical(body, context if p.inner else body)
    if kind == "standing-committee" and body and body.endswith(_SC_OWNERS) and not body.endswith("常委会"):
        body += "常委会"  # 市政协十届十六次常委会议 belongs to 市政协常委会 (ANNOTATION.md)
    attrs = {"term": p.term, "ordinal": ordinal, "meeting": kind, "expanded": p.expanded, "body": body, "place": place}
    return RuleMatch(p.start, p.end, "SESSION", attrs)


def _canonical(body: Optional[str], written: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """Canonical organ name and place (ANNOTATION.md) of a session's owner.

    ``written`` is the organ as the text names it (中共嘉定区 + 委员会); the
    grammar's ``body`` is kept when the organ table cannot read it.
    """
    if body is None:
        return None, None
    if body.startswith(_grammar().organizations):
        return body, None  # a democratic party (民盟): its own name
    canonical, place = canonical_organ(written or body)
    if canonical is None:
        canonical, place = canonical_organ(body)
    return (canonical or body), place


def compile_grammar(vocab: Optional[dict] = None) -> "_Grammar":
    """The compiled grammar for ``vocab`` (default: the shipped sessions.json).

    The spaCy component keeps its own vocabulary, saved with the pipeline,
    and compiles it once through here.
    """
    return _grammar() if vocab is None else _Grammar(vocab)


def find_sessions(
    text: str, bodies: Sequence[RuleMatch] = (), grammar: Optional["_Grammar"] = None
) -> List[RuleMatch]:
    """SESSION matches in normalized simplified ``text``, in text order.

    ``bodies`` are the BODY matches of the body ruler over the same text;
    they name the owner of a session written right after them. Without
    them every session is still found, and ``body`` comes from the organ
    inside the numbering, a small built-in organ vocabulary, or the grammar.
    ``grammar`` comes from :func:`compile_grammar` (default: the shipped one).
    """
    g = grammar or _grammar()
    index = _Bodies(bodies)
    found = []
    for m in g.session.finditer(text):
        parsed = _parse(g, m, text)
        if parsed is not None:
            found.append(_session(g, parsed, text, index))
    return found
