"""The one reader (meeting_nlp.io), the output writer (meeting_nlp.jsonl) and the record checks.

Real report text in every encoding a scraped corpus arrives in; no pipeline
is loaded here.
"""
from __future__ import annotations

import io as std_io
import json

import pytest

from conftest import RAW
from meeting_nlp.io import PlanError, ReadError, decode, plan, read_source, read_text
from meeting_nlp.jsonl import OutputError, RecordWriter, check_output_path, plan_output, scan_output
from meeting_nlp.records import record_problems, span_problem

SIMPLIFIED = (RAW / "000_e8d0747b3dfad330.txt").read_text(encoding="utf-8")
TRADITIONAL = (RAW / "003_f97b29c739a87921.txt").read_text(encoding="utf-8")
GBK_SAFE = SIMPLIFIED.replace("\xa0", " ")  # GBK has no no-break space


@pytest.mark.parametrize(
    "data, encoding, text",
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8-sig", SIMPLIFIED),
        (SIMPLIFIED.encode("utf-16"), "utf-16-le", SIMPLIFIED),  # Python writes a little-endian BOM
        (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16-be", SIMPLIFIED),
        (GBK_SAFE.encode("gbk"), "gb18030", GBK_SAFE),
        ((GBK_SAFE + "𠀀€").encode("gb18030"), "gb18030", GBK_SAFE + "𠀀€"),  # four-byte GB18030 sequences
        (TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "gbk", "gb18030", "big5"],
)
def test_every_encoding_of_a_real_report_reads_back_exactly(data, encoding, text):
    decoded = decode(data)
    assert (decoded.encoding, decoded.replaced) == (encoding, 0)
    assert decoded.text == text  # the byte-order mark is never part of the text


def test_a_byte_order_mark_shifts_no_offset():
    decoded = decode(b"\xef\xbb\xbf" + "区委书记潘崇敏".encode("utf-8"))
    assert decoded.text.index("潘崇敏") == 4


def test_a_few_bad_bytes_are_replaced_and_counted_or_refused():
    pieces = [SIMPLIFIED[:100].encode(), b"\xff", SIMPLIFIED[100:200].encode(), b"\xfe", SIMPLIFIED[200:].encode()]
    broken = b"".join(pieces)  # two bad bytes between whole characters
    decoded = decode(broken)
    assert decoded.encoding == "utf-8" and decoded.replaced == 2
    assert decoded.text.count("\ufffd") == 2 and decoded.text.replace("\ufffd", "") == SIMPLIFIED
    with pytest.raises(ReadError, match="2 undecodable"):
        decode(broken, strict=True)

    decoded = decode(GBK_SAFE[:100].encode("gbk") + b"\xff" + GBK_SAFE[100:].encode("gbk"))
    assert decoded.encoding == "gb18030" and decoded.replaced == 1


@pytest.mark.parametrize(
    "data, reason",
    [
        (bytes(range(256)) * 4, "NUL bytes"),
        (b"%PDF-1.7\n" + SIMPLIFIED.encode("utf-8"), "PDF"),
        (b"PK\x03\x04" + b"\x14\x00" * 40, "ZIP"),
        (bytes(range(0x80, 0x100)) * 40, "not text in UTF-8, UTF-16, GB18030/GBK or Big5"),
    ],
    ids=["nul", "pdf", "zip", "noise"],
)
def test_binary_and_noise_are_refused_with_a_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode(data)


def test_read_text_names_the_file(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4 ...")
    with pytest.raises(ReadError, match=r"scan\.pdf: binary file \(a PDF document\)"):
        read_text(path)


# --------------------------------------------------------------------------- planning


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_plan_reads_any_extension_recursively_with_distinct_ids(tmp_path):
    write(tmp_path / "2023" / "report.txt", SIMPLIFIED.encode())
    write(tmp_path / "2024" / "report.txt", SIMPLIFIED.encode())
    write(tmp_path / "2024" / "UPPER.TXT", SIMPLIFIED.encode())
    write(tmp_path / "2024" / "noext", SIMPLIFIED.encode())
    write(tmp_path / "2024" / "page.html", SIMPLIFIED.encode())
    write(tmp_path / "same.txt", b"a")
    write(tmp_path / "same.TXT", b"b")
    write(tmp_path / ".hidden" / "x.txt", b"c")
    write(tmp_path / ".DS_Store", b"\x00\x00")
    sources = list(plan([tmp_path]))
    ids = [s.id for s in sources]
    assert ids == ["same.TXT", "same.txt", "2023/report", "2024/UPPER", "2024/noext", "2024/page", "2024/report"]
    assert len(set(ids)) == len(ids)
    assert plan([tmp_path]).total == 7


def test_plan_ids_stay_distinct_across_roots_and_are_stable(tmp_path):
    write(tmp_path / "siteA" / "news.txt", b"x")
    write(tmp_path / "siteB" / "news.txt", b"y")
    ids = [s.id for s in plan([tmp_path / "siteA", tmp_path / "siteB"])]
    assert ids == ["siteA/news.txt", "siteB/news.txt"]
    assert [s.id for s in plan([tmp_path / "siteA", tmp_path / "siteB"])] == ids
    assert [s.id for s in plan([tmp_path / "siteA" / "news.txt"])] == ["news"]


def test_glob_narrows_folders_case_insensitively(tmp_path):
    write(tmp_path / "a.TXT", b"x")
    write(tmp_path / "sub" / "b.txt", b"x")
    write(tmp_path / "c.html", b"x")
    assert sorted(s.id for s in plan([tmp_path], glob="*.txt")) == ["a", "sub/b"]
    with pytest.raises(PlanError, match="no file matching --glob"):
        plan([tmp_path], glob="*.docx")


def test_plan_refuses_what_cannot_work(tmp_path):
    with pytest.raises(PlanError, match="no such file or folder"):
        plan([tmp_path / "missing"])
    with pytest.raises(PlanError, match="quote it"):
        plan([str(tmp_path / "*.txt")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(PlanError, match="no file in this folder"):
        plan([tmp_path / "empty"])
    write(tmp_path / "hidden_only" / ".x.txt", b"x")
    with pytest.raises(PlanError, match="no file"):
        plan([tmp_path / "hidden_only"])


def test_the_output_is_never_an_input(tmp_path):
    write(tmp_path / "a.txt", SIMPLIFIED.encode())
    out = write(tmp_path / "out.jsonl", b'{"id": "a"}\n')
    assert [s.id for s in plan([tmp_path], exclude=[out])] == ["a"]


def test_empty_and_binary_files_become_errors_not_texts(tmp_path):
    empty = write(tmp_path / "empty.txt", b"")
    blank = write(tmp_path / "blank.txt", "\ufeff \n\u3000\n".encode("utf-8"))
    binary = write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
    reports = {s.id: read_source(s) for s in plan([tmp_path])}
    assert "empty file" in reports["empty"].error and "empty file" in reports["blank"].error
    assert "PNG" in reports["image"].error and reports["image"].path == str(binary)
    assert empty.exists() and blank.exists()


def test_jsonl_of_reports_gives_ids_and_names_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "luqiao", "text": "区委七届六次全体(扩大)会议举行。\u2028第二行", "source": "site"}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps({"id": "nothing"}),
        json.dumps({"text": "会议举行。"}, ensure_ascii=False),
    ]
    path = write(tmp_path / "reports.JSONL", ("\n".join(lines) + "\n").encode("utf-8"))
    reports = [read_source(s) for s in plan([path])]
    assert [r.id for r in reports] == ["luqiao", "reports:3", "nothing", "reports:5"]
    assert reports[0].text.endswith("\u2028第二行") and reports[0].extra == {"source": "site"}
    assert reports[1].error.startswith(f"{path}:3: not JSON")
    assert reports[2].error == f"{path}:4: no 'text' string in this record (got NoneType)"
    assert reports[3].ok and reports[3].line == 5
    assert plan([path]).total == 4


def test_stdin_is_one_report_or_jsonl():
    (source,) = plan(["-"], stdin=std_io.BytesIO(GBK_SAFE.encode("gb18030")))
    report = read_source(source)
    assert (report.id, report.encoding, report.text) == ("stdin", "gb18030", GBK_SAFE)
    stream = std_io.BytesIO(b'{"id": "a", "text": "\xe4\xbc\x9a"}\n{"id": "b", "text": "\xe8\xae\xae"}\n')
    assert [(r.id, r.text) for r in map(read_source, plan(["-"], stdin=stream))] == [("a", "会"), ("b", "议")]


# --------------------------------------------------------------------------- output


def test_output_checks_before_anything_runs(tmp_path):
    with pytest.raises(OutputError, match="does not exist: create it first"):
        check_output_path(tmp_path / "missing" / "out.jsonl")
    with pytest.raises(OutputError, match="is a folder"):
        check_output_path(tmp_path)
    with pytest.raises(OutputError, match="not available yet"):
        check_output_path(tmp_path / "out.csv")
    with pytest.raises(OutputError, match=r"\.jsonl"):
        check_output_path(tmp_path / "out.txt")
    assert check_output_path(tmp_path / "out.jsonl") == tmp_path / "out.jsonl"


def test_an_existing_output_is_never_replaced_silently(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "spans": []}\n{"id": "b", "error": "binary"}\n{"id": "c", "spa', encoding="utf-8")
    with pytest.raises(OutputError, match="--resume .* --overwrite"):
        plan_output(out)
    existing = plan_output(out, resume=True)
    assert existing.ids == {"a", "b"} and existing.records == 2 and existing.partial_bytes == len('{"id": "c", "spa')
    with RecordWriter(out, existing) as writer:  # resuming cuts the unfinished line, then appends
        writer.write({"id": "c", "spans": []})
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a", "b", "c"]
    assert plan_output(out, overwrite=True).ids == set()
    with pytest.raises(OutputError, match="contradict"):
        plan_output(out, resume=True, overwrite=True)


def test_resume_refuses_a_file_that_is_not_our_output(tmp_path):
    out = tmp_path / "notes.jsonl"
    out.write_text("shopping list\n", encoding="utf-8")
    with pytest.raises(OutputError, match="not JSON"):
        scan_output(out)


# --------------------------------------------------------------------------- record checks


@pytest.mark.parametrize(
    "span, reason",
    [
        ({"start": 0, "label": "BODY"}, "no 'end'"),
        ("BODY", "must be an object"),
        ({"start": 0, "end": 99, "label": "BODY"}, "past the end of the text, which has 4 characters"),
        ({"start": 3, "end": 1, "label": "BODY"}, "reversed"),
        ({"start": "0", "end": 2, "label": "BODY"}, "integers"),
        ({"start": 0, "end": 2, "label": 7}, "label must be a string"),
    ],
)
def test_malformed_spans_are_named(span, reason):
    assert reason in span_problem(span, "区委书记")
    assert record_problems({"text": "区委书记", "spans": [{"start": 0, "end": 2, "label": "BODY"}, span]})[0].startswith("span 1: ")


def test_a_good_span_has_no_problem():
    assert span_problem({"start": 0, "end": 2, "label": "BODY", "text": "区委", "norm": "区委", "attrs": {}}, "区委书记") is None
