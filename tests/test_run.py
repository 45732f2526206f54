"""`meeting-nlp run` over a messy corpus, with real signals: nothing lost, nothing left running.

Every run here is a real subprocess. The segmenter is "char" (no model, fast)
wherever segmentation does not matter: what is tested is reading, writing,
processes and signals.
"""
from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest

from conftest import RAW

ROOT = Path(__file__).resolve().parents[1]
REPORTS = sorted(RAW.glob("*.txt"))
TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in REPORTS}
SIMPLIFIED = TEXTS["000_e8d0747b3dfad330"].replace("\xa0", " ")  # GBK has no no-break space
SIMPLIFIED_2 = TEXTS["001_c03ecfa7a8bf5fea"].replace("\xa0", " ")
TRADITIONAL = TEXTS["003_f97b29c739a87921"]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")


def command(*args):
    return [sys.executable, "-m", "meeting_nlp", "run", *map(str, args)]


def start(*args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", **kwargs)


def children(pid: int) -> list:
    """Pids whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"  # a zombie has finished


def wait_until(condition, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def lines_of(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def whole_records(path: Path) -> list:
    """The records of an output; every line but possibly an unfinished last one must be whole JSON."""
    data = path.read_bytes()
    complete, _, partial = data.rpartition(b"\n")
    records = [json.loads(line) for line in complete.decode("utf-8").split("\n") if line] if complete else []
    assert not partial or not partial.endswith(b"}"), "a last line without its newline but complete"
    return records


def corpus(folder: Path, copies: int) -> list:
    """``copies`` reports per bundled report, in sub-folders, same file names: ids must differ."""
    ids = []
    for n in range(copies):
        for path in REPORTS:
            target = folder / f"batch{n:02d}" / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
            ids.append(f"batch{n:02d}/{path.stem}")
    return ids


def workers_of(proc: subprocess.Popen, n: int) -> list:
    assert wait_until(lambda: len(children(proc.pid)) >= n, 30), "the workers did not start"
    return children(proc.pid)


# --------------------------------------------------------------------------- the done-when


def mixed_folder(folder: Path, big_bytes: int) -> dict:
    """A folder as scraped: six encodings, odd extensions, an empty, a binary and a big file.

    Returns id -> (expected encoding, expected text), with None for the two bad files.
    """
    big_text = (SIMPLIFIED_2 + "\n") * (big_bytes // len((SIMPLIFIED_2 + "\n").encode("utf-8")) + 1)
    files = {
        "a_utf8.txt": (SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
        "b_bom.txt": (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8-sig", SIMPLIFIED),
        "c_gbk.TXT": (SIMPLIFIED.encode("gbk"), "gb18030", SIMPLIFIED),
        "d_gb18030": ((SIMPLIFIED_2 + "𠀀").encode("gb18030"), "gb18030", SIMPLIFIED_2 + "𠀀"),
        "e_big5.Txt": (TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
        "f_utf16.txt": (TRADITIONAL.encode("utf-16"), "utf-16-le", TRADITIONAL),
        "g_empty.txt": (b"", None, None),
        "h_binary.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, None, None),
        "m_big.txt": (big_text.encode("utf-8"), "utf-8", big_text),
        "z_last.html": (TEXTS["002_c877433114cd8e59"].encode("utf-8"), "utf-8", TEXTS["002_c877433114cd8e59"]),
    }
    expected = {}
    for name, (data, encoding, text) in files.items():
        sub = folder / ("site2" if name.startswith(("e", "f")) else "site1")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / name).write_bytes(data)
        expected[f"{sub.name}/{Path(name).stem}"] = (encoding, text)
    return expected


def check_mixed_output(records: list, expected: dict) -> None:
    by_id = {r["id"]: r for r in records}
    assert len(by_id) == len(records), "an id was written twice"
    assert set(by_id) == set(expected)
    for rid, (encoding, text) in expected.items():
        record = by_id[rid]
        if text is None:
            assert set(record) == {"id", "error", "path"}, record
            continue
        assert "error" not in record, record
        assert (record["encoding"], record["text"]) == (encoding, text), rid
        assert record["spans"], rid
        for span in record["spans"]:  # offsets are into the text as a person reads it: no BOM shift
            assert text[span["start"] : span["end"]] == span["text"]
    assert "empty file" in by_id["site1/g_empty"]["error"]
    assert "PNG" in by_id["site1/h_binary"]["error"]


def run_mixed_with_a_kill(tmp_path: Path, big_bytes: int) -> None:
    reports = tmp_path / "scraped"
    expected = mixed_folder(reports, big_bytes)
    out = tmp_path / "out.jsonl"
    proc = start(reports, "-o", out, "--segmenter", "char", "--n-process", "2", "-q")
    workers = workers_of(proc, 2)
    assert wait_until(lambda: lines_of(out) >= 3, 60), proc.stderr.read() if proc.poll() is not None else "no output"
    killed_halfway = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert wait_until(lambda: not any(alive(w) for w in workers), 5), "a worker outlived its parent"
    first = whole_records(out)
    assert 3 <= len(first) <= len(expected)
    assert killed_halfway and len(first) < len(expected), "the run ended before the kill: make the big file bigger"

    again = subprocess.run(command(reports, "-o", out, "--segmenter", "char", "-q"), capture_output=True, text=True)
    assert again.returncode == 2 and "--resume" in again.stderr  # never overwritten silently

    resumed = subprocess.run(command(reports, "-o", out, "--segmenter", "char", "--n-process", "2", "--resume", "-q"),
                             capture_output=True, text=True, encoding="utf-8")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(first)} reports already done are skipped" in resumed.stdout
    records = whole_records(out)
    assert out.read_bytes().endswith(b"\n")
    check_mixed_output(records, expected)
    assert resumed.stderr.count("FAILED") == 2 - sum(1 for r in first if "error" in r)


def test_a_scraped_folder_survives_a_kill_and_resumes(tmp_path):
    run_mixed_with_a_kill(tmp_path, big_bytes=1_000_000)


@pytest.mark.slow
def test_a_scraped_folder_with_a_5_mb_report_survives_a_kill_and_resumes(tmp_path):
    run_mixed_with_a_kill(tmp_path, big_bytes=5_000_000)


def test_one_process_and_two_write_the_same_records(tmp_path):
    reports = tmp_path / "reports"
    corpus(reports, 2)
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}.jsonl"
        result = subprocess.run(command(reports, "-o", out, "--segmenter", "char", "--n-process", n, "-q"), capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert [json.loads(line)["id"] for line in outputs[0].splitlines()][:2] == ["batch00/000_e8d0747b3dfad330", "batch00/001_c03ecfa7a8bf5fea"]


# --------------------------------------------------------------------------- signals


def test_ctrl_c_stops_a_two_process_run_within_seconds(tmp_path):
    reports = tmp_path / "reports"
    ids = corpus(reports, 12)
    out = tmp_path / "out.jsonl"
    proc = start(reports, "-o", out, "--segmenter", "char", "--n-process", "2", "-q")
    workers = workers_of(proc, 2)
    assert wait_until(lambda: lines_of(out) >= 2, 60)
    os.kill(proc.pid, signal.SIGINT)
    started = time.monotonic()
    _, stderr = proc.communicate(timeout=15)
    assert time.monotonic() - started < 5, "Ctrl-C took too long"
    assert proc.returncode == 130
    assert "interrupted" in stderr and "--resume" in stderr and "Traceback" not in stderr
    assert not any(alive(w) for w in workers)
    written = whole_records(out)
    assert 2 <= len(written) < len(ids) and out.read_bytes().endswith(b"\n")


def test_sigterm_stops_a_run_like_ctrl_c(tmp_path):
    reports = tmp_path / "reports"
    corpus(reports, 12)
    out = tmp_path / "out.jsonl"
    proc = start(reports, "-o", out, "--segmenter", "char", "--n-process", "2", "-q")
    workers = workers_of(proc, 2)
    assert wait_until(lambda: lines_of(out) >= 1, 60)
    proc.terminate()
    _, stderr = proc.communicate(timeout=15)
    assert proc.returncode == 130 and "interrupted" in stderr
    assert not any(alive(w) for w in workers)


def test_a_worker_killed_mid_run_costs_one_report_at_most(tmp_path):
    reports = tmp_path / "reports"
    ids = corpus(reports, 8)
    out = tmp_path / "out.jsonl"
    proc = start(reports, "-o", out, "--segmenter", "char", "--n-process", "2", "-q")
    workers = workers_of(proc, 2)
    assert wait_until(lambda: lines_of(out) >= 2, 60)
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    records = whole_records(out)
    assert [r["id"] for r in records] == ids
    died = [r for r in records if "error" in r]
    assert len(died) <= 1 and all("worker process died" in r["error"] and "SIGKILL" in r["error"] for r in died)


# --------------------------------------------------------------------------- streaming, reading from everywhere


def test_process_streams_instead_of_holding_every_doc(nlp_char):
    from meeting_nlp.batch import process

    reports = [(str(i), TEXTS["000_e8d0747b3dfad330"]) for i in range(6)]
    seen = []
    for result in process(nlp_char, reports):
        seen.append(weakref.ref(result.doc))
        del result
        gc.collect()
        assert sum(ref() is not None for ref in seen) <= 1  # the earlier Docs are gone


def test_run_reads_jsonl_and_stdin(tmp_path):
    jsonl = tmp_path / "reports.jsonl"
    jsonl.write_text(
        json.dumps({"id": "luqiao", "text": TEXTS["000_e8d0747b3dfad330"]}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "broken"}) + "\n",
        encoding="utf-8",
    )
    result = subprocess.run(command(jsonl, "-", "-o", "-", "--segmenter", "char"), input=TRADITIONAL.encode("big5"), capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [r["id"] for r in records] == ["luqiao", "broken", "stdin"]
    assert records[1]["error"] == f"{jsonl}:2: no 'text' string in this record (got NoneType)"
    assert (records[2]["encoding"], records[2]["text"]) == ("big5", TRADITIONAL)
    assert b"2 reports done, 1 failed" in result.stderr  # the summary leaves standard output to the records


# --------------------------------------------------------------------------- a saved pipeline


def test_a_saved_pipeline_loads_as_our_language_class_without_importing_meeting_nlp(nlp_char, tmp_path):
    nlp_char.to_disk(tmp_path / "pipeline")
    meta = json.loads((tmp_path / "pipeline" / "meta.json").read_text(encoding="utf-8"))
    assert (meta["name"], meta["lang"]) == ("meeting_nlp", "zh_meeting")
    assert meta["version"] and meta["description"] and meta["license"].startswith("MIT")
    assert "License: UNKNOWN" in meta["notes"] and "download-model" in meta["notes"]
    code = (
        "import json, sys, spacy\n"
        "from spacy.lang.zh import Chinese\n"
        f"nlp = spacy.load({str(tmp_path / 'pipeline')!r})\n"
        "errors = []\n"
        "for bad in (None, '区委'.encode('gb18030')):\n"
        "    try:\n"
        "        nlp(bad)\n"
        "    except TypeError as err:\n"
        "        errors.append(str(err))\n"
        "doc = nlp('区委书记潘崇敏代表区委常委会作报告')\n"
        "print(json.dumps({'class': type(nlp).__name__, 'chinese': isinstance(nlp, Chinese), 'lang': nlp.lang,\n"
        "    'max_length': nlp.max_length, 'errors': errors, 'ents': [e.text for e in doc.ents],\n"
        "    'zh': type(spacy.blank('zh')).__name__}, ensure_ascii=False))\n"
    )
    code = "import sys\nassert 'meeting_nlp' not in sys.modules\n" + code
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["class"] == "MeetingChinese" and seen["chinese"] and seen["lang"] == "zh_meeting"
    assert seen["max_length"] == 20_000_000
    assert seen["errors"][0] == "text must be str, not NoneType" and "gb18030" in seen["errors"][1]
    assert seen["ents"] == ["区委书记", "潘崇敏", "区委常委会"]
    assert seen["zh"] == "Chinese"  # spaCy's own Chinese is left alone
