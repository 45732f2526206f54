"""Cross-validation by report: rules alone, model alone, both, side by side.

    python training/crossval.py corpus/dev.jsonl --steps 600            # leave one report out
    python training/crossval.py corpus/dev.jsonl --steps 600 --k 5      # five folds of reports

Each fold holds out whole reports (in all three scripts): one report per fold
by default, or with ``--k K`` every K-th report in id order (so each fold
mixes genres). A NER is trained on the rest with configs/ner.cfg, then the
rules, the model and both are scored on the held-out reports. Scores are
pooled over the folds (micro averages of every fold's predictions against its
gold). The rules were written with the dev reports in view, so their column
is no held-out measure; the model's column is.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

from meeting_nlp import load
from meeting_nlp.convert import read_annotations
from meeting_nlp.evaluation import LABELS, predict_records, score

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from prepare import split_by_report, write_fold  # noqa: E402


def train(fold_dir: Path, config: Path, steps: int) -> Path:
    command = [
        sys.executable, "-m", "spacy", "train", str(config),
        "--paths.train", str(fold_dir / "train.spacy"), "--paths.dev", str(fold_dir / "dev.spacy"),
        "--output", str(fold_dir / "model"), "--training.max_steps", str(steps),
        "--training.eval_frequency", str(max(10, steps // 10)),
    ]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return fold_dir / "model" / "model-best"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold")
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--config", type=Path, default=HERE.parent / "configs" / "ner.cfg")
    parser.add_argument("--output", type=Path, default=HERE / "crossval")
    parser.add_argument("--folds", type=int, default=0, help="only the first N folds (0: all)")
    parser.add_argument("--k", type=int, default=0, help="K folds of reports instead of one report per fold")
    args = parser.parse_args(argv)
    if args.k < 0 or args.k == 1:
        parser.error("--k must be 0 (one report per fold) or at least 2")
    records = read_annotations(args.gold)
    report_ids = sorted({r["id"] for r in records})
    if args.k:
        folds = [report_ids[i :: args.k] for i in range(args.k)]
    else:
        folds = [[report] for report in report_ids]
    folds = folds[: args.folds or None]
    rules = load()
    gold: List[Dict] = []
    predicted: Dict[str, List[Dict]] = {"rules": [], "model": [], "both": []}
    for number, held_out in enumerate(folds):
        fold = args.output / (held_out[0] if len(held_out) == 1 else f"fold-{number}")
        train_records, dev_records = split_by_report(records, held_out)
        write_fold(train_records, dev_records, fold)
        model = train(fold, args.config, args.steps)
        dev = read_annotations(fold / "dev.jsonl")
        gold += dev
        systems = {"rules": rules, "model": load(rules=False, ner=str(model)), "both": load(ner=str(model))}
        for name, nlp in systems.items():
            predicted[name] += predict_records(nlp, dev)
        print(f"fold {number + 1}/{len(folds)} ({len(held_out)} reports held out): trained {model}", flush=True)
    results = {name: score(gold, preds) for name, preds in predicted.items()}
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "scores.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    n_reports = sum(len(f) for f in folds)
    print(f"\nF1 (exact), pooled over {n_reports} held-out reports in 3 scripts, {len(folds)} folds, {args.steps} steps per fold")
    print("| label | rules | model | both |\n|---|---|---|---|")
    for label in (*LABELS, "ALL"):
        cells = [results[n]["overall"]["exact"][label]["f1"] for n in ("rules", "model", "both")]
        print(f"| {label} | " + " | ".join("n/a" if c is None else f"{c:.3f}" for c in cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
