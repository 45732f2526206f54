"""The command line: the README's main job, and bad files in a batch."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "meeting_nlp", *args], capture_output=True, text=True, encoding="utf-8", **kwargs
    )


def test_run_on_the_bundled_reports(tmp_path):
    out = tmp_path / "out.jsonl"
    result = run_cli("run", str(ROOT / "corpus" / "raw"), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "5 reports done, 0 failed" in result.stdout
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["script"] for r in records] == ["simplified", "simplified", "glossed", "traditional", "glossed"]
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]
    assert [r["chars"] for r in records] == [len(t) for t in texts]


def test_a_bad_file_is_reported_and_the_rest_still_run(tmp_path):
    good = tmp_path / "a_good.txt"
    good.write_text("区委七届六次全体(扩大)会议举行。", encoding="utf-8")
    gbk = tmp_path / "b_gbk.txt"
    gbk.write_bytes("中共中央政治局召开会议，审议《关于进一步全面深化改革的决定》。".encode("gb18030"))
    binary = tmp_path / "c_binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    result = run_cli("run", str(tmp_path), "--strict")
    assert "a_good.txt: simplified" in result.stdout
    assert "b_gbk.txt: simplified" in result.stdout  # decoded through charset detection
    assert "FAILED" in result.stderr and "c_binary.txt: not text" in result.stderr
    assert "2 reports done, 1 failed" in result.stdout
    assert result.returncode == 1  # --strict


def test_normalize_command_reads_stdin():
    result = run_cli("normalize", input="區(qū)委書記著力")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "区委书记着力"
