"""Web-page noise inside words (ANNOTATION.md, "More hard cases"): padded glosses, stray spaces."""
import pytest

from meeting_nlp import normalize
from meeting_nlp.normalize.glosses import find_glosses


@pytest.mark.parametrize(
    "text, expected",
    [
        ("會(huì )議", "会议"),
        ("會( huì)議", "会议"),
        ("會(huì  )議", "会议"),
        ("區（qū\u3000）委", "区委"),
        ("會(huì\u00a0)議", "会议"),
    ],
)
def test_a_gloss_padded_with_spaces_is_still_a_gloss(text, expected):
    n = normalize(text)
    assert n.text == expected
    # the gloss, padding included, belongs to the character before it
    assert n.original_span(0, 1) == (0, len(text) - 1)


def test_padding_is_bounded_and_real_parentheticals_stay():
    assert find_glosses("會(huì   )議") == []  # three spaces: not a gloss any more
    assert normalize("(AI )").text == "(AI )"
    assert normalize("全體(擴 大)會議").text == "全体(扩 大)会议"


def test_a_stray_space_inside_a_word_stays_in_the_normalized_text():
    n = normalize("經濟運行平 穩")
    assert n.text == "经济运行平 稳"
    assert len(n.text) == len("經濟運行平 穩")


def test_normalizing_padded_glosses_is_idempotent():
    text = "區(qū )委全體(擴 大)會( huì)議"
    once = normalize(text).text
    assert normalize(once).text == once == "区委全体(扩 大)会议"


def test_a_span_over_padded_glosses_ends_after_the_gloss(nlp):
    doc = nlp("區(qū )委書記潘崇敏主持會(huì )議。")
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    titles = [e for e in doc.ents if e.label_ == "TITLE"]
    assert [p.text for p in persons] == ["潘崇敏"]
    assert [t.text for t in titles] == ["區(qū )委書記"]
    assert titles[0]._.norm == "区委书记"
