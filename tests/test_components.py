"""The rule components inside the pipeline: spans, attributes, precedence, serialization."""
from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from conftest import load_in_fresh_process, seed_gold
import meeting_nlp
from meeting_nlp.components.attributes import span_attrs

PIPELINE = [
    "meeting_document_ruler",
    "meeting_body_ruler",
    "meeting_session_ruler",
    "meeting_official_ruler",
    "meeting_slogan_matcher",
    "meeting_entity_resolver",
    "meeting_summary",
]


@pytest.fixture(scope="module")
def gold():
    return seed_gold()


def ents_view(doc):
    return [(e.start_char, e.end_char, e.label_, e._.norm, span_attrs(e)) for e in doc.ents]


def test_load_builds_the_rule_pipeline(nlp):
    assert nlp.pipe_names[: len(PIPELINE)] == PIPELINE


def test_rules_false_gives_the_tokenizer_alone():
    assert meeting_nlp.load(rules=False, segmenter="char").pipe_names == []


def test_every_gold_session_with_its_attributes(nlp, gold):
    for record in gold:
        doc = nlp(record["text"])
        found = {(e.start_char, e.end_char): span_attrs(e) for e in doc.ents if e.label_ == "SESSION"}
        for span in (s for s in record["spans"] if s["label"] == "SESSION"):
            got = found.get((span["start"], span["end"])) or {}
            assert {k: got.get(k) for k in span["attrs"]} == span["attrs"], record["text"][span["start"] : span["end"]]


def test_every_gold_document(nlp, gold):
    for record in gold:
        doc = nlp(record["text"])
        found = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DOCUMENT"}
        assert found == {(s["start"], s["end"]) for s in record["spans"] if s["label"] == "DOCUMENT"}


@pytest.mark.parametrize("text", ["堅決做到“兩個維護”", "坚决做到“两个维护”", "堅決做到「兩個維護(hù)」", "坚决做到两个维护"])
def test_a_slogan_has_one_canonical_key_in_every_script(nlp, text):
    (slogan,) = [e for e in nlp(text).ents if e.label_ == "SLOGAN"]
    assert slogan._.canonical == "两个维护" and slogan._.source == "lexicon"
    assert slogan.text in text and "“" not in slogan.text and "「" not in slogan.text


def test_quoted_coinage_comes_from_the_pattern(nlp):
    (slogan,) = [e for e in nlp("深入开展“五联五促”专项行动,推动基层治理").ents if e.label_ == "SLOGAN"]
    assert (slogan.text, slogan._.canonical, slogan._.source) == ("五联五促", "五联五促", "pattern")


def test_the_outer_span_wins_and_nested_spans_stay_in_the_group(nlp):
    doc = nlp("全会审议通过《中国共产党上海市嘉定区第七届委员会第九次全体会议决议》。")
    assert [(e.label_, e.text) for e in doc.ents] == [("DOCUMENT", "中国共产党上海市嘉定区第七届委员会第九次全体会议决议")]
    nested = [(s.label_, s.text) for s in doc.spans["meeting"] if s.label_ == "SESSION"]
    assert nested == [("SESSION", "第七届委员会第九次全体会议")]


def test_meeting_summary_of_a_report(nlp, seeds):
    meeting = nlp(seeds["000"])._.meeting
    json.dumps(meeting)  # JSON-serializable as promised
    assert meeting["date"] == "2024-09-29"
    assert meeting["name"] == "区委七届六次全体(扩大)会议"
    assert meeting["session"] == {"term": 7, "ordinal": 6, "meeting": "plenary", "expanded": True}
    assert meeting["slogans"]["中国式现代化"] == 4
    assert meeting["documents_adopted"] == [
        "关于贯彻落实党的二十届三中全会精神 进一步全面深化改革 为奋进“三大目标”谱写中国式现代化路桥篇章提供强劲动力的实施意见"
    ]


def test_a_report_without_a_numbered_meeting_has_no_session(nlp, seeds):
    meeting = nlp(seeds["004"])._.meeting
    assert meeting["session"] is None and meeting["date_text"] == "3月12日"


def test_saved_pipeline_keeps_its_rules(tmp_path, seeds):
    nlp = meeting_nlp.load(segmenter="char")
    matcher = nlp.get_pipe("meeting_slogan_matcher")
    matcher.data["slogans.jsonl"] += json.dumps(
        {"canonical": "橄榄型社会结构", "category": "social", "variants": [], "scope": "national", "note": "test entry"},
        ensure_ascii=False,
    ) + "\n"
    matcher.compile()
    nlp.to_disk(tmp_path / "p")
    reloaded = spacy.load(tmp_path / "p")
    assert "橄榄型社会结构" in [e._.canonical for e in reloaded(seeds["000"]).ents]
    assert ents_view(reloaded(seeds["002"])) == ents_view(nlp(seeds["002"]))


def test_spacy_load_in_a_fresh_process_finds_every_factory(nlp, seeds, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    ents = load_in_fresh_process(tmp_path / "pipeline", seeds["002"], "[[e.start_char, e.end_char, e.label_, e._.norm] for e in doc.ents]")
    assert [tuple(e) for e in ents] == [(s, e, l, n) for s, e, l, n, _ in ents_view(nlp(seeds["002"]))]


def test_pickle_and_two_processes_keep_entities_and_attributes(nlp, seeds):
    texts = list(seeds.values())
    single = [ents_view(d) for d in nlp.pipe(texts)]
    assert [ents_view(d) for d in nlp.pipe(texts, n_process=2, batch_size=1)] == single
    clone = pickle.loads(pickle.dumps(nlp))
    assert ents_view(clone(texts[2])) == single[2]


def test_attributes_survive_docbin(nlp, seeds):
    doc = nlp(seeds["003"])
    restored = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))[0]
    assert ents_view(restored) == ents_view(doc)
    assert [(s.label_, s.start_char) for s in restored.spans["meeting"]] == [(s.label_, s.start_char) for s in doc.spans["meeting"]]


def test_component_scores_through_spacy_evaluate(nlp, gold):
    from spacy.training import Example

    record = gold[0]
    reference = nlp.make_doc(record["text"])
    reference.ents = [reference.char_span(s["start"], s["end"], label=s["label"]) for s in record["spans"] if s["label"] == "SESSION"]
    scores = nlp.get_pipe("meeting_entity_resolver").score([Example(nlp(record["text"]), reference)])
    assert scores["ents_per_type"]["SESSION"]["r"] == 1.0


def test_entities_do_not_depend_on_the_segmenter(nlp, seeds):
    """Rules match characters, not words: pkuseg and per-character tokens give the same entities."""
    by_char = meeting_nlp.load(segmenter="char")
    for text in seeds.values():
        assert ents_view(by_char(text)) == ents_view(nlp(text))
