"""load(): options, pickling, multiprocessing, to_disk/spacy.load, batches."""
from __future__ import annotations

import pickle

import pytest
import spacy

from conftest import load_in_fresh_process
import meeting_nlp
from meeting_nlp.batch import process
from meeting_nlp.pkuseg_model import ModelNotFound


def token_view(doc):
    return [(t.text, t.norm_, t.whitespace_) for t in doc]


def test_load_gives_a_chinese_spacy_pipeline(nlp):
    from spacy.lang.zh import Chinese

    assert nlp.lang == "zh_meeting" and isinstance(nlp, Chinese)  # our own code: see meeting_nlp.pipeline.LANG
    assert spacy.__version__.startswith("3.8")
    assert type(nlp.tokenizer).__name__ == "MeetingTokenizer"


def test_unknown_options_are_named():
    with pytest.raises(TypeError, match="segmenter"):
        meeting_nlp.load(segmentr="char")


def test_unknown_segmenter_is_named():
    with pytest.raises(ValueError, match="pkuseg"):
        meeting_nlp.load(segmenter="jieba")


def test_missing_model_names_the_command(tmp_path):
    with pytest.raises(ModelNotFound, match="features.msgpack"):
        meeting_nlp.load(pkuseg_model=str(tmp_path))


def test_missing_default_model_names_the_download_command(tmp_path, monkeypatch):
    monkeypatch.setenv("MEETING_NLP_HOME", str(tmp_path))
    with pytest.raises(ModelNotFound, match="python -m meeting_nlp download-model"):
        meeting_nlp.load()


def test_pickle_round_trip(nlp, seeds):
    clone = pickle.loads(pickle.dumps(nlp))
    assert token_view(clone(seeds["002"])) == token_view(nlp(seeds["002"]))


def test_pipe_with_two_processes_gives_identical_docs(nlp, seeds):
    texts = list(seeds.values()) * 2
    single = [token_view(d) for d in nlp.pipe(texts)]
    double = [token_view(d) for d in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert double == single


def test_to_disk_then_spacy_load_in_a_fresh_process(nlp, seeds, tmp_path):
    """The saved pipeline loads through entry points: the child never imports meeting_nlp itself."""
    nlp.to_disk(tmp_path / "pipeline")
    tokens = load_in_fresh_process(tmp_path / "pipeline", seeds["004"], "[[t.text, t.norm_, t.whitespace_] for t in doc]")
    assert [tuple(t) for t in tokens] == token_view(nlp(seeds["004"]))


def test_tokenizer_settings_round_trip_through_bytes(nlp_char):
    restored = meeting_nlp.load(segmenter="char")
    restored.tokenizer.from_bytes(nlp_char.tokenizer.to_bytes())
    assert restored.tokenizer.cfg == nlp_char.tokenizer.cfg


def test_docs_keep_norms_through_docbin(nlp, seeds):
    from spacy.tokens import DocBin

    doc = nlp(seeds["003"])
    restored = list(DocBin(docs=[doc]).get_docs(nlp.vocab))[0]
    assert token_view(restored) == token_view(doc)


def test_a_bad_report_never_costs_the_others(nlp, seeds):
    reports = [("a", seeds["000"]), ("b", None), ("c", b"bytes"), ("d", seeds["003"]), ("e", "区委\ud800"), ("f", "")]
    results = list(process(nlp, reports))
    assert [r.id for r in results] == ["a", "b", "c", "d", "e", "f"]
    assert [r.ok for r in results] == [True, False, False, True, False, True]
    assert "decode" in results[2].error and "surrogate" in results[4].error
    assert results[3].doc.text == seeds["003"]


def test_batches_survive_bad_reports_with_two_processes(nlp, seeds):
    reports = [(str(i), text) for i, text in enumerate(list(seeds.values()) + [None, seeds["001"]])]
    results = list(process(nlp, reports, n_process=2, batch_size=2))
    assert [r.ok for r in results] == [True] * 5 + [False, True]
    assert [r.doc.text for r in results if r.ok] == [t for _, t in reports if t is not None]
