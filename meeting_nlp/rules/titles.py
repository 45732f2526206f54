"""TITLE candidates for the official rules: ``[body | place | unit…] [modifiers] post``.

Every post of ``resources/titles.json`` (书记, 委员长, 首席大法官 …) and every
byline role (记者, 编辑 …) is a candidate; a post grows left over its
modifiers (副, 常务副, 代, 代理, 党组 …), then over the BODY that ends there
(:mod:`.bodies` found it), a place name or a chain of sub-units (人事工作委员会,
第五巡回督导组, 大学党委). A byline role grows left over the outlet that
publishes it (新华社记者, 福建日报记者, 天水在线编辑). A candidate is a TITLE
only once :mod:`.officials` finds a named holder for it.

Each step looks a bounded number of characters to the left, so the pass is
linear in the text.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from .base import RuleMatch

__all__ = ["Cand", "Bodies", "is_boundary", "candidates", "given_cand"]


@dataclass
class Cand:
    start: int
    end: int
    post: str
    anchored: bool  # a body, place or unit stands before the post
    byline: bool = False


class Bodies:
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


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def is_boundary(g, text: str, pos: int) -> bool:
    """Nothing name- or word-like stands right before ``pos``."""
    if pos <= 0:
        return True
    ch = text[pos - 1]
    return ch in g.boundary or ch in g.unit_stop or ch in g.seps or not is_cjk(ch)


def _title_start(g, text: str, q: int, bodies: Bodies, floor: int) -> Tuple[int, bool]:
    """Where a title whose modifiers start at ``q`` begins: body, units, or nothing."""
    if q in bodies.by_end and bodies.by_end[q] >= floor:
        return bodies.by_end[q], True
    bg = g.body
    place = _place_before(bg, text, q)  # 海南省省长
    if place is not None and place >= floor:
        return place, True
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
        if is_boundary(g, text, a):
            best = a
    if best is not None:
        return best, True
    return q, False


def _place_before(bg, text: str, end: int) -> Optional[int]:
    for size in range(min(bg.place_max, end), 2, -1):
        if text[end - size : end] in bg.places:
            return end - size
    return None


def _outlet_before(g, text: str, end: int, floor: int) -> int:
    """Start of the outlet before a byline role (新华社记者), or ``end`` when there is none."""
    for size in range(2, min(g.outlet_max, end - floor) + 1):
        a = end - size
        if not is_cjk(text[a]) or text[a] in g.unit_stop:
            return end
        if is_boundary(g, text, a) and any(text.startswith(s, end - len(s)) for s in g.outlet_suffixes):
            return a
    return end


def candidates(g, text: str, bodies: Bodies) -> List[Cand]:
    """Every post and byline role, grown left over modifiers and its body, unit or outlet."""
    found: List[Cand] = []
    for m in g.post.finditer(text):
        if text[m.end() : m.end() + 1] in g.post_not_followed:
            continue  # 书记 in 书记处, 主任 in 主任会议
        if bodies.overlaps(m.start(), m.end()):
            # 常委 in 人大常委会 is no post; 党组成员 after the BODY 区政府党组 leaves the post 成员
            for pos in range(m.start() + 1, m.end()):
                if not bodies.overlaps(pos, m.end()) and g.post.fullmatch(text, pos, m.end()):
                    found.append(Cand(pos, m.end(), text[pos : m.end()], False))
                    break
            continue
        found.append(Cand(m.start(), m.end(), m.group(), False))
    for m in g.byline.finditer(text):
        if text[m.end() : m.end() + 1] in g.post_not_followed:
            continue  # 编辑部, 记者站
        found.append(Cand(m.start(), m.end(), m.group(), True, byline=True))
    found.sort(key=lambda c: (c.start, -c.end))
    out: List[Cand] = []
    floor = 0
    for c in found:
        if c.start < floor:
            continue
        if c.byline:
            c.start = _outlet_before(g, text, c.start, floor)
        else:
            q = c.start
            while True:
                for mod in g.mods:
                    if q - len(mod) >= floor and text.startswith(mod, q - len(mod)) and not bodies.overlaps(q - len(mod), q):
                        q -= len(mod)
                        break
                else:
                    break
            c.start, c.anchored = _title_start(g, text, q, bodies, floor)
            if c.anchored:
                for mod in g.pre_body_mods:  # 原市委书记
                    a = c.start - len(mod)
                    if a >= floor and text.startswith(mod, a) and is_boundary(g, text, a):
                        c.start = a
                        break
                term = g.pre_title.search(text, max(floor, c.start - 8), c.start)  # 第十八届中央委员
                if term and is_boundary(g, text, term.start()):
                    c.start = term.start()
            for mark in g.post_marks:  # 区委副书记(兼)
                if text.startswith(mark, c.end):
                    c.end += len(mark)
                    break
        out.append(c)
        floor = c.end
    return out


def given_cand(g, text: str, t: RuleMatch) -> Cand:
    """A candidate for a TITLE span found elsewhere (``find_persons(titles=…)``)."""
    span = text[t.start : t.end]
    byline = any(span.endswith(r) for r in g.byline_roles)
    posts = sorted(g.posts_after_name | g.posts_need_body, key=len, reverse=True)
    post = next((p for p in posts if span.endswith(p)), span)
    return Cand(t.start, t.end, post, anchored=span != post, byline=byline)
