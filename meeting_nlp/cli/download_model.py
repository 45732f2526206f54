"""``meeting-nlp download-model``: fetch the pkuseg segmentation model once, through pip."""
from __future__ import annotations

import argparse

from ..pkuseg_model import DEFAULT_PRUNE


def _threshold(value: str) -> float:
    """argparse type: a weight threshold, a number >= 0."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0 <= number < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number >= 0 (e.g. {DEFAULT_PRUNE}), not {value}")
    return number


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser("download-model", help="fetch the pkuseg model through pip (once)", description=__doc__)
    parser.add_argument("--target", help="directory to install into (default: the meeting_nlp cache)")
    parser.add_argument("--force", action="store_true", help="download again even if present")
    parser.add_argument(
        "--prune", type=_threshold, nargs="?", const=DEFAULT_PRUNE, default=None, metavar="THRESHOLD",
        help="also write a smaller model without the features whose weights are all below THRESHOLD in "
        f"absolute value (default {DEFAULT_PRUNE}), and report its size and agreement (docs/segmenter.md)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from ..pkuseg_model import download_model, download_report

    path = download_model(args.target, force=args.force, prune=args.prune)
    print(download_report(path, prune=args.prune))
    return 0
