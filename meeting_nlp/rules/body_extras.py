"""BODY grammar, second part: what grows a body and the bodies with no level word.

:mod:`meeting_nlp.rules.bodies` finds level word + organ names, central
names and party prefixes. This module adds, over the same normalized text:

* **sub-organs** written after a body, one BODY with it (ANNOTATION.md "Sub-organs are part of
  the body"): a fixed word (党组, 理论学习中心组, 办公厅, 书记处, 主任会议, 委员长会议 ...) or an
  open-class committee name closed by 工作委员会 / 委员会 / 工委 (全国人大常委会代表工作委员会,
  市人大常委会代表资格审查委员会, 市人大选联工委, 省委高教工委). The open name is at most
  ``max_stem`` characters and may not hold a stop character or a verb that starts prose, so that
  it never runs over a clause; the scan is bounded, so it costs constant time per body;
* **a term or 第N任 before a central body** (十三届全国人大常委会, 第五任全国人大常委会…);
* **bare party committees of institutions** (党委, 党组, 校党委, 学校党委, 集团公司党委,
  国资委党委, 中院党组), only where the words after them make them an organ that meets or acts
  (党委会, 党委(扩大)会议, 党委理论学习中心组, 党委委员, 党组会 ...), never in 党组织 or a
  generic plural (各级党委);
* **the CPPCC's formal central name** (政协第十四届全国委员会[常务委员会]), or only its 政协
  when the name runs into a numbered meeting (政协|第十四届全国委员会第一次会议);
* **委员长会议** on its own (the NPC standing committee's chairpersons' meeting).

Vocabulary: the ``extras`` table of ``resources/bodies.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Tuple

__all__ = ["Extras", "compile_extras", "find_extras", "grow"]

_CJK_LO, _CJK_HI = "\u3400", "\u9fff"


@dataclass(frozen=True, eq=False)
class Extras:
    fixed_suffixes: Tuple[Tuple[str, Optional[str]], ...]  # (word, kind or None = parent's)
    open_suffixes: Tuple[str, ...]
    open_parents: FrozenSet[str]  # parent kinds that take an open-class committee
    max_stem: int
    stem_stop: FrozenSet[str]
    stem_stop_words: Tuple[str, ...]
    office_kind_suffixes: Tuple[str, ...]
    bare: "re.Pattern[str]"
    bare_after: "re.Pattern[str]"
    bare_stems: Tuple[Tuple[str, Optional[Tuple[str, Optional[str]]]], ...]
    bare_not_after: Tuple[str, ...]
    cppcc_central: "re.Pattern[str]"
    chair_meeting: "re.Pattern[str]"
    central_term: "re.Pattern[str]"


def _alt(words) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def compile_extras(voc: dict) -> Extras:
    ex = voc["extras"]
    numeral = "[一二三四五六七八九十百零〇两0-9]{1,4}"
    fixed = tuple(sorted(((w, k) for w, k in ex["fixed_suffixes"].items()), key=lambda x: -len(x[0])))
    bare_after = _alt(ex["bare_followers"])
    return Extras(
        fixed_suffixes=fixed,
        open_suffixes=tuple(sorted(ex["open_suffixes"], key=len, reverse=True)),
        open_parents=frozenset(ex["open_parent_kinds"]),
        max_stem=int(ex["max_stem"]),
        stem_stop=frozenset(ex["stem_stop_chars"]),
        stem_stop_words=tuple(ex["stem_stop_words"]),
        office_kind_suffixes=tuple(ex["office_suffixes"]),
        bare=re.compile(_alt(ex["bare_organs"]) + f"(?={bare_after})"),
        bare_after=re.compile(bare_after),
        bare_stems=tuple(
            sorted(((k, tuple(v) if v else None) for k, v in ex["bare_stems"].items()), key=lambda kv: -len(kv[0]))
        ),
        bare_not_after=tuple(ex["bare_not_after"]),
        cppcc_central=re.compile(
            f"(?P<pre>中国人民政治协商会议|政协)(?P<term>第?{numeral}届)全国委员会(?P<sc>常务委员会)?"
            f"(?P<num>第?{numeral}次)?"
        ),
        chair_meeting=re.compile("委员长会议"),
        central_term=re.compile(f"第?{numeral}[届任]"),
    )


@dataclass
class Body:
    start: int
    end: int
    kind: str
    level: Optional[str]


def _is_cjk(ch: str) -> bool:
    return _CJK_LO <= ch <= _CJK_HI


def _open_committee(ex: Extras, text: str, pos: int) -> Optional[int]:
    """End of an open-class committee name starting at ``pos`` (代表工作委员会), or None."""
    limit = min(len(text), pos + ex.max_stem + 5)
    if pos >= len(text) or not _is_cjk(text[pos]) or text[pos] in ex.stem_stop:
        return None
    for end in range(pos + 2, limit + 1):
        ch = text[end - 1]
        if not _is_cjk(ch) or ch in ex.stem_stop:
            return None
        for suffix in ex.open_suffixes:
            if end - pos > len(suffix) and text.startswith(suffix, end - len(suffix)):
                stem = text[pos : end - len(suffix)]
                if len(stem) <= ex.max_stem and not any(w in stem for w in ex.stem_stop_words):
                    # the longest suffix ending here: 工作委员会 before 委员会
                    return end
    return None


def _suborgan(ex: Extras, text: str, body: Body) -> Optional[Body]:
    end = body.end
    for word, kind in ex.fixed_suffixes:
        if text.startswith(word, end):
            new_kind = kind or body.kind
            return Body(body.start, end + len(word), new_kind, body.level)
    if body.kind in ex.open_parents:
        stop = _open_committee(ex, text, end)
        if stop is not None and body.kind == "party-committee" and not text.endswith(ex.office_kind_suffixes[0], 0, stop):
            stop = None  # 区委全面依法治区委员会: only a party committee's 工委 is read as its sub-organ
        if stop is not None:
            name = text[end:stop]
            kind = body.kind
            if body.kind == "party-committee" and name.endswith(ex.office_kind_suffixes):
                kind = "party-office"
            return Body(body.start, stop, kind, body.level)
    return None


def grow(ex: Extras, text: str, bodies: List[Body]) -> List[Body]:
    """Each body with the sub-organ written after it (repeatedly: 区委办公室党组 is rare, one is enough)."""
    out = []
    for body in bodies:
        grown = _suborgan(ex, text, body)
        out.append(grown or body)
    return out


def central_start(ex: Extras, text: str, start: int) -> int:
    """A central body's start, moved left over a term (十三届, 第五任) and 中华人民共和国."""
    for size in range(min(7, start), 1, -1):
        m = ex.central_term.fullmatch(text, start - size, start)
        if m and not (start - size > 0 and text[start - size - 1] in "新上本历每下该前这"):
            start -= size
            break
    prefix = "中华人民共和国"
    if text.startswith(prefix, start - len(prefix)) and start >= len(prefix):
        start -= len(prefix)
    return start


def find_extras(ex: Extras, text: str) -> List[Body]:
    """Bodies with no level word: institutions' committees, the formal CPPCC name, 委员长会议."""
    found: List[Body] = []
    for m in ex.bare.finditer(text):
        start = m.start()
        if text.startswith("织", m.end()):
            continue
        if any(text.startswith(w, start - len(w)) for w in ex.bare_not_after if start >= len(w)):
            continue
        kind, level = "party-committee", None
        for stem, stem_kind in ex.bare_stems:
            if start >= len(stem) and text.startswith(stem, start - len(stem)):
                start -= len(stem)
                if stem_kind:
                    kind, level = stem_kind
                break
        found.append(Body(start, m.end(), kind, level))
    for m in ex.cppcc_central.finditer(text):
        if m.group("num"):
            found.append(Body(m.start(), m.end("pre"), "cppcc", "central"))
        else:
            found.append(Body(m.start(), m.end(), "cppcc", "central"))
    for m in ex.chair_meeting.finditer(text):
        before = text[max(0, m.start() - 1) : m.start()]
        if before == "次":
            continue  # 第二十六次委员长会议: a SESSION
        found.append(Body(m.start(), m.end(), "congress-standing-committee", "central"))
    return found
