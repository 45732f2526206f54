"""The compiled pkuseg segmenter gives spacy-pkuseg's tokens, exactly, and falls back to it.

spacy-pkuseg (``PkusegSegmenter``, ``segmenter="spacy-pkuseg"``) is the
reference: the compiled segmenter must cut every report of the corpus and any
random mixed text where it cuts. docs/segmenter.md says how.
"""
from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import meeting_nlp
from meeting_nlp import _ext
from meeting_nlp.normalize import normalize
from meeting_nlp.pkuseg_model import COMPACT_FILE, ModelNotFound, build_compact, default_model_dir
from meeting_nlp.segmenters import FastPkusegSegmenter, PkusegSegmenter, make_segmenter

ROOT = Path(__file__).resolve().parents[1]
RAW = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
GOLD = sorted((ROOT / "corpus" / "dev").glob("*.json")) + sorted((ROOT / "corpus" / "heldout").glob("*.json"))

pytestmark = pytest.mark.skipif(_ext.load("segment") is None, reason="the compiled segmenter is not built")


@pytest.fixture(scope="module")
def fast():
    return FastPkusegSegmenter()


@pytest.fixture(scope="module")
def ref():
    return PkusegSegmenter()


def shallow(obj):
    """A shallow copy that shares the loaded model (copy.copy would go through __reduce__ and load it again)."""
    clone = object.__new__(type(obj))
    clone.__dict__.update(obj.__dict__)
    return clone


def words(text, spans):
    return [text[s:e] for s, e in spans]


def assert_same(fast_spans, ref_spans, text):
    if fast_spans != ref_spans:  # show the first difference as words, not offsets
        k = next(i for i, (a, b) in enumerate(zip(fast_spans + [None], ref_spans + [None])) if a != b)
        pytest.fail(
            f"first difference at token {k}: compiled {words(text, fast_spans[k - 2 : k + 3])} "
            f"vs spacy-pkuseg {words(text, ref_spans[k - 2 : k + 3])}"
        )


def test_pkuseg_means_the_compiled_segmenter_when_it_is_built(nlp):
    assert isinstance(make_segmenter("pkuseg"), FastPkusegSegmenter)
    assert isinstance(nlp.tokenizer.segmenter, FastPkusegSegmenter)
    assert isinstance(make_segmenter("spacy-pkuseg"), PkusegSegmenter)


@pytest.mark.parametrize("path", RAW, ids=lambda p: p.stem)
def test_identical_tokens_on_every_bundled_report(fast, ref, path):
    """On the normalized text the tokenizer segments, and on the raw text (glosses, traditional)."""
    raw = path.read_text(encoding="utf-8")
    for text in (normalize(raw).text, raw):
        spans = fast.segment(text)
        assert len(spans) > 500
        assert_same(spans, ref.segment(text), text)


def test_identical_tokens_on_every_gold_corpus_report(fast, ref):
    assert len(GOLD) >= 50, "corpus/dev and corpus/heldout should hold the gold reports"
    for path in GOLD:
        text = normalize(json.loads(path.read_text(encoding="utf-8"))["text"]).text
        assert_same(fast.segment(text), ref.segment(text), text)


def test_the_tokenizer_gives_the_same_doc_with_either_backend(nlp, ref):
    reference = shallow(nlp.tokenizer)
    reference.segmenter = ref
    for path in RAW:
        text = path.read_text(encoding="utf-8")
        assert [(t.text, t.norm_, t.whitespace_) for t in nlp.make_doc(text)] == [
            (t.text, t.norm_, t.whitespace_) for t in reference(text)
        ]


# Characters that exercise every rule of pkuseg's feature extraction: its number and letter
# classes (ASCII digits, 二三十万, fullwidth digits and letters, but not ASCII letters or ｊ),
# the characters it renames to '&' before lookup, whitespace of every kind, emoji outside the
# BMP, traditional characters, sentence ends (chunk boundaries) and long words of the dictionary.
_CORPUS_CHARS = sorted({c for p in RAW for c in p.read_text(encoding="utf-8") if not c.isspace()})
_SPECIAL = list("0123456789.几二三四五六七八九十千万亿兆零１２３４５６７８９０％ＡＢＺａｉｊｋｚ／・－-._,|/*:&abcXYZ")
_SPACES = list(" \t\n\r\x0b\x0c\x1c\u3000\u00a0\u2028\u2003")
_OTHER = list("。！？!?;；，、（）《》“”—…") + ["😀", "👍🏽", "𠀋", "\U0001F1E8\U0001F1F3", "é", "\u0301", "\ud800"]
_TRADITIONAL = list("國務院關於經濟發展會議區黨委員書記體")
_WORDS = ["中华人民共和国", "全面建成小康社会", "习近平新时代中国特色社会主义思想", "2024年", "第十四届", "GDP", "**Num"]
_piece = st.one_of(
    st.sampled_from(_CORPUS_CHARS), st.sampled_from(_SPECIAL), st.sampled_from(_SPACES),
    st.sampled_from(_OTHER), st.sampled_from(_TRADITIONAL), st.sampled_from(_WORDS),
    st.characters(blacklist_categories=("Cs",)),
)
mixed_text = st.lists(_piece, max_size=120).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mixed_text)
def test_identical_tokens_on_random_mixed_text(fast, ref, text):
    assert_same(fast.segment(text), ref.segment(text), text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mixed_text, size=st.integers(1, 30))
def test_identical_tokens_with_small_chunks(text, size, fast, ref):
    """Chunk boundaries fall in the same places for both."""
    small_fast = FastPkusegSegmenter(chunk_size=size)
    small_ref = shallow(ref)
    small_ref.chunk_size = size
    assert small_fast.segment(text) == small_ref.segment(text)


def test_pathological_runs_are_segmented_like_the_reference(fast, ref):
    for text in ("的" * 3000, "1" * 3000, "ａ" * 2000 + "。" * 500, "*" * 2000, "中国" * 1500):
        assert_same(fast.segment(text), ref.segment(text), text)


def test_user_dictionary_none_and_a_file_behave_as_in_spacy_pkuseg(ref, seeds, tmp_path):
    """user_dict=None: no post-processing; a file: its words are forced first. Same as spacy-pkuseg."""
    from spacy_pkuseg import Postprocesser, Preprocesser

    text = normalize(seeds["000"]).text
    none_ref = shallow(ref)
    none_ref._pkuseg = copy.copy(ref._pkuseg)
    none_ref._pkuseg.postprocesser = Postprocesser(None, None)
    assert FastPkusegSegmenter(user_dict=None).segment(text) == none_ref.segment(text)

    user_dict = tmp_path / "words.txt"
    user_dict.write_text("区委七届\n全体(扩大)会议\n", encoding="utf-8")
    file_ref = shallow(ref)
    file_ref._pkuseg = copy.copy(ref._pkuseg)
    file_ref._pkuseg.preprocesser = Preprocesser(str(user_dict))
    spans = FastPkusegSegmenter(user_dict=str(user_dict)).segment(text)
    assert spans == file_ref.segment(text)
    assert "区委七届" in words(text, spans) and "全体(扩大)会议" in words(text, spans)


def test_the_compact_model_is_memory_mapped(fast):
    maps = Path("/proc/self/maps").read_text()
    assert str(fast.model_file) in maps
    assert fast.model_file.name == COMPACT_FILE and fast._model.size == fast.model_file.stat().st_size
    assert fast._model.n_features == 2_643_616  # every feature of the model but the constant '$$'
    assert fast._model.weight_kind == "int32"  # exact: pkuseg's weights are multiples of 1e-4


def test_pickled_segmenter_segments_the_same(fast, seeds):
    clone = pickle.loads(pickle.dumps(fast))
    assert isinstance(clone, FastPkusegSegmenter) and len(pickle.dumps(fast)) < 1000
    text = normalize(seeds["001"]).text
    assert clone.segment(text) == fast.segment(text)


def test_fallback_to_spacy_pkuseg_with_a_warning_when_the_extension_is_missing(fast, seeds, monkeypatch):
    monkeypatch.setitem(sys.modules, "meeting_nlp._ext.segment", None)  # import fails
    monkeypatch.setattr(_ext, "_WARNED", set())
    with pytest.warns(RuntimeWarning, match="compiled segment extension is not available"):
        segmenter = make_segmenter("pkuseg")
    assert isinstance(segmenter, PkusegSegmenter)
    text = normalize(seeds["002"]).text
    assert segmenter.segment(text) == fast.segment(text)


def test_meeting_nlp_no_ext_forces_spacy_pkuseg_in_a_fresh_process(fast, seeds):
    text = normalize(seeds["003"]).text
    code = (
        "import json, sys\n"
        "from meeting_nlp.segmenters import make_segmenter\n"
        "s = make_segmenter('pkuseg')\n"
        "print(json.dumps([type(s).__name__, s.segment(sys.stdin.read())]))\n"
    )
    env = {**__import__("os").environ, "MEETING_NLP_NO_EXT": "1"}
    out = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, env=env, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    name, spans = json.loads(out.stdout)
    assert name == "PkusegSegmenter"
    assert [tuple(s) for s in spans] == fast.segment(text)


@pytest.mark.parametrize("size", [0, -1, 2.5, True])
def test_chunk_size_must_be_a_positive_integer(size):
    for make in (FastPkusegSegmenter, PkusegSegmenter):
        with pytest.raises(ValueError, match="chunk_size must be a positive"):
            make(chunk_size=size)


def test_load_with_chunk_size_zero_is_an_error_not_a_hang():
    with pytest.raises(ValueError, match="chunk_size"):
        meeting_nlp.load(chunk_size=0)


def test_a_damaged_compact_model_is_an_error_that_names_the_fix(tmp_path):
    bad = tmp_path / COMPACT_FILE
    bad.write_bytes(b"MNLPSEG\x01" + b"\0" * 400)
    with pytest.raises(ValueError, match="download-model --force"):
        _ext.load("segment").Model(str(bad))
    bad.write_bytes(b"short")
    with pytest.raises(ValueError, match="download-model --force"):
        _ext.load("segment").Model(str(bad))


def test_a_pruned_model_is_smaller_and_only_the_compiled_segmenter_reads_it(fast, seeds, tmp_path):
    info = build_compact(default_model_dir(), prune=0.2, out_dir=tmp_path / "pruned")
    assert info["features"] < info["features_full"] // 2 and info["prune"] == 0.2
    assert info["bytes"] < fast._model.size / 2
    pruned = FastPkusegSegmenter(tmp_path / "pruned")
    text = normalize(seeds["000"]).text
    a, b = pruned.segment(text), fast.segment(text)
    assert len(set(a) & set(b)) > 0.95 * len(b)  # close to the full model, not necessarily identical
    with pytest.raises(ModelNotFound, match="only a compact"):
        PkusegSegmenter(tmp_path / "pruned")
