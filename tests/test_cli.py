"""The command line as a user meets it: the README's main job, one error style, one record shape."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"


def run_cli(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "meeting_nlp", *map(str, args)], capture_output=True, text=True, encoding="utf-8", **kwargs
    )


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


def test_run_on_the_bundled_reports(tmp_path):
    """`make demo`: the default pkuseg pipeline over corpus/raw."""
    out = tmp_path / "out.jsonl"
    result = run_cli("run", RAW, "--output", out)
    assert result.returncode == 0, result.stderr
    assert "5 reports done, 0 failed" in result.stdout
    assert "000_e8d0747b3dfad330: simplified, 3019 chars; PERSON 8" in result.stdout
    records = read_jsonl(out)
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    assert [r["id"] for r in records] == [p.stem for p in sorted(RAW.glob("*.txt"))]
    assert [r["script"] for r in records] == ["simplified", "simplified", "glossed", "traditional", "glossed"]
    assert [r["text"] for r in records] == texts and [r["chars"] for r in records] == [len(t) for t in texts]
    for record in records:
        assert record["encoding"] == "utf-8" and record["meeting"]["name"]
        for span in record["spans"]:
            assert set(span) == {"start", "end", "label", "text", "norm", "attrs"}
            assert record["text"][span["start"] : span["end"]] == span["text"]
    assert records[0]["meeting"]["date"] == "2024-09-29"


def test_a_bad_file_is_an_error_record_and_the_rest_still_run(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a_good.txt").write_text("区委七届六次全体(扩大)会议举行。", encoding="utf-8")
    (reports / "b_gbk.txt").write_bytes("中共中央政治局召开会议,审议《关于进一步全面深化改革的决定》。".encode("gb18030"))
    (reports / "c_binary.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out.jsonl"
    result = run_cli("run", reports, "-o", out, "--strict", "--segmenter", "char")
    assert "a_good: simplified" in result.stdout
    assert "b_gbk: simplified, 31 chars, gb18030" in result.stdout  # decoded through charset detection
    assert "FAILED c_binary" in result.stderr and "binary file (it holds NUL bytes)" in result.stderr
    assert "2 reports done, 1 failed" in result.stdout
    assert result.returncode == 1  # --strict
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["a_good", "b_gbk", "c_binary"]
    assert records[2] == {"id": "c_binary", "error": records[2]["error"], "path": str(reports / "c_binary.txt")}
    assert records[1]["encoding"] == "gb18030" and [s["label"] for s in records[1]["spans"]][-1] == "DOCUMENT"


def test_no_text_leaves_the_text_out(tmp_path):
    out = tmp_path / "out.jsonl"
    assert run_cli("run", RAW / "003_f97b29c739a87921.txt", "-o", out, "--no-text", "--segmenter", "char", "-q").returncode == 0
    (record,) = read_jsonl(out)
    assert "text" not in record and record["chars"] == 2925 and record["spans"]


def test_prog_name_and_console_script():
    assert run_cli("--help").stdout.startswith("usage: meeting-nlp ")
    script = Path(sys.executable).parent / "meeting-nlp"
    result = subprocess.run([str(script), "run", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("usage: meeting-nlp run ")


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "no/such/dir", "-o", "{tmp}/o.jsonl"], "no/such/dir: no such file or folder"),
        (["run", str(RAW), "-o", "{tmp}/missing/o.jsonl"], "the folder {tmp}/missing does not exist: create it first"),
        (["run", str(RAW), "--n-process", "0"], "argument --n-process: must be at least 1, not 0"),
        (["run", "{tmp}/empty"], "{tmp}/empty: no file in this folder"),
        (["run", str(RAW), "-o", "{tmp}/o.csv"], "not available yet"),
        (["normalize", "no/such/file.txt"], "no/such/file.txt: no such file"),
        (["annotate", str(RAW), "{tmp}/missing/s.jsonl"], "does not exist: create it first"),
        (["evaluate", "{tmp}/missing.jsonl", "--n-process", "0"], "must be at least 1"),
    ],
)
def test_bad_arguments_are_clear_errors_before_anything_loads(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    # a model directory that does not exist: had the pipeline loaded, the error would name the model
    result = run_cli(*[a.format(tmp=tmp_path) for a in args], env={"MEETING_NLP_HOME": str(tmp_path / "nomodel"), "PATH": ""})
    assert result.returncode == 2
    assert message.format(tmp=tmp_path) in result.stderr
    assert "Traceback" not in result.stderr and "download-model" not in result.stderr


def test_normalize_reads_stdin_and_files_in_any_encoding(tmp_path):
    result = run_cli("normalize", input="區(qū)委書記著力")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "区委书记着力"
    gb = tmp_path / "report.txt"
    gb.write_bytes("區委書記著力推進".encode("gb18030"))
    result = run_cli("normalize", gb)
    assert (result.returncode, result.stdout) == (0, "区委书记着力推进")
    result = run_cli("normalize", gb, "--strict-decoding")
    assert result.returncode == 0
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.4")
    result = run_cli("normalize", binary)
    assert result.returncode == 2 and result.stderr == f"meeting-nlp normalize: error: {binary}: binary file (a PDF document), not text: extract its text first\n"


def test_evaluate_names_file_line_and_reason_of_a_malformed_gold_span(tmp_path):
    text = "区委书记潘崇敏代表区委常委会作报告"
    good = {"id": "ok", "text": text, "spans": [{"start": 0, "end": 2, "label": "BODY"}]}
    cases = {
        "no end": ({"start": 0, "label": "BODY"}, "span 0: span has no 'end'"),
        "a string": ("BODY", "span 0: a span must be an object"),
        "past the text": ({"start": 0, "end": 99, "label": "BODY"}, "go past the end of the text, which has 17 characters"),
    }
    for name, (span, reason) in cases.items():
        gold = tmp_path / f"{name}.jsonl"
        bad = {"id": "bad", "text": text, "spans": [span]}
        gold.write_text(json.dumps(good, ensure_ascii=False) + "\n" + json.dumps(bad, ensure_ascii=False) + "\n", encoding="utf-8")
        result = run_cli("evaluate", gold, "--segmenter", "char")
        assert result.returncode == 2, name
        assert result.stderr.startswith(f"meeting-nlp evaluate: error: {gold}:2: record 'bad': "), result.stderr
        assert reason in result.stderr and "Traceback" not in result.stderr


def test_convert_with_the_wrong_format_says_so_instead_of_converting_nothing(tmp_path):
    ours = tmp_path / "gold.jsonl"
    ours.write_text((ROOT / "corpus" / "dev.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("convert", ours, tmp_path / "train.spacy", "--format", "doccano", "--segmenter", "char")
    assert result.returncode == 2
    assert "--format doccano, but" in result.stderr and "looks like jsonl" in result.stderr and "--format auto" in result.stderr
    assert not (tmp_path / "train.spacy").exists()


def test_annotate_writes_the_record_shape_that_convert_reads(tmp_path):
    suggestions = tmp_path / "suggestions.jsonl"
    result = run_cli("annotate", RAW / "000_e8d0747b3dfad330.txt", suggestions, "--segmenter", "char")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 records, 82 spans suggested")
    (record,) = read_jsonl(suggestions)
    assert set(record) >= {"id", "source", "encoding", "script", "text", "spans", "meeting"}
    assert set(record["spans"][0]) == {"start", "end", "label", "text", "norm", "attrs"}
    again = run_cli("annotate", RAW / "000_e8d0747b3dfad330.txt", suggestions, "--segmenter", "char")
    assert again.returncode == 2 and "--resume" in again.stderr and "--overwrite" in again.stderr  # corrections are never lost
    result = run_cli("convert", suggestions, tmp_path / "train.spacy", "--segmenter", "char", "--strict")
    assert result.returncode == 0, result.stderr
    assert "1 records, 82 of 82 spans converted, 0 problems" in result.stdout


@pytest.mark.parametrize("n_process", ["1", "2"])
def test_a_missing_model_is_a_clear_error_and_leaves_the_output_alone(tmp_path, n_process):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "earlier", "spans": []}\n', encoding="utf-8")
    env = {"MEETING_NLP_HOME": str(tmp_path / "nomodel"), "PATH": ""}
    result = run_cli("run", RAW, "-o", out, "--overwrite", "--n-process", n_process, env=env)
    assert result.returncode == 2
    # the error is what the user reads last (a machine without the C extension warns first)
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("meeting-nlp run: error: ") and "download-model" in last
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == '{"id": "earlier", "spans": []}\n'


def test_a_few_bad_bytes_are_counted_and_strict_decoding_refuses_them(tmp_path):
    text = (RAW / "000_e8d0747b3dfad330.txt").read_text(encoding="utf-8")
    report = tmp_path / "reports" / "scraped.txt"
    report.parent.mkdir()
    report.write_bytes(text[:50].encode() + b"\xff" + text[50:].encode())
    out = tmp_path / "out.jsonl"
    result = run_cli("run", report.parent, "-o", out, "--segmenter", "char", "--glob", "*.TXT")
    assert result.returncode == 0, result.stderr
    assert "1 undecodable byte sequence(s) read as U+FFFD" in result.stdout
    (record,) = read_jsonl(out)
    assert record["replaced_bytes"] == 1 and record["text"] == text[:50] + "\ufffd" + text[50:]
    result = run_cli("run", report.parent, "-o", out, "--segmenter", "char", "--strict-decoding", "--overwrite")
    (record,) = read_jsonl(out)
    assert record["id"] == "scraped" and "--strict-decoding refuses them" in record["error"]
    assert "FAILED scraped" in result.stderr


def test_convert_names_file_line_and_reason_of_each_malformed_span(tmp_path):
    good = {"id": "ok", "text": "区委书记", "spans": [{"start": 0, "end": 2, "label": "BODY"}]}
    bad = {"id": "bad", "text": "区委书记潘崇敏", "spans": [{"start": 0, "label": "BODY"}, "BODY", {"start": 0, "end": 99, "label": "BODY"}]}
    source = tmp_path / "corrected.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (good, bad)) + "\n", encoding="utf-8")
    result = run_cli("convert", source, tmp_path / "train.spacy", "--segmenter", "char", "--strict")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("PROBLEM")]
    assert [p.split(": ")[0] for p in problems] == [f"PROBLEM {source}:2"] * 3
    assert "end=None" in problems[0] and "must be an object" in problems[1] and "outside the text" in problems[2]
    assert "2 records, 1 of 4 spans converted, 3 problems" in result.stdout
