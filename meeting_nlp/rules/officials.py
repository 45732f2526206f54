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
* **lists an appointment or an attendance phrase governs**: ``任命张三、李四为…``,
  ``免去王五的…职务``, ``王五、赵六等15位同志辞去…``, ``出席会议的有A、B、C等同志``;
* **credits**: ``记者 陈立 摄`` and ``(张三 摄)`` (the name only), ``本网讯(刘明)``;
* **names with a middle dot** anywhere (``买买提·艾力``);
* **repetition**: a name found once anywhere in the report is a name
  everywhere in it (``朱重烈指出``, ``黄国钧就…作了讲话``), found in one pass
  over the text with a trie of the names.

Every member of a 、-list after a title or an introducer is a name, whatever
its surname (``副委员长…武维华、铁凝、彭清华``), when it has the shape of one.
Lists are read by a forward scan, never by a repeated regex group, so a list
of any length is found whole and the pass stays linear.

A title is ``[body | place | unit…] [modifiers] post`` (:mod:`.titles`; names are
:mod:`.names`): the BODY matches of :mod:`.bodies` anchor it on the left (``金东区委书记``, ``市人大常委会人事工作
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

import json
import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from .base import RuleMatch
from . import bodies as body_rules
from .bodies import alternation, find_bodies, load_resource
from .names import (
    SPACES, byline_names, dotted_names, good_name, known_mentions, name_before, names_after, split_surnames,
)
from .roles import ROLES, assign_roles, clause as _role_clause, role_in
from .titles import Bodies, Cand, candidates, given_cand, is_boundary

__all__ = [
    "find_officials", "find_titles", "find_persons", "compile_grammar", "grammar", "ROLES",
    "title_entries", "merge_titles", "TitleEntryError",
]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"

# Kept for code that imported the private names before the split.
_Cand, _Bodies = Cand, Bodies


def _charclass(chars: str) -> str:
    return "[" + "".join(re.escape(c) if c not in "\n" else "\\n" for c in sorted(set(chars))) + "]"


@dataclass(frozen=True)
class _Grammar:
    post: "re.Pattern[str]"
    byline: "re.Pattern[str]"
    name: "re.Pattern[str]"
    name_bare: "re.Pattern[str]"
    name_relaxed: "re.Pattern[str]"
    name_unfollowed: "re.Pattern[str]"
    pre_title: "re.Pattern[str]"
    byline_name: "re.Pattern[str]"
    ethnic: "re.Pattern[str]"
    list_start: "re.Pattern[str]"
    list_end: "re.Pattern[str]"
    introducer: "re.Pattern[str]"
    credit: "re.Pattern[str]"
    credit_open: "re.Pattern[str]"
    credit_paren: "re.Pattern[str]"
    follow: "re.Pattern[str]"
    subject_follow: "re.Pattern[str]"
    unit: "re.Pattern[str]"
    mods: Tuple[str, ...]
    joiners: Tuple[str, ...]
    pre_body_mods: Tuple[str, ...]
    post_marks: Tuple[str, ...]
    post_not_followed: FrozenSet[str]
    seps: FrozenSet[str]
    unit_max: int
    unit_stop: FrozenSet[str]
    boundary: FrozenSet[str]
    subject_boundary: FrozenSet[str]
    comrade_boundary: FrozenSet[str]
    posts_need_body: FrozenSet[str]
    posts_after_name: FrozenSet[str]
    central_posts: FrozenSet[str]
    byline_roles: FrozenSet[str]
    byline_seps: str
    outlet_suffixes: Tuple[str, ...]
    outlet_max: int
    given_never: FrozenSet[str]
    list_item_never: FrozenSet[str]
    given_never_final: FrozenSet[str]
    dot_left_max: int
    dot_left_stop: FrozenSet[str]
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
    singles, compounds = split_surnames(surnames)
    never = voc["given_never"]
    never_final = never + voc["given_never_final"]
    surname = "(?:" + (alternation(compounds)[3:-1] + "|" if compounds else "") + _charclass("".join(singles)) + ")"
    g_any = f"(?:(?!{_charclass(never)})[{_CJK}])"
    g_fin = f"(?:(?!{_charclass(never_final)})[{_CJK}])"
    core = f"{surname}(?:{g_any}{g_fin}|{g_fin})"
    # after a title the context is strong: given names may hold 向, 为, 于 … (牛向东, 张为民)
    item_never = voc["list_item_never"]
    r_any = f"(?:(?!{_charclass(item_never)})[{_CJK}])"
    relaxed = f"{surname}(?:{r_any}{r_any}|{r_any})"
    posts = voc["posts"]
    boundary = voc["boundary_chars"]
    follow_words = alternation(
        voc["name_followers"] + voc["posts_after_name"] + voc["byline_roles"] + posts
    )
    follow = f"(?:{_charclass(boundary)}|[0-9A-Za-z]|$|{follow_words})"
    unit_stop = voc["unit_stop_chars"]
    unit_ch = f"(?:(?!{_charclass(unit_stop)})[{_CJK}])"
    unit = f"(?:{unit_ch}{{0,12}}?{alternation(voc['unit_suffixes'])})+"
    intro = alternation(voc["name_introducers"])
    phrases = "|".join(f"(?:{r})" for r in voc["list_introducer_patterns"])
    subject_boundary = voc["subject_boundary_chars"]
    comrade_boundary = voc["comrade_boundary_chars"]
    dot_stop = voc["dot_stop_chars"] + boundary
    dot_ch = f"(?:(?!{_charclass(dot_stop)})[{_CJK}])"
    byline_name = f"{surname}(?: +[{_CJK}](?![{_CJK}])|[{_CJK}]{{1,2}}(?![{_CJK}]))"
    return _Grammar(
        post=re.compile(alternation(posts)),
        byline=re.compile(alternation(voc["byline_roles"])),
        name=re.compile(f"{core}(?={follow})"),
        name_bare=re.compile(core),
        name_relaxed=re.compile(f"{relaxed}(?={follow})"),
        name_unfollowed=re.compile(f"{surname}{r_any}{g_fin}(?![{_CJK}]?·)"),
        pre_title=re.compile(f"(?:{voc['pre_title_pattern']})$"),
        byline_name=re.compile(byline_name),
        ethnic=re.compile(
            f"{dot_ch}{{1,{int(voc['dot_left_max'])}}}·{dot_ch}{{1,8}}?(?:·{dot_ch}{{1,8}}?)?(?={follow})"
        ),
        list_start=re.compile(
            f"(?:(?<={_charclass(subject_boundary + comrade_boundary)})|^)(?=[{_CJK}][{_CJK}·])", re.M
        ),
        list_end=re.compile(voc["list_end_pattern"]),
        introducer=re.compile(f"(?:{intro}|{phrases})"),
        credit=re.compile(f"(?:(?<=[( /\\n])|^)(?P<name>{byline_name}) ?/?摄(?![{_CJK}])", re.M),
        credit_open=re.compile(alternation(voc["credit_openers"])),
        credit_paren=re.compile(r"\((?=[^()\n]{2,16}\)[ \t]*(?:\n|$))"),
        follow=re.compile(follow),
        subject_follow=re.compile(alternation(voc["subject_followers"])),
        unit=re.compile(unit),
        mods=tuple(sorted(voc["modifiers"], key=len, reverse=True)),
        joiners=tuple(sorted(voc["list_joiners"], key=len, reverse=True)),
        pre_body_mods=tuple(voc["pre_body_modifiers"]),
        post_marks=tuple(voc["post_marks"]),
        post_not_followed=frozenset(voc["post_not_followed_by"]),
        seps=frozenset(voc["separators"]),
        unit_max=int(voc["unit_max"]),
        unit_stop=frozenset(unit_stop),
        boundary=frozenset(boundary),
        subject_boundary=frozenset(subject_boundary),
        comrade_boundary=frozenset(comrade_boundary),
        posts_need_body=frozenset(voc["posts_need_body"]),
        posts_after_name=frozenset(voc["posts_after_name"]),
        central_posts=frozenset(voc["central_posts"]),
        byline_roles=frozenset(voc["byline_roles"]),
        byline_seps=voc["byline_separators"],
        outlet_suffixes=tuple(sorted(voc["outlet_suffixes"], key=len, reverse=True)),
        outlet_max=int(voc["outlet_max"]),
        given_never=frozenset(never),
        list_item_never=frozenset(item_never),
        given_never_final=frozenset(never_final),
        dot_left_max=int(voc["dot_left_max"]),
        dot_left_stop=frozenset(dot_stop),
        not_names=frozenset(voc["not_names"]),
        common_words=frozenset(voc["common_words"]),
        top_surnames=frozenset(singles[:100]),
        core=core,
        body=body_grammar or body_rules.grammar(),
    )


# --------------------------------------------------------------------------
# User additions to the title vocabulary (the official ruler's add_titles).


class TitleEntryError(ValueError):
    """A title entry a user added is malformed; the message says which and why."""


_ENTRY_FLAGS = {"after_name": "posts_after_name", "needs_body": "posts_need_body", "central": "central_posts"}


def title_entries(lines: Union[str, Iterable[Union[str, Mapping]]], where: str = "titles") -> List[Dict]:
    """Validated title entries from JSONL text or from strings and dicts.

    An entry is a post (``"首席大法官"``) or ``{"title": …, "byline": bool,
    "after_name": bool, "needs_body": bool, "central": bool}``: a byline role
    (记者), a post that may follow a name in honorific order (总理), one that
    needs a body before it (常委), a central post that quotation verbs do not
    make a role for.
    """
    if isinstance(lines, str):
        items = []
        for n, line in enumerate(lines.splitlines(), 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise TitleEntryError(f"{where}:{n}: not JSON ({err.msg}); write one title a line as JSON") from None
    else:
        items = list(lines)
    out = []
    for n, item in enumerate(items, 1):
        entry = {"title": item} if isinstance(item, str) else dict(item) if isinstance(item, Mapping) else None
        if entry is None:
            raise TitleEntryError(f"{where}:{n}: a title is a string or a dict with 'title', not {type(item).__name__}")
        title = entry.get("title")
        unknown = sorted(set(entry) - {"title", "byline", *_ENTRY_FLAGS})
        if not isinstance(title, str) or not title.strip() or title != title.strip():
            raise TitleEntryError(f"{where}:{n}: 'title' must be a trimmed, non-empty string, got {title!r}")
        if unknown:
            raise TitleEntryError(f"{where}:{n}: unknown keys {unknown}; allowed: title, byline, {', '.join(_ENTRY_FLAGS)}")
        for key in ("byline", *_ENTRY_FLAGS):
            if not isinstance(entry.get(key, False), bool):
                raise TitleEntryError(f"{where}:{n}: {key!r} must be true or false")
        out.append(entry)
    return out


def merge_titles(voc: dict, entries: Sequence[Mapping]) -> dict:
    """``titles.json`` contents with ``entries`` (see :func:`title_entries`) added."""
    voc = {k: list(v) if isinstance(v, list) else v for k, v in voc.items()}
    for entry in entries:
        title = entry["title"]
        target = "byline_roles" if entry.get("byline") else "posts"
        if title not in voc[target]:
            voc[target].append(title)
        for flag, key in _ENTRY_FLAGS.items():
            if entry.get(flag) and title not in voc[key]:
                voc[key].append(title)
    return voc


# --------------------------------------------------------------------------
# The pass.


@dataclass
class _Group:
    """Names that share titles and a role: one list, or one name."""

    names: List[Tuple[int, int]]
    titles: List[int] = field(default_factory=list)  # indexes into the candidate list
    kind: str = "after"  # after | before | byline | subject | comrade | introduced | credit | dotted | known
    role: Optional[str] = None
    roles: List[str] = field(default_factory=list)


def _link_titles(g: _Grammar, text: str, cands: List[Cand], bodies: Bodies) -> Tuple[List[_Group], Dict[int, int]]:
    """Attach holders to titles: after, through a chain of titles, or before."""
    starts = frozenset(c.start for c in cands)
    ends = frozenset(c.end for c in cands if not c.byline)
    by_start = {c.start: i for i, c in enumerate(cands)}
    group_of: Dict[int, int] = {}
    groups: List[_Group] = []
    for i in range(len(cands) - 1, -1, -1):
        c = cands[i]
        if c.byline:
            names = byline_names(g, text, c.end, bodies)
            if names:
                group_of[i] = len(groups)
                groups.append(_Group(names, [i], "byline"))
            continue
        names = names_after(
            g, text, c.end, starts, bodies, title=c.anchored, anchored=c.anchored
        )
        # 县政协主席县政协党组副书记何友军: two titles with nothing between them chain too
        nxt = c.end + 1 if text[c.end : c.end + 1] in g.seps else c.end
        chained = nxt in by_start and (nxt > c.end or cands[by_start[nxt]].anchored)
        # 区委常委、副主任张三: a bare post after 、 shares the body before it.
        second = c.start > 0 and text[c.start - 1] in g.seps and (c.start - 1) in ends
        if names and (c.anchored or c.post not in g.posts_need_body or second):
            group_of[i] = len(groups)
            groups.append(_Group(names, [i], "after"))
            continue
        if chained:
            j = by_start[nxt]
            if j in group_of and not cands[j].byline and groups[group_of[j]].kind == "after":
                if c.anchored or c.post not in g.posts_need_body or second:
                    group_of[i] = group_of[j]
                    groups[group_of[j]].titles.insert(0, i)
    return groups, group_of


def _honorifics(
    g: _Grammar, text: str, cands: List[Cand], group_of: Dict[int, int], groups: List[_Group],
    known: FrozenSet[str], bodies: Bodies,
) -> None:
    prev_end = 0
    for i, c in enumerate(cands):
        if i in group_of or c.byline or c.anchored or c.post not in g.posts_after_name:
            prev_end = max(prev_end, c.end)
            continue
        if text[c.start : c.end] != c.post and text[c.start : c.end] not in g.posts_after_name:
            prev_end = c.end
            continue  # 常务副书记 etc. do not follow a name in running text
        span = name_before(g, text, c.start, known, bodies, prev_end)
        if span:
            group_of[i] = len(groups)
            groups.append(_Group([span], [i], "before"))
        prev_end = c.end


def _taken(groups: List[_Group], cands: List[Cand], group_of: Dict[int, int]) -> List[Tuple[int, int]]:
    spans = [n for gr in groups for n in gr.names]
    spans += [(cands[i].start, cands[i].end) for i in group_of]
    return sorted(spans)


def _free(taken: List[Tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_left(taken, (end, end))
    return not any(s < end and start < e for s, e in taken[max(0, i - 4) : i + 1])


def _add(groups: List[_Group], taken, names: List[Tuple[int, int]], kind: str) -> None:
    if names:
        groups.append(_Group(names, [], kind))
        for n in names:
            insort(taken, n)


def _untitled(g: _Grammar, text: str, groups: List[_Group], taken, bodies: Bodies) -> None:
    """Names with no title: clause-initial lists, introduced lists, credits, dotted names."""
    _clause_lists(g, text, groups, taken, bodies)
    for m in g.introducer.finditer(text):
        # 区领导张三、李四; 任命张三、李四为…; 出席会议的有张三、李四等同志
        names = names_after(g, text, m.end(), frozenset(), bodies)
        _add(groups, taken, [n for n in names if _free(taken, *n) and good_name(g, text, *n, bodies, strict=True)], "introduced")
    for m in _chain(g.credit_open.finditer(text), g.credit_paren.finditer(text)):
        # 本网讯(刘明 王芳); (石磊) closing a report
        names = byline_names(g, text, m.end(), bodies)
        if names and text.startswith(")", names[-1][1]):
            _add(groups, taken, [n for n in names if _free(taken, *n)], "credit")
    for m in g.credit.finditer(text):
        # 张三 摄, (李四/摄)
        span = m.span("name")
        if _free(taken, *span) and good_name(g, text, *span, bodies, strict=True):
            _add(groups, taken, [span], "credit")
    for span in dotted_names(g, text, bodies, lambda s, e: _free(taken, s, e)):
        _add(groups, taken, [span], "dotted")


def _chain(*iterables):
    for it in iterables:
        yield from it


def _clause_lists(g: _Grammar, text: str, groups: List[_Group], taken, bodies: Bodies) -> None:
    """Untitled lists at a clause start: subjects of a meeting verb, names before 同志.

    ``张健主持。``, ``陈玲玲、宋志恒分别传达``, ``王五、赵六等15位同志辞去…``,
    ``以习近平同志为核心``. A list is read once, left to right; a start inside a
    list already read is skipped, so a list of any length costs its length.
    """
    resume = 0
    for m in g.list_start.finditer(text):
        start = m.start()
        if start < resume:
            continue
        names = names_after(g, text, start, frozenset(), bodies)
        if not names:
            continue
        end = names[-1][1]
        resume = end
        before = text[start - 1] if start else "\n"
        comrade = bool(g.list_end.match(text, end)) and (before in g.comrade_boundary or not start)
        subject = (before in g.subject_boundary or not start) and bool(g.subject_follow.match(text, end))
        # An untitled subject needs a meeting verb in its clause: 杨梅、枇杷等
        # 特色农产品 is a list of goods, not of people.
        if subject and not comrade and role_in(_role_clause(text, end, len(text))) is None:
            subject = False
        if comrade or subject:
            kept = [n for n in names if _free(taken, *n) and good_name(g, text, *n, bodies, strict=True)]
            _add(groups, taken, kept, "comrade" if comrade else "subject")


def _repeated(g: _Grammar, text: str, groups: List[_Group], taken, bodies: Bodies) -> None:
    """A name found once is a name everywhere in the report; so is the rest of a 、-list it opens."""
    names = {text[s:e] for gr in groups for s, e in gr.names}
    for span in known_mentions(g, text, names):
        if not _free(taken, *span) or bodies.overlaps(*span):
            continue
        found = [span]
        if text.startswith("、", span[1]):  # 肃清王三运、虞海燕等人的流毒
            rest = names_after(g, text, span[1] + 1, frozenset(), bodies, first_loose=True)
            found += [n for n in rest if _free(taken, *n) and good_name(g, text, *n, bodies, strict=True)]
        groups.append(_Group(found, [], "known"))
        for n in found:
            insort(taken, n)


def _analyze(
    text: str,
    titles: Optional[Sequence[RuleMatch]] = None,
    g: Optional[_Grammar] = None,
    body_matches: Optional[Sequence[RuleMatch]] = None,
) -> Tuple[List[RuleMatch], List[RuleMatch]]:
    g = g or grammar()
    if body_matches is None:
        body_matches = find_bodies(text, g.body)
    bodies = Bodies([b for b in body_matches if b.label == "BODY"])
    if titles is None:
        cands = candidates(g, text, bodies)
    else:
        cands = [given_cand(g, text, t) for t in sorted(titles, key=lambda t: t.start) if t.label == "TITLE"]
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
