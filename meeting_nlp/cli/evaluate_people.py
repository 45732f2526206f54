"""``meeting-nlp evaluate-people GOLD_DIR``: pairwise and B-cubed P/R/F1 of identity links, and post accuracy."""
from __future__ import annotations

import argparse
import json
from itertools import combinations
from pathlib import Path

from .common import CommandError


def add_parser(commands) -> argparse.ArgumentParser:
    p = commands.add_parser("evaluate-people", help="score identity links against corpus/people", description=__doc__)
    p.add_argument("gold", help="folder of gold reports (corpus/people)")
    p.add_argument("--predictions", help="a run's JSONL for the same ids, instead of running the pipeline")
    p.set_defaults(func=run)
    return p


def load_gold(folder):
    path = Path(folder)
    if not path.is_dir():
        raise CommandError(f"{folder}: no such folder (give the gold folder, e.g. corpus/people)")
    files = sorted(path.glob("*/*.json"))
    if not files:
        raise CommandError(f"{folder}: no <place>/<id>.json gold reports in it")
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def _prf(tp, np_, ng):
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold, linked):
    pred = {(m["report"], m["start"], m["end"]): m for m in linked.mentions}
    keys = [(g["id"], m["start"], m["end"]) for g in gold for m in g["mentions"]]
    gid = {(g["id"], m["start"], m["end"]): m["person"] for g in gold for m in g["mentions"]}
    gtitles = {(g["id"], m["start"], m["end"]): m["titles"] for g in gold for m in g["mentions"]}
    pid = {k: (pred[k]["person_id"] if k in pred else f"missed:{k}") for k in keys}
    gp = {p for a, b in combinations(keys, 2) if gid[a] == gid[b] for p in [(a, b)]}
    pp = {(a, b) for a, b in combinations(keys, 2) if pid[a] == pid[b]}
    pw = _prf(len(gp & pp), len(pp), len(gp))
    bp = br = 0.0
    for k in keys:
        g = {x for x in keys if gid[x] == gid[k]}
        q = {x for x in keys if pid[x] == pid[k]}
        bp += len(g & q) / len(q)
        br += len(g & q) / len(g)
    n = len(keys)
    b3 = (bp / n, br / n, 2 * bp * br / n / (bp + br) if bp + br else 0.0)
    posts = sum(1 for k in keys if k in pred and sorted(pred[k]["titles"]) == sorted(gtitles[k])) / n
    found = sum(1 for k in keys if k in pred) / n
    return {"mentions": n, "found": found, "pairwise": pw, "bcubed": b3, "post_accuracy": posts}


def run(args) -> int:
    gold = load_gold(args.gold)
    from ..people import link
    if args.predictions:
        records = [json.loads(line) for line in Path(args.predictions).read_text(encoding="utf-8").splitlines() if line.strip()]
        meta = {g["id"]: g for g in gold}
        for r in records:
            r.setdefault("place", meta.get(r.get("id"), {}).get("place"))
            r.setdefault("date", meta.get(r.get("id"), {}).get("date"))
    else:
        import meeting_nlp
        from ..records import doc_to_record
        nlp = meeting_nlp.load()
        records = []
        for g, doc in zip(gold, nlp.pipe(g["text"] for g in gold)):
            r = doc_to_record(doc, g["id"])
            r["place"], r["date"] = g["place"], g["date"]
            records.append(r)
    s = score(gold, link(records))
    print(f"mentions {s['mentions']}  found by the pipeline {s['found']:.3f}")
    for name in ("pairwise", "bcubed"):
        p, r, f = s[name]
        print(f"{name:9s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"post accuracy {s['post_accuracy']:.3f}")
    return 0
