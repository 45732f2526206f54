"""``meeting-nlp download-model``: fetch the pkuseg segmentation model once, through pip."""
from __future__ import annotations

import argparse


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser("download-model", help="fetch the pkuseg model through pip (once)", description=__doc__)
    parser.add_argument("--target", help="directory to install into (default: the meeting_nlp cache)")
    parser.add_argument("--force", action="store_true", help="download again even if present")
    parser.add_argument(
        "--prune", type=float, nargs="?", const=0.05, default=None, metavar="THRESHOLD",
        help="also write a smaller model without the features whose weights are all below THRESHOLD in "
        "absolute value (default 0.05), and report its size and agreement (docs/segmenter.md)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from ..pkuseg_model import download_model, download_report

    path = download_model(args.target, force=args.force, prune=args.prune)
    print(download_report(path, prune=args.prune))
    return 0
