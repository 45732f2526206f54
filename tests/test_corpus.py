"""The gold corpus is what every accuracy figure rests on: it must be valid and its built files current."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_corpus  # noqa: E402


def test_every_report_is_valid_and_the_built_files_are_current():
    """`tools/build_corpus.py --check` fails on any bad span, attribute or stale file."""
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "build_corpus.py"), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]


def test_manifest_names_a_genre_and_a_source_for_every_report():
    rows = [json.loads(line) for line in (ROOT / "corpus" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows, "the manifest is empty"
    for row in rows:
        assert row["genre"] in build_corpus.GENRES
        assert row["source"].get("url") or row["source"].get("file")
        assert row["split"] in build_corpus.SPLITS


def test_a_wrong_attribute_is_named_with_its_file(tmp_path):
    """A span whose kind is outside the closed vocabulary is reported, with the file and the span text."""
    record = json.loads(next((ROOT / "corpus" / "dev").glob("*.json")).read_text(encoding="utf-8"))
    body = next(s for s in record["spans"] if s["label"] == "BODY")
    body["attrs"]["kind"] = "party"
    path = ROOT / "corpus" / "dev" / f"{record['id']}.json"
    errors = build_corpus.field_errors(record, path)
    assert any("kind='party'" in e and record["text"][body["start"] : body["end"]] in e for e in errors), errors


def test_meeting_record_vocabulary_is_checked():
    meeting = {"date": "2024-9-29", "date_text": None, "body": "区委", "place": None, "session": None,
               "type": "plenum", "presided": ["周 益"], "reported": [], "spoke": [], "attended": []}
    errors = build_corpus.meeting_errors(meeting)
    assert any("date" in e for e in errors)
    assert any("type" in e for e in errors)
    assert any("presided" in e for e in errors)
