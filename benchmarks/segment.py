"""The compiled pkuseg segmenter against spacy-pkuseg on the same model, and what loading costs.

    python -m benchmarks.segment [--rounds 5] [--big-rounds 2] [--no-big]
    python -m benchmarks --only segment

- speed: ``FastPkusegSegmenter`` and spacy-pkuseg (``PkusegSegmenter``) segment
  the same normalized texts alternately, round after round, in this process;
  the figure is the median of the per-round ratios (and their range), on the
  bundled reports and on a text of one million characters made of them;
  tokens are compared on every text;
- load: ``meeting_nlp.load()`` (compiled segmenter, compact model) and
  ``meeting_nlp.load(segmenter="spacy-pkuseg")``, each in a fresh child process
  started before this parent loads any model. Peak memory is the child's own
  ``VmHWM`` (/proc/self/status): ``ru_maxrss`` would carry over the high-water
  mark of the process that forked it;
- workers: ``nlp.pipe(n_process=2)`` in a fresh child; each worker's memory is
  sampled from /proc/PID/smaps_rollup while it runs: peak RSS, peak PSS
  (shared pages divided among the processes that map them) and peak private
  memory (RSS minus shared pages), and how much of the RSS is the mapped model.

Results go to benchmarks/results/segment.json (and are printed).
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
BIG = 1_000_000

_LOAD_CHILD = r"""
import json, sys, time
start = time.perf_counter()
import meeting_nlp
imported = time.perf_counter()
nlp = meeting_nlp.load(**json.loads(sys.argv[1]))
loaded = time.perf_counter()
doc = nlp(open(sys.argv[2], encoding="utf-8").read())
done = time.perf_counter()
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
print(json.dumps({
    "import_seconds": imported - start,
    "load_seconds": loaded - imported,
    "first_report_seconds": done - loaded,
    "backend": getattr(nlp.tokenizer.segmenter, "backend", "?"),
    "peak_rss_mb": int(status["VmHWM"].split()[0]) / 1024,
    "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
}))
"""

_WORKERS_CHILD = r"""
import json, os, sys, threading, time
import meeting_nlp
nlp = meeting_nlp.load(**json.loads(sys.argv[1]))
texts = [open(p, encoding="utf-8").read() for p in sys.argv[3:]] * int(sys.argv[2])
peaks = {}
stop = False

def kib(text, key):
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0

def model_rss(pid):
    total, inside = 0, False
    try:
        for line in open(f"/proc/{pid}/smaps"):
            if "-" in line.split(" ", 1)[0]:
                inside = line.rstrip().endswith(".mnseg")
            elif inside and line.startswith("Rss:"):
                total += int(line.split()[1])
    except OSError:
        pass
    return total

def sample():
    me = os.getpid()
    while not stop:
        try:
            kids = open(f"/proc/{me}/task/{me}/children").read().split()
        except OSError:
            kids = []
        for pid in kids:
            try:
                roll = open(f"/proc/{pid}/smaps_rollup").read()
            except OSError:
                continue
            rss, pss = kib(roll, "Rss"), kib(roll, "Pss")
            private = kib(roll, "Private_Clean") + kib(roll, "Private_Dirty")
            p = peaks.setdefault(pid, {"rss": 0, "pss": 0, "private": 0, "model_rss": 0})
            p["rss"], p["pss"], p["private"] = max(p["rss"], rss), max(p["pss"], pss), max(p["private"], private)
            p["model_rss"] = max(p["model_rss"], model_rss(pid))
        time.sleep(0.2)

thread = threading.Thread(target=sample, daemon=True)
thread.start()
start = time.perf_counter()
n = sum(1 for _ in nlp.pipe(texts, n_process=2, batch_size=4))
seconds = time.perf_counter() - start
stop = True
thread.join()
mb = lambda k: k / 1024
print(json.dumps({
    "docs": n, "seconds": seconds,
    "workers": [{k: mb(v) for k, v in p.items()} for p in peaks.values()],
}))
"""


def bundled_paths() -> List[Path]:
    return sorted((ROOT / "corpus" / "raw").glob("*.txt"))


def _child(code: str, *args: str) -> Dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_load(rounds: int) -> Dict:
    """load() in fresh children, alternating the compiled default and spacy-pkuseg."""
    report = str(bundled_paths()[0])
    runs: Dict[str, List[Dict]] = {"default": [], "spacy-pkuseg": []}
    for _ in range(rounds):
        runs["default"].append(_child(_LOAD_CHILD, json.dumps({}), report))
        runs["spacy-pkuseg"].append(_child(_LOAD_CHILD, json.dumps({"segmenter": "spacy-pkuseg"}), report))
    result = {}
    for name, rs in runs.items():
        result[name] = {key: statistics.median(r[key] for r in rs) for key in rs[0] if key != "backend"}
        result[name]["backend"] = rs[0]["backend"]
    result["load_seconds_ratio"] = statistics.median(
        a["load_seconds"] / b["load_seconds"] for a, b in zip(runs["default"], runs["spacy-pkuseg"])
    )
    result["peak_rss_ratio"] = result["default"]["peak_rss_mb"] / result["spacy-pkuseg"]["peak_rss_mb"]
    return result


def bench_workers(copies: int) -> Dict:
    paths = [str(p) for p in bundled_paths()]
    return {
        "default": _child(_WORKERS_CHILD, json.dumps({}), str(copies), *paths),
        "spacy-pkuseg": _child(_WORKERS_CHILD, json.dumps({"segmenter": "spacy-pkuseg"}), str(copies), *paths),
    }


def _rate(func: Callable[[str], object], texts: List[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        func(text)
    return sum(map(len, texts)) / (time.perf_counter() - start)


def compare(fast, ref, texts: List[str], rounds: int) -> Dict:
    same = all(fast.segment(t) == ref.segment(t) for t in texts)  # also warms both
    mine, theirs, ratios = [], [], []
    for _ in range(rounds):
        a = _rate(fast.segment, texts)
        b = _rate(ref.segment, texts)
        mine.append(a)
        theirs.append(b)
        ratios.append(a / b)
    return {
        "chars": sum(map(len, texts)),
        "identical_tokens": same,
        "compiled_chars_per_s": statistics.median(mine),
        "spacy_pkuseg_chars_per_s": statistics.median(theirs),
        "ratio_median": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
    }


def bench_speed(rounds: int, big_rounds: int) -> Dict:
    from meeting_nlp.normalize import normalize
    from meeting_nlp.segmenters import FastPkusegSegmenter, PkusegSegmenter

    texts = [normalize(p.read_text(encoding="utf-8")).text for p in bundled_paths()]
    fast, ref = FastPkusegSegmenter(), PkusegSegmenter()
    result = {"bundled_reports": compare(fast, ref, texts * 3, rounds)}
    if big_rounds:
        joined = "\n".join(texts)
        big = (joined + "\n") * (BIG // (len(joined) + 1) + 1)
        result["one_million_characters"] = compare(fast, ref, [big[:BIG]], big_rounds)
    return result


def run(rounds: int = 5, big_rounds: int = 2, load_rounds: int = 3, worker_copies: int = 6) -> Dict:
    # Children first: this process holds no pipeline while they start.
    results = {
        "load_in_a_fresh_process": bench_load(load_rounds),
        "nlp_pipe_n_process_2": bench_workers(worker_copies),
    }
    results["segmenter_vs_spacy_pkuseg_same_model"] = bench_speed(rounds, big_rounds)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "segment.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--big-rounds", type=int, default=2, help="rounds on the 1M-character text (0: skip it)")
    parser.add_argument("--load-rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.rounds, args.big_rounds, args.load_rounds), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
