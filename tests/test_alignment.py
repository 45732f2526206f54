"""Rule matches on normalized text become exact spans of the original, whatever pkuseg cut."""
from __future__ import annotations

import pytest

from meeting_nlp import normalize
from meeting_nlp.components.alignment import normalized_view, split_at, token_char_starts


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_view_of_a_doc_is_the_normalized_text(nlp, seeds, prefix):
    doc = nlp.make_doc(seeds[prefix])
    view = normalized_view(doc)
    norm = normalize(seeds[prefix])
    assert view.text == norm.text
    assert list(view.starts) == [norm.to_original(i) for i in range(len(norm.text) + 1)]


def test_token_char_starts_skip_glosses():
    assert token_char_starts("區(qū)委", "区委") == [0, 5]
    assert token_char_starts("会议", "会议") == [0, 1]


def test_a_body_inside_a_pkuseg_word_becomes_its_own_tokens(nlp):
    """pkuseg cuts 暨區(qū)|政府; 區(qū)政府 must still be one span, gloss included."""
    doc = nlp.make_doc("區(qū)委七屆六次全體(擴大)會議暨區(qū)政府全體會議舉行")  # tokenizer only
    view = normalized_view(doc)
    start = view.text.index("区政府")
    begin, end = view.original_span(start, start + 3)
    assert doc.char_span(begin, end) is None  # the segmenter's cut is wrong for us
    split_at(doc, [begin, end])
    span = doc.char_span(begin, end)
    assert span is not None and span.text == "區(qū)政府"
    assert [t.norm_ for t in span] == ["区", "政府"]
    assert doc.text == "區(qū)委七屆六次全體(擴大)會議暨區(qū)政府全體會議舉行"
    assert normalized_view(doc).text == view.text


def test_splitting_never_loses_text_or_norms(nlp, seeds):
    doc = nlp.make_doc(seeds["004"])
    view = normalized_view(doc)
    every_third = [view.starts[i] for i in range(0, len(view.text), 3)]
    split_at(doc, every_third)
    assert doc.text == seeds["004"]
    assert normalized_view(doc).text == view.text
    edges = {t.idx for t in doc} | {len(doc.text)}
    assert all(o in edges or doc.text[o].isspace() or o == len(doc.text) for o in every_third)


def test_splitting_keeps_earlier_spans_and_their_attributes(nlp):
    from spacy.tokens import Span

    doc = nlp.make_doc("区委七届六次全体(扩大)会议暨区政府全体会议举行")
    if not Span.has_extension("probe"):
        Span.set_extension("probe", default=None)
    first = doc.char_span(0, 2, label="BODY")  # 区委
    first._.probe = "kept"
    later = doc.char_span(18, 22, label="OTHER")  # 全体会议
    doc.spans["meeting"] = [first, later]
    view = normalized_view(doc)
    start = view.text.index("区政府")
    split_at(doc, [start, start + 3])  # splits 暨区 into 暨 + 区, shifting later tokens
    assert [(s.text, s.label_) for s in doc.spans["meeting"]] == [("区委", "BODY"), ("全体会议", "OTHER")]
    assert doc.spans["meeting"][0]._.probe == "kept"


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_the_view_seeded_by_the_tokenizer_equals_one_built_from_tokens(nlp, seeds, prefix):
    from meeting_nlp.components.alignment import build_normalized_view

    doc = nlp(seeds[prefix])  # the components split tokens on the way
    seeded = normalized_view(doc)
    rebuilt = build_normalized_view(doc)
    assert seeded.text == rebuilt.text and list(seeded.starts) == list(rebuilt.starts)
