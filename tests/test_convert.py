"""Annotation exports in, DocBin out, rule suggestions back out: meeting_nlp.convert.

The exports below are written the way each tool writes them, around
sentences of the bundled reports (one glossed, one traditional).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin

from meeting_nlp import convert, normalize
from meeting_nlp.components.attributes import ATTRIBUTES, span_attrs
from meeting_nlp.convert import (
    add_annotate_arguments,
    add_convert_arguments,
    annotate,
    check_record,
    detect_format,
    doc_to_record,
    read_annotations,
    records_to_docbin,
    validate,
    write_jsonl,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpus" / "dev.jsonl"  # every dev report in the script it arrived in
RAW = ROOT / "corpus" / "raw"


def at(text, piece, nth=0):
    """(start, end) of the nth occurrence of ``piece`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def write_lines(path, objects):
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
    return path


def triples(record):
    """(start, end, label, span text) of a record's spans, in text order."""
    text = record["text"]
    return sorted((s["start"], s["end"], s["label"], text[s["start"]:s["end"]]) for s in record["spans"])


# --------------------------------------------------------------------------- the exports

LUQIAO = "区委书记潘崇敏代表区委常委会向全会作报告。区委副书记、区长牟傲野部署工作。"
LUQIAO_SPANS = [("区委书记", "TITLE"), ("潘崇敏", "PERSON"), ("区委常委会", "BODY"), ("区委副书记", "TITLE"), ("区长", "TITLE"), ("牟傲野", "PERSON")]
JINDONG = "区委常委会主持 区委书记黄国钧讲话"
BINJIANG = "區委常委會主持會議。區委書記章登峰代表區委常委會作工作報告,區委副書記、區長鄭迪部署2024年經濟工作,區委副書記沈波出席"
JIADING = "全會由區(qū)委常委會主持。\n區(qū)委書記陸方舟代表區(qū)委常委會作工作報告并講話。區(qū)委副書記、區(qū)長高香傳達(dá)十二屆市委六次全會精神"


def prodigy_task(text, spans, answer="accept", meta=None, input_hash=0):
    """One line of ``prodigy db-out`` from ``ner.manual``."""
    out = []
    for piece, label in spans:
        start, end = at(text, piece)
        out.append({"start": start, "end": end, "label": label, "text": piece, "token_start": 0, "token_end": 0})
    return {
        "text": text, "meta": meta or {}, "_input_hash": input_hash, "_task_hash": input_hash + 1,
        "tokens": [], "spans": out, "_view_id": "ner_manual", "answer": answer, "_timestamp": 1727600000,
    }


@pytest.fixture
def prodigy_file(tmp_path):
    return write_lines(tmp_path / "prodigy.jsonl", [
        prodigy_task(LUQIAO, LUQIAO_SPANS, meta={"id": "luqiao-2024-09-29#3", "source": "raw/000_e8d0747b3dfad330.txt"}, input_hash=-1127456),
        prodigy_task("王先义、卢红菊等区四套班子领导出席会议。", [("王先义", "PERSON")], answer="reject", input_hash=55),
        prodigy_task("区委常委会主持会议。", [], answer="ignore", input_hash=56),
        prodigy_task(JINDONG, [("区委常委会", "BODY"), ("黄国钧", "PERSON")], input_hash=804411),
    ])


def test_prodigy_accepted_answers_with_their_ids(prodigy_file):
    skipped = []
    records = read_annotations(prodigy_file, skipped=skipped)
    assert [r["id"] for r in records] == ["luqiao-2024-09-29#3", 804411]  # meta.id, else _input_hash
    assert records[0]["source"] == "raw/000_e8d0747b3dfad330.txt"
    assert records[0]["script"] == "simplified"
    assert triples(records[0]) == sorted((*at(LUQIAO, p), label, p) for p, label in LUQIAO_SPANS)
    assert [s["id"] for s in skipped] == [55, 56]
    assert "reject" in skipped[0]["reason"] and "ignore" in skipped[1]["reason"]
    assert validate(records) == []


def test_doccano_both_export_shapes(tmp_path):
    old = {"id": 17, "text": JINDONG, "label": [[*at(JINDONG, "区委常委会"), "BODY"], [*at(JINDONG, "区委书记"), "TITLE"], [*at(JINDONG, "黄国钧"), "PERSON"]], "Comments": []}
    new = {
        "id": 3, "text": BINJIANG, "Comments": [], "relations": [],
        "entities": [
            {"id": 101, "label": "TITLE", "start_offset": at(BINJIANG, "區委書記")[0], "end_offset": at(BINJIANG, "區委書記")[1]},
            {"id": 102, "label": "PERSON", "start_offset": at(BINJIANG, "章登峰")[0], "end_offset": at(BINJIANG, "章登峰")[1]},
            {"id": 103, "label": "TITLE", "start_offset": at(BINJIANG, "區長")[0], "end_offset": at(BINJIANG, "區長")[1]},
        ],
    }
    records = read_annotations(write_lines(tmp_path / "doccano.jsonl", [old, new]))
    assert [(r["id"], r["script"]) for r in records] == [(17, "simplified"), (3, "traditional")]
    assert [t[3] for t in triples(records[0])] == ["区委常委会", "区委书记", "黄国钧"]
    assert [t[3] for t in triples(records[1])] == ["區委書記", "章登峰", "區長"]
    assert read_annotations(tmp_path / "doccano.jsonl", format="doccano") == records


def test_doccano_text_classification_is_refused(tmp_path):
    path = write_lines(tmp_path / "cats.jsonl", [{"id": 1, "text": JINDONG, "label": ["meeting"]}])
    with pytest.raises(ValueError, match="text-classification"):
        read_annotations(path)


def labelstudio_result(text, piece, label, nth=0, offsets=None):
    start, end = offsets or at(text, piece, nth)
    return {
        "value": {"start": start, "end": end, "text": piece, "labels": [label]},
        "id": f"r{start}", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
    }


@pytest.fixture
def labelstudio_file(tmp_path):
    good = [
        labelstudio_result(JIADING, "區(qū)委常委會", "BODY"),
        labelstudio_result(JIADING, "區(qū)委書記", "TITLE"),
        labelstudio_result(JIADING, "陸方舟", "PERSON"),
        labelstudio_result(JIADING, "區(qū)委常委會", "BODY", nth=1),
        labelstudio_result(JIADING, "區(qū)委副書記", "TITLE"),
        labelstudio_result(JIADING, "區(qū)長", "TITLE"),
        labelstudio_result(JIADING, "高香", "PERSON"),
        labelstudio_result(JIADING, "十二屆市委六次全會", "SESSION"),
        {"from_id": "r0", "to_id": "r1", "type": "relation", "direction": "right"},
    ]
    # Old Label Studio counted offsets in UTF-16 units: 𠮷 is two of them.
    astral = "(记者 王𠮷)区委书记潘崇敏讲话。"
    utf16 = lambda piece: (at(astral, piece)[0] + 1, at(astral, piece)[1] + 1)  # noqa: E731
    tasks = [
        {
            "id": 41, "data": {"text": JIADING, "id": "jiading-2024-12#2"},
            "annotations": [
                {"id": 9, "was_cancelled": False, "completed_by": 1, "result": good},
                {"id": 10, "was_cancelled": True, "completed_by": 2, "result": [labelstudio_result(JIADING, "全會", "SESSION")]},
            ],
            "predictions": [{"result": [labelstudio_result(JIADING, "陸方舟", "TITLE")]}],
        },
        {"id": 42, "data": {"text": "市委書記朱重烈講話。"}, "annotations": [{"id": 11, "was_cancelled": True, "result": []}]},
        {
            "id": 43, "data": {"text": astral},
            "annotations": [{"id": 12, "was_cancelled": False, "result": [
                labelstudio_result(astral, "记者", "TITLE"),
                labelstudio_result(astral, "区委书记", "TITLE", offsets=utf16("区委书记")),
                labelstudio_result(astral, "潘崇敏", "PERSON", offsets=utf16("潘崇敏")),
            ]}],
        },
    ]
    path = tmp_path / "labelstudio.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_labelstudio_last_annotation_not_cancelled(labelstudio_file):
    skipped = []
    records = read_annotations(labelstudio_file, skipped=skipped)
    assert [r["id"] for r in records] == ["jiading-2024-12#2", 43]  # data.id when the task came from our JSONL
    jiading = records[0]
    assert jiading["script"] == "glossed"
    assert [t[3] for t in triples(jiading)] == [
        "區(qū)委常委會", "區(qū)委書記", "陸方舟", "區(qū)委常委會", "區(qū)委副書記", "區(qū)長", "高香", "十二屆市委六次全會",
    ]
    assert [(s["id"], "relation" in s["reason"] or "cancelled" in s["reason"]) for s in skipped] == [
        ("jiading-2024-12#2", True), (42, True),
    ]
    assert validate(records) == []


def test_labelstudio_utf16_offsets_become_code_points(labelstudio_file):
    astral = read_annotations(labelstudio_file)[1]
    assert [t[3] for t in triples(astral)] == ["记者", "区委书记", "潘崇敏"]


def test_our_jsonl_and_script_detection(tmp_path):
    gold = read_annotations(GOLD)
    expected = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(gold) == len(expected) and sum(len(r["spans"]) for r in gold) == sum(len(r["spans"]) for r in expected)
    bare = {"id": "jiading-2024-12#2", "text": JIADING, "spans": [{"start": 3, "end": 12, "label": "BODY"}]}
    (record,) = read_annotations(write_lines(tmp_path / "ours.jsonl", [bare]))
    assert record["script"] == "glossed" == normalize(JIADING).script
    assert record["text"][3:12] == "區(qū)委常委會" and validate([record]) == []


def test_auto_detection_and_its_error(tmp_path, prodigy_file, labelstudio_file):
    assert detect_format([("1", json.loads(prodigy_file.read_text(encoding="utf-8").splitlines()[0]))]) == "prodigy"
    assert detect_format([("1", json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0]))]) == "jsonl"
    assert detect_format([("1", {"text": "x", "entities": []})]) == "doccano"
    assert detect_format([("1", json.loads(labelstudio_file.read_text(encoding="utf-8"))[0])]) == "labelstudio"
    other = write_lines(tmp_path / "other.jsonl", [{"sentence": JINDONG, "tags": ["B-BODY"]}])
    with pytest.raises(ValueError) as err:
        read_annotations(other)
    assert all(name in str(err.value) for name in ("jsonl", "prodigy", "doccano", "labelstudio"))
    with pytest.raises(ValueError, match="unknown format"):
        read_annotations(other, format="conll")


# --------------------------------------------------------------------------- problems

PROBE = "近日,中共嘉定區(qū)第七屆委員會第九次全體會議舉行。"


def probe(spans, rid="jiading-probe"):
    return {"id": rid, "script": "glossed", "text": PROBE, "spans": spans}


def span_at(piece, label, **attrs):
    start, end = at(PROBE, piece)
    return {"start": start, "end": end, "label": label, "attrs": attrs}


def only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_overlap_is_reported_with_both_spans():
    outer, inner = span_at("中共嘉定區(qū)", "BODY"), span_at("嘉定區(qū)", "BODY")
    kept, problems = check_record(probe([inner, outer]))
    assert kept == [outer]
    p = only(problems)
    assert (p.id, p.kind, p.start, p.end, p.label, p.text) == ("jiading-probe", "overlap", inner["start"], inner["end"], "BODY", "嘉定區(qū)")
    assert "中共嘉定區(qū)" in p.message and "jiading-probe" in str(p) and "嘉定區(qū)" in str(p)


def test_bad_label_is_reported():
    p = only(validate([probe([span_at("第七屆委員會第九次全體會議", "MEETING")])]))
    assert (p.kind, p.label, p.text) == ("label", "MEETING", "第七屆委員會第九次全體會議")
    assert "SESSION" in p.message  # names the scheme's labels


def test_a_span_may_not_cut_a_gloss_from_its_character():
    gloss_start, gloss_end = at(PROBE, "(qū)")
    starts_inside = {"start": gloss_start + 1, "end": gloss_end + 2, "label": "SESSION"}
    ends_before = {"start": at(PROBE, "中共")[0], "end": gloss_start, "label": "BODY"}
    problems = validate([probe([starts_inside]), probe([ends_before], rid="jiading-probe-2")])
    assert [(p.id, p.kind) for p in problems] == [("jiading-probe", "gloss"), ("jiading-probe-2", "gloss")]
    assert problems[0].text == "qū)第七" and "inside the pinyin gloss" in problems[0].message
    assert problems[1].text == "中共嘉定區" and f"end at {gloss_end}" in problems[1].message
    assert validate([probe([span_at("中共嘉定區(qū)", "BODY")])]) == []  # the gloss inside: fine


def test_out_of_range_empty_whitespace_and_mismatched_text():
    spans = [
        {"start": 40, "end": 400, "label": "SESSION"},
        {"start": 5, "end": 5, "label": "BODY"},
        {"start": 0, "end": 3, "label": "BODY", "text": "中共嘉"},  # the tool's text disagrees with its offsets
        {"start": "3", "end": 12, "label": "BODY"},
    ]
    problems = validate([probe(spans)])
    assert [(p.kind, p.start, p.end, p.text) for p in problems] == [
        ("out-of-range", 40, 400, PROBE[40:]),
        ("empty", 5, 5, ""),
        ("text-mismatch", 0, 3, "近日,"),
        ("malformed", "3", 12, None),
    ]
    spaced = {"id": "luqiao-byline", "text": "(全媒体记者 周 益)", "spans": [{"start": 6, "end": 10, "label": "PERSON"}]}
    p = only(validate([spaced]))
    assert (p.kind, p.text) == ("whitespace", " 周 益")  # the space before the name came along


def test_attribute_problems_keep_the_span():
    person = span_at("中共嘉定區(qū)", "PERSON", titles=[[0, 2]], role="chaired")
    kept, problems = check_record(probe([person]))
    assert kept == [person]
    assert [p.kind for p in problems] == ["attribute", "attribute"]
    assert "no TITLE span" in problems[0].message and "role='chaired'" in problems[1].message
    body = span_at("中共嘉定區(qū)", "BODY", kind="party-committee", level="county", norm="中共嘉定区", colour="red")
    p = only(check_record(probe([body]))[1])
    assert "colour" in p.message and "not stored" in p.message  # norm is derived: no problem


def test_problems_cost_only_their_span(nlp):
    good = span_at("中共嘉定區(qū)", "BODY", kind="party-committee", level="county")
    bad = span_at("嘉定區(qū)", "BODY")
    session = span_at("第七屆委員會第九次全體會議", "SESSION", term=7, ordinal=9, meeting="plenary", expanded=False, body="区委")
    docbin, problems = records_to_docbin(nlp, [probe([good, bad, session])])
    assert [p.kind for p in problems] == ["overlap"]
    (doc,) = docbin.get_docs(nlp.vocab)
    assert [(e.text, e.label_) for e in doc.ents] == [("中共嘉定區(qū)", "BODY"), ("第七屆委員會第九次全體會議", "SESSION")]
    assert span_attrs(doc.ents[1]) == {"term": 7, "ordinal": 9, "meeting": "plenary", "expanded": False, "body": "区委", "place": None}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(-2, len(PROBE) + 2), st.integers(-2, len(PROBE) + 2), st.sampled_from(["BODY", "SESSION", "ORG"])), max_size=6))
def test_every_span_is_converted_or_reported(nlp, raw):
    spans = [{"start": a, "end": b, "label": label} for a, b, label in raw]
    conversion = records_to_docbin(nlp, [probe(spans)])
    dropped = [p for p in conversion.problems if p.kind != "attribute"]
    assert conversion.converted + len(dropped) == len(spans) == conversion.spans


# --------------------------------------------------------------------------- the gold corpus


@pytest.fixture(scope="module")
def gold_conversion(nlp):
    return read_annotations(GOLD), records_to_docbin(nlp, read_annotations(GOLD))


def test_every_gold_span_converts(gold_conversion):
    records, conversion = gold_conversion
    assert [str(p) for p in conversion.problems] == []
    n, spans = len(records), sum(len(r["spans"]) for r in records)
    assert (conversion.records, conversion.spans, conversion.converted) == (n, spans, spans)
    assert conversion.summary() == f"{n} records, {spans} of {spans} spans converted, 0 problems"


def test_the_docbin_reloads_with_ents_attributes_and_norms(nlp, gold_conversion, tmp_path):
    records, conversion = gold_conversion
    conversion.docbin.to_disk(tmp_path / "gold.spacy")
    docs = list(DocBin().from_disk(tmp_path / "gold.spacy").get_docs(nlp.vocab))
    assert len(docs) == len(records)
    for record, doc in zip(records, docs):
        assert doc.text == record["text"]
        assert doc._.script == record["script"]  # the norms came back: glossed stays glossed
        assert "".join(t.norm_ + t.whitespace_ for t in doc) == normalize(record["text"]).text
        gold = sorted(record["spans"], key=lambda s: s["start"])
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [(s["start"], s["end"], s["label"]) for s in gold]
        for ent, span in zip(doc.ents, gold):
            got = span_attrs(ent)
            assert {k: got[k] for k in span["attrs"]} == span["attrs"]
            assert all(got[k] is None for k in ATTRIBUTES[ent.label_] if k not in span["attrs"])


def test_a_span_cutting_a_pkuseg_word_is_reachable(nlp, gold_conversion):
    text = "区委七届六次全体(扩大)会议暨区政府全体会议举行"
    start, end = at(text, "区政府")
    assert nlp.make_doc(text).char_span(start, end) is None  # pkuseg: 暨区|政府
    docbin, problems = records_to_docbin(nlp, [{"id": "luqiao-title", "text": text, "spans": [{"start": start, "end": end, "label": "BODY"}]}])
    (doc,) = docbin.get_docs(nlp.vocab)
    assert problems == [] and [(e.text, [t.norm_ for t in e]) for e in doc.ents] == [("区政府", ["区", "政府"])]

    glossed = "區(qū)委七屆六次全體(擴大)會議暨區(qū)政府全體會議舉行"
    start, end = at(glossed, "區(qū)政府")
    assert nlp.make_doc(glossed).char_span(start, end) is None
    docbin, problems = records_to_docbin(nlp, [{"id": "glossed-title", "text": glossed, "spans": [{"start": start, "end": end, "label": "BODY"}]}])
    (doc,) = docbin.get_docs(nlp.vocab)
    assert problems == [] and [(e.text, e._.norm) for e in doc.ents] == [("區(qū)政府", "区政府")]

    # In the gold corpus: 区纪委 after a semicolon pkuseg glued to it (;区|纪委).
    records, conversion = gold_conversion
    index = [r["id"] for r in records].index("luqiao-2024-09-29")
    luqiao = records[index]
    start, end = at(luqiao["text"], ";区纪委")
    assert nlp.make_doc(luqiao["text"]).char_span(start + 1, end) is None
    doc = list(conversion.docbin.get_docs(nlp.vocab))[index]
    assert (start + 1, end, "BODY") in {(e.start_char, e.end_char, e.label_) for e in doc.ents}


# --------------------------------------------------------------------------- pre-annotation


@pytest.fixture(scope="module")
def suggestions(nlp):
    items = [{"id": path.stem, "source": str(path), "text": path.read_text(encoding="utf-8")} for path in sorted(RAW.glob("*.txt"))]
    return annotate(nlp, items)


def test_suggestions_are_our_jsonl(suggestions):
    assert [r["script"] for r in suggestions] == ["simplified", "simplified", "glossed", "traditional", "glossed"]
    assert all("error" not in r and r["spans"] for r in suggestions)
    span = suggestions[2]["spans"][0]
    assert set(span) == {"start", "end", "label", "text", "norm", "attrs"}  # meeting_nlp.records: one shape everywhere


def test_suggestions_round_trip_through_conversion(nlp, suggestions, tmp_path):
    write_jsonl(suggestions, tmp_path / "suggestions.jsonl")
    records = read_annotations(tmp_path / "suggestions.jsonl")
    assert records == suggestions
    conversion = records_to_docbin(nlp, records)
    predicted = sum(len(r["spans"]) for r in suggestions)
    assert conversion.problems == []
    assert (conversion.records, conversion.converted) == (5, predicted)
    for record, doc in zip(suggestions, conversion.docbin.get_docs(nlp.vocab)):
        again = doc_to_record(doc, record["id"], source=record["source"])
        assert again == record  # same spans, same attributes, same norms, same script


def test_annotate_takes_plain_texts_and_reports_bad_ones(nlp):
    out = annotate(nlp, [LUQIAO, "bad \ud800 text"])
    assert out[0]["id"] == "0" and out[0]["script"] == "simplified"
    assert [s["label"] for s in out[0]["spans"]] == ["TITLE", "PERSON", "BODY", "TITLE", "TITLE", "PERSON"]
    assert out[1]["spans"] == [] and "surrogate" in out[1]["error"]


# --------------------------------------------------------------------------- the command line


@pytest.fixture
def cli(nlp, monkeypatch):
    monkeypatch.setattr(convert, "load_pipeline", lambda segmenter="pkuseg", rules=True: nlp)
    parser = argparse.ArgumentParser(prog="meeting_nlp")
    commands = parser.add_subparsers(dest="command", required=True)
    add_convert_arguments(commands.add_parser("convert"))
    add_annotate_arguments(commands.add_parser("annotate"))

    def run(*argv):
        args = parser.parse_args([str(a) for a in argv])
        return args.func(args)

    return run


def test_cli_convert_prints_problems_and_strict_fails(cli, tmp_path, capsys):
    bad = prodigy_task(PROBE, [("中共嘉定區(qū)", "BODY"), ("嘉定區(qū)", "BODY")], meta={"id": "jiading-probe"})
    source = write_lines(tmp_path / "export.jsonl", [prodigy_task(LUQIAO, LUQIAO_SPANS, input_hash=7), bad])
    out = tmp_path / "train.spacy"
    assert cli("convert", source, out, "--strict") == 1
    captured = capsys.readouterr()
    assert not out.exists()
    assert "2 records, 7 of 8 spans converted, 1 problems" in captured.out
    assert "jiading-probe" in captured.err and "嘉定區(qū)" in captured.err and "overlap" in captured.err

    assert cli("convert", source, out, "--format", "prodigy") == 0
    assert out.exists() and len(DocBin().from_disk(out)) == 2


def test_cli_convert_unknown_format_exits_2(cli, tmp_path, capsys):
    other = write_lines(tmp_path / "other.jsonl", [{"sentence": JINDONG}])
    assert cli("convert", other, tmp_path / "x.spacy") == 2
    assert "labelstudio" in capsys.readouterr().err


def test_cli_annotate_then_convert(cli, tmp_path, capsys):
    texts = tmp_path / "more.jsonl"
    write_lines(texts, [{"id": "binjiang-lead", "text": BINJIANG}])
    suggestions = tmp_path / "suggestions.jsonl"
    assert cli("annotate", RAW / "000_e8d0747b3dfad330.txt", RAW / "002_c877433114cd8e59.txt", texts, suggestions) == 0
    summary = capsys.readouterr().out
    assert summary.startswith("3 records,") and "0 failed" in summary
    records = [json.loads(line) for line in suggestions.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["000_e8d0747b3dfad330", "002_c877433114cd8e59", "binjiang-lead"]
    assert cli("convert", suggestions, tmp_path / "train.spacy", "--strict") == 0
    assert ", 0 problems" in capsys.readouterr().out
