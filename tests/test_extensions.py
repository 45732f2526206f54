"""Options that keep their word: load() checks every option, users extend the lexicons, evaluate scores spans."""
import json
import pickle

import pytest
import spacy
from spacy.training import Example

import meeting_nlp
from meeting_nlp.rules.slogans import LexiconError
from meeting_nlp.rules.officials import TitleEntryError

TEXT = "会议由集团首席科学家禚国强主持。会议强调,坚持东湖经验不动摇。"


def ents(nlp, text=TEXT):
    return [(e.label_, e.text) for e in nlp(text).ents]


@pytest.fixture()
def fresh():
    return meeting_nlp.load(segmenter="char")


# -- load() checks every option before anything is built ----------------------


@pytest.mark.parametrize(
    "options, error, words",
    [
        ({"chunk_size": 0}, ValueError, "chunk_size must be a positive int"),
        ({"chunk_size": -5}, ValueError, "chunk_size must be a positive int"),
        ({"chunk_size": True}, ValueError, "chunk_size must be a positive int"),
        ({"rules": "no"}, TypeError, "rules must be True or False"),
        ({"rules": 1}, TypeError, "rules must be True or False"),
        ({"segmenter": "jieba"}, ValueError, "unknown segmenter 'jieba'"),
        ({"segmenter": 42}, TypeError, "segment(text)"),
        ({"t2s_backend": "opencc"}, ValueError, "unknown t2s_backend"),
        ({"pkuseg_model": "/no/such/model"}, ValueError, "is no directory"),
        ({"pkuseg_user_dict": "/no/such/dict.txt"}, ValueError, "pkuseg_user_dict"),
        ({"ner_precedence": "both"}, ValueError, "ner_precedence"),
        ({"lexicons": {"places": "x.txt"}}, ValueError, "unknown lexicon 'places'"),
        ({"lexicons": {"titles": "/no/such/file"}}, ValueError, "is not a file"),
    ],
)
def test_load_rejects_bad_options_at_load_time(options, error, words):
    with pytest.raises(error) as info:
        meeting_nlp.load(**options)
    assert words in str(info.value)


def test_ner_that_is_not_a_pipeline_fails_at_load_time(tmp_path):
    with pytest.raises(ValueError, match="not a spaCy pipeline directory"):
        meeting_nlp.load(ner=str(tmp_path))
    (tmp_path / "config.cfg").write_text("this is no config", encoding="utf-8")
    with pytest.raises(ValueError, match="could not be loaded as a spaCy pipeline"):
        meeting_nlp.load(ner=str(tmp_path), segmenter="char")


# -- a segmenter object, as the README promises --------------------------------


class PairSegmenter:
    """Two characters a word: a segmenter no name stands for."""

    def segment(self, text):
        spans, i = [], 0
        while i < len(text):
            if text[i].isspace():
                i += 1
                continue
            end = min(i + 2, len(text))
            if text[i + 1 : end].isspace():
                end = i + 1
            spans.append((i, end))
            i = end
        return spans


class BrokenSegmenter:
    def segment(self, text):
        return [(3, 1)]


def test_a_custom_segmenter_object_segments_and_the_rules_still_find_entities():
    nlp = meeting_nlp.load(segmenter=PairSegmenter())
    doc = nlp("区委书记潘崇敏主持会议。")
    assert [t.text for t in doc][:3] == ["区委", "书记", "潘崇"]
    assert [(e.label_, e.text) for e in doc.ents] == [("TITLE", "区委书记"), ("PERSON", "潘崇敏")]
    # pickling (n_process) carries the object along
    again = pickle.loads(pickle.dumps(nlp))
    assert isinstance(again.tokenizer.segmenter, PairSegmenter)
    assert [t.text for t in again("区委书记")] == ["区委", "书记"]


def test_a_custom_segmenter_that_returns_nonsense_gets_a_clear_error():
    nlp = meeting_nlp.load(segmenter=BrokenSegmenter(), rules=False)
    with pytest.raises(ValueError, match="must be sorted, non-overlapping"):
        nlp("区委书记潘崇敏")


def test_a_pipeline_saved_with_a_custom_segmenter_says_how_to_load_it(tmp_path):
    meeting_nlp.load(segmenter=PairSegmenter(), rules=False).to_disk(tmp_path / "p")
    with pytest.raises(ValueError, match="custom segmenter .*PairSegmenter"):
        spacy.load(tmp_path / "p")


# -- user lexicons: add_* methods, config paths, saved with the pipeline -------


def test_add_methods_extend_titles_surnames_and_slogans(fresh):
    before = ents(fresh)
    assert ("PERSON", "禚国强") not in before and ("SLOGAN", "东湖经验") not in before
    fresh.get_pipe("meeting_official_ruler").add_titles(["科学家"])
    fresh.get_pipe("meeting_official_ruler").add_surnames(["禚"])
    fresh.get_pipe("meeting_slogan_matcher").add_slogans([{"canonical": "東湖經驗", "variants": ["东湖模式"]}])
    doc = fresh(TEXT)
    found = [(e.label_, e.text) for e in doc.ents]
    assert ("TITLE", "集团首席科学家") in found and ("PERSON", "禚国强") in found
    slogan = next(e for e in doc.ents if e.label_ == "SLOGAN")
    assert (slogan.text, slogan._.canonical, slogan._.source) == ("东湖经验", "东湖经验", "lexicon")
    assert fresh("推广东湖模式").ents[0]._.canonical == "东湖经验"


def test_additions_are_saved_with_the_pipeline(fresh, tmp_path):
    fresh.get_pipe("meeting_official_ruler").add_titles([{"title": "科学家"}])
    fresh.get_pipe("meeting_official_ruler").add_surnames(["禚"])
    fresh.get_pipe("meeting_slogan_matcher").add_slogans(["东湖经验"])
    expected = ents(fresh)
    fresh.to_disk(tmp_path / "p")
    assert spacy.load(tmp_path / "p").pipe_names == fresh.pipe_names
    assert ents(spacy.load(tmp_path / "p")) == expected
    assert ents(meeting_nlp.load(segmenter="char").from_bytes(fresh.to_bytes())) == expected


def test_lexicons_from_files_through_load_and_config(tmp_path):
    (tmp_path / "titles.jsonl").write_text('{"title": "科学家"}\n', encoding="utf-8")
    (tmp_path / "surnames.txt").write_text("# rare surnames\n禚\n", encoding="utf-8")
    (tmp_path / "slogans.jsonl").write_text(
        json.dumps({"canonical": "东湖经验", "category": "regional", "scope": "municipal", "note": "x"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    nlp = meeting_nlp.load(
        segmenter="char",
        lexicons={k: tmp_path / f for k, f in (("titles", "titles.jsonl"), ("surnames", "surnames.txt"), ("slogans", "slogans.jsonl"))},
    )
    found = ents(nlp)
    assert {("TITLE", "集团首席科学家"), ("PERSON", "禚国强"), ("SLOGAN", "东湖经验")} <= set(found)
    # the same through [initialize.components.*] of the config, as spaCy's span_ruler reads patterns
    plain = meeting_nlp.load(segmenter="char")
    plain.config["initialize"]["components"]["meeting_slogan_matcher"] = {"slogans": str(tmp_path / "slogans.jsonl")}
    plain.initialize()
    assert ("SLOGAN", "东湖经验") in ents(plain)


def test_bad_additions_raise_and_change_nothing(fresh):
    matcher = fresh.get_pipe("meeting_slogan_matcher")
    with pytest.raises(LexiconError, match="already belongs to"):
        matcher.add_slogans(["两个确立"])
    with pytest.raises(TitleEntryError, match="unknown keys"):
        fresh.get_pipe("meeting_official_ruler").add_titles([{"title": "科学家", "rank": 3}])
    with pytest.raises(ValueError, match="no surname"):
        fresh.get_pipe("meeting_official_ruler").add_surnames(["Smith"])
    assert matcher.user_lines("slogans") == []
    assert ents(fresh, "坚决做到两个维护") == [("SLOGAN", "两个维护")]


# -- nlp.evaluate gives real figures for the span groups ------------------------


def test_evaluate_scores_each_rule_component_against_gold_entities(fresh):
    text = "区委常委会召开会议。区委书记潘崇敏主持会议。会议强调坚决做到两个维护。"
    gold = {"entities": [(0, 5, "BODY"), (10, 14, "TITLE"), (14, 17, "PERSON"), (30, 34, "SLOGAN")]}
    assert [text[s:e] for s, e, _ in gold["entities"]] == ["区委常委会", "区委书记", "潘崇敏", "两个维护"]
    scores = fresh.evaluate([Example.from_dict(fresh.make_doc(text), gold)])
    for key in ("spans_meeting_body", "spans_meeting_title_person", "spans_meeting_slogan", "ents"):
        assert scores[f"{key}_f"] == 1.0, key
    # one wrong gold span costs precision and recall where it should
    gold["entities"][2] = (14, 16, "PERSON")
    scores = fresh.evaluate([Example.from_dict(fresh.make_doc(text), gold)])
    assert scores["spans_meeting_title_person_p"] == 0.5 and scores["spans_meeting_title_person_r"] == 0.5
    assert scores["spans_meeting_body_f"] == 1.0


def test_evaluate_skips_docs_without_annotation(fresh):
    examples = [Example(fresh.make_doc("区委书记潘崇敏主持会议。"), fresh.make_doc("区委书记潘崇敏主持会议。"))]
    scores = fresh.evaluate(examples)
    assert scores["spans_meeting_title_person_f"] is None  # nothing to compare with, not a false 0.0
