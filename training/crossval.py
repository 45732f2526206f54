"""Cross-validation by report: rules alone, model alone, both, side by side.

    python training/crossval.py corpus/dev.jsonl --steps 600

Each report in turn is held out (in all three scripts); a NER is trained on
the others with configs/ner.cfg, then the rules, the model and both are
scored on the held-out report. Scores are pooled over the folds (micro
averages of every fold's predictions against its gold). With five reports
this is a sanity check of the workflow, not an estimate of accuracy on
reports nobody has seen.
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
    args = parser.parse_args(argv)
    records = read_annotations(args.gold)
    ids = [r["id"] for r in records][: args.folds or None]
    rules = load()
    gold: List[Dict] = []
    predicted: Dict[str, List[Dict]] = {"rules": [], "model": [], "both": []}
    for report in ids:
        fold = args.output / report
        train_records, dev_records = split_by_report(records, [report])
        write_fold(train_records, dev_records, fold)
        model = train(fold, args.config, args.steps)
        dev = read_annotations(fold / "dev.jsonl")
        gold += dev
        systems = {"rules": rules, "model": load(rules=False, ner=str(model)), "both": load(ner=str(model))}
        for name, nlp in systems.items():
            predicted[name] += predict_records(nlp, dev)
        print(f"fold {report}: trained {model}")
    results = {name: score(gold, preds) for name, preds in predicted.items()}
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "scores.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nF1 (exact), pooled over {len(ids)} held-out reports in 3 scripts, {args.steps} steps per fold")
    print("| label | rules | model | both |\n|---|---|---|---|")
    for label in (*LABELS, "ALL"):
        cells = [results[n]["overall"]["exact"][label]["f1"] for n in ("rules", "model", "both")]
        print(f"| {label} | " + " | ".join("n/a" if c is None else f"{c:.3f}" for c in cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
