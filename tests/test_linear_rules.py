"""Body and session rule engines cost time linear in the text, on the inputs that used to stall them.

No timed assertion: the regexes are checked for open-ended repetitions that could backtrack, and the
engines are run on runs of one character (which took quadratic time before) at sizes that would take
minutes if they were quadratic; a slow-marked test sends 2 million characters through the pipeline.
"""
import re

import pytest

from meeting_nlp.rules import bodies, sessions

RUNS = ["市", "区", "委", "第", "届", "、", "a", "温州市", "三次、", "中共", "县人大、"]

# an open-ended quantifier (+, *, {n,}) on a group that itself holds an open-ended quantifier
_NESTED = re.compile(r"\((?:[^()]|\([^()]*\))*[+*](?:[^()]|\([^()]*\))*\)[+*]")


def test_body_core_has_no_open_repetition_of_a_group():
    pattern = bodies.grammar().core.pattern
    assert not _NESTED.search(pattern)
    assert ")+" not in pattern and ")*" not in pattern


def test_session_pattern_repeats_coordinated_ordinals_a_bounded_number_of_times():
    pattern = sessions.compile_grammar().session.pattern
    assert ")*" not in pattern and ")+" not in pattern


@pytest.mark.parametrize("unit", RUNS)
def test_runs_of_one_unit_are_fast(unit):
    # 200k characters: at the old quadratic cost a run of 市 took ~14 s at 8k; now well under a second
    text = unit * (200_000 // len(unit))
    found = bodies.find_bodies(text)
    sessions.find_sessions(text, found)


def test_place_run_with_an_organ_is_one_body():
    text = "某" * 5 + "市" * 5000 + "委"
    found = bodies.find_bodies(text)
    assert found and found[-1].end == len(text)


@pytest.mark.slow
def test_two_million_characters_of_place_names_through_the_pipeline():
    import meeting_nlp

    nlp = meeting_nlp.load(segmenter="char")
    text = ("温州市无锡市锡山区宜秀区张家镇" * 140_000)[:2_000_000]
    doc = nlp(text)
    assert len(doc.text) == 2_000_000
