"""BODY rules: the naming grammar of PRC party and state organs.

A body name is built, right to left, from

* an **organ** word (委, 委常委会, 政府, 人大常委会, 政协, 纪委, 监委,
  人民法院, 人民检察院, 委办, 委组织部, 管委会, 党工委, 人武部, ...);
* a **level word** directly before it (省 市 区 县 旗 镇 乡 街道 自治州 ...),
  or several sharing the organ (省市委, 省、市委, 省市区委);
* optionally the **place** the level word ends (金东区委, 浙江省委,
  无锡市锡山区委), a **development zone** (金华金义新区管委会), a
  **township stem** (张家镇党委), a **term** (四届区委) and the **party
  name** (中共嘉定区委, 中国共产党金华市金东区);

plus the fixed central names (党中央, 中央, 国务院, 全国人大常委会, 中央纪委,
国家监委 ...). A party name with places but no organ is a body of its own
(中共嘉定区 in 中共嘉定区第七届委员会...), so is a bare 中国共产党.

Places come from a gazetteer of province, prefecture and county names
(``resources/bodies.json``); township and zone names are open classes, so
their stems are accepted only where the characters before them close the
name (punctuation, a function word, a place or the party name).

:func:`find_bodies` returns non-overlapping matches, longest first, with
``attrs = {"kind": ..., "level": ...}`` from the closed vocabularies of
ANNOTATION.md. It also returns bodies that will end up inside a TITLE,
SESSION or DOCUMENT: the resolver drops nested spans, and the title and
session rules use them.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from . import body_extras
from .base import RuleMatch
from .organs import canonical_organ

__all__ = ["find_bodies", "compile_grammar", "grammar", "KINDS", "LEVELS"]

KINDS = (
    "party-committee", "party-standing-committee", "government", "congress",
    "congress-standing-committee", "cppcc", "discipline", "supervision",
    "procuratorate", "court", "military", "party-office", "other",
)
LEVELS = ("central", "provincial", "municipal", "county", "township")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_BOUNDARY = frozenset(" \t\r\n,.;:!?()[]<>\"'、。《》“”‘’〔〕【】—…·/|")
_FORMAL_COMMITTEE = "委员会"
#: most level words a joint head may list before one organ (省、市、区、县委)
_MAX_SHARED = 3


def load_resource(name: str) -> dict:
    """Read one JSON vocabulary from ``meeting_nlp/resources``."""
    path = resources.files("meeting_nlp").joinpath(f"resources/{name}")
    return json.loads(path.read_text(encoding="utf-8"))


def alternation(words, lookahead: Optional[Dict[str, Sequence[str]]] = None) -> str:
    """A regex alternation, longest word first, with optional per-word negative lookaheads."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        not_after = (lookahead or {}).get(word) or ()
        tail = "(?!" + "|".join(not_after) + ")" if not_after else ""
        parts.append(re.escape(word) + tail)
    return "(?:" + "|".join(parts) + ")"


@dataclass(frozen=True)
class _Grammar:
    core: "re.Pattern[str]"
    level_term: "re.Pattern[str]"
    central: "re.Pattern[str]"
    prefix: "re.Pattern[str]"
    term: "re.Pattern[str]"
    shared: "re.Pattern[str]"
    group: "re.Pattern[str]"
    town_after_prefix: "re.Pattern[str]"
    garrison: "re.Pattern[str]"
    garrison_words: Tuple[str, ...]
    organ_kind: Dict[str, str]
    central_kind: Dict[str, Tuple[str, str]]
    levels: Dict[str, str]
    township: FrozenSet[str]
    places: Dict[str, str]
    place_max: int
    place_sizes: Tuple[int, ...]
    place_last: FrozenSet[str]
    short_places: FrozenSet[str]
    zones: Tuple[str, ...]
    zones_by_last: Dict[str, Tuple[str, ...]]
    zones_need_stem: FrozenSet[str]
    zone_organs: FrozenSet[str]
    not_compounds: FrozenSet[str]
    generic_levels: FrozenSet[str]
    generic_before: Tuple[str, ...]
    stem_stop: FrozenSet[str]
    party_prefixes: Tuple[str, ...]
    cppcc_prefixes: Tuple[str, ...]
    adjacent: Dict[str, Tuple[str, ...]]
    term_not_after: str
    extras: Optional[body_extras.Extras] = None


@lru_cache(maxsize=None)
def grammar() -> _Grammar:
    """The packaged vocabulary, compiled once per process."""
    return compile_grammar(load_resource("bodies.json"))


def compile_grammar(voc: dict) -> _Grammar:
    """Compile a ``bodies.json`` vocabulary (a component may ship its own copy)."""
    organs = voc["organs"]
    organ_kind = {word: spec["kind"] for word, spec in organs.items()}
    organ_not = {word: spec.get("not_followed_by", ()) for word, spec in organs.items()}
    zone_words = [z for z in voc["zones"] if z[-1] not in voc["levels"]]
    level_alt = alternation(list(voc["levels"]) + zone_words)
    organ_alt = alternation(organs, organ_not)
    term = voc["term"]
    head = alternation(voc["shared_head_levels"])
    # a joint head shares one organ over at most four level words (省市区县委): bounded, so
    # that a run of level characters costs linear time (an open + here backtracks)
    core = re.compile(f"(?P<lv>{head}(?:、?{head}){{1,{_MAX_SHARED}}}|{level_alt})(?P<org>{organ_alt})")
    lt_organs = alternation(voc["level_term_organs"], organ_not)
    level_term = re.compile(
        f"(?P<lv>{level_alt})(?P<term>{term})(?P<org>{lt_organs})(?![一二三四五六七八九十百0-9]+次|第)"
    )
    central = re.compile(alternation(voc["central"], voc["central_not_followed_by"]))
    prefix = re.compile(
        "(?P<party>" + alternation(voc["party_prefixes"]) + "(?!"
        + "|".join(map(re.escape, voc["party_prefix_not_before"])) + "))|"
        + alternation(voc["cppcc_prefix"])
    )
    stop = voc["stem_stop_chars"]
    stem = f"[{_CJK}](?<![{re.escape(stop)}])"
    town = alternation(voc["township_levels"])
    town_after_prefix = re.compile(f"(?:{stem}){{2,3}}?{town}")
    shared = re.compile(
        "(?:" + alternation(voc["shared_level_gap"]) + ")?、(?P<org>"
        + alternation(voc["shared_level_organs"], organ_not) + ")"
    )
    groups = voc["groups"]
    ordinal = "(?:第[一二三四五六七八九十0-9]+)?"
    group = re.compile(
        ordinal + "(?:" + alternation(groups["topics"]) + ")?" + ordinal + "(?:巡回)?"
        + alternation(groups["suffixes"])
    )
    garrison = re.compile(alternation(voc["garrison_organs"]))
    places: Dict[str, str] = {}
    for level in ("county", "municipal", "provincial"):
        for name in voc["places"][level]:
            places[name] = level
    return _Grammar(
        core=core,
        level_term=level_term,
        central=central,
        prefix=prefix,
        term=re.compile(term),
        shared=shared,
        group=group,
        town_after_prefix=town_after_prefix,
        garrison=garrison,
        garrison_words=tuple(voc["garrison_organs"]),
        organ_kind=organ_kind,
        central_kind={k: (v["kind"], v["level"]) for k, v in voc["central"].items()},
        levels=voc["levels"],
        township=frozenset(voc["township_levels"]),
        places=places,
        place_max=max(map(len, places)),
        place_sizes=tuple(sorted({len(p) for p in places}, reverse=True)),
        place_last=frozenset(p[-1] for p in places),
        short_places=frozenset(voc["short_places"]),
        zones=tuple(sorted(voc["zones"], key=len, reverse=True)),
        zones_by_last={
            ch: tuple(sorted((z for z in voc["zones"] if z[-1] == ch), key=len, reverse=True))
            for ch in {z[-1] for z in voc["zones"]}
        },
        zones_need_stem=frozenset(voc["zones_need_stem"]),
        zone_organs=frozenset(voc["zone_organs"]),
        not_compounds=frozenset(voc["not_place_compounds"]),
        generic_levels=frozenset(voc["generic_level_sequences"]),
        generic_before=tuple(voc["generic_before"]),
        stem_stop=frozenset(stop),
        party_prefixes=tuple(sorted(voc["party_prefixes"], key=len, reverse=True)),
        cppcc_prefixes=tuple(sorted(voc["cppcc_prefix"], key=len, reverse=True)),
        adjacent={k: tuple(v) for k, v in voc["adjacent_organs"].items()},
        term_not_after=voc["term_not_after"],
        extras=body_extras.compile_extras(voc) if "extras" in voc else None,
    )


_default = grammar


# --------------------------------------------------------------------------
# Places, stems, prefixes: small look-ups around one match, never a text scan.


def _is_boundary(text: str, pos: int, g: _Grammar) -> bool:
    """True when the name starting at ``pos`` cannot continue to the left."""
    if pos <= 0:
        return True
    ch = text[pos - 1]
    return ch in _BOUNDARY or ch in g.stem_stop or not ("\u3400" <= ch <= "\u9fff")


def _place_ending(g: _Grammar, text: str, end: int) -> Optional[Tuple[int, str]]:
    """The longest gazetteer place that ends at ``end``: (start, level)."""
    if end <= 0 or text[end - 1] not in g.place_last:
        return None
    for size in g.place_sizes:
        if size > end:
            continue
        name = text[end - size : end]
        level = g.places.get(name)
        if level is None:
            continue
        start = end - size
        if _cuts_prefix(g, text, start):
            continue  # 中共和县: not 共和县
        # One-character stems (和县, 新县, 南县) are common words: only accept
        # them after a place or the party name (安徽省和县委, 中共和县县委), or
        # before their own level word again (萧县县委).
        doubled = text.startswith(name[-1], end)
        if size == 2 and not (doubled or _closed_left(g, text, start)):
            continue
        return start, level
    return None


def _cuts_prefix(g: _Grammar, text: str, start: int) -> bool:
    """A place starting inside 中共 / 中国共产党 / 政协 is misread."""
    for prefix in g.party_prefixes + g.cppcc_prefixes:
        for k in range(1, len(prefix)):
            if start >= k and text.startswith(prefix, start - k):
                return True
    return False


def _closed_left(g: _Grammar, text: str, pos: int) -> bool:
    """A place or the party name ends at ``pos`` (so a name may start there)."""
    if any(text.startswith(p, pos - len(p)) for p in g.party_prefixes + g.cppcc_prefixes if pos >= len(p)):
        return True
    for size in range(min(g.place_max, pos), 2, -1):
        if text[pos - size : pos] in g.places:
            return True
    return False


def _short_place_ending(g: _Grammar, text: str, end: int) -> Optional[int]:
    for size in (4, 3, 2):
        if end >= size and text[end - size : end] in g.short_places:
            return end - size
    return None


def _stem_start(g: _Grammar, text: str, end: int, sizes: Sequence[int]) -> Optional[int]:
    """Start of an open-class name stem ending at ``end`` that is closed on the left."""
    for size in sizes:
        start = end - size
        if start < 0:
            continue
        stem = text[start:end]
        if any(ch in g.stem_stop or not ("\u3400" <= ch <= "\u9fff") for ch in stem):
            continue
        if _is_boundary(text, start, g) or _closed_left(g, text, start) or _short_place_ending(g, text, start) is not None:
            return start
    return None


def _zone_ending(g: _Grammar, text: str, end: int) -> Optional[str]:
    if end <= 0:
        return None
    for zone in g.zones_by_last.get(text[end - 1], ()):
        if text.startswith(zone, end - len(zone)) and end >= len(zone):
            return zone
    return None


def _extend_prefixes(g: _Grammar, text: str, start: int, allow_term: bool = True) -> Tuple[int, bool, bool]:
    """Grow a body leftwards over places, a term and the party/CPPCC name.

    Returns (start, has_party_prefix, has_cppcc_prefix).
    """
    while True:
        place = _place_ending(g, text, start)
        if place is None or place[0] == start:
            break
        start = place[0]
    if allow_term:
        start = _term_before(g, text, start)
    for prefix in g.party_prefixes:
        if start >= len(prefix) and text.startswith(prefix, start - len(prefix)):
            return start - len(prefix), True, False
    for prefix in g.cppcc_prefixes:
        if start >= len(prefix) and text.startswith(prefix, start - len(prefix)):
            return start - len(prefix), False, True
    return start, False, False


def _term_before(g: _Grammar, text: str, start: int) -> int:
    """Include a term (四届, 第十二届) written directly before the body."""
    if start < 2 or text[start - 1] != "届":
        return start
    for size in range(min(8, start), 1, -1):
        a = start - size
        if g.term.fullmatch(text, a, start):
            if a > 0 and text[a - 1] in g.term_not_after:
                return start
            return a
    return start


# --------------------------------------------------------------------------
# The matchers.


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    level: Optional[str]


def _level_of(g: _Grammar, lv: str) -> Tuple[Optional[str], bool]:
    """Level of the level words before an organ, and whether several share it.

    区 -> county; 省市区 / 省、市 -> None, shared (ANNOTATION_NOTES: a joint
    head over several levels has no single level); 区、县 -> county, shared;
    a zone word (新城) -> None, not shared.
    """
    pieces: List[str] = []
    for word in lv.split("、"):
        i = 0
        while i < len(word):
            for size in (5, 3, 2, 1):
                piece = word[i : i + size]
                if piece in g.levels:
                    pieces.append(g.levels[piece])
                    i += size
                    break
            else:
                return None, False
    if len(pieces) == 1:
        return pieces[0], False
    return (pieces[0] if len(set(pieces)) == 1 else None), True


def _repeats(lv: str) -> bool:
    """Two equal level words in a row (县县), which no joint head writes."""
    return any(a == b for a, b in zip(lv, lv[1:]))


def _after_generic(g: _Grammar, text: str, start: int) -> bool:
    """各区委, 全县, 本市: a class or the whole area, not one named organ."""
    return any(text.startswith(w, start - len(w)) for w in g.generic_before if start >= len(w))


def _tail_of_word(g: _Grammar, text: str, start: int, lv: str) -> bool:
    """The first level word of a joint head ends another word (金华军分区、县人武部)."""
    first = lv[0]
    end = start + 1
    if text[max(0, start - 1) : end] in g.not_compounds or _zone_ending(g, text, end):
        return True
    if any(text.startswith(w, end - len(w)) for w in g.garrison_words if end >= len(w)):
        return True
    return first in "区县市" and _place_ending(g, text, end) is not None


def _core(g: _Grammar, text: str, m: "re.Match[str]") -> Optional[_Found]:
    """Level word(s) + organ, grown left over its place, zone or township stem."""
    lv, organ = m.group("lv"), m.group("org")
    kind = g.organ_kind[organ]
    start = m.start()
    level, shared = _level_of(g, lv)
    lv_end = m.start("org")
    if shared and _after_generic(g, text, start):
        return None  # 各区县政府, 各省市党委
    if shared and (_repeats(lv) or _tail_of_word(g, text, m.start(), lv)):
        # 和县县委, 城关镇镇党委: the place's own level word, then the organ's.
        last = next(w for w in sorted(g.levels, key=len, reverse=True) if lv.endswith(w))
        start, lv = lv_end - len(last), last
        level, shared = g.levels[last], False
    if shared and lv.replace("、", "") in g.generic_levels:
        return None  # 乡镇党委, 区县政府: a class of bodies, not one
    if not shared:
        place = _place_ending(g, text, lv_end)
        zone = _zone_ending(g, text, lv_end)
        if place is not None and (zone is None or place[0] < lv_end - len(zone)):
            start, level = place
        elif zone is not None:
            if organ not in g.zone_organs:
                return None
            zone_start = lv_end - len(zone)
            stem = _stem_start(g, text, zone_start, (4, 3, 2))
            if stem is None:
                if zone in g.zones_need_stem:
                    return None
                stem = zone_start
            start, level = stem, None
            short = _short_place_ending(g, text, start)
            if short is not None and not _is_boundary(text, start, g):
                start = short
        elif lv in g.township:
            stem = _stem_start(g, text, start, (3, 2))
            if stem is not None:
                start = stem
            elif text[max(0, start - 1) : start + 1] in g.not_compounds:
                return None
        else:
            if text[max(0, start - 1) : start + 1] in g.not_compounds:
                return None
    level_start = lv_end - len(lv)
    if start == level_start and _after_generic(g, text, start):
        return None
    named = start < level_start
    if not named and lv == "区":
        if organ == "党委":
            level = "provincial"  # 区党委: an autonomous region's (districts have 区委)
        elif organ in ("党工委", "工委", "管委会", "管理委员会"):
            level = None  # 区党工委, 区管委会: a development zone's, no level of the scheme
    start, party, cppcc = _extend_prefixes(g, text, start)
    if organ == _FORMAL_COMMITTEE:
        # 中共XX区委员会 / 政协XX市委员会 always name the place; a bare 区委员会
        # is the tail of 全面依法治区委员会.
        if not (named or party or cppcc):
            return None
        if cppcc:
            kind = "cppcc"
    return _Found(start, m.end(), kind, level)


def _level_term(g: _Grammar, text: str, m: "re.Match[str]") -> Optional[_Found]:
    """区五届人大: a term between the level word and the organ stays inside."""
    level = g.levels.get(m.group("lv"))
    start = m.start()
    place = _place_ending(g, text, m.end("lv"))
    if place is not None:
        start, level = place
    elif text[max(0, start - 1) : start + 1] in g.not_compounds:
        return None
    start, _, _ = _extend_prefixes(g, text, start, allow_term=False)
    return _Found(start, m.end(), g.organ_kind[m.group("org")], level)


def _party_name(g: _Grammar, text: str, m: "re.Match[str]") -> Optional[_Found]:
    """中共 / 中国共产党 and the places written after it (中共无锡市锡山区).

    The CPPCC's formal prefix counts only with a place (政协杭州市第十二届委员会):
    a bare 政协 has no level.
    """
    pos, level = m.end(), None
    while True:
        for size in range(min(g.place_max, len(text) - pos), 1, -1):
            name = text[pos : pos + size]
            if name in g.places:
                pos, level = pos + size, g.places[name]
                break
        else:
            break
    town = g.town_after_prefix.match(text, pos)
    if town:
        pos, level = town.end(), "township"
    if m.group("party") is None:
        return _Found(m.start(), pos, "cppcc", level) if pos > m.end() else None
    if pos == m.end():
        level = "central"  # 中国共产党 alone: the party, led by its central committee
    return _Found(m.start(), pos, "party-committee", level)


def _resolve(found: List[_Found]) -> List[_Found]:
    """Keep the longest of overlapping candidates, in text order.

    Characters already covered are marked in a bytearray: a candidate is
    checked and marked in time proportional to its own length (bodies are
    short), so resolving is linear in the text (inserting into sorted lists
    was quadratic in the number of bodies).
    """
    if not found:
        return []
    taken = bytearray(max(f.end for f in found))
    kept: List[_Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if taken.find(1, f.start, f.end) != -1:
            continue
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
        kept.append(f)
    kept.sort(key=lambda f: f.start)
    return kept


def _followers(g: _Grammar, text: str, bodies: List[_Found]) -> List[_Found]:
    """Bodies that borrow the level of the one before them, and steering groups.

    县人大、政协 -> 县人大 + 政协 (county); 区纪委监委 -> 区纪委 + 监委;
    区纪委委员、监委委员 -> 监委 (county); 市委主题教育第五巡回督导组 -> one body.
    """
    out: List[_Found] = []
    starts = {b.start for b in bodies}
    for body in bodies:
        group = g.group.match(text, body.end)
        if group and group.end() - body.end >= 3:
            out.append(_Found(body.start, group.end(), "other", body.level))
            continue
        out.append(body)
        if body.level is None:
            continue
        end = body.end
        organ = _organ_at_end(g, text, body)
        for nxt in g.adjacent.get(organ, ()):
            if text.startswith(nxt, end) and end not in starts:
                out.append(_Found(end, end + len(nxt), g.organ_kind[nxt], body.level))
                end += len(nxt)
                break
        while True:
            m = g.shared.match(text, end)
            if not m or m.start("org") in starts:
                break
            out.append(_Found(m.start("org"), m.end(), g.organ_kind[m.group("org")], body.level))
            end = m.end()
    return out


def _organ_at_end(g: _Grammar, text: str, body: _Found) -> str:
    for size in range(min(7, body.end - body.start), 0, -1):
        word = text[body.end - size : body.end]
        if word in g.organ_kind:
            return word
    return ""


def _borrow_kind(text: str, bodies: List[_Found]) -> None:
    """A bare 党组 after ``<body>召开`` is that body's party group: its kind (人民检察院召开党组会)."""
    for prev, body in zip(bodies, bodies[1:]):
        if body.level is None and body.kind == "party-committee" and text[body.start : body.end] == "党组":
            gap = text[prev.end : body.start]
            if gap in ("召开", "召开了", "举行", "") and prev.kind in ("court", "procuratorate", "government", "congress", "congress-standing-committee", "cppcc"):
                body.kind = prev.kind


def find_bodies(text: str, grammar: Optional[_Grammar] = None) -> List[RuleMatch]:
    """Every BODY in normalized simplified ``text``, non-overlapping, in text order.

    ``grammar`` is a :func:`compile_grammar` result; the packaged vocabulary by default.
    """
    g = grammar or _default()
    found: List[_Found] = []
    for m in g.core.finditer(text):
        f = _core(g, text, m)
        if f is not None:
            found.append(f)
    for m in g.level_term.finditer(text):
        f = _level_term(g, text, m)
        if f is not None:
            found.append(f)
    for m in g.garrison.finditer(text):
        # 金华军分区: garrisons are named after the prefecture's short name.
        start = _short_place_ending(g, text, m.start())
        if start is not None:
            found.append(_Found(start, m.end(), "military", "municipal"))
    ex = g.extras
    for m in g.central.finditer(text):
        kind, level = g.central_kind[m.group()]
        start = body_extras.central_start(ex, text, m.start()) if ex else m.start()
        found.append(_Found(start, m.end(), kind, level))
    if ex is not None:
        for b in body_extras.find_extras(ex, text):
            found.append(_Found(b.start, b.end, b.kind, b.level))
    for m in g.prefix.finditer(text):
        f = _party_name(g, text, m)
        if f is not None:
            found.append(f)
    first = _resolve(found)
    if ex is not None:
        grown = body_extras.grow(ex, text, [body_extras.Body(f.start, f.end, f.kind, f.level) for f in first])
        first = [_Found(b.start, b.end, b.kind, b.level) for b in grown]
    bodies = _resolve(_followers(g, text, first))
    _borrow_kind(text, bodies)
    out = []
    for b in bodies:
        canonical, place = canonical_organ(text[b.start : b.end])
        attrs = {"kind": b.kind, "level": b.level, "canonical": canonical, "place": place}
        out.append(RuleMatch(b.start, b.end, "BODY", attrs))
    return out
