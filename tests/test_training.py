"""The training workflow end to end (a few dozen steps), and a trained NER inside the rule pipeline."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

import meeting_nlp

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """training/ run with `spacy project run all` on the bundled gold, 20 training steps."""
    work = tmp_path_factory.mktemp("project") / "training"
    shutil.copytree(ROOT / "training", work, ignore=shutil.ignore_patterns("corpus", "output", "crossval", "project.lock"))
    command = [
        sys.executable, "-m", "spacy", "project", "run", "all", str(work),
        f"--vars.gold={ROOT / 'corpus' / 'dev.jsonl'}", f"--vars.config={ROOT / 'configs' / 'ner.cfg'}",
        "--vars.steps=20", "--vars.eval_frequency=10",
    ]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return work, result.stdout


def test_the_workflow_converts_trains_and_scores_three_systems(project):
    work, stdout = project
    assert (work / "output" / "model-best" / "config.cfg").exists()
    scores = json.loads((work / "output" / "scores.json").read_text(encoding="utf-8"))
    assert set(scores["systems"]) == {"rules", "model", "both"}
    assert "P / R / F1 exact" in stdout and "rules" in stdout and "model" in stdout and "both" in stdout
    assert "0 problems" in stdout


def test_the_trained_model_reads_norms_with_our_tokenizer(project):
    work, _ = project
    config = spacy.util.load_config(work / "output" / "model-best" / "config.cfg")
    assert config["nlp"]["tokenizer"]["@tokenizers"] == "meeting_nlp.Tokenizer.v1"
    assert config["components"]["tok2vec"]["model"]["embed"]["attrs"] == ["NORM", "SHAPE"]


def test_the_dev_split_holds_one_report_in_three_scripts(project):
    work, _ = project
    dev = [json.loads(line) for line in (work / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["id"] for r in dev} == {"jinhua-2024-03-12"}
    assert sorted(r["script"] for r in dev) == ["glossed", "simplified", "traditional"]


@pytest.fixture(scope="module")
def fake_model(tmp_path_factory):
    """A saved pipeline whose 'NER' is an entity ruler: deterministic entities to test precedence."""
    nlp = meeting_nlp.load(rules=False, segmenter="char")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "NORM"})
    ruler.add_patterns([
        {"label": "BODY", "pattern": "区委书记"},  # overlaps the rules' TITLE 区委书记 exactly
        {"label": "PERSON", "pattern": "王小明"},  # a name the rules cannot know: no title, no verb
    ])
    path = tmp_path_factory.mktemp("fake") / "model"
    nlp.to_disk(path)
    return path


TEXT = "区委书记潘崇敏讲话。王小明同志的来信。"


def labels(doc):
    return [(e.text, e.label_) for e in doc.ents]


def test_rules_win_overlaps_and_the_model_fills_gaps(fake_model):
    nlp = meeting_nlp.load(ner=str(fake_model))
    assert nlp.pipe_names.index("meeting_trained_ner") == nlp.pipe_names.index("meeting_entity_resolver") - 1
    found = labels(nlp(TEXT))
    assert ("区委书记", "TITLE") in found and ("王小明", "PERSON") in found
    assert ("区委书记", "BODY") not in found


def test_model_precedence_is_configurable(fake_model):
    found = labels(meeting_nlp.load(ner=str(fake_model), ner_precedence="model")(TEXT))
    assert ("区委书记", "BODY") in found and ("区委书记", "TITLE") not in found


def test_model_alone(fake_model):
    nlp = meeting_nlp.load(ner=str(fake_model), rules=False)
    assert labels(nlp(TEXT)) == [("区委书记", "BODY"), ("王小明", "PERSON")]


def test_a_pipeline_with_a_model_saves_it_inside(fake_model, tmp_path):
    model = shutil.copytree(fake_model, tmp_path / "model")
    nlp = meeting_nlp.load(ner=str(model))
    nlp.to_disk(tmp_path / "p")
    shutil.rmtree(model)  # the saved pipeline must not need the original any more
    assert labels(spacy.load(tmp_path / "p")(TEXT)) == labels(nlp(TEXT))
