"""The tokenizer: lossless Docs over any script, one normalized form in norm_."""
from __future__ import annotations

import pytest

from meeting_nlp import normalize

SCRIPTS = {"000": "simplified", "001": "simplified", "002": "glossed", "003": "traditional", "004": "glossed"}


def assert_lossless(doc, text):
    assert doc.text == text
    position = 0
    for token in doc:
        assert token.idx == position
        position += len(token.text) + len(token.whitespace_)
    assert position == len(text)
    assert "".join(t.norm_ + t.whitespace_ for t in doc) == normalize(text).text


@pytest.mark.parametrize("prefix", sorted(SCRIPTS))
def test_seeds_are_lossless_and_normalized(nlp, seeds, prefix):
    assert_lossless(nlp(seeds[prefix]), seeds[prefix])


@pytest.mark.parametrize("prefix,script", sorted(SCRIPTS.items()))
def test_doc_script(nlp, seeds, prefix, script):
    assert nlp(seeds[prefix])._.script == script


def test_a_gloss_belongs_to_the_token_of_its_character(nlp):
    doc = nlp("區(qū)委書(shū)記陸方舟")
    assert [t.text for t in doc][:2] == ["區(qū)委", "書(shū)記"]
    assert [t.norm_ for t in doc][:2] == ["区委", "书记"]


def test_every_script_gives_the_same_norms(nlp):
    simplified = "区委书记潘崇敏代表区委常委会向全会作报告。"
    traditional = "區委書記潘崇敏代表區委常委會向全會作報告。"
    glossed = "區(qū)委書(shū)記潘崇敏代表區(qū)委常委會(huì)向全會(huì)作報(bào)告。"
    norms = [[t.norm_ for t in nlp(text)] for text in (simplified, traditional, glossed)]
    assert norms[0] == norms[1] == norms[2]


def test_no_gloss_is_split_from_its_character(nlp, seeds):
    from meeting_nlp.normalize.glosses import find_glosses

    for prefix in ("002", "004"):
        text = seeds[prefix]
        doc = nlp(text)
        boundaries = {t.idx for t in doc} | {t.idx + len(t) for t in doc}
        glosses = find_glosses(text)
        assert len(glosses) > 100
        for start, end in glosses:
            assert start not in boundaries or end in boundaries  # glued to its character
            assert not any(start < b < end for b in boundaries)
            assert all(t.norm_ for t in doc)


def test_whitespace_follows_spacy_conventions(nlp):
    doc = nlp("记者 周 益\n\n会议  举行 ")
    assert [(t.text, t.whitespace_) for t in doc] == [
        ("记者", " "), ("周", " "), ("益", ""), ("\n\n", ""), ("会议", " "), (" ", ""), ("举行", " "),
    ]


def test_no_break_space_token_has_a_plain_space_norm(nlp):
    doc = nlp("全媒体记者\xa0周\xa0益")
    assert doc.text == "全媒体记者\xa0周\xa0益"
    assert [t.norm_ for t in doc if t.is_space] == [" ", " "]


def test_char_segmenter(nlp_char):
    doc = nlp_char("區(qū)委 書記")
    assert [t.text for t in doc] == ["區(qū)", "委", "書", "記"]
    assert [t.norm_ for t in doc] == ["区", "委", "书", "记"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\t \u3000",
        "\ufeff区委书记",
        "区委\x00\x07书记\x1f",
        "会议😀👍🏽举行",
        "𠀀𠀁區(qū)委𪚥",
        "Cafe\u0301 区委 e\u0301\u0301",
        "\u200b\u200d区委\u200c",
        "\r\n区委\r\n",
    ],
)
def test_odd_characters_are_lossless(nlp, nlp_char, text):
    assert_lossless(nlp(text), text)
    assert_lossless(nlp_char(text), text)


@pytest.mark.parametrize("bad", [None, 42, 3.0, b"\xe5\x8c\xba"])
def test_non_text_input_is_a_type_error(nlp, bad):
    with pytest.raises(TypeError, match="must be str"):
        nlp(bad)


def test_lone_surrogate_is_a_value_error(nlp):
    with pytest.raises(ValueError, match="lone surrogate"):
        nlp("区委\udc80")


def _huge(seeds, size):
    unit = seeds["002"] + seeds["000"]
    return (unit * (size // len(unit) + 1))[:size]


def test_a_two_million_character_report_tokenizes_losslessly(nlp, seeds):
    text = _huge(seeds, 2_000_000)
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert "".join(t.norm_ + t.whitespace_ for t in doc) == normalize(text).text


def test_a_large_report_through_the_whole_pipeline(nlp, seeds):
    text = _huge(seeds, 200_000)
    doc = nlp(text)
    assert doc.text == text
    assert len(doc.ents) > 1000


@pytest.mark.slow
def test_a_two_million_character_report_through_the_whole_pipeline(nlp, seeds):
    """About two minutes on two cores: run with `make test-all`."""
    text = _huge(seeds, 2_000_000)
    doc = nlp(text)
    assert doc.text == text
    assert "".join(t.norm_ + t.whitespace_ for t in doc) == normalize(text).text


def test_a_report_without_punctuation_is_chunked_losslessly(nlp):
    text = "区委书记" * 20_000
    doc = nlp(text)
    assert doc.text == text
