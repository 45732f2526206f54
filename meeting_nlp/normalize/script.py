"""Which script a text is in: simplified, traditional, glossed or mixed.

A character counts as traditional when OpenCC t2s changes it, and as
simplified when OpenCC s2t changes it; characters shared by both scripts
count for neither. A few characters of the other script are normal in real
reports (names, quotations, 台/臺), so a text is ``mixed`` only when its
minority script has at least ``MIXED_SHARE`` of the distinctive characters.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Tuple

SCRIPTS = ("simplified", "traditional", "glossed", "mixed")
MIXED_SHARE = 0.05


def _char_class(chars) -> "re.Pattern[str]":
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


@lru_cache(maxsize=1)
def _distinctive() -> Tuple["re.Pattern[str]", "re.Pattern[str]"]:
    from .t2s import read_opencc_dict

    traditional = {k for k, v in read_opencc_dict("TSCharacters.txt").items() if k != v}
    simplified = {k for k, v in read_opencc_dict("STCharacters.txt").items() if k != v}
    both = traditional & simplified
    return _char_class(traditional - both), _char_class(simplified - both)


def count_script_chars(text: str) -> Tuple[int, int]:
    """``(traditional, simplified)``: how many distinctive characters of each script."""
    traditional, simplified = _distinctive()
    return len(traditional.findall(text)), len(simplified.findall(text))


def classify_script(text: str, has_glosses: bool = False) -> str:
    """One of ``SCRIPTS``; glossed texts are glossed whatever their characters."""
    if has_glosses:
        return "glossed"
    trad, simp = count_script_chars(text)
    total = trad + simp
    if total == 0 or trad <= simp * MIXED_SHARE / (1 - MIXED_SHARE):
        return "simplified"
    if simp <= trad * MIXED_SHARE / (1 - MIXED_SHARE):
        return "traditional"
    return "mixed"
