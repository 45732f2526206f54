"""Pinyin glosses: find them, check them against the character's readings.

Some sites print traditional-script reports with a pinyin reading after a
character, ``區(qū)委``. A gloss is only a gloss when the syllable is a reading
of the character before it (pypinyin's dictionary says which); that keeps real
parentheticals such as ``(扩大)``, ``(AI)`` or ``附件(1)`` in the text.

Web pages pad some glosses with up to two spaces inside the parentheses
(``會(huì )``, ``會( huì)``, ideographic and no-break spaces too): the padding
belongs to the gloss and goes with it. A stray space anywhere else (``平 稳``,
``全体(扩 大)会议``) is no gloss and stays in the normalized text: removing
text that is not a gloss would make spans point at characters their norm
does not show.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Dict, FrozenSet, List, Tuple

# CJK ideographs: URO, Extension A, compatibility block, and the astral planes
# (Extensions B–H live in U+20000–U+3134F).
CJK_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

_SYLLABLE = "a-zāáǎàēéěèêīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ\u0300-\u036f"
#: web pages pad some glosses inside the parentheses: 會(huì ), 會( huì), 會（huì　）
_PAD = "[ \u00a0\u3000]{0,2}"
_GLOSS = rf"[(（]{_PAD}([{_SYLLABLE}]{{1,8}}){_PAD}[)）]"
_GLOSS_RE = re.compile(rf"(?<=[{CJK_CLASS}]){_GLOSS}", re.IGNORECASE)
_GLOSS_AT = re.compile(_GLOSS, re.IGNORECASE)


@lru_cache(maxsize=1)
def _readings() -> Dict[int, FrozenSet[str]]:
    """Code point -> the set of toned readings pypinyin knows for it.

    Read once from pypinyin's own table: calling ``pypinyin.pinyin`` per
    candidate would be a hundred times slower and give the same answer.
    """
    from pypinyin.pinyin_dict import pinyin_dict

    return {cp: frozenset(r.split(",")) for cp, r in pinyin_dict.items()}


@lru_cache(maxsize=65536)
def _readings_of(char: str) -> FrozenSet[str]:
    """Readings of ``char`` and of its simplified form.

    A gloss may carry the reading of either (乾 is read qián, its simplified
    form 干 gàn); accepting both keeps normalization idempotent, since the
    second pass sees the simplified character.
    """
    from .t2s import get_converter

    readings = _readings()
    simplified = get_converter(fixed_point=True).convert(char)
    return readings.get(ord(char), frozenset()) | readings.get(ord(simplified), frozenset())


def is_reading(char: str, syllable: str) -> bool:
    """True when ``syllable`` (any Unicode form, any case) is a reading of ``char``."""
    syllable = unicodedata.normalize("NFC", syllable.lower())
    return syllable in _readings_of(char)


def find_glosses(text: str) -> List[Tuple[int, int]]:
    """Offsets ``(start, end)`` of every pinyin gloss in ``text``, parentheses included.

    Glosses repeated after one character (``區(qū)(qū)``) are one span: removing
    only the first would leave a new gloss behind, and normalizing twice must
    give what normalizing once gave.
    """
    if "(" not in text and "（" not in text:
        return []
    spans: List[Tuple[int, int]] = []
    for found in _GLOSS_RE.finditer(text):
        start, end = found.span()
        char = text[start - 1]
        if (spans and start < spans[-1][1]) or not is_reading(char, found.group(1)):
            continue
        repeat = _GLOSS_AT.match(text, end)
        while repeat and is_reading(char, repeat.group(1)):
            end = repeat.end()
            repeat = _GLOSS_AT.match(text, end)
        spans.append((start, end))
    return spans
