"""Split annotated reports into train and dev, each report in all three scripts.

    python training/prepare.py corpus/dev.jsonl training/corpus --dev-report jinhua-2024-03-12

The split is by report: the three script versions of one report never sit
on both sides, or the dev score would measure memory. Output: train.spacy,
dev.spacy (tokenized with the training config's tokenizer: characters) and
dev.jsonl (the dev reports, for ``python -m meeting_nlp evaluate``).
Any span that does not convert is printed with its report id and text, and
the exit code is 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

from meeting_nlp import load
from meeting_nlp.convert import read_annotations, records_to_docbin, write_jsonl
from meeting_nlp.scripts import convert_record

SCRIPTS = ("simplified", "traditional", "glossed")


def in_every_script(records: Iterable[Dict]) -> List[Dict]:
    """Each record in the three scripts (augmentation: the model sees one report three ways)."""
    return [convert_record(record, script) for record in records for script in SCRIPTS]


def split_by_report(records: Sequence[Dict], dev_ids: Sequence[str]) -> Tuple[List[Dict], List[Dict]]:
    unknown = set(dev_ids) - {r["id"] for r in records}
    if unknown:
        raise SystemExit(f"no report with id {sorted(unknown)}; ids are {[r['id'] for r in records]}")
    train = [r for r in records if r["id"] not in dev_ids]
    dev = [r for r in records if r["id"] in dev_ids]
    return train, dev


def write_fold(train: List[Dict], dev: List[Dict], out: Path, segmenter: str = "char") -> int:
    """Write train.spacy, dev.spacy and dev.jsonl; return the number of problems."""
    out.mkdir(parents=True, exist_ok=True)
    nlp = load(rules=False, segmenter=segmenter)
    problems = 0
    for name, records in (("train", in_every_script(train)), ("dev", in_every_script(dev))):
        conversion = records_to_docbin(nlp, records)
        conversion.docbin.to_disk(out / f"{name}.spacy")
        print(f"{name}: {conversion.summary()}")
        for problem in conversion.problems:
            print(f"  {problem}", file=sys.stderr)
        problems += len(conversion.problems)
        if name == "dev":
            write_jsonl(records, out / "dev.jsonl")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", help="annotated reports (our JSONL, Prodigy, doccano or Label Studio)")
    parser.add_argument("out", type=Path)
    parser.add_argument("--dev-report", action="append", required=True, help="report id kept for dev (repeatable)")
    parser.add_argument("--segmenter", default="char", choices=["char", "pkuseg"], help="must match the training config")
    args = parser.parse_args(argv)
    train, dev = split_by_report(read_annotations(args.gold), args.dev_report)
    return 1 if write_fold(train, dev, args.out, args.segmenter) else 0


if __name__ == "__main__":
    sys.exit(main())
