"""Check the gold corpus and write the files the tools read.

    python tools/build_corpus.py            # check corpus/{dev,heldout}/*.json, then write the files below
    python tools/build_corpus.py --check    # write nothing; fail if a report is wrong or a file is out of date
    python tools/build_corpus.py --write-gloss-chars   # remake meeting_nlp/resources/gloss_chars.txt first

The source of truth is one JSON file per report (``corpus/README.md`` has the
format). From them this writes, byte for byte the same on every rerun:

* ``corpus/manifest.jsonl``: id, split, genre, script, chars, spans, source;
* ``corpus/<split>.jsonl``: each report in the script it arrived in;
* ``corpus/<split>.<script>.jsonl`` for ``simplified``, ``traditional`` and
  ``glossed``: every report converted into that script by
  :func:`meeting_nlp.scripts.convert_record`, its spans carried through.

Checks (a failure exits with status 1 and names the file, span and reason):

* the record's fields and closed vocabularies (genre, script, labels, the
  attributes of each label, the meeting record and its type);
* ``0 <= start < end <= len(text)``, spans sorted and non-overlapping; no span
  starts or ends inside a pinyin gloss; ``titles`` point at TITLE spans;
* ids unique across both splits;
* ``normalize(span text)`` is the same in the three scripts (differences are
  printed and counted, not fatal: OpenCC's ``t2s(s2t(x))`` is not always ``x``).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from meeting_nlp import normalize  # noqa: E402
from meeting_nlp.normalize.glosses import find_glosses  # noqa: E402
from meeting_nlp.scripts import TARGET_SCRIPTS, convert_record  # noqa: E402

CORPUS = ROOT / "corpus"
SPLITS = ("dev", "heldout")
GLOSSED_SEEDS = ("002", "004")  # the two real glossed reports in corpus/raw
GLOSS_CHARS = ROOT / "meeting_nlp" / "resources" / "gloss_chars.txt"

GENRES = (
    "central-party", "state-council", "npc", "cppcc", "provincial", "municipal", "county",
    "township", "development-zone", "university", "soe", "legal-discipline", "autonomous",
)
LABELS = ("PERSON", "TITLE", "BODY", "SESSION", "SLOGAN", "DOCUMENT")
BODY_KINDS = (
    "party-committee", "party-standing-committee", "government", "congress",
    "congress-standing-committee", "cppcc", "discipline", "supervision", "procuratorate",
    "court", "military", "party-office", "other",
)
LEVELS = ("central", "provincial", "municipal", "county", "township", None)
SESSION_MEETINGS = ("plenary", "standing-committee", "congress", "executive", "other")
ROLES = ("presided", "reported", "spoke", "attended", None)
MEETING_TYPES = (
    "plenary", "standing-committee", "congress", "executive", "party-group", "study-session",
    "work-conference", "democratic-life", "other",
)
ROLE_LISTS = ("presided", "reported", "spoke", "attended")
# label -> attribute -> allowed values (None: any value of the right shape, checked below)
ATTRS = {
    "BODY": {"kind": BODY_KINDS, "level": LEVELS},
    "SESSION": {"term": None, "ordinal": None, "meeting": SESSION_MEETINGS, "expanded": (True, False),
                "body": None, "place": None},
    "PERSON": {"titles": None, "role": ROLES},
    "SLOGAN": {"canonical": None},
    "TITLE": {},
    "DOCUMENT": {},
}
# Attributes a record may leave out (older gold predates them).
OPTIONAL_ATTRS = {("SESSION", "place"), ("SLOGAN", "source")}


def gloss_chars_file() -> str:
    """The text of gloss_chars.txt: every character glossed in reports 002 and 004, the
    default set of :func:`meeting_nlp.scripts.add_glosses` when a report is made glossed."""
    from collections import Counter

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
        "#     python tools/build_corpus.py --write-gloss-chars",
        "# Columns: character<TAB>glosses in the two reports. Most glossed first.",
    ]
    rows = [f"{char}\t{n}" for char, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return "\n".join(header + rows) + "\n"


def read_reports() -> List[Tuple[str, Path, dict]]:
    """(split, path, record) for every report file, by split then id."""
    out = []
    for split in SPLITS:
        for path in sorted((CORPUS / split).glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as err:
                raise SystemExit(f"{path.relative_to(ROOT)}: not readable JSON ({err})")
            out.append((split, path, record))
    return out


def _is_int_or_ints(value) -> bool:
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    return isinstance(value, int) and not isinstance(value, bool)


def field_errors(record: dict, path: Path) -> List[str]:
    """What is wrong with the record's fields and vocabularies."""
    errors = []
    where = str(path.relative_to(ROOT))
    for key, kind in (("id", str), ("genre", str), ("script", str), ("text", str), ("spans", list),
                      ("source", dict), ("meeting", dict)):
        if not isinstance(record.get(key), kind):
            errors.append(f"{where}: '{key}' missing or not a {kind.__name__}")
    if errors:
        return errors
    if record["id"] != path.stem:
        errors.append(f"{where}: id {record['id']!r} differs from the file name")
    if record["genre"] not in GENRES:
        errors.append(f"{where}: genre {record['genre']!r} is not one of {GENRES}")
    if record["script"] not in TARGET_SCRIPTS:
        errors.append(f"{where}: script {record['script']!r} is not one of {TARGET_SCRIPTS}")
    if not record["source"].get("url") and not record["source"].get("file"):
        errors.append(f"{where}: source has neither 'url' nor 'file'")
    for span in record["spans"]:
        errors.extend(f"{where}: {e}" for e in span_errors(span, record["text"]))
    errors.extend(f"{where}: meeting: {e}" for e in meeting_errors(record["meeting"]))
    return errors


def span_errors(span, text: str) -> List[str]:
    if not isinstance(span, dict):
        return [f"span {span!r} is not an object"]
    for key in ("start", "end"):
        if not isinstance(span.get(key), int):
            return [f"span {span!r}: '{key}' missing or not an integer"]
    label = span.get("label")
    at = f"{label} {text[span['start']:span['end']]!r} [{span['start']}, {span['end']})"
    if label not in LABELS:
        return [f"{at}: label is not one of {LABELS}"]
    attrs = span.get("attrs")
    if not isinstance(attrs, dict):
        return [f"{at}: 'attrs' missing or not an object"]
    errors = []
    allowed = ATTRS[label]
    for name in sorted(set(attrs) - set(allowed) - {"source"}):
        errors.append(f"{at}: unknown attribute {name!r}")
    for name, values in allowed.items():
        if name not in attrs:
            if (label, name) not in OPTIONAL_ATTRS:
                errors.append(f"{at}: attribute {name!r} missing")
            continue
        value = attrs[name]
        if values is not None and value not in values:
            errors.append(f"{at}: {name}={value!r} is not one of {values}")
    if label == "SESSION":
        if not _is_int_or_ints(attrs.get("ordinal")):
            errors.append(f"{at}: ordinal must be an integer or a list of them")
        if attrs.get("term") is not None and not _is_int_or_ints(attrs["term"]):
            errors.append(f"{at}: term must be null, an integer or a list of them")
        for name in ("body", "place"):
            if attrs.get(name) is not None and not isinstance(attrs[name], str):
                errors.append(f"{at}: {name} must be a string or null")
    if label == "PERSON":
        titles = attrs.get("titles")
        if not isinstance(titles, list) or not all(
            isinstance(t, list) and len(t) == 2 and all(isinstance(x, int) for x in t) for t in titles
        ):
            errors.append(f"{at}: titles must be a list of [start, end] pairs")
    if label == "SLOGAN" and not (isinstance(attrs.get("canonical"), str) and attrs["canonical"]):
        errors.append(f"{at}: canonical must be a non-empty string")
    return errors


def meeting_errors(meeting: dict) -> List[str]:
    errors = []
    expected = {"date", "date_text", "body", "place", "session", "type", *ROLE_LISTS}
    for name in sorted(expected - set(meeting)):
        errors.append(f"{name!r} missing")
    for name in sorted(set(meeting) - expected):
        errors.append(f"unknown field {name!r}")
    date = meeting.get("date")
    if date is not None and not (isinstance(date, str) and len(date) == 10 and date[4] == "-" and date[7] == "-"):
        errors.append(f"date {date!r} is not yyyy-mm-dd or null")
    if meeting.get("type") not in MEETING_TYPES:
        errors.append(f"type {meeting.get('type')!r} is not one of {MEETING_TYPES}")
    session = meeting.get("session")
    if session is not None:
        if not isinstance(session, dict) or set(session) != {"term", "ordinal", "meeting"}:
            errors.append(f"session {session!r} must be null or {{term, ordinal, meeting}}")
        elif not _is_int_or_ints(session["ordinal"]) or session["meeting"] not in SESSION_MEETINGS:
            errors.append(f"session {session!r}: ordinal an integer (or list), meeting one of {SESSION_MEETINGS}")
    for name in ROLE_LISTS:
        names = meeting.get(name)
        if not isinstance(names, list) or not all(isinstance(n, str) and n and " " not in n for n in names):
            errors.append(f"{name} must be a list of names (no spaces inside)")
        elif len(set(names)) != len(names):
            errors.append(f"{name} lists a name twice")
    for name in ("body", "place", "date_text"):
        if meeting.get(name) is not None and not isinstance(meeting[name], str):
            errors.append(f"{name} must be a string or null")
    return errors


def structural_errors(record: dict) -> List[str]:
    """Offsets: in range, sorted, non-overlapping, clear of glosses; titles point at TITLEs."""
    text, spans = record["text"], record["spans"]
    errors = []
    inside = set()  # offsets strictly inside a gloss, or at its start (between a character and its gloss)
    for start, end in find_glosses(text):
        inside.update(range(start, end))
    previous_end = 0
    titles = {(s["start"], s["end"]) for s in spans if s.get("label") == "TITLE"}
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


def normalized_differences(by_script: Dict[str, List[dict]]) -> list:
    """(id, label, {script: span text}, {script: normalized}) where normalized texts differ."""
    differences = []
    for records in zip(*(by_script[s] for s in TARGET_SCRIPTS)):
        for spans in zip(*(r["spans"] for r in records)):
            texts = {r["script"]: r["text"][s["start"] : s["end"]] for r, s in zip(records, spans)}
            norms = {script: normalize(t).text for script, t in texts.items()}
            if len(set(norms.values())) > 1:
                differences.append((records[0]["id"], spans[0]["label"], texts, norms))
    return differences


def manifest_row(split: str, record: dict) -> dict:
    return {
        "id": record["id"], "split": split, "genre": record["genre"], "script": record["script"],
        "chars": len(record["text"]), "spans": len(record["spans"]), "source": record["source"],
    }


def dump_jsonl(records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def outputs(reports) -> Dict[Path, str]:
    """Every file this tool writes, with its content."""
    files: Dict[Path, str] = {CORPUS / "manifest.jsonl": dump_jsonl(manifest_row(s, r) for s, _, r in reports)}
    for split in SPLITS:
        records = [r for s, _, r in reports if s == split]
        files[CORPUS / f"{split}.jsonl"] = dump_jsonl(records)
        for script in TARGET_SCRIPTS:
            files[CORPUS / f"{split}.{script}.jsonl"] = dump_jsonl(convert_record(r, script) for r in records)
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if a report is wrong or a file is out of date")
    parser.add_argument("--write-gloss-chars", action="store_true", help="remake gloss_chars.txt from reports 002 and 004")
    args = parser.parse_args(argv)

    if args.write_gloss_chars:
        GLOSS_CHARS.write_text(gloss_chars_file(), encoding="utf-8")
        print(f"wrote {GLOSS_CHARS.relative_to(ROOT)}")
    elif GLOSS_CHARS.read_text(encoding="utf-8") != gloss_chars_file():
        print(f"{GLOSS_CHARS.relative_to(ROOT)} is out of date: rerun with --write-gloss-chars", file=sys.stderr)
        return 1

    reports = read_reports()
    errors: List[str] = []
    seen: Dict[str, Path] = {}
    for split, path, record in reports:
        errors.extend(field_errors(record, path))
        rid = record.get("id")
        if rid in seen:
            errors.append(f"{path.relative_to(ROOT)}: id {rid!r} also in {seen[rid].relative_to(ROOT)}")
        seen[rid] = path
    if not errors:
        for _, _, record in reports:
            errors.extend(structural_errors(record))
    for error in errors:
        print("ERROR", error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} errors: nothing written", file=sys.stderr)
        return 1

    stale = []
    for path, content in outputs(reports).items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                stale.append(path)
        else:
            path.write_text(content, encoding="utf-8")
    for path in stale:
        print(f"{path.relative_to(ROOT)} is out of date: rerun tools/build_corpus.py", file=sys.stderr)

    for split in SPLITS:
        records = [r for s, _, r in reports if s == split]
        genres = sorted({r["genre"] for r in records})
        spans = sum(len(r["spans"]) for r in records)
        print(f"{split}: {len(records)} reports, {spans} spans, genres: {', '.join(genres) or 'none'}")
        by_script = {script: [convert_record(r, script) for r in records] for script in TARGET_SCRIPTS}
        differences = normalized_differences(by_script)
        print(f"  spans whose normalized text differs across scripts: {len(differences)} of {spans}")
        for report_id, label, texts, norms in differences:
            shown = "  ".join(f"{s}: {texts[s]} -> {norms[s]}" for s in TARGET_SCRIPTS)
            print(f"    {report_id} {label}: {shown}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
