"""Invariants for any text: lossless Docs, tiling tokens, idempotent normalization."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meeting_nlp import normalize

PIECES = [
    # simplified, traditional and glossed report fragments
    "区委", "书记", "全体(扩大)会议", "区政府", "两个确立", "中国式现代化", "乾隆", "著名",
    "區委", "書記", "會議", "擴大", "常委會", "兩個確立", "著力", "沿著", "乾", "薴",
    "區(qū)", "會(huì)", "書(shū)", "乾(qián)", "(扩大)", "(AI)", "附件(1)", "(濱江)",
    # ASCII, punctuation, width variants
    "AI", "2024", "９月", "，", "。", "“", "”", "「", "」", "(", ")", "、", "《", "》",
    # whitespace and control characters
    " ", "  ", "\n", "\t", "\u3000", "\xa0", "\r\n", "\x00", "\x1f", "\ufeff", "\u200b",
    # emoji, astral CJK, combining marks
    "😀", "👍🏽", "𠀀", "𪚥", "e\u0301", "\u0301", "\u20dd",
]

texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=3)),
    max_size=40,
).map("".join)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _no_surrogates(text: str) -> str:
    return "".join(c for c in text if not "\ud800" <= c <= "\udfff")


@FAST
@given(texts)
def test_doc_text_is_the_input_and_tokens_tile_it(nlp, text):
    text = _no_surrogates(text)
    doc = nlp(text)
    assert doc.text == text
    position = 0
    for token in doc:
        assert token.idx == position and token.text
        position += len(token.text) + len(token.whitespace_)
    assert position == len(text)


@FAST
@given(texts)
def test_norms_spell_the_normalized_text(nlp, text):
    text = _no_surrogates(text)
    doc = nlp(text)
    assert "".join(t.norm_ + t.whitespace_ for t in doc) == normalize(text).text


@settings(max_examples=400, deadline=None)
@given(texts)
def test_normalization_is_idempotent(text):
    once = normalize(_no_surrogates(text)).text
    assert normalize(once).text == once


@settings(max_examples=400, deadline=None)
@given(texts)
def test_offsets_cover_the_original_in_order(text):
    norm = normalize(_no_surrogates(text))
    starts = [norm.to_original(i) for i in range(len(norm.text) + 1)]
    assert starts[0] == 0 and starts[-1] == len(norm.original)
    assert all(a < b for a, b in zip(starts, starts[1:]))
    for i in range(len(norm.text)):
        assert norm.normalized_span(starts[i], starts[i + 1]) == (i, i + 1)
