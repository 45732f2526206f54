"""``meeting-nlp evaluate GOLD…``: score the pipeline against gold JSONL, per label and script.

The scoring lives in :mod:`meeting_nlp.evaluation`.
"""
from __future__ import annotations

import argparse


def add_parser(commands) -> argparse.ArgumentParser:
    from ..evaluation import add_evaluate_arguments

    parser = commands.add_parser(
        "evaluate", help="score the pipeline against gold JSONL, per label and script", description=__doc__,
    )
    return add_evaluate_arguments(parser)
