"""Evaluation: exact and overlap scores, per script, spread, attribute accuracy, the glue to spaCy.

Expected numbers are worked out by hand in the comments next to them.
"""
from __future__ import annotations

import argparse
import json

import pytest

from meeting_nlp.evaluation import (
    MICRO,
    add_evaluate_arguments,
    attribute_equal,
    format_report,
    predict_records,
    read_records,
    score,
)


def at(text, piece, nth=0):
    """(start, end) of the nth occurrence of ``piece`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def span(text, piece, label, nth=0, **attrs):
    start, end = at(text, piece, nth)
    return {"start": start, "end": end, "label": label, "attrs": attrs}


def record(rid, text, spans, script="simplified"):
    return {"id": rid, "script": script, "text": text, "spans": spans}


# --------------------------------------------------------------------------- exact vs overlap

OPENING = "区委七届六次全体(扩大)会议暨区政府全体会议举行。区委书记潘崇敏代表区委常委会向全会作报告。"


def opening_records():
    t = OPENING
    gold = record("luqiao", t, [
        span(t, "区委", "BODY"),
        span(t, "七届六次全体(扩大)会议", "SESSION"),
        span(t, "区政府", "BODY"),
        span(t, "区委书记", "TITLE"),
        span(t, "潘崇敏", "PERSON"),
        span(t, "区委常委会", "BODY"),
    ])
    predicted = record("luqiao", t, [
        span(t, "区委", "BODY"),                # exact
        span(t, "七届六次全体", "SESSION"),      # overlap only
        span(t, "区政府", "BODY"),              # exact
        span(t, "区委书记潘崇敏", "TITLE"),      # overlap only; the PERSON is missed
        span(t, "区委常委会", "BODY"),           # exact
        span(t, "全会", "SLOGAN", nth=0),        # false positive, no gold SLOGAN at all
    ])
    return [gold], [predicted]


def test_exact_and_overlap_per_label_and_micro():
    result = score(*opening_records())
    exact, overlap = result["overall"]["exact"], result["overall"]["overlap"]

    assert exact["BODY"] == {"tp": 3, "fp": 0, "fn": 0, "support": 3, "predicted": 3,
                             "precision": 1.0, "recall": 1.0, "f1": 1.0}
    # SESSION and TITLE: one prediction, wrong boundaries: tp 0, fp 1, fn 1
    for label in ("SESSION", "TITLE"):
        assert (exact[label]["tp"], exact[label]["fp"], exact[label]["fn"]) == (0, 1, 1)
        assert exact[label]["precision"] == exact[label]["recall"] == exact[label]["f1"] == 0.0
        assert (overlap[label]["tp"], overlap[label]["fp"], overlap[label]["fn"]) == (1, 0, 0)
        assert overlap[label]["f1"] == 1.0
    # PERSON: nothing predicted: precision undefined, recall 0, F1 0
    assert exact["PERSON"]["precision"] is None
    assert exact["PERSON"]["recall"] == 0.0 and exact["PERSON"]["f1"] == 0.0
    # SLOGAN: nothing to find: recall undefined, precision 0, F1 0
    assert exact["SLOGAN"]["recall"] is None
    assert exact["SLOGAN"]["precision"] == 0.0 and exact["SLOGAN"]["f1"] == 0.0
    # DOCUMENT: neither gold nor predicted: all undefined
    assert exact["DOCUMENT"]["precision"] is exact["DOCUMENT"]["recall"] is exact["DOCUMENT"]["f1"] is None

    # micro, exact: tp 3 (BODY), fp 3 (SESSION, TITLE, SLOGAN), fn 3 (SESSION, TITLE, PERSON)
    assert (exact[MICRO]["tp"], exact[MICRO]["fp"], exact[MICRO]["fn"]) == (3, 3, 3)
    assert exact[MICRO]["precision"] == exact[MICRO]["recall"] == exact[MICRO]["f1"] == 0.5
    # micro, overlap: tp 5, fp 1 (SLOGAN), fn 1 (PERSON): P = R = F1 = 5/6
    assert (overlap[MICRO]["tp"], overlap[MICRO]["fp"], overlap[MICRO]["fn"]) == (5, 1, 1)
    for key in ("precision", "recall", "f1"):
        assert overlap[MICRO][key] == pytest.approx(5 / 6)
    assert result["gold_spans"] == 6 and result["predicted_spans"] == 6


def test_overlap_matches_each_gold_span_once():
    # 省委、市委 are two BODYs; a prediction covering both matches only one of them
    t = "全面落实省委、市委系列决策部署"
    gold = [record("r", t, [span(t, "省委", "BODY"), span(t, "市委", "BODY")])]
    predicted = [record("r", t, [span(t, "省委、市委", "BODY")])]
    body = score(gold, predicted)["overall"]["overlap"]["BODY"]
    assert (body["tp"], body["fp"], body["fn"]) == (1, 0, 1)
    assert body["precision"] == 1.0 and body["recall"] == 0.5 and body["f1"] == pytest.approx(2 / 3)


def test_overlap_is_greedy_by_largest_overlap():
    # two predictions inside one gold SESSION: the longer one (三中全会, 4 chars) takes it,
    # although 二十届 (3 chars) comes first in text and in the list
    t = "全会深入学习贯彻党的二十届三中全会精神"
    gold = [record("r", t, [span(t, "二十届三中全会", "SESSION")])]
    predicted = [record("r", t, [span(t, "二十届", "SESSION"), span(t, "三中全会", "SESSION")])]
    from meeting_nlp.evaluation import match_overlap

    assert match_overlap(gold[0]["spans"], predicted[0]["spans"]) == [(0, 1)]
    session = score(gold, predicted)["overall"]["overlap"]["SESSION"]
    assert (session["tp"], session["fp"], session["fn"]) == (1, 1, 0)


def test_overlap_needs_the_same_label():
    t = "区委书记潘崇敏"
    gold = [record("r", t, [span(t, "潘崇敏", "PERSON")])]
    predicted = [record("r", t, [span(t, "书记潘崇敏", "TITLE")])]
    result = score(gold, predicted)["overall"]["overlap"]
    assert result["PERSON"]["fn"] == 1 and result["TITLE"]["fp"] == 1 and result[MICRO]["tp"] == 0


# --------------------------------------------------------------------------- per script, spread

SAME_SENTENCE = {
    "simplified": ("区委副书记、区长牟傲野部署工作。", ("区委副书记", "区长", "牟傲野")),
    "traditional": ("區委副書記、區長牟傲野部署工作。", ("區委副書記", "區長", "牟傲野")),
    "glossed": ("區(qū)委副書(shū)記、區(qū)長(zhǎng)牟傲野部署工作。", ("區(qū)委副書(shū)記", "區(qū)長(zhǎng)", "牟傲野")),
}


def three_scripts():
    gold, predicted = [], []
    for script, (t, (deputy, head, name)) in SAME_SENTENCE.items():
        spans = [span(t, deputy, "TITLE"), span(t, head, "TITLE"), span(t, name, "PERSON")]
        gold.append(record("luqiao", t, spans, script))
        if script == "simplified":      # all right
            guess = list(spans)
        elif script == "traditional":   # the name is missed
            guess = spans[:2]
        else:                           # 區(qū)長 cut before its gloss: overlap, not exact
            guess = [spans[0], span(t, "區(qū)長", "TITLE"), spans[2]]
        predicted.append(record("luqiao", t, guess, script))
    return gold, predicted


def test_per_script_scores_and_spread():
    result = score(*three_scripts())  # one id in three scripts: paired by position
    assert result["scripts"] == ["simplified", "traditional", "glossed"]
    assert {s: result["by_script"][s]["records"] for s in result["scripts"]} == {
        "simplified": 1, "traditional": 1, "glossed": 1}
    spread = result["spread"]["exact"]
    # PERSON F1: 1, 0, 1 -> spread 1
    assert spread["PERSON"]["f1"] == {"simplified": 1.0, "traditional": 0.0, "glossed": 1.0}
    assert spread["PERSON"]["spread"] == 1.0
    # TITLE F1 exact: 1, 1, glossed tp 1 fp 1 fn 1 -> 2/4 = 0.5; spread 0.5. Overlap: 1, 1, 1 -> 0
    assert spread["TITLE"]["f1"]["glossed"] == 0.5 and spread["TITLE"]["spread"] == 0.5
    assert result["spread"]["overlap"]["TITLE"]["spread"] == 0.0
    # micro exact: simplified 1; traditional tp 2 fn 1 -> 4/5; glossed tp 2 fp 1 fn 1 -> 4/6
    assert spread[MICRO]["f1"]["traditional"] == pytest.approx(0.8)
    assert spread[MICRO]["f1"]["glossed"] == pytest.approx(2 / 3)
    assert spread[MICRO]["spread"] == pytest.approx(1 / 3)
    # no SESSION anywhere: F1 undefined in every script, so no spread
    assert spread["SESSION"] == {"spread": None, "f1": {}}
    # overall = the three scripts pooled: TITLE tp 5 fp 1 fn 1 -> 10/12
    assert result["overall"]["exact"]["TITLE"]["f1"] == pytest.approx(10 / 12)


def test_spread_needs_two_scripts_with_a_defined_f1():
    gold, predicted = three_scripts()
    t = gold[0]["text"]
    gold[0]["spans"].append(span(t, "部署工作", "DOCUMENT"))  # a DOCUMENT only in simplified
    result = score(gold, predicted)
    assert result["spread"]["exact"]["DOCUMENT"] == {"spread": None, "f1": {"simplified": 0.0}}


# --------------------------------------------------------------------------- attributes

def test_attribute_equality_is_strict():
    assert attribute_equal("ordinal", [2, 3], [2, 3])
    assert attribute_equal("ordinal", [2, 3], (2, 3))        # tuples from Python code are lists in JSON
    assert not attribute_equal("ordinal", 6, [6])
    assert not attribute_equal("ordinal", [6], 6)
    assert not attribute_equal("ordinal", [2, 3], [3, 2])
    assert not attribute_equal("expanded", True, 1)
    assert not attribute_equal("expanded", False, None)
    assert attribute_equal("term", None, None)
    assert attribute_equal("titles", [[84, 89], [90, 92]], [[90, 92], [84, 89]])  # order does not matter
    assert not attribute_equal("titles", [[84, 89], [90, 92]], [[84, 89]])
    assert not attribute_equal("titles", [], None)


def test_attribute_accuracy_over_exact_matches():
    t1 = "全会深入学习贯彻党的二十届二中、三中全会精神,全面落实省委十五届五次全会和市委六届六次全会系列决策部署"
    plenary = dict(meeting="plenary", expanded=False)
    gold1 = record("jiading", t1, [
        span(t1, "二十届二中、三中全会", "SESSION", term=20, ordinal=[2, 3], body="党中央", **plenary),
        span(t1, "省委", "BODY", kind="party-committee", level="provincial"),
        span(t1, "十五届五次全会", "SESSION", term=15, ordinal=5, body="省委", **plenary),
        span(t1, "市委", "BODY", nth=0, kind="party-committee", level="municipal"),
        span(t1, "六届六次全会", "SESSION", term=6, ordinal=6, body="市委", **plenary),
    ])
    pred1 = record("jiading", t1, [
        # all five right
        span(t1, "二十届二中、三中全会", "SESSION", term=20, ordinal=[2, 3], body="党中央", **plenary),
        # level wrong
        span(t1, "省委", "BODY", kind="party-committee", level="municipal"),
        # ordinal [5] is not 5; expanded missing counts as None, not False
        span(t1, "十五届五次全会", "SESSION", term=15, ordinal=[5], meeting="plenary", body="省委"),
        # no BODY 市委 predicted; SESSION with the body inside: overlap only, so its attributes are not scored
        span(t1, "市委六届六次全会", "SESSION", term=6, ordinal=6, body="市委", **plenary),
    ])
    t2 = "区委副书记、区长牟傲野部署工作。王先义、卢红菊等区四套班子领导出席会议。"
    deputy, head = at(t2, "区委副书记"), at(t2, "区长")
    gold2 = record("luqiao", t2, [
        span(t2, "区委副书记", "TITLE"),
        span(t2, "区长", "TITLE"),
        span(t2, "牟傲野", "PERSON", titles=[list(deputy), list(head)], role="spoke"),
        span(t2, "王先义", "PERSON", titles=[], role="attended"),
        span(t2, "卢红菊", "PERSON", titles=[], role="attended"),
    ])
    pred2 = record("luqiao", t2, [
        span(t2, "区委副书记", "TITLE"),
        span(t2, "区长", "TITLE"),
        span(t2, "牟傲野", "PERSON", titles=[list(head), list(deputy)], role="presided"),  # titles right, role wrong
        span(t2, "王先义", "PERSON", titles=[], role="attended"),                          # both right
        span(t2, "卢红菊", "PERSON", role="attended"),                                     # titles missing
    ])
    t3 = "坚持以“八八战略”为总纲,捍衛“兩個確立”"
    gold3 = record("s", t3, [span(t3, "八八战略", "SLOGAN", canonical="八八战略"),
                             span(t3, "兩個確立", "SLOGAN", canonical="两个确立")], "mixed")
    pred3 = record("s", t3, [span(t3, "八八战略", "SLOGAN", canonical="八八战略", source="lexicon"),
                             span(t3, "兩個確立", "SLOGAN", canonical="兩個確立", source="lexicon")], "mixed")

    result = score([gold1, gold2, gold3], [pred1, pred2, pred3])
    acc = {label: {name: (a["correct"], a["n"]) for name, a in names.items()}
           for label, names in result["attributes"].items()}
    assert acc["SESSION"] == {"term": (2, 2), "ordinal": (1, 2), "meeting": (2, 2), "expanded": (1, 2), "body": (2, 2), "place": (0, 0)}
    assert acc["BODY"] == {"kind": (1, 1), "level": (0, 1)}
    assert acc["PERSON"] == {"role": (2, 3), "titles": (2, 3)}
    assert acc["SLOGAN"] == {"canonical": (1, 2)}
    assert result["attributes"]["SESSION"]["ordinal"]["accuracy"] == 0.5
    assert result["attributes"]["BODY"]["level"]["accuracy"] == 0.0
    assert result["attributes_by_script"]["mixed"]["SLOGAN"]["canonical"]["n"] == 2
    assert result["attributes_by_script"]["simplified"]["SLOGAN"]["canonical"] == {"correct": 0, "n": 0, "accuracy": None}


# --------------------------------------------------------------------------- empty, missing, failed

def test_empty_predictions():
    gold, _ = opening_records()
    result = score(gold, [dict(gold[0], spans=[])])
    for label in ("BODY", "SESSION", "TITLE", "PERSON", MICRO):
        row = result["overall"]["exact"][label]
        assert row["precision"] is None and row["recall"] == 0.0 and row["f1"] == 0.0
    assert result["predicted_spans"] == 0
    report = format_report(result)
    assert "n/a" in report
    json.dumps(result)  # None becomes null


def test_missing_and_failed_predictions_count_as_predicting_nothing():
    gold, predicted = opening_records()
    t = "区委常委会主持会议。"
    gold.append(record("second", t, [span(t, "区委常委会", "BODY")]))
    gold.append(record("third", t, [span(t, "区委常委会", "BODY")]))
    failed = dict(gold[2], spans=[], error="report has a lone surrogate at 3")
    result = score(gold, [failed, predicted[0]])  # out of order, ids unique: paired by id
    assert result["missing"] == ["second"]
    assert result["errors"] == [{"id": "third", "error": "report has a lone surrogate at 3"}]
    assert result["overall"]["exact"]["BODY"]["fn"] == 2
    assert "no prediction: second" in format_report(result)


def test_pairing_refuses_what_it_cannot_pair():
    gold, predicted = three_scripts()  # one id three times
    with pytest.raises(ValueError, match="order"):
        score(gold, predicted[1:])  # which luqiao is which?
    with pytest.raises(ValueError, match="text differs"):
        score(gold, list(reversed(predicted)))  # paired by position, and the texts tell
    gold, predicted = opening_records()
    with pytest.raises(ValueError, match="text differs"):
        score(gold, [dict(predicted[0], text=OPENING + "。")])


# --------------------------------------------------------------------------- report

def test_format_report_has_the_tables():
    report = format_report(score(*three_scripts()), title="Gold: test")
    lines = report.splitlines()
    assert lines[0] == "Gold: test"
    assert "3 reports (simplified 1, traditional 1, glossed 1), 9 gold spans, 8 predicted" in report
    header = next(line for line in lines if line.startswith("label") and "support" in line)
    assert header.split() == ["label", "support", "pred", "P", "R", "F1", "P", "ovl", "R", "ovl", "F1", "ovl"]
    person = next(line for line in lines if line.startswith("PERSON"))
    assert person.split()[:6] == ["PERSON", "3", "2", "1.000", "0.667", "0.800"]
    spread_row = [line for line in lines if line.startswith("PERSON")][1]
    assert spread_row.split()[-2:] == ["1.000", "1.000"]
    assert any(line.startswith("SESSION.ordinal") for line in lines)


# --------------------------------------------------------------------------- the glue to spaCy

def ruler_pipeline():
    """The char pipeline, emptied of our components, with spaCy's own entity_ruler on normalized forms."""
    import meeting_nlp

    nlp = meeting_nlp.load(segmenter="char")
    for name in list(nlp.pipe_names):
        nlp.remove_pipe(name)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "NORM"})
    ruler.add_patterns([{"label": "BODY", "pattern": "区委"}, {"label": "PERSON", "pattern": "陆方舟"}])
    return nlp


REPORT_LINE = {
    "simplified": ("区委书记陆方舟代表区委常委会作工作报告", ("区委书记", "陆方舟", "区委常委会")),
    "glossed": ("區(qū)委書(shū)記陸方舟代表區(qū)委常委會作工作報告", ("區(qū)委書(shū)記", "陸方舟", "區(qū)委常委會")),
}


def test_predict_records_with_a_real_pipeline():
    nlp = ruler_pipeline()
    gold = []
    for script, (t, (title, name, body)) in REPORT_LINE.items():
        gold.append(record("jiading", t, [
            span(t, title, "TITLE"),
            span(t, name, "PERSON", titles=[list(at(t, title))], role="reported"),
            span(t, body, "BODY", kind="party-standing-committee", level="county"),
        ], script))
    bad = record("broken", "区委\ud800", [])
    predicted = predict_records(nlp, gold + [bad])

    assert [p["id"] for p in predicted] == ["jiading", "jiading", "broken"]
    assert predicted[2]["spans"] == [] and "surrogate" in predicted[2]["error"]
    assert "error" not in predicted[0] and "error" not in predicted[1]
    glossed = gold[1]["text"]
    assert [(s["start"], s["end"], s["label"]) for s in predicted[1]["spans"]] == [
        (*at(glossed, "區(qū)委"), "BODY"),        # 區(qū)委 (0, 6): the gloss belongs to 區
        (*at(glossed, "陸方舟"), "PERSON"),
        (*at(glossed, "區(qū)委", nth=1), "BODY"),
    ]
    for p in predicted[:2]:
        for s in p["spans"]:
            allowed = {"BODY": {"kind", "level", "norm"}, "PERSON": {"titles", "role", "norm"}}[s["label"]]
            assert set(s["attrs"]) <= allowed
            assert s["attrs"].get("norm") in (None, "区委", "陆方舟")

    result = score(gold, predicted[:2])
    for script in ("simplified", "glossed"):
        exact = result["by_script"][script]["exact"]
        overlap = result["by_script"][script]["overlap"]
        assert exact["PERSON"]["f1"] == 1.0
        # BODY: 区委 (inside the TITLE) and 区委 (inside 区委常委会): tp 0, fp 2, fn 1
        assert (exact["BODY"]["tp"], exact["BODY"]["fp"], exact["BODY"]["fn"]) == (0, 2, 1)
        # overlap: the second 区委 meets 区委常委会: tp 1, fp 1, fn 0 -> F1 2/3
        assert overlap["BODY"]["f1"] == pytest.approx(2 / 3)
        # micro exact: tp 1, fp 2, fn 2 -> 2/6
        assert exact[MICRO]["f1"] == pytest.approx(1 / 3)
    # the same line in two scripts scores the same
    assert result["spread"]["exact"][MICRO]["spread"] == 0.0
    assert result["spread"]["overlap"]["BODY"]["spread"] == 0.0
    assert result["attributes"]["PERSON"]["titles"]["n"] == 2


def test_span_attributes_are_read_and_made_plain():
    from spacy.language import Language
    from spacy.tokens import Span

    for name in ("kind", "level", "titles", "role"):  # as meeting_nlp registers them: default None
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)

    if "evaluation_test_attributes" not in Language.factories:
        @Language.component("evaluation_test_attributes")
        def set_attributes(doc):
            for ent in doc.ents:
                if ent.label_ == "BODY":
                    ent._.kind, ent._.level = "party-committee", "county"
                elif ent.label_ == "PERSON":
                    ent._.titles = [doc[0:4]]  # a Span: becomes [start_char, end_char]
                    ent._.role = "reported"
            return doc

    nlp = ruler_pipeline()
    nlp.add_pipe("evaluation_test_attributes")
    (out,) = predict_records(nlp, [record("r", REPORT_LINE["glossed"][0], [], "glossed")])
    person = next(s for s in out["spans"] if s["label"] == "PERSON")
    assert person["attrs"]["titles"] == [[0, 13]]  # 區(qū)委書(shū)記, glosses included
    assert person["attrs"]["role"] == "reported"
    body = out["spans"][0]
    assert (body["attrs"]["kind"], body["attrs"]["level"]) == ("party-committee", "county")
    json.dumps(out, ensure_ascii=False)


def test_evaluate_command(tmp_path, capsys):
    t = REPORT_LINE["simplified"][0]
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(
        json.dumps(record("r", t, [span(t, "陆方舟", "PERSON", titles=[[0, 4]], role="reported")]), ensure_ascii=False)
        + "\n\n",
        encoding="utf-8",
    )
    assert len(read_records(gold_file)) == 1
    parser = argparse.ArgumentParser()
    add_evaluate_arguments(parser.add_subparsers(dest="command").add_parser("evaluate"))
    out = tmp_path / "scores.json"
    args = parser.parse_args(["evaluate", str(gold_file), "--json", str(out), "--segmenter", "char"])
    assert args.func(args) == 0
    printed = capsys.readouterr().out
    assert "1 reports (simplified 1), 1 gold spans" in printed and "SESSION.ordinal" in printed
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["gold"] == [str(gold_file)] and scores["segmenter"] == "char"
    assert scores["systems"]["pipeline"]["overall"]["exact"]["PERSON"]["support"] == 1

    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    args = parser.parse_args(["evaluate", str(bad)])
    assert args.func(args) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_scores_by_genre_from_the_gold_records():
    """Analysts read accuracy per genre of report: each gold record's genre gets its own micro F1."""
    text = "区委书记潘崇敏出席。国务院总理李强主持。"
    gold = [
        {**record("a", text, [span(text, "潘崇敏", "PERSON")]), "genre": "county"},
        {**record("b", text, [span(text, "李强", "PERSON")]), "genre": "state-council"},
    ]
    predicted = [record("a", text, [span(text, "潘崇敏", "PERSON")]), record("b", text, [])]
    by_genre = score(gold, predicted)["by_genre"]
    assert by_genre["county"]["exact"]["ALL"]["f1"] == 1.0
    assert by_genre["state-council"]["exact"]["ALL"]["f1"] == 0.0
    assert by_genre["state-council"]["records"] == 1


def test_gold_folder_of_report_files_reads_like_jsonl(tmp_path):
    """corpus/dev is a folder of one JSON file per report; evaluate reads it as it reads JSONL."""
    text = "区委书记潘崇敏出席。"
    rec = {**record("a", text, [span(text, "潘崇敏", "PERSON")]), "genre": "county"}
    (tmp_path / "a.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    assert read_records(tmp_path)[0]["spans"] == rec["spans"]
    (tmp_path / "b.json").write_text('{"id": "b", "text": 1}', encoding="utf-8")
    with pytest.raises(ValueError, match="b.json"):
        read_records(tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no \\*.json"):
        read_records(tmp_path / "empty")
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_records(tmp_path / "missing")
