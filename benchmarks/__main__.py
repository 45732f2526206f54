"""Speed and memory of meeting_nlp, as ratios to a baseline measured in the same run.

    python -m benchmarks [--rounds 7] [--repeat 20]

These machines are noisy, so each figure is a ratio: ours and the baseline
run alternately on the same texts, round after round, and the median of the
per-round ratios is reported with its range. Nothing here is a test.

- normalization: ``meeting_nlp.normalize`` (glosses + t2s + overrides +
  width) against opencc-python-reimplemented's t2s alone;
- tokenizer: the meeting_nlp tokenizer (normalize + pkuseg + offset mapping)
  against stock spaCy ``zh`` with pkuseg on the same model;
- pipeline: the full rule pipeline against its own tokenizer alone (what the
  entity components cost on top of segmentation);
- load: ``meeting_nlp.load()`` time and peak memory, each in a fresh process,
  against stock spaCy ``zh`` + pkuseg.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"


def bundled_reports() -> List[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]


def chars_per_second(func: Callable[[str], object], texts: List[str], repeat: int) -> float:
    total = sum(map(len, texts)) * repeat
    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            func(text)
    return total / (time.perf_counter() - start)


def compare(ours: Callable, baseline: Callable, texts: List[str], rounds: int, repeat: int) -> Dict[str, float]:
    """Alternate the two, round by round; report medians and the ratio's spread."""
    ours(texts[0]), baseline(texts[0])  # warm caches and lazy tables
    mine, theirs, ratios = [], [], []
    for _ in range(rounds):
        a = chars_per_second(ours, texts, repeat)
        b = chars_per_second(baseline, texts, repeat)
        mine.append(a)
        theirs.append(b)
        ratios.append(a / b)
    return {
        "ours_chars_per_s": statistics.median(mine),
        "baseline_chars_per_s": statistics.median(theirs),
        "ratio_median": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
    }


def bench_normalization(texts, rounds, repeat):
    """All reports, then each script on its own (the baseline's speed depends on it)."""
    from meeting_nlp import normalize
    from meeting_nlp.normalize.t2s import import_reimplemented_opencc

    reimplemented = import_reimplemented_opencc().OpenCC("t2s")
    result = {"all": compare(normalize, reimplemented.convert, texts, rounds, repeat)}
    by_script: Dict[str, List[str]] = {}
    for text in texts:
        by_script.setdefault(normalize(text).script, []).append(text)
    for script, group in sorted(by_script.items()):
        result[script] = compare(normalize, reimplemented.convert, group, rounds, repeat)
    return result


def stock_pkuseg_nlp():
    import spacy

    from meeting_nlp.pkuseg_model import resolve_model_dir

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(resolve_model_dir()))
    return nlp


def bench_tokenizer(texts, rounds, repeat):
    import meeting_nlp

    ours = meeting_nlp.load().tokenizer
    stock = stock_pkuseg_nlp().tokenizer
    result = compare(ours, stock, texts, rounds, repeat)
    result["same_tokens_on_simplified_reports"] = _agreement(ours, stock, texts[:2])
    return result


def bench_pipeline(texts, rounds, repeat):
    import meeting_nlp

    nlp = meeting_nlp.load()
    return compare(nlp, nlp.tokenizer, texts, rounds, repeat)


def _agreement(ours, stock, texts) -> float:
    """Share of token boundaries the two tokenizers agree on (simplified text, where both see the same)."""
    agree = total = 0
    for text in texts:
        a = {(t.idx, t.idx + len(t)) for t in ours(text) if not t.is_space}
        b = {(t.idx, t.idx + len(t)) for t in stock(text) if not t.is_space}
        agree += len(a & b)
        total += len(a | b)
    return agree / total


_LOAD_SNIPPET = """
import json, resource, time
start = time.perf_counter()
{body}
seconds = time.perf_counter() - start
nlp("区委书记潘崇敏作报告。")
print(json.dumps({{"seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
_OURS = "import meeting_nlp\nnlp = meeting_nlp.load()"
_STOCK = (
    "import spacy\nfrom meeting_nlp.pkuseg_model import resolve_model_dir\n"
    "nlp = spacy.blank('zh', config={'nlp': {'tokenizer': {'segmenter': 'pkuseg'}}})\n"
    "nlp.tokenizer.initialize(pkuseg_model=str(resolve_model_dir()))"
)


def _load_once(body: str) -> Dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _LOAD_SNIPPET.format(body=body)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_load(rounds):
    ours, stock = [], []
    for _ in range(rounds):
        ours.append(_load_once(_OURS))
        stock.append(_load_once(_STOCK))
    med = lambda runs, key: statistics.median(r[key] for r in runs)  # noqa: E731
    return {
        "ours_seconds": med(ours, "seconds"),
        "stock_seconds": med(stock, "seconds"),
        "seconds_ratio": statistics.median(a["seconds"] / b["seconds"] for a, b in zip(ours, stock)),
        "ours_peak_rss_mb": med(ours, "peak_rss_mb"),
        "stock_peak_rss_mb": med(stock, "peak_rss_mb"),
        "peak_rss_ratio": med(ours, "peak_rss_mb") / med(stock, "peak_rss_mb"),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the reports per round")
    parser.add_argument("--only", choices=["normalization", "tokenizer", "pipeline", "load", "segment"])
    args = parser.parse_args(argv)
    texts = bundled_reports()
    results = {"chars_per_pass": sum(map(len, texts))}
    if args.only in (None, "segment"):  # first: its fresh children start from a parent holding no pipeline
        from .segment import run as bench_segment

        results["segment"] = bench_segment(rounds=args.rounds, big_rounds=2 if args.only else 1)
    if args.only in (None, "normalization"):
        results["normalization_vs_opencc_python_reimplemented"] = bench_normalization(texts, args.rounds, args.repeat * 10)
        from .normalize import run as bench_normalize_fast

        results["normalization"] = bench_normalize_fast(rounds=args.rounds, repeat=args.repeat * 10)
    if args.only in (None, "tokenizer"):
        results["tokenizer_vs_stock_spacy_zh_pkuseg"] = bench_tokenizer(texts, args.rounds, args.repeat)
    if args.only in (None, "pipeline"):
        results["pipeline_vs_its_tokenizer"] = bench_pipeline(texts, args.rounds, args.repeat)
    if args.only in (None, "load"):
        results["load_vs_stock_spacy_zh_pkuseg"] = bench_load(max(3, args.rounds // 2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
