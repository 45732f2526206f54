"""Canonical organ names: one name per kind of organ and level, the place aside.

ANNOTATION.md ("Canonical organ names") counts meetings across places by a
short canonical name: the level word (省 市 区 县 旗 州 盟 镇 乡 街道, 自治区,
or 全国 / 中央 at the centre) plus the organ's short name, with the place
named before it returned separately::

    >>> canonical_organ("中共温州市委")
    ('市委', '温州市')
    >>> canonical_organ("市政协十二届常委会")
    ('市政协常委会', None)
    >>> canonical_organ("中共张家镇第十五届委员会")
    ('镇党委', '张家镇')

The input is the normalized simplified text of a BODY, or the organ part of
a SESSION. It is read, left to right, as

    [state / party / CPPCC prefix] [term] [place] level-word organ [sub-organ]

where the term (第十五届, 十二届) may sit anywhere and is dropped, the prefix is
dropped but remembered (政协杭州市委员会 is the municipal CPPCC, 中共X县委员会
the county party committee), and a sub-organ after the organ is kept as
written (市委办公厅, 区政府党组, 全国人大常委会法制工作委员会). Central organs
come from a fixed table (国务院, 中央政治局, 全国政协常委会 ...). Institutions'
committees take the institution's short word (浙江大学党委 → 校党委, place
浙江大学; 某集团有限公司党委 → 集团党委). All vocabulary is in
``resources/organs.json``; decisions are documented in docs/rules-bodies.md.

The function is pure, cached, and linear in the length of its input (a
scan over positions with fixed-size dictionary look-ups).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Dict, Optional, Tuple

__all__ = ["canonical_organ", "OrganTable", "organ_table", "compile_table"]

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, eq=False)
class OrganTable:
    """The compiled ``organs.json``."""

    party_prefixes: Tuple[str, ...]
    state_prefixes: Tuple[str, ...]
    cppcc_prefixes: Tuple[str, ...]
    central: Tuple[Tuple[str, str], ...]  # longest first
    central_after_cppcc: frozenset
    levels: Dict[str, str]
    level_sizes: Tuple[int, ...]
    party_committee: Dict[str, str]
    organs: Dict[str, Tuple[str, str]]
    organ_sizes: Tuple[int, ...]
    cppcc_organs: Dict[str, str]
    cppcc_sizes: Tuple[int, ...]
    institutions: Dict[str, str]
    institution_sizes: Tuple[int, ...]
    institution_organs: Dict[str, str]
    institution_organ_sizes: Tuple[int, ...]
    term: "re.Pattern[str]"


def _sizes(words) -> Tuple[int, ...]:
    return tuple(sorted({len(w) for w in words}, reverse=True))


def compile_table(voc: dict) -> OrganTable:
    """Compile an ``organs.json`` vocabulary."""
    pre = voc["prefixes"]
    longest = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    central = tuple(sorted(voc["central"].items(), key=lambda kv: -len(kv[0])))
    organs = {k: (v[0], v[1]) for k, v in voc["organs"].items()}
    return OrganTable(
        party_prefixes=longest(pre["party"]),
        state_prefixes=longest(pre["state"]),
        cppcc_prefixes=longest(pre["cppcc"]),
        central=central,
        central_after_cppcc=frozenset(voc["central_after_cppcc"]),
        levels=dict(voc["levels"]),
        level_sizes=_sizes(voc["levels"]),
        party_committee=dict(voc["party_committee"]),
        organs=organs,
        organ_sizes=_sizes(organs),
        cppcc_organs=dict(voc["cppcc_organs"]),
        cppcc_sizes=_sizes(voc["cppcc_organs"]),
        institutions=dict(voc["institutions"]),
        institution_sizes=_sizes(voc["institutions"]),
        institution_organs=dict(voc["institution_organs"]),
        institution_organ_sizes=_sizes(voc["institution_organs"]),
        term=re.compile(voc["term"]),
    )


@lru_cache(maxsize=1)
def organ_table() -> OrganTable:
    """The packaged table, compiled once per process."""
    path = resources.files("meeting_nlp").joinpath("resources/organs.json")
    return compile_table(json.loads(path.read_text(encoding="utf-8")))


def _word_at(text: str, pos: int, table: Dict[str, object], sizes: Tuple[int, ...]) -> Optional[str]:
    """The longest word of ``table`` starting at ``pos``."""
    for size in sizes:
        word = text[pos : pos + size]
        if len(word) == size and word in table:
            return word
    return None


def _strip_prefixes(t: OrganTable, text: str) -> Tuple[str, bool, bool]:
    """Drop state, party and CPPCC names at the start; say which were there."""
    party = cppcc = False
    changed = True
    while changed:
        changed = False
        for group, flag in ((t.state_prefixes, None), (t.party_prefixes, "party"), (t.cppcc_prefixes, "cppcc")):
            for prefix in group:
                if text.startswith(prefix) and len(text) >= len(prefix):
                    text = text[len(prefix):]
                    party = party or flag == "party"
                    cppcc = cppcc or flag == "cppcc"
                    changed = True
                    break
    return text, party, cppcc


def _party_name(t: OrganTable, level: str) -> str:
    return t.party_committee.get(level, level + "委")


def _central(t: OrganTable, text: str, cppcc: bool) -> Optional[str]:
    for name, canonical in t.central:
        if text.startswith(name):
            if name in t.central_after_cppcc and not cppcc:
                continue  # 全国委员会 alone is no organ
            tail = text[len(name):]
            if not tail:
                return canonical
            if canonical == "党中央":
                return "中央" + tail  # 中共中央办公厅 -> 中央办公厅
            return canonical + tail
    return None


def _place(text: str, start: int, end: int) -> Optional[str]:
    """The place before an organ: ``text[:end]``, None when only the level word is written.

    A place written with its own level word again (浦东新区区委, 和县县委) keeps
    one of them.
    """
    if start == 0:
        return None
    if text[start - 1] == text[end - 1] and end - start == 1:
        return text[:start]
    return text[:end]


def _only_levels(t: OrganTable, text: str) -> bool:
    """省市 / 省、市: a joint head of several levels, no place."""
    i = 0
    text = text.replace("、", "")
    while i < len(text):
        word = _word_at(text, i, t.levels, t.level_sizes)
        if word is None:
            return False
        i += len(word)
    return True


def _local(t: OrganTable, text: str, party: bool, cppcc: bool) -> Optional[Tuple[str, Optional[str]]]:
    """Scan for the first level word (or institution) directly followed by an organ."""
    for i in range(len(text)):
        inst = _word_at(text, i, t.institutions, t.institution_sizes)
        if inst is not None and i > 0:
            j = i + len(inst)
            organ = _word_at(text, j, t.institution_organs, t.institution_organ_sizes)
            if organ is not None:
                short = t.institutions[inst] + t.institution_organs[organ]
                return short + text[j + len(organ):], text[:j]
        level = _word_at(text, i, t.levels, t.level_sizes)
        if level is None:
            continue
        j = i + len(level)
        lv = t.levels[level]
        if cppcc:
            organ = _word_at(text, j, t.cppcc_organs, t.cppcc_sizes)
            if organ is not None:
                base = lv + t.cppcc_organs[organ]
                tail = text[j + len(organ):]
                return _finish(t, text, i, j, base, tail)
        organ = _word_at(text, j, t.organs, t.organ_sizes)
        if organ is None:
            continue
        family, short = t.organs[organ]
        if level == "区" and organ == "党委" and i == 0:
            lv = "自治区"  # 区党委 is an autonomous region's party committee (districts have 区委)
        if family == "party":
            base = _party_name(t, lv)
        elif family == "party-sc":
            base = _party_name(t, lv) + "常委会"
        elif family == "party-sub":
            base = _party_name(t, lv) + short
        elif family == "fixed":
            base = lv + short
        else:
            base = lv + short
        tail = text[j + len(organ):]
        if family in ("party", "party-sc") and tail.startswith("委员会"):
            tail = tail[3:]  # 中共金华市委第九届委员会: the term dropped, 委委员会 is one organ
            if tail.startswith(("常务委员会", "常委会")):
                base = _party_name(t, lv) + "常委会"
                tail = tail[5:] if tail.startswith("常务委员会") else tail[3:]
        return _finish(t, text, i, j, base, tail)
    return None


def _finish(t: OrganTable, text: str, i: int, j: int, base: str, tail: str) -> Tuple[str, Optional[str]]:
    if i > 0 and _only_levels(t, text[:i]):
        return text, None  # 省市委: a joint head, counted as written
    return base + tail, _place(text, i, j)


@lru_cache(maxsize=8192)
def canonical_organ(norm_text: str, table: Optional[OrganTable] = None) -> Tuple[Optional[str], Optional[str]]:
    """(canonical organ name, place) for the normalized simplified text of a body.

    ``place`` is the whole place as named (无锡市锡山区, 浙江大学) or None.
    The canonical name is None only when the text names no organ at all
    (an empty string, or a place with no organ and no party prefix).
    """
    t = table or organ_table()
    text = _SPACES.sub("", norm_text or "")
    text = t.term.sub("", text)
    if not text:
        return None, None
    text, party, cppcc = _strip_prefixes(t, text)
    if not text:
        # 中国共产党 alone is the party's central committee; 政协 alone has no level
        if party:
            return "党中央", None
        return ("政协" if cppcc else None), None
    central = _central(t, text, cppcc)
    if central is not None:
        return central, None
    local = _local(t, text, party, cppcc)
    if local is not None:
        return local
    # a place with no organ: 中共嘉定区 names the party committee of 嘉定区
    for size in t.level_sizes:
        if len(text) >= size and text[-size:] in t.levels:
            lv = t.levels[text[-size:]]
            place = text if len(text) > size else None
            if party:
                return _party_name(t, lv), place
            if cppcc:
                return lv + "政协", place
            return None, place
    if cppcc:
        return "政协" + text, None
    return text, None
