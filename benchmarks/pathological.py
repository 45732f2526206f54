"""Linear time on pathological and long input: growth ratios per stage.

    python -m benchmarks.pathological [--sizes 50000,150000,500000]
                                      [--real-sizes 200000,600000,2000000]
                                      [--segmenters char,pkuseg] [--only runs|real]

For each input family and each stage, the time at every size is divided by
the time at the smallest size, and that by the growth of the text: a
**growth ratio** of 1.0 is linear time, 2.0 at a size ratio of 2 is
quadratic. ``ratio`` ≤ 1.5 is the bar of issue 7 (time may grow at most 1.5×
faster than the text). Nothing here is a test: the figures are ratios within
one run, so the machine's speed cancels out.

Inputs:

- **runs** of one character or a short unit (市, 区, 委, 第, 届, 、, a letter,
  温州市, 三次、, 中共): what backtracking regexes and per-token passes choke on;
- **real**: the five reports of ``corpus/raw`` (and ``corpus/dev`` texts when
  there are any), concatenated and repeated up to each size.

Stages: the rule engines alone over the normalized text (``bodies`` =
``find_bodies``, ``sessions`` = ``find_sessions``), then the pipeline of
``meeting_nlp.load(segmenter=…)``: its tokenizer, each component, and the
whole.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parents[1]

#: stages faster than this (seconds) at the largest size are not rated: scheduler noise
NOISE = 0.05

RUNS = ["市", "区", "委", "第", "届", "、", "a", "温州市", "三次、", "中共", "县人大、"]


def real_text() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]
    for path in sorted((ROOT / "corpus" / "dev").glob("*.json")):
        try:
            texts.append(json.loads(path.read_text(encoding="utf-8"))["text"])
        except (ValueError, KeyError):
            continue
    return "\n\n".join(texts)


def repeat_to(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def stage_times(nlp, text: str) -> Dict[str, float]:
    """Seconds per stage for one text: rule engines alone, then the pipeline."""
    from meeting_nlp import normalize
    from meeting_nlp.rules.bodies import find_bodies
    from meeting_nlp.rules.sessions import find_sessions

    out: Dict[str, float] = {}
    norm = normalize(text).text
    found = []
    out["rules:bodies"] = timed(lambda: found.extend(find_bodies(norm)))
    out["rules:sessions"] = timed(lambda: find_sessions(norm, found))
    whole = time.perf_counter()
    holder = {}
    out["tokenizer"] = timed(lambda: holder.setdefault("doc", nlp.make_doc(text)))
    doc = holder["doc"]
    for name, proc in nlp.pipeline:
        result = {}
        out[name] = timed(lambda: result.setdefault("doc", proc(doc)))
        doc = result["doc"]
    out["pipeline"] = time.perf_counter() - whole
    return out


def growth(sizes: List[int], times: List[Dict[str, float]]) -> Dict[str, List[float]]:
    """Per stage: (t_i / t_0) / (n_i / n_0) for every size after the first."""
    ratios: Dict[str, List[float]] = {}
    for stage in times[0]:
        if times[-1][stage] < NOISE:
            continue  # the whole stage takes less than the clock's noise at the largest size
        base = max(times[0][stage], NOISE / 10)
        ratios[stage] = [
            round((max(t[stage], NOISE / 10) / base) / (n / sizes[0]), 2) for n, t in zip(sizes[1:], times[1:])
        ]
    return ratios


def run_family(nlp, label: str, make: Callable[[int], str], sizes: List[int]) -> Dict[str, object]:
    times = [stage_times(nlp, make(n)) for n in sizes]
    ratios = growth(sizes, times)
    worst = max((r for rs in ratios.values() for r in rs), default=0.0)
    print(f"{label:<18} worst growth {worst:5.2f}  pipeline s: "
          + " ".join(f"{t['pipeline']:.2f}" for t in times), flush=True)
    slow = {k: v for k, v in ratios.items() if max(v) > 1.5}
    if slow:
        print(f"{'':<18} over 1.5: {slow}", flush=True)
    return {"sizes": sizes, "seconds": times, "growth": ratios, "worst": worst}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,60000,200000", help="sizes of the one-character runs")
    parser.add_argument("--real-sizes", default="200000,600000,2000000", help="sizes of real report text")
    parser.add_argument("--segmenters", default="char,pkuseg")
    parser.add_argument("--only", choices=("runs", "real"), default=None)
    parser.add_argument("--json", type=Path, default=None, help="write all figures here")
    args = parser.parse_args(argv)

    import meeting_nlp

    sizes = [int(s) for s in args.sizes.split(",")]
    real_sizes = [int(s) for s in args.real_sizes.split(",")]
    real = real_text()
    results: Dict[str, object] = {}
    for segmenter in args.segmenters.split(","):
        nlp = meeting_nlp.load(segmenter=segmenter)
        nlp("预热：区委七届六次全会。")  # lazy tables
        print(f"== segmenter={segmenter}; growth = (t/t0)/(n/n0), 1.0 is linear", flush=True)
        if args.only in (None, "runs"):
            for unit in RUNS:
                key = f"{segmenter}:run:{unit}"
                results[key] = run_family(nlp, f"run {unit!r}", lambda n, u=unit: repeat_to(u, n), sizes)
        if args.only in (None, "real"):
            key = f"{segmenter}:real"
            results[key] = run_family(nlp, "real reports", lambda n: repeat_to(real, n), real_sizes)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    worst = max(r["worst"] for r in results.values())
    print(f"worst growth ratio over all families and stages: {worst:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
