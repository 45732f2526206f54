"""Pinyin glosses: find them, check them against the character's readings.

Some sites print traditional-script reports with a pinyin reading after a
character, ``區(qū)委``. A gloss is only a gloss when the syllable is a reading
of the character before it (pypinyin's dictionary says which); that keeps real
parentheticals such as ``(扩大)``, ``(AI)`` or ``附件(1)`` in the text.
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
_GLOSS_RE = re.compile(
    rf"(?<=[{CJK_CLASS}])[(（]([{_SYLLABLE}]{{1,8}})[)）]", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _readings() -> Dict[int, FrozenSet[str]]:
    """Code point -> the set of toned readings pypinyin knows for it.

    Read once from pypinyin's own table: calling ``pypinyin.pinyin`` per
    candidate would be a hundred times slower and give the same answer.
    """
    from pypinyin.pinyin_dict import pinyin_dict

    return {cp: frozenset(r.split(",")) for cp, r in pinyin_dict.items()}


def is_reading(char: str, syllable: str) -> bool:
    """True when ``syllable`` (any Unicode form, any case) is a reading of ``char``."""
    syllable = unicodedata.normalize("NFC", syllable.lower())
    return syllable in _readings().get(ord(char), ())


def find_glosses(text: str) -> List[Tuple[int, int]]:
    """Offsets ``(start, end)`` of every pinyin gloss in ``text``, parentheses included."""
    if "(" not in text and "（" not in text:
        return []
    return [
        m.span()
        for m in _GLOSS_RE.finditer(text)
        if is_reading(text[m.start() - 1], m.group(1))
    ]
