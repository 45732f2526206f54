"""Roles in the reported meeting: who presided, reported, spoke, attended.

Pure functions over normalized text. The verbs are data
(``resources/meeting.json``, key ``roles``), and ANNOTATION.md fixes them:

* ``presided``: 主持;
* ``reported``: 作…报告 (作报告, 作工作报告, 代表…作报告, 受…委托作的工作报告),
  作…说明, 通报, 汇报;
* ``spoke``: 讲话 (作…讲话, 发表…讲话; not 重要讲话精神), 发言, 部署工作, and
  the calls of ``corpus/ANNOTATION_NOTES.md``: 指出, 强调, 传达, 宣读, 致辞 …;
* ``attended``: 出席, 参加, 列席, 在主席台就座, 到会 (到会指导).

The role clause of a name (or of a list of names sharing a title) is the text
after its last name, cut at 。;!?, a comma, a newline or the next official;
a clause that goes on after a comma with 并 (主持会议,并讲话) continues.

Two readings of that clause:

* :func:`roles_in` gives **every** role it states, in the order stated
  (主持并讲话 → presided, spoke; 作工作报告并讲话 → reported, spoke): what
  ``doc._.meeting`` lists;
* :func:`role_in` gives one role by priority (reported > presided > spoke >
  attended), the per-mention ``role`` of the official rules.

:func:`assign_roles` runs over the name groups of
:mod:`meeting_nlp.rules.officials` (lists after a title, honorific names,
untitled subjects …); :func:`mention_roles` rebuilds such groups from PERSON
spans already found (the summary component uses it) and gives every mention
its stated roles.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

__all__ = [
    "ROLES", "RoleGrammar", "role_grammar", "compile_roles", "role_in", "roles_in", "clause",
    "assign_roles", "Mention", "mention_roles",
]

ROLES = ("presided", "reported", "spoke", "attended")


@dataclass(frozen=True)
class RoleGrammar:
    roles: Tuple[Tuple[str, "re.Pattern[str]"], ...]  # in priority order
    clause_end: "re.Pattern[str]"
    continuation: "re.Pattern[str]"
    pre_roles: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    role_links: FrozenSet[str]
    quote_verbs: Tuple[str, ...]
    central_posts: FrozenSet[str]
    list_joiners: Tuple[str, ...]
    honorific_lead: "re.Pattern[str]"
    cited_context: "re.Pattern[str]"


def _charclass(chars: str) -> str:
    return "[" + "".join(re.escape(c) if c != "\n" else "\\n" for c in sorted(set(chars))) + "]"


def load_vocabulary() -> dict:
    path = resources.files("meeting_nlp").joinpath("resources/meeting.json")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def role_grammar() -> RoleGrammar:
    """The packaged role vocabulary, compiled once per process."""
    return compile_roles(load_vocabulary()["roles"])


def compile_roles(voc: dict) -> RoleGrammar:
    """Compile the ``roles`` section of ``meeting.json`` (a caller may ship its own)."""
    unknown = set(voc["verbs"]) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)} in the role vocabulary; expected {ROLES}")
    roles = tuple(
        (role, re.compile("|".join(f"(?:{r})" for r in voc["verbs"][role]))) for role in voc["priority"]
    )
    return RoleGrammar(
        roles=roles,
        clause_end=re.compile(_charclass(voc["clause_end_chars"])),
        continuation=re.compile("|".join(voc["continuations"])),
        pre_roles=tuple((role, re.compile(r)) for role, r in voc["pre_roles"].items()),
        role_links=frozenset(voc["role_links"]),
        quote_verbs=tuple(voc["quote_verbs"]),
        central_posts=frozenset(voc["central_posts"]),
        list_joiners=tuple(sorted(voc["list_joiners"], key=len, reverse=True)),
        honorific_lead=re.compile(voc.get("honorific_lead", "")),
        cited_context=re.compile(voc.get("cited_context", "(?!)")),
    )


# --------------------------------------------------------------------------
# One clause.


def role_in(clause_text: str, exclude: Sequence[str] = (), rg: Optional[RoleGrammar] = None) -> Optional[str]:
    """The clause's role by priority (reported > presided > spoke > attended), or None."""
    rg = rg or role_grammar()
    for role, pattern in rg.roles:
        for m in pattern.finditer(clause_text):
            if m.group() not in exclude:
                return role
    return None


def roles_in(clause_text: str, exclude: Sequence[str] = (), rg: Optional[RoleGrammar] = None) -> List[str]:
    """Every role the clause states, in the order stated (ties: priority)."""
    rg = rg or role_grammar()
    found = []
    for rank, (role, pattern) in enumerate(rg.roles):
        for m in pattern.finditer(clause_text):
            if m.group() not in exclude:
                found.append((m.start(), rank, role))
                break
    return [role for _, _, role in sorted(found)]


def clause(text: str, start: int, stop: int, rg: Optional[RoleGrammar] = None) -> str:
    """The role clause from ``start``: to the first clause end before ``stop``.

    After a comma, a clause that goes on with 并 (主持会议,并讲话) belongs to it.
    """
    rg = rg or role_grammar()
    pos = start
    while True:
        m = rg.clause_end.search(text, pos, stop)
        if not m:
            return text[start:stop]
        if m.group() == "," and rg.continuation.match(text, m.end()) and m.end() < stop:
            pos = m.end()
            continue
        return text[start : m.start()]


def _pre_role(text: str, start: int, rg: RoleGrammar) -> Optional[str]:
    """出席会议的还有区领导张三: the verb stands before the names."""
    m = None
    for m in rg.clause_end.finditer(text, max(0, start - 40), start):
        pass
    head = text[m.end() if m else max(0, start - 40) : start]
    for role, pattern in rg.pre_roles:
        if pattern.search(head):
            return role
    return None


def _honorific_roles(text: str, title_end: int, post: str, rg: RoleGrammar) -> List[str]:
    """习近平总书记出席…: only a verb right after the title counts."""
    exclude = rg.quote_verbs if post in rg.central_posts else ()
    found = []
    lead = rg.honorific_lead.match(text, title_end)
    at = lead.end() if lead else title_end
    for rank, (role, pattern) in enumerate(rg.roles):
        m = pattern.match(text, at)
        if m and m.group() not in exclude:
            found.append((m.end() - m.start(), rank, role))
    if not found:
        return []
    # The verb right after the title; what follows it in the clause (并讲话) too.
    first = sorted(found, key=lambda f: f[1])[0][2]
    rest = roles_in(clause(text, title_end, len(text), rg), exclude, rg)
    return [first] + [r for r in rest if r != first]


# --------------------------------------------------------------------------
# Groups of names.


@dataclass
class _G:
    """What role assignment needs of a group of names sharing titles and a role."""

    names: List[Tuple[int, int]]
    title_starts: List[int]
    kind: str  # before (honorific) | byline | any other kind
    honorific: Optional[Tuple[int, str]] = None  # (end of the title after the name, its post)
    roles: Tuple[str, ...] = ()


def _assign(text: str, groups: List[_G], rg: RoleGrammar) -> None:
    anchors = sorted(
        [(s, k) for k, gr in enumerate(groups) for s in gr.title_starts]
        + [(s, k) for k, gr in enumerate(groups) for s, _ in gr.names]
    )
    anchor_starts = [a for a, _ in anchors]
    links: Dict[int, int] = {}
    for k, gr in enumerate(groups):
        if gr.kind == "byline":
            continue
        if gr.kind == "before":
            end, post = gr.honorific
            start = gr.names[0][0]
            head = text[max(0, start - 30) : start]
            gr.roles = () if rg.cited_context.search(head) else tuple(_honorific_roles(text, end, post, rg))
            continue
        end = gr.names[-1][1]
        stop, nxt = len(text), None
        i = bisect_left(anchor_starts, end)
        while i < len(anchors):
            if anchors[i][1] != k:
                stop, nxt = anchors[i]
                break
            i += 1
        gr.roles = tuple(roles_in(clause(text, end, stop, rg), rg=rg))
        if not gr.roles and nxt is not None and text[end:stop] in rg.role_links:
            links[k] = nxt  # 区委书记张三、区长李四出席 / 县委书记张三,县长李四等出席
        if not gr.roles:
            start = min([gr.names[0][0]] + gr.title_starts)
            pre = _pre_role(text, start, rg)
            gr.roles = (pre,) if pre else ()
    for k in sorted(links, key=lambda k: -groups[k].names[-1][1]):
        nxt = links[k]
        if not groups[k].roles and groups[nxt].kind != "before":
            groups[k].roles = groups[nxt].roles


def _by_priority(roles: Sequence[str], rg: RoleGrammar) -> Optional[str]:
    order = [r for r, _ in rg.roles]
    return min(roles, key=order.index) if roles else None


def assign_roles(text: str, cands, groups, central_posts: Optional[FrozenSet[str]] = None,
                 rg: Optional[RoleGrammar] = None) -> None:
    """Roles of the official rules' groups (``officials._Group``), in place.

    Sets ``group.role`` (one role, by priority: the per-mention reading) and
    ``group.roles`` (every role the clause states, in order). ``cands`` are the
    title candidates the groups index into (``.start``, ``.end``, ``.post``).
    """
    rg = rg or role_grammar()
    if central_posts is not None and central_posts != rg.central_posts:
        rg = RoleGrammar(**{**rg.__dict__, "central_posts": frozenset(central_posts)})
    work = []
    for gr in groups:
        honorific = None
        if gr.kind == "before":
            cand = cands[gr.titles[-1]]
            honorific = (cand.end, cand.post)
        work.append(_G(list(gr.names), [cands[i].start for i in gr.titles], gr.kind, honorific))
    _assign(text, work, rg)
    for gr, w in zip(groups, work):
        gr.roles = list(w.roles)
        gr.role = _by_priority(w.roles, rg)


# --------------------------------------------------------------------------
# From PERSON spans already found.


@dataclass(frozen=True)
class Mention:
    """A PERSON span over normalized text, with its TITLE spans (normalized offsets)."""

    start: int
    end: int
    titles: Tuple[Tuple[int, int], ...] = ()
    byline: bool = False


def mention_roles(text: str, mentions: Sequence[Mention], rg: Optional[RoleGrammar] = None) -> List[Tuple[str, ...]]:
    """Every role each mention states in the meeting, in the order stated.

    Groups are rebuilt from the spans: names that share their titles and
    are joined by 、 (和, 及) form one list (区委常委冯捷、顾惠文…出席); a name
    whose title follows it (黄国钧书记) is honorific. Returns one tuple per
    mention, in the order given.
    """
    rg = rg or role_grammar()
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    groups: List[_G] = []
    member: Dict[int, int] = {}
    prev = None
    for i in order:
        m = mentions[i]
        after = [t for t in m.titles if t[0] >= m.end]
        if m.byline:
            kind = "byline"
        elif after and not [t for t in m.titles if t[1] <= m.start]:
            kind = "before"
        else:
            kind = "list"
        if prev is not None and kind == "list" and groups[member[prev]].kind == "list":
            p = mentions[prev]
            gap = text[p.end : m.start]
            if tuple(p.titles) == tuple(m.titles) and gap.strip(" ") in rg.list_joiners:
                member[i] = member[prev]
                groups[member[i]].names.append((m.start, m.end))
                prev = i
                continue
        honorific = None
        if kind == "before":
            t = min(after)
            honorific = (t[1], _post(text[t[0] : t[1]], rg))
        member[i] = len(groups)
        groups.append(_G([(m.start, m.end)], sorted({t[0] for t in m.titles if t[1] <= m.start}), kind, honorific))
        prev = i
    _assign(text, groups, rg)
    return [groups[member[i]].roles for i in range(len(mentions))]


def _post(title: str, rg: RoleGrammar) -> str:
    for post in sorted(rg.central_posts, key=len, reverse=True):
        if title.endswith(post):
            return post
    return title
