"""Names for the official rules: surnames, given names, lists, bylines, dotted names.

A name is a surname (``resources/surnames.txt``) and one or two given
characters, followed by something that may follow a name (punctuation, a
meeting verb, 等, 同志, a post …); that context decides between two- and
three-character readings (郑迪部署 vs 黄国钧讲话). Names of the minorities
are written with a middle dot (买买提·艾力; normalization turns • ‧ ・ into ·).

Inside a 、-list a name is delimited on both sides, so a list that a title
or an appointment verb governs takes every member, whatever its surname
(铁凝, 巴特尔), as long as it has the shape of a name. Every scan here moves
forward over the text and looks a bounded distance ahead, so it is linear.
"""
from __future__ import annotations

import re
from typing import FrozenSet, Iterable, List, Optional, Sequence, Tuple

from ..normalize.t2s import trie_regex
from .titles import Bodies, is_boundary, is_cjk

__all__ = [
    "split_surnames", "good_name", "is_place", "names_after", "byline_names", "name_before",
    "dotted_names", "known_mentions",
]

SPACES = " \t"
Span = Tuple[int, int]


def split_surnames(surnames: str) -> Tuple[List[str], List[str]]:
    """``surnames.txt`` text -> (single-character surnames, compound surnames)."""
    singles, compounds = [], []
    for line in surnames.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        (singles if len(line) == 1 else compounds).append(line)
    return singles, compounds


def good_name(g, text: str, start: int, end: int, bodies: Bodies, strict: bool) -> bool:
    name = text[start:end].replace(" ", "")
    if name in g.not_names or bodies.overlaps(start, end):
        return False
    if strict and (name in g.common_words or is_place(g, name)):
        return False
    return True


def is_place(g, name: str) -> bool:
    """Place names look like names (金华, 温岭): reject them where context is weak."""
    bg = g.body
    if name in bg.short_places or name in bg.places:
        return True
    return any(name + suffix in bg.places for suffix in ("市", "区", "县", "州", "旗"))


def _loose_item(g, text: str, pos: int, last: bool) -> Optional[Span]:
    """A list member without a known surname: 2-3 characters shaped like a name.

    In the middle of a list it must end at a 、; the last member must be
    followed by what follows a name.
    """
    for size in (2, 3, 4):
        end = pos + size
        if end > len(text):
            return None
        chars = text[pos:end]
        if not all(is_cjk(c) for c in chars) or any(c in g.list_item_never for c in chars):
            return None
        if text.startswith("、", end) or (last and size < 4 and g.follow.match(text, end)):
            return pos, end  # four characters only between two 、 (白玛赤林)
    return None


def _item(g, text: str, pos: int, bodies: Bodies, loose: bool, title: bool, anchored: bool) -> Optional[Span]:
    """One name at ``pos``: with a surname, with a middle dot, or (``loose``) by shape alone."""
    m = g.ethnic.match(text, pos) or g.name.match(text, pos)
    if m is None and (title or loose):
        m = g.name_relaxed.match(text, pos)
    if m and good_name(g, text, m.start(), m.end(), bodies, strict=False):
        return m.span()
    if loose:
        span = _loose_item(g, text, pos, last=True)
        if span and good_name(g, text, *span, bodies, strict=True):
            return span
    if anchored:
        m = g.name_unfollowed.match(text, pos)  # 甘肃省委原书记王三运严重违纪
        if m and good_name(g, text, m.start(), m.end(), bodies, strict=True):
            return m.span()
    return None


def names_after(
    g, text: str, pos: int, stops: FrozenSet[int], bodies: Bodies, loose: bool = True,
    title: bool = False, first_loose: bool = False, anchored: bool = False,
) -> List[Span]:
    """A name or a list of names (、, 和, 及) starting at ``pos`` (after a title or introducer).

    With ``loose``, members after the first need no known surname (ANNOTATION.md:
    every name of a long 、-list after a title, whatever its surname); with
    ``first_loose`` the first does not either. ``title``: a title stands right
    before, so given names may use more characters, and a three-character
    name needs nothing after it when the title is ``anchored`` (a body or unit
    before its post: 甘肃省委原书记王三运严重违纪).
    """
    while pos < len(text) and text[pos] in SPACES:
        pos += 1
    names: List[Span] = []
    while pos not in stops:
        span = _item(g, text, pos, bodies, loose=loose and (first_loose or bool(names)), title=title and not names,
                     anchored=anchored and not names)
        if span is None:
            break
        names.append(span)
        joiner = next((j for j in g.joiners if text.startswith(j, span[1])), None)
        if joiner is None:
            break
        pos = span[1] + len(joiner)
    return names


def byline_names(g, text: str, pos: int, bodies: Bodies) -> List[Span]:
    """Names after a byline role: ``记者 潘逸 陈阵``, ``全媒体记者 周 益``, ``编辑:叶成``."""
    while pos < len(text) and text[pos] in g.byline_seps:
        pos += 1
    names: List[Span] = []
    while pos < len(text):
        m = g.byline_name.match(text, pos) or g.name.match(text, pos) or g.ethnic.match(text, pos)
        if not m or not good_name(g, text, m.start(), m.end(), bodies, strict=False):
            break
        names.append(m.span())
        pos = m.end()
        while pos < len(text) and text[pos] in " 、,":
            pos += 1
        if g.byline.match(text, pos):
            break
    return names


def name_before(
    g, text: str, end: int, known: FrozenSet[str], bodies: Bodies, floor: int
) -> Optional[Span]:
    """The name directly before an honorific title (习近平总书记)."""
    options = []
    for size in (4, 3, 2):
        a = end - size
        if a < floor:
            continue
        if g.name_bare.fullmatch(text, a, end) and good_name(g, text, a, end, bodies, strict=True):
            options.append(a)
    if not options:
        return None
    for a in options:
        if text[a:end] in known:
            return a, end
    for a in options:
        if is_boundary(g, text, a):
            return a, end
    a = options[0]
    if end - a == 3 and len(options) > 1:
        first, second = text[a], text[a + 1]
        if second in g.top_surnames and first not in g.top_surnames:
            a = options[1]  # 学习李强总理: 李强, not 习李强
    return a, end


def dotted_names(g, text: str, bodies: Bodies, free) -> List[Span]:
    """Names with a middle dot anywhere (买买提·艾力), left edge at a boundary or a function word."""
    out: List[Span] = []
    pos = 0
    while True:
        dot = text.find("·", pos)
        if dot < 0:
            return out
        pos = dot + 1
        if dot == 0 or not is_cjk(text[dot - 1]) or not free(dot, dot + 1):
            continue
        start = dot
        while start > 0 and dot - start < g.dot_left_max and is_cjk(text[start - 1]) and text[start - 1] not in g.dot_left_stop:
            start -= 1
        if start == dot or (start > 0 and is_cjk(text[start - 1]) and text[start - 1] not in g.dot_left_stop):
            continue  # no left edge to trust
        m = g.ethnic.match(text, start)
        if m and m.end() > dot and free(*m.span()) and _dotted_shape(g, m.group()) and good_name(g, text, *m.span(), bodies, strict=True):
            out.append(m.span())
            pos = m.end()


def _dotted_shape(g, name: str) -> bool:
    """No part of a dotted name is an outlet or a word (人民网·新华社讯)."""
    parts = name.split("·")
    if any(p.endswith(g.outlet_suffixes) for p in parts):
        return False
    return not any(c in g.given_never for p in parts for c in p[1:])


def known_mentions(g, text: str, names: Iterable[str]) -> List[Span]:
    """Every later (or earlier) bare mention of a name already found: one alternation, one pass."""
    known = {n for n in names if len(n) >= 2 and " " not in n}
    if not known:
        return []
    # a prefix trie as one regex: the scan costs the same however many names are known
    pattern = re.compile(f"(?:{trie_regex(known)})(?={g.follow.pattern})")
    return [m.span() for m in pattern.finditer(text)]
