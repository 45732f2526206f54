"""What every command shares: the program name, the error style, argument types."""
from __future__ import annotations

import argparse
import sys

PROG = "meeting-nlp"

from ..segmenters import SEGMENTERS  # noqa: E402,F401  (one list of names for every command)


class CommandError(Exception):
    """Bad input to a command: printed as ``meeting-nlp COMMAND: error: MESSAGE``, exit status 2."""


def fail(command: str, message: str, status: int = 2) -> int:
    print(f"{PROG} {command}: error: {message}", file=sys.stderr)
    return status


def positive_int(value: str) -> int:
    """argparse type: an integer of at least 1 (``--n-process 0`` is an error, not a hang)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def add_segmenter(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--segmenter", default="pkuseg", choices=SEGMENTERS,
        help="word segmenter: pkuseg (default, compiled), spacy-pkuseg (the reference back-end) or char (one token per character; no model needed, fast)",
    )


def add_n_process(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n-process", type=positive_int, default=1, metavar="N", help="worker processes (default 1)")


def add_reading(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--glob", metavar="PATTERN", help="in folders, read only files matching this (e.g. '*.txt'; case-insensitive)")
    parser.add_argument(
        "--strict-decoding", action="store_true",
        help="refuse a report with undecodable bytes (default: read them as U+FFFD and count them)",
    )
