"""Write the gold corpus in all three scripts, then check every span.

    python tools/convert_gold.py                     # write corpus/gold.{simplified,traditional,glossed}.jsonl
    python tools/convert_gold.py --check             # only check that the files on disk are what it would write
    python tools/convert_gold.py --write-gloss-chars # remake meeting_nlp/resources/gloss_chars.txt first

Each output file holds every report of ``corpus/gold.jsonl``, in the same
order, in one script: the report already in that script is copied as it is,
the others go through :func:`meeting_nlp.scripts.convert_record`. Rerunning
gives the same files byte for byte.

Checks, for every record and span (a failure exits with status 1):

* ``0 <= start < end <= len(text)``, spans sorted and non-overlapping;
* no span starts or ends inside a gloss, and none ends between a character
  and its gloss;
* ``titles`` offsets point at TITLE spans of the same record;
* ``normalize(span text).text`` is the same in the three scripts. Differences
  here are printed and counted, not fatal: OpenCC's ``t2s(s2t(x))`` is not
  always ``x``.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from meeting_nlp import normalize  # noqa: E402
from meeting_nlp.normalize.glosses import find_glosses  # noqa: E402
from meeting_nlp.scripts import TARGET_SCRIPTS, convert_record  # noqa: E402

CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold.jsonl"
GLOSSED_SEEDS = ("002", "004")  # the two real glossed reports in corpus/raw
GLOSS_CHARS = ROOT / "meeting_nlp" / "resources" / "gloss_chars.txt"


def output_path(script: str) -> Path:
    return CORPUS / f"gold.{script}.jsonl"


def read_jsonl(path: Path) -> list:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def dump_jsonl(records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def gloss_chars_file() -> str:
    """The text of gloss_chars.txt: every character glossed in reports 002 and 004."""
    counts: Counter = Counter()
    for prefix in GLOSSED_SEEDS:
        (path,) = (CORPUS / "raw").glob(f"{prefix}_*.txt")
        text = path.read_text(encoding="utf-8")
        counts.update(text[start - 1] for start, _ in find_glosses(text))
    header = [
        "# Characters that carry a pinyin gloss in the real glossed reports",
        "# corpus/raw/002_*.txt and corpus/raw/004_*.txt: the character before each",
        "# gloss meeting_nlp.normalize.glosses.find_glosses finds there.",
        "# The default of meeting_nlp.scripts.add_glosses. Made by",
        "#     python tools/convert_gold.py --write-gloss-chars",
        "# Columns: character<TAB>glosses in the two reports. Most glossed first.",
    ]
    rows = [f"{char}\t{n}" for char, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return "\n".join(header + rows) + "\n"


def build() -> dict:
    """Script -> the records of gold.jsonl in that script."""
    gold = read_jsonl(GOLD)
    return {script: [convert_record(r, script) for r in gold] for script in TARGET_SCRIPTS}


def structural_errors(record: dict) -> list:
    text, spans = record["text"], record["spans"]
    errors = []
    inside = set()  # offsets strictly inside a gloss, or at its start (between a character and its gloss)
    for start, end in find_glosses(text):
        inside.update(range(start, end))
    previous_end = 0
    titles = {(s["start"], s["end"]) for s in spans if s["label"] == "TITLE"}
    for span in spans:
        start, end = span["start"], span["end"]
        where = f"{record['id']} ({record['script']}) {span['label']} [{start}, {end})"
        if not 0 <= start < end <= len(text):
            errors.append(f"{where}: outside 0..{len(text)} or empty")
        if start < previous_end:
            errors.append(f"{where}: overlaps or precedes the previous span (ends {previous_end})")
        if start in inside:
            errors.append(f"{where}: starts inside a gloss")
        if end in inside:
            errors.append(f"{where}: ends inside a gloss or before the gloss of its last character")
        for pair in (span.get("attrs") or {}).get("titles") or ():
            if tuple(pair) not in titles:
                errors.append(f"{where}: titles {pair} is no TITLE span")
        previous_end = max(previous_end, end)
    return errors


def normalized_differences(by_script: dict) -> list:
    """(id, label, {script: span text}, {script: normalized}) where normalized texts differ."""
    differences = []
    for records in zip(*(by_script[s] for s in TARGET_SCRIPTS)):
        ids = {r["id"] for r in records}
        assert len(ids) == 1 and len({len(r["spans"]) for r in records}) == 1, ids
        for spans in zip(*(r["spans"] for r in records)):
            texts = {r["script"]: r["text"][s["start"] : s["end"]] for r, s in zip(records, spans)}
            norms = {script: normalize(t).text for script, t in texts.items()}
            if len(set(norms.values())) > 1:
                differences.append((records[0]["id"], spans[0]["label"], texts, norms))
    return differences


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if the files on disk differ")
    parser.add_argument("--write-gloss-chars", action="store_true", help="remake gloss_chars.txt from reports 002 and 004")
    args = parser.parse_args(argv)

    if args.write_gloss_chars:
        GLOSS_CHARS.write_text(gloss_chars_file(), encoding="utf-8")
        print(f"wrote {GLOSS_CHARS.relative_to(ROOT)}")
    elif GLOSS_CHARS.read_text(encoding="utf-8") != gloss_chars_file():
        print(f"{GLOSS_CHARS.relative_to(ROOT)} is out of date: rerun with --write-gloss-chars", file=sys.stderr)
        return 1

    by_script = build()
    failed = False
    for script, records in by_script.items():
        path, content = output_path(script), dump_jsonl(records)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                print(f"{path.relative_to(ROOT)} is out of date: rerun tools/convert_gold.py", file=sys.stderr)
                failed = True
        else:
            path.write_text(content, encoding="utf-8")
        spans = sum(len(r["spans"]) for r in records)
        glosses = sum(len(find_glosses(r["text"])) for r in records)
        print(f"{path.relative_to(ROOT)}: {len(records)} reports, {spans} spans, {glosses} glosses")

    errors = [e for records in by_script.values() for r in records for e in structural_errors(r)]
    for error in errors:
        print("ERROR", error, file=sys.stderr)

    differences = normalized_differences(by_script)
    total = sum(len(r["spans"]) for r in by_script["simplified"])
    print(f"spans whose normalized text differs across scripts: {len(differences)} of {total}")
    for report_id, label, texts, norms in differences:
        shown = "  ".join(f"{s}: {texts[s]} -> {norms[s]}" for s in TARGET_SCRIPTS)
        print(f"  {report_id} {label}: {shown}")
    return 1 if errors or failed else 0


if __name__ == "__main__":
    sys.exit(main())
