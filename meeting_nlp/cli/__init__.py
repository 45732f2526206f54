"""Command line: ``meeting-nlp COMMAND`` (or ``python -m meeting_nlp COMMAND``).

Commands:
  run PATH… -o OUT     annotate reports (files, folders, JSONL, - for stdin) into JSON Lines
  annotate IN… OUT     the rules' suggestions as JSONL, to correct in an annotation tool
  convert IN OUT       annotated JSONL / Prodigy / doccano / Label Studio to .spacy for training
  evaluate GOLD…       per-label precision, recall and F1 against annotated JSONL
  normalize [FILE]     print the normalized form of a file (or standard input)
  download-model       fetch the pkuseg segmentation model once, through pip

One command per module (meeting_nlp/cli/<command>.py). Every command reports
bad input the same way, on standard error and before any pipeline loads:

  meeting-nlp COMMAND: error: WHAT WENT WRONG AND WHAT TO DO

with exit status 2; a run where some reports failed exits 0 (1 with
--strict) and lists each failure as ``FAILED id: reason``; Ctrl-C exits 130.
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from .common import PROG, CommandError, fail

COMMANDS = ("run", "annotate", "convert", "evaluate", "evaluate_people", "normalize", "download_model")


def build_parser() -> argparse.ArgumentParser:
    from importlib import import_module

    parser = argparse.ArgumentParser(prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        import_module(f".{name}", __name__).add_parser(commands)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CommandError as err:
        return fail(args.command, str(err))
    except KeyboardInterrupt:
        print(f"{PROG} {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `meeting-nlp run … -o - | head`
        return 0


__all__ = ["main", "build_parser", "CommandError"]
