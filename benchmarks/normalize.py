"""Normalization benchmark: compiled normalize() vs opencc-python-reimplemented t2s and vs
the pure Python normalize(), rounds alternating in one process, on corpus/raw by script."""
from __future__ import annotations

import json
import sys

from . import __main__ as main


def run(rounds: int = 7, repeat: int = 10) -> dict:
    from meeting_nlp.normalize import _fast, normalize, python_normalize
    from meeting_nlp.normalize.t2s import import_reimplemented_opencc

    if _fast() is None:
        print("warning: compiled normalize not available; measuring the Python path", file=sys.stderr)
    base = import_reimplemented_opencc().OpenCC("t2s").convert
    texts = main.bundled_reports()
    groups = {"all": texts}
    for text in texts:
        groups.setdefault(python_normalize(text).script, []).append(text)
    result = {}
    for name, group in groups.items():
        result[name] = {
            "vs_opencc_python_reimplemented": main.compare(normalize, base, group, rounds, repeat),
            "vs_python_normalize": main.compare(normalize, python_normalize, group, rounds, repeat * 2),
        }
    return result


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
