"""TITLE and PERSON rules: how meeting reports name officials.

A report names an official in a few fixed ways, and this module follows
them rather than guessing names from characters alone:

* **title + name(s)**: ``区委书记潘崇敏``, ``区委常委冯捷、顾惠文…``; titles
  may be chained by 、 or 兼 before one holder (``区委副书记、代区长戴勇``:
  two TITLE spans, one PERSON);
* **name + title** (honorific order): ``习近平总书记``, ``黄国钧书记``;
* **byline**: ``全媒体记者 周 益``, ``(记者 潘逸 陈阵)``, ``编辑:叶成``;
* **untitled subject of a meeting verb** at the start of a clause:
  ``张健主持。``, ``陈玲玲、宋志恒分别传达``, ``王先义、卢红菊等…出席``;
  after a rank grouping (``区领导王先义、卢红菊出席``) and before 同志
  (``以习近平同志为核心``);
* **repetition**: a name found once anywhere in the report is a name
  everywhere in it (``朱重烈指出``, ``黄国钧就…作了讲话``).

A title is ``[body | place | unit…] [modifiers] post``: the BODY matches of
:mod:`.bodies` anchor it on the left (``金东区委书记``, ``市人大常委会人事工作
委员会原主任``). A TITLE is only returned when a named person holds it, so
rank groupings (区领导) and posts without a holder (区委委员出席) never are.
Names are surname (``resources/surnames.txt``) + one or two given characters
and must be followed by something that can follow a name (punctuation, a
meeting verb, 等, 同志, a title ...); that context decides between two- and
three-character readings (``郑迪部署`` vs ``黄国钧讲话``).

Roles (``PERSON.attrs["role"]``) come from the clause after the name or
list, cut at 。;!?, a comma, a newline or the next official; the highest
priority wins (作工作报告并讲话 -> reported):

* ``reported``: 作…报告 (作工作报告, 向全会作报告, 受…委托作的工作报告),
  作…说明, 汇报;
* ``presided``: 主持;
* ``spoke``: 讲话 (作…讲话, 发表…讲话; not 重要讲话 or 讲话精神), 发言, 致辞,
  指出, 强调, 部署 (not 决策部署), 传达, 宣读, 宣布, 通报, 作总结, 讲党课,
  讲授, 主讲, 表示, 提出, 要求, 领学, 解读;
* ``attended``: 出席, 参加, 列席, 到会 (到会指导), 参会, 与会; also a verb
  before the names (出席会议的还有区领导张三、李四).

A group with no verb of its own takes the role of the next official when
only 、, a comma, 和 or 及 stands between them (副县长赵明,县法院院长孙伟列席会议).
A name + title in honorific order (习近平总书记) takes a role only from a verb
directly after the title, and never a quotation verb (指出, 强调 ...) with a
central post: such leaders are cited, not present. Bylines have no role.
Repeated mentions take the role of their own clause and no titles. The verb
patterns live in ``resources/titles.json``.

:func:`find_officials` returns both labels from one pass; :func:`find_titles`
and :func:`find_persons` are views of it (cached per text). All three accept
a compiled ``grammar`` and the BODY matches already found, so that a spaCy
component can ship its own copy of the vocabulary.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from .base import RuleMatch
from . import bodies as body_rules
from .bodies import alternation, find_bodies, load_resource
from .roles import ROLES, assign_roles, clause as _role_clause, role_in

__all__ = ["find_officials", "find_titles", "find_persons", "compile_grammar", "grammar", "ROLES"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_SPACES = " \t"


def _charclass(chars: str) -> str:
    return "[" + "".join(re.escape(c) if c not in "\n" else "\\n" for c in sorted(set(chars))) + "]"


def _split_surnames(surnames: str) -> Tuple[List[str], List[str]]:
    """``surnames.txt`` text -> (single-character surnames, compound surnames)."""
    singles, compounds = [], []
    for line in surnames.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        (singles if len(line) == 1 else compounds).append(line)
    return singles, compounds


@dataclass(frozen=True)
class _Grammar:
    post: "re.Pattern[str]"
    byline: "re.Pattern[str]"
    name: "re.Pattern[str]"
    name_bare: "re.Pattern[str]"
    byline_name: "re.Pattern[str]"
    ethnic: "re.Pattern[str]"
    subject: "re.Pattern[str]"
    comrade: "re.Pattern[str]"
    introducer: "re.Pattern[str]"
    follow: "re.Pattern[str]"
    unit: "re.Pattern[str]"
    mods: Tuple[str, ...]
    joiners: Tuple[str, ...]
    pre_body_mods: Tuple[str, ...]
    post_not_followed: FrozenSet[str]
    seps: FrozenSet[str]
    unit_max: int
    unit_stop: FrozenSet[str]
    boundary: FrozenSet[str]
    posts_need_body: FrozenSet[str]
    posts_after_name: FrozenSet[str]
    central_posts: FrozenSet[str]
    byline_roles: FrozenSet[str]
    byline_seps: str
    not_names: FrozenSet[str]
    common_words: FrozenSet[str]
    top_surnames: FrozenSet[str]
    core: str
    body: "body_rules._Grammar"


@lru_cache(maxsize=None)
def grammar() -> _Grammar:
    """The packaged vocabulary, compiled once per process."""
    surnames = resources.files("meeting_nlp").joinpath("resources/surnames.txt").read_text(encoding="utf-8")
    return compile_grammar(load_resource("titles.json"), surnames, body_rules.grammar())


def compile_grammar(voc: dict, surnames: str, body_grammar: Optional["body_rules._Grammar"] = None) -> _Grammar:
    """Compile ``titles.json`` and ``surnames.txt`` contents (a component may ship its own)."""
    singles, compounds = _split_surnames(surnames)
    never = voc["given_never"]
    never_final = never + voc["given_never_final"]
    surname = "(?:" + alternation(compounds)[3:-1] + "|" + _charclass("".join(singles)) + ")"
    g_any = f"(?:(?!{_charclass(never)})[{_CJK}])"
    g_fin = f"(?:(?!{_charclass(never_final)})[{_CJK}])"
    core = f"{surname}(?:{g_any}{g_fin}|{g_fin})"
    posts = voc["posts"]
    boundary = voc["boundary_chars"]
    follow_words = alternation(
        voc["name_followers"] + voc["posts_after_name"] + voc["byline_roles"] + posts
    )
    follow = f"(?:{_charclass(boundary)}|[0-9A-Za-z]|$|{follow_words})"
    subj_follow = alternation(voc["subject_followers"])
    subj_bound = _charclass(voc["subject_boundary_chars"])
    unit_stop = voc["unit_stop_chars"]
    unit_ch = f"(?:(?!{_charclass(unit_stop)})[{_CJK}])"
    unit = f"(?:{unit_ch}{{0,12}}?{alternation(voc['unit_suffixes'])})+"
    intro = alternation(voc["name_introducers"])
    comrade_bound = _charclass(voc["comrade_boundary_chars"])
    return _Grammar(
        post=re.compile(alternation(posts)),
        byline=re.compile(alternation(voc["byline_roles"])),
        name=re.compile(f"{core}(?={follow})"),
        name_bare=re.compile(core),
        byline_name=re.compile(f"{surname}(?: +[{_CJK}](?![{_CJK}])|[{_CJK}]{{1,2}}(?![{_CJK}]))"),
        ethnic=re.compile(f"[{_CJK}]{{1,6}}·[{_CJK}]{{1,8}}?(?:·[{_CJK}]{{1,8}}?)?(?={follow})"),
        subject=re.compile(
            f"(?:(?<={subj_bound})|^)(?P<names>{core}(?:、{core}){{0,40}})(?={subj_follow})", re.M
        ),
        comrade=re.compile(f"(?:(?<={comrade_bound})|^)(?P<names>{core}(?:、{core}){{0,40}})(?=同志)", re.M),
        introducer=re.compile(f"{intro}(?={core})"),
        follow=re.compile(follow),
        unit=re.compile(unit),
        mods=tuple(sorted(voc["modifiers"], key=len, reverse=True)),
        joiners=tuple(sorted(voc["list_joiners"], key=len, reverse=True)),
        pre_body_mods=tuple(voc["pre_body_modifiers"]),
        post_not_followed=frozenset(voc["post_not_followed_by"]),
        seps=frozenset(voc["separators"]),
        unit_max=int(voc["unit_max"]),
        unit_stop=frozenset(unit_stop),
        boundary=frozenset(boundary),
        posts_need_body=frozenset(voc["posts_need_body"]),
        posts_after_name=frozenset(voc["posts_after_name"]),
        central_posts=frozenset(voc["central_posts"]),
        byline_roles=frozenset(voc["byline_roles"]),
        byline_seps=voc["byline_separators"],
        not_names=frozenset(voc["not_names"]),
        common_words=frozenset(voc["common_words"]),
        top_surnames=frozenset(singles[:100]),
        core=core,
        body=body_grammar or body_rules.grammar(),
    )


# --------------------------------------------------------------------------
# Title candidates.


@dataclass
class _Cand:
    start: int
    end: int
    post: str
    anchored: bool  # a body, place or unit stands before the post
    byline: bool = False


@dataclass
class _Group:
    """Names that share titles and a role: one list, or one name."""

    names: List[Tuple[int, int]]
    titles: List[int] = field(default_factory=list)  # indexes into the candidate list
    kind: str = "after"  # after | before | byline | subject | comrade | introduced | known
    role: Optional[str] = None


class _Bodies:
    """BODY matches indexed for the left-anchoring of titles."""

    def __init__(self, bodies: Sequence[RuleMatch]) -> None:
        self.by_end: Dict[int, int] = {}
        for b in bodies:
            if b.end not in self.by_end or b.start < self.by_end[b.end]:
                self.by_end[b.end] = b.start
        self.spans = sorted((b.start, b.end) for b in bodies)
        self.starts = [s for s, _ in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)
        return any(s < end and start < e for s, e in self.spans[max(0, i - 3) : i])


def _is_boundary(g: _Grammar, text: str, pos: int) -> bool:
    if pos <= 0:
        return True
    ch = text[pos - 1]
    return ch in g.boundary or ch in g.unit_stop or ch in g.seps or not ("\u3400" <= ch <= "\u9fff")


def _title_start(g: _Grammar, text: str, q: int, bodies: _Bodies, floor: int) -> Tuple[int, bool]:
    """Where a title whose modifiers start at ``q`` begins: body, units, or nothing."""
    if q in bodies.by_end and bodies.by_end[q] >= floor:
        return bodies.by_end[q], True
    bg = g.body
    best = None
    for size in range(1, min(g.unit_max, q - floor) + 1):
        a = q - size
        if text[a] in g.unit_stop or text[a] in g.seps:
            break
        if not g.unit.fullmatch(text, a, q):
            continue
        if a in bodies.by_end and bodies.by_end[a] >= floor:
            return bodies.by_end[a], True
        place = _place_before(bg, text, a)
        if place is not None and place >= floor:
            return place, True
        if _is_boundary(g, text, a):
            best = a
    if best is not None:
        return best, True
    return q, False


def _place_before(bg, text: str, end: int) -> Optional[int]:
    for size in range(min(bg.place_max, end), 2, -1):
        if text[end - size : end] in bg.places:
            return end - size
    return None


def _candidates(g: _Grammar, text: str, bodies: _Bodies) -> List[_Cand]:
    """Every post and byline role, grown left over modifiers and its body or unit."""
    found: List[_Cand] = []
    for m in g.post.finditer(text):
        if bodies.overlaps(m.start(), m.end()) or text[m.end() : m.end() + 1] in g.post_not_followed:
            continue  # 常委 in 人大常委会, 书记 in 书记处, 主任 in 主任会议
        found.append(_Cand(m.start(), m.end(), m.group(), False))
    for m in g.byline.finditer(text):
        if text[m.end() : m.end() + 1] in g.post_not_followed:
            continue  # 编辑部, 记者站
        found.append(_Cand(m.start(), m.end(), m.group(), True, byline=True))
    found.sort(key=lambda c: (c.start, -c.end))
    out: List[_Cand] = []
    floor = 0
    for c in found:
        if c.start < floor:
            continue
        if not c.byline:
            q = c.start
            while True:
                for mod in g.mods:
                    if q - len(mod) >= floor and text.startswith(mod, q - len(mod)):
                        q -= len(mod)
                        break
                else:
                    break
            c.start, c.anchored = _title_start(g, text, q, bodies, floor)
            if c.anchored:
                for mod in g.pre_body_mods:  # 原市委书记
                    a = c.start - len(mod)
                    if a >= floor and text.startswith(mod, a) and _is_boundary(g, text, a):
                        c.start = a
                        break
        out.append(c)
        floor = c.end
    return out


# --------------------------------------------------------------------------
# Names.


def _good_name(g: _Grammar, text: str, start: int, end: int, bodies: _Bodies, strict: bool) -> bool:
    name = text[start:end].replace(" ", "")
    if name in g.not_names or bodies.overlaps(start, end):
        return False
    if strict and (name in g.common_words or _is_place(g, name)):
        return False
    return True


def _is_place(g: _Grammar, name: str) -> bool:
    """Place names look like names (金华, 温岭): reject them where context is weak."""
    bg = g.body
    if name in bg.short_places or name in bg.places:
        return True
    return any(name + suffix in bg.places for suffix in ("市", "区", "县", "州", "旗"))


def _names_after(
    g: _Grammar, text: str, pos: int, cand_starts: FrozenSet[int], bodies: _Bodies
) -> List[Tuple[int, int]]:
    """A name or a list of names (、, 和, 及) starting at ``pos`` (after a title)."""
    while pos < len(text) and text[pos] in _SPACES:
        pos += 1
    names: List[Tuple[int, int]] = []
    while pos not in cand_starts:
        m = g.name.match(text, pos) or g.ethnic.match(text, pos)
        if not m or not _good_name(g, text, m.start(), m.end(), bodies, strict=False):
            break
        names.append(m.span())
        joiner = next((j for j in g.joiners if text.startswith(j, m.end())), None)
        if joiner is None:
            break
        pos = m.end() + len(joiner)
    return names


def _byline_names(g: _Grammar, text: str, pos: int, bodies: _Bodies) -> List[Tuple[int, int]]:
    """Names after a byline role: ``记者 潘逸 陈阵``, ``全媒体记者 周 益``, ``编辑:叶成``."""
    while pos < len(text) and text[pos] in g.byline_seps:
        pos += 1
    names: List[Tuple[int, int]] = []
    while pos < len(text):
        m = g.byline_name.match(text, pos) or g.name.match(text, pos)
        if not m or not _good_name(g, text, m.start(), m.end(), bodies, strict=False):
            break
        names.append(m.span())
        pos = m.end()
        while pos < len(text) and text[pos] in " 、,":
            pos += 1
        if g.byline.match(text, pos):
            break
    return names


def _name_before(
    g: _Grammar, text: str, end: int, known: FrozenSet[str], bodies: _Bodies, floor: int
) -> Optional[Tuple[int, int]]:
    """The name directly before an honorific title (习近平总书记)."""
    options = []
    for size in (4, 3, 2):
        a = end - size
        if a < floor:
            continue
        if g.name_bare.fullmatch(text, a, end) and _good_name(g, text, a, end, bodies, strict=True):
            options.append(a)
    if not options:
        return None
    for a in options:
        if text[a:end] in known:
            return a, end
    for a in options:
        if _is_boundary(g, text, a):
            return a, end
    a = options[0]
    if end - a == 3 and len(options) > 1:
        first, second = text[a], text[a + 1]
        if second in g.top_surnames and first not in g.top_surnames:
            a = options[1]  # 学习李强总理: 李强, not 习李强
    return a, end


# Roles: meeting_nlp.rules.roles (role_in, assign_roles).


# --------------------------------------------------------------------------
# The pass.


def _link_titles(
    g: _Grammar, text: str, cands: List[_Cand], bodies: _Bodies
) -> Tuple[List[_Group], Dict[int, int]]:
    """Attach holders to titles: after, through a chain of titles, or before."""
    starts = frozenset(c.start for c in cands)
    ends = frozenset(c.end for c in cands if not c.byline)
    by_start = {c.start: i for i, c in enumerate(cands)}
    group_of: Dict[int, int] = {}
    groups: List[_Group] = []
    for i in range(len(cands) - 1, -1, -1):
        c = cands[i]
        if c.byline:
            names = _byline_names(g, text, c.end, bodies)
            if names:
                group_of[i] = len(groups)
                groups.append(_Group(names, [i], "byline"))
            continue
        names = _names_after(g, text, c.end, starts, bodies)
        chained = text[c.end : c.end + 1] in g.seps and (c.end + 1) in by_start
        # 区委常委、副主任张三: a bare post after 、 shares the body before it.
        second = c.start > 0 and text[c.start - 1] in g.seps and (c.start - 1) in ends
        if names and (c.anchored or c.post not in g.posts_need_body or second):
            group_of[i] = len(groups)
            groups.append(_Group(names, [i], "after"))
            continue
        if chained:
            j = by_start[c.end + 1]
            if j in group_of and not cands[j].byline and groups[group_of[j]].kind == "after":
                if c.anchored or c.post not in g.posts_need_body or second:
                    group_of[i] = group_of[j]
                    groups[group_of[j]].titles.insert(0, i)
    return groups, group_of


def _honorifics(
    g: _Grammar, text: str, cands: List[_Cand], group_of: Dict[int, int], groups: List[_Group],
    known: FrozenSet[str], bodies: _Bodies,
) -> None:
    prev_end = 0
    for i, c in enumerate(cands):
        if i in group_of or c.byline or c.anchored or c.post not in g.posts_after_name:
            prev_end = max(prev_end, c.end)
            continue
        if text[c.start : c.end] != c.post:
            prev_end = c.end
            continue  # 副书记 etc. do not follow a name in running text
        span = _name_before(g, text, c.start, known, bodies, prev_end)
        if span:
            group_of[i] = len(groups)
            groups.append(_Group([span], [i], "before"))
        prev_end = c.end


def _taken(groups: List[_Group], cands: List[_Cand], group_of: Dict[int, int]) -> List[Tuple[int, int]]:
    spans = [n for gr in groups for n in gr.names]
    spans += [(cands[i].start, cands[i].end) for i in group_of]
    return sorted(spans)


def _free(taken: List[Tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_left(taken, (end, end))
    return not any(s < end and start < e for s, e in taken[max(0, i - 4) : i + 1])


def _untitled(g: _Grammar, text: str, groups: List[_Group], taken, bodies: _Bodies) -> None:
    """Subjects of meeting verbs, names after rank groupings, names before 同志."""
    for pattern, kind in ((g.subject, "subject"), (g.comrade, "comrade")):
        for m in pattern.finditer(text):
            names = _split_list(g, text, m.start("names"), m.end("names"))
            names = [n for n in names if _free(taken, *n) and _good_name(g, text, *n, bodies, strict=True)]
            # An untitled subject needs a meeting verb in its clause: 杨梅、枇杷等
            # 特色农产品 is a list of goods, not of people.
            if kind == "subject" and names and role_in(_role_clause(text, m.end(), len(text))) is None:
                continue
            if names:
                groups.append(_Group(names, [], kind))
                for n in names:
                    insort(taken, n)
    for m in g.introducer.finditer(text):
        names = _names_after(g, text, m.end(), frozenset(), bodies)
        names = [n for n in names if _free(taken, *n) and _good_name(g, text, *n, bodies, strict=True)]
        if names:
            groups.append(_Group(names, [], "introduced"))
            for n in names:
                insort(taken, n)


def _split_list(g: _Grammar, text: str, start: int, end: int) -> List[Tuple[int, int]]:
    """The names of a 、-list the list regex matched (it already chose each length)."""
    out, pos = [], start
    while pos < end:
        stop = text.find("、", pos, end)
        stop = end if stop < 0 else stop
        out.append((pos, stop))
        pos = stop + 1
    return out


def _repeated(g: _Grammar, text: str, groups: List[_Group], taken, bodies: _Bodies) -> None:
    """A name found once is a name everywhere in the report."""
    known = {text[s:e] for gr in groups for s, e in gr.names if " " not in text[s:e]}
    known = {k for k in known if len(k) >= 2}
    if not known:
        return
    pattern = re.compile(alternation(known) + f"(?={g.follow.pattern})")
    for m in pattern.finditer(text):
        if _free(taken, *m.span()) and not bodies.overlaps(*m.span()):
            groups.append(_Group([m.span()], [], "known"))
            insort(taken, m.span())


def _analyze(
    text: str,
    titles: Optional[Sequence[RuleMatch]] = None,
    g: Optional[_Grammar] = None,
    body_matches: Optional[Sequence[RuleMatch]] = None,
) -> Tuple[List[RuleMatch], List[RuleMatch]]:
    g = g or grammar()
    if body_matches is None:
        body_matches = find_bodies(text, g.body)
    bodies = _Bodies([b for b in body_matches if b.label == "BODY"])
    if titles is None:
        cands = _candidates(g, text, bodies)
    else:
        cands = [_given_cand(g, text, t) for t in sorted(titles, key=lambda t: t.start) if t.label == "TITLE"]
    groups, group_of = _link_titles(g, text, cands, bodies)
    known = frozenset(text[s:e] for gr in groups for s, e in gr.names)
    _honorifics(g, text, cands, group_of, groups, known, bodies)
    taken = _taken(groups, cands, group_of)
    _untitled(g, text, groups, taken, bodies)
    _repeated(g, text, groups, taken, bodies)
    assign_roles(text, cands, groups, g.central_posts)
    held = sorted({i for gr in groups for i in gr.titles})
    title_matches = [RuleMatch(cands[i].start, cands[i].end, "TITLE", {}) for i in held]
    persons = []
    for gr in groups:
        spans = [[cands[i].start, cands[i].end] for i in gr.titles]
        for s, e in gr.names:
            persons.append(RuleMatch(s, e, "PERSON", {"titles": [list(x) for x in spans], "role": gr.role}))
    persons.sort(key=lambda p: p.start)
    return title_matches, persons


def _given_cand(g: _Grammar, text: str, t: RuleMatch) -> _Cand:
    span = text[t.start : t.end]
    byline = any(span.endswith(r) for r in g.byline_roles)
    posts = sorted(g.posts_after_name | g.posts_need_body, key=len, reverse=True)
    post = next((p for p in posts if span.endswith(p)), span)
    return _Cand(t.start, t.end, post, anchored=span != post, byline=byline)


@lru_cache(maxsize=16)
def _cached(text: str) -> Tuple[Tuple[RuleMatch, ...], Tuple[RuleMatch, ...]]:
    titles, persons = _analyze(text)
    return tuple(titles), tuple(persons)


def _run(
    text: str, grammar: Optional[_Grammar], bodies: Optional[Sequence[RuleMatch]]
) -> Tuple[Sequence[RuleMatch], Sequence[RuleMatch]]:
    if grammar is None and bodies is None:
        return _cached(text)
    return _analyze(text, None, grammar, bodies)


def find_officials(
    text: str, *, grammar: Optional[_Grammar] = None, bodies: Optional[Sequence[RuleMatch]] = None
) -> List[RuleMatch]:
    """TITLE and PERSON matches of normalized ``text``, in text order, from one pass.

    ``grammar`` is a :func:`compile_grammar` result (the packaged vocabulary by
    default); ``bodies`` are BODY matches already found over the same text
    (found here with :func:`~meeting_nlp.rules.bodies.find_bodies` otherwise).
    """
    titles, persons = _run(text, grammar, bodies)
    return sorted(list(titles) + list(persons), key=lambda m: (m.start, m.end))


def find_titles(
    text: str, *, grammar: Optional[_Grammar] = None, bodies: Optional[Sequence[RuleMatch]] = None
) -> List[RuleMatch]:
    """TITLE spans that a named person holds (see :func:`find_officials`)."""
    return list(_run(text, grammar, bodies)[0])


def find_persons(
    text: str,
    titles: Optional[Sequence[RuleMatch]] = None,
    *,
    grammar: Optional[_Grammar] = None,
    bodies: Optional[Sequence[RuleMatch]] = None,
) -> List[RuleMatch]:
    """PERSON spans with ``titles`` and ``role`` attributes (see :func:`find_officials`).

    With ``titles`` (TITLE matches, e.g. after a resolver dropped some), names
    are linked to those spans instead of the titles this module finds itself.
    """
    if titles is None:
        return list(_run(text, grammar, bodies)[1])
    return _analyze(text, titles, grammar, bodies)[1]
