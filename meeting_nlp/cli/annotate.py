"""``meeting-nlp annotate IN… OUT.jsonl``: the rules' suggestions, to correct in an annotation tool.

Reads what ``run`` reads (files, folders, JSONL of ``{"id", "text"}``, ``-``)
and writes the same record shape, always with the text, which Prodigy,
doccano and Label Studio import and ``convert`` reads back. A report that
cannot be read or processed is listed on standard error (``FAILED id:
reason``) and left out of OUT, so that OUT stays a file of texts to correct;
the exit status is then 1.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter

from .common import CommandError, add_n_process, add_reading, add_segmenter
from .run import LABEL_ORDER, add_output_options, execute, install_sigterm, prepare


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "annotate", help="pre-annotate reports with the rules, as JSONL to correct",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return add_arguments(parser)


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("inputs", nargs="+", metavar="IN", help="report files (any extension), folders, JSONL with 'text', or -")
    parser.add_argument("output", metavar="OUT", help="the JSONL of suggestions to write")
    add_reading(parser)
    add_segmenter(parser)
    add_n_process(parser)
    add_output_options(parser)
    parser.set_defaults(func=run)
    return parser


def load_for_annotation(segmenter: str = "pkuseg"):
    """The pipeline annotate uses: ``meeting_nlp.convert.load_pipeline`` (tests replace it)."""
    from .. import convert

    return convert.load_pipeline(segmenter)


def run(args: argparse.Namespace) -> int:
    prepared = prepare(list(args.inputs), args.output, glob=getattr(args, "glob", None),
                       resume=getattr(args, "resume", False), overwrite=getattr(args, "overwrite", False))
    if prepared.to_stdout:
        raise CommandError("annotate writes a file to correct: give OUT a name ending in .jsonl")
    install_sigterm()
    try:
        tally = execute(
            prepared, loader=load_for_annotation, loader_kwargs={"segmenter": args.segmenter},
            n_process=getattr(args, "n_process", 1), text=True,
            strict_decoding=getattr(args, "strict_decoding", False), progress=None, quiet=True,
            errors_in_output=False,
        )
    except KeyboardInterrupt:
        print(f"interrupted: {prepared.output} holds whole records only; rerun with --resume to continue", file=sys.stderr)
        return 130
    except (RuntimeError, OSError) as err:
        raise CommandError(str(err)) from None
    found = ", ".join(f"{label} {tally.labels[label]}" for label in LABEL_ORDER if tally.labels[label])
    skipped = f", {tally.skipped} already in the file" if tally.skipped else ""
    print(
        f"{tally.done} records, {sum(tally.labels.values())} spans suggested ({found or 'none'}), "
        f"{tally.failed} failed{skipped}; written to {prepared.output}"
    )
    return 1 if tally.failed else 0
