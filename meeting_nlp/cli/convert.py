"""``meeting-nlp convert IN OUT.spacy``: annotated reports to a spaCy DocBin for training.

The reading, checking and conversion live in :mod:`meeting_nlp.convert`.
"""
from __future__ import annotations

import argparse


def add_parser(commands) -> argparse.ArgumentParser:
    from ..convert import add_convert_arguments

    parser = commands.add_parser(
        "convert", help="annotated reports (JSONL, Prodigy, doccano, Label Studio) to a spaCy DocBin",
        description=__doc__,
    )
    return add_convert_arguments(parser)
