"""Scoring entity predictions against the gold corpus.

Gold and predictions share one record shape, the one of the gold corpus (``corpus/dev.jsonl``, ``corpus/README.md``)::

    {"id": ..., "source": ..., "script": ..., "text": ...,
     "spans": [{"start": 0, "end": 2, "label": "BODY", "attrs": {...}}, ...]}

:func:`score` works on such records alone: it needs no spaCy and does not care
how the predictions were made (rules, a trained NER, both, another tool).
:func:`predict_records` turns any ``nlp`` into records, so comparing systems
means calling it once per ``nlp`` and :func:`score` once per result.

Conventions (used by the tests and the report):

* **exact** match: start, end and label all equal. **overlap** match: same
  label and the character ranges share at least one character; pairs are
  taken greedily by largest overlap, and each gold and each predicted span is
  used at most once.
* precision is ``None`` ("undefined", printed ``n/a``) when nothing was
  predicted, recall is ``None`` when there is no gold span. F1 is
  ``2·tp / (2·tp + fp + fn)``: the harmonic mean of P and R when both are
  defined, 0 when something was to be found or was predicted and nothing
  matched, and ``None`` only when there is neither gold nor prediction.
  So empty predictions give recall 0, precision undefined and F1 0.
* the **spread** of a label is max − min of its per-script F1, over the
  scripts where that F1 is defined; ``None`` with fewer than two such scripts.
  The project's goal is a spread of at most 0.01.
* **attribute accuracy** is taken over gold spans that have an exact-match
  prediction and whose gold ``attrs`` carry the attribute. A missing predicted
  attribute counts as ``None``. Values compare strictly (``6`` ≠ ``[6]``,
  ``True`` ≠ ``1``); ``titles`` compare as sorted lists of ``[start, end]``.
* predictions pair with gold records by position when the ids agree
  position by position (as :func:`predict_records` returns them; needed when
  the same id appears in several scripts), otherwise by id. A gold record
  with no prediction, or whose prediction failed (``"error"`` in the
  record), is scored as predicting nothing and listed under ``missing`` or
  ``errors``.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

Record = Dict[str, Any]

#: the scheme's labels, in the order reports print them
LABELS: Tuple[str, ...] = ("PERSON", "TITLE", "BODY", "SESSION", "SLOGAN", "DOCUMENT")

#: label -> attributes whose accuracy is scored
SCORED_ATTRIBUTES: Dict[str, Tuple[str, ...]] = {
    "SESSION": ("term", "ordinal", "meeting", "expanded", "body", "place"),
    "BODY": ("kind", "level"),
    "PERSON": ("role", "titles"),
    "SLOGAN": ("canonical",),
}

#: label -> span extension attributes :func:`predict_records` reads (plus ``norm`` for every span)
SPAN_ATTRIBUTES: Dict[str, Tuple[str, ...]] = {
    "SESSION": ("term", "ordinal", "meeting", "expanded", "body", "place"),
    "BODY": ("kind", "level"),
    "PERSON": ("titles", "role"),
    "SLOGAN": ("canonical", "source"),
}
COMMON_ATTRIBUTES: Tuple[str, ...] = ("norm",)

MICRO = "ALL"
SCRIPT_ORDER = ("simplified", "traditional", "glossed", "mixed")


# --------------------------------------------------------------------------- matching


def _key(span: Mapping[str, Any]) -> Tuple[int, int, str]:
    return int(span["start"]), int(span["end"]), str(span["label"])


def match_exact(gold: Sequence[Mapping], predicted: Sequence[Mapping]) -> List[Tuple[int, int]]:
    """Pairs ``(gold index, predicted index)`` with equal start, end and label; each used once."""
    free: Dict[Tuple[int, int, str], List[int]] = defaultdict(list)
    for j, span in enumerate(predicted):
        free[_key(span)].append(j)
    pairs = []
    for i, span in enumerate(gold):
        waiting = free.get(_key(span))
        if waiting:
            pairs.append((i, waiting.pop(0)))
    return pairs


def match_overlap(gold: Sequence[Mapping], predicted: Sequence[Mapping]) -> List[Tuple[int, int]]:
    """Pairs of same-label spans sharing characters, greedy by largest overlap; each used once.

    Ties go to the pair whose lengths differ least, then to text order.
    """
    candidates = []
    for i, g in enumerate(gold):
        gs, ge, gl = _key(g)
        for j, p in enumerate(predicted):
            ps, pe, pl = _key(p)
            shared = min(ge, pe) - max(gs, ps)
            if pl == gl and shared > 0:
                candidates.append((-shared, abs((ge - gs) - (pe - ps)), i, j))
    candidates.sort()
    used_gold, used_pred, pairs = set(), set(), []
    for _, _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)


# --------------------------------------------------------------------------- counting


def prf(tp: int, fp: int, fn: int) -> Dict[str, Any]:
    """tp/fp/fn with precision, recall and F1 (``None`` where undefined, see the module doc)."""
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "support": tp + fn,
        "predicted": tp + fp,
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None,
    }


class _Counts:
    """tp/fp/fn per label, for one matching mode."""

    def __init__(self) -> None:
        self.tp: Counter = Counter()
        self.fp: Counter = Counter()
        self.fn: Counter = Counter()

    def add(self, gold: Sequence[Mapping], predicted: Sequence[Mapping], pairs: Iterable[Tuple[int, int]]) -> None:
        matched_gold, matched_pred = set(), set()
        for i, j in pairs:
            matched_gold.add(i)
            matched_pred.add(j)
            self.tp[gold[i]["label"]] += 1
        for i, span in enumerate(gold):
            if i not in matched_gold:
                self.fn[span["label"]] += 1
        for j, span in enumerate(predicted):
            if j not in matched_pred:
                self.fp[span["label"]] += 1

    def table(self, labels: Sequence[str]) -> Dict[str, Dict[str, Any]]:
        out = {label: prf(self.tp[label], self.fp[label], self.fn[label]) for label in labels}
        out[MICRO] = prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))
        return out


def _equal(a: Any, b: Any) -> bool:
    """Strict equality: bools only equal bools, lists and tuples compare item by item."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (
            isinstance(a, (list, tuple))
            and isinstance(b, (list, tuple))
            and len(a) == len(b)
            and all(_equal(x, y) for x, y in zip(a, b))
        )
    return a == b


def _titles(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        try:
            return sorted([int(x[0]), int(x[1])] for x in value)
        except (TypeError, ValueError, IndexError, KeyError):
            return value
    return value


def attribute_equal(name: str, gold: Any, predicted: Any) -> bool:
    """Whether a predicted attribute value counts as correct (``titles``: order does not matter)."""
    if name == "titles":
        gold, predicted = _titles(gold), _titles(predicted)
    return _equal(gold, predicted)


class _AttributeCounts:
    def __init__(self, attributes: Mapping[str, Sequence[str]]) -> None:
        self.attributes = attributes
        self.correct: Counter = Counter()
        self.n: Counter = Counter()

    def add(self, gold: Sequence[Mapping], predicted: Sequence[Mapping], pairs: Iterable[Tuple[int, int]]) -> None:
        for i, j in pairs:
            label = gold[i]["label"]
            gold_attrs = gold[i].get("attrs") or {}
            pred_attrs = predicted[j].get("attrs") or {}
            for name in self.attributes.get(label, ()):
                if name not in gold_attrs:
                    continue
                self.n[label, name] += 1
                if attribute_equal(name, gold_attrs[name], pred_attrs.get(name)):
                    self.correct[label, name] += 1

    def table(self) -> Dict[str, Dict[str, Dict[str, Any]]]:
        out: Dict[str, Dict[str, Dict[str, Any]]] = {}
        for label, names in self.attributes.items():
            out[label] = {}
            for name in names:
                n, correct = self.n[label, name], self.correct[label, name]
                out[label][name] = {"correct": correct, "n": n, "accuracy": correct / n if n else None}
        return out


# --------------------------------------------------------------------------- scoring


def _pair_records(gold: Sequence[Record], predicted: Sequence[Record]) -> Tuple[List[Tuple[Record, Optional[Record]]], List[str]]:
    """Gold records with their predictions (``None`` when missing), and predicted ids with no gold."""
    gold_ids = [str(r.get("id")) for r in gold]
    pred_ids = [str(r.get("id")) for r in predicted]
    if gold_ids == pred_ids:
        return list(zip(gold, predicted)), []
    if len(set(gold_ids)) != len(gold_ids) or len(set(pred_ids)) != len(pred_ids):
        raise ValueError(
            "record ids repeat (the same report in several scripts?) and the predictions are not "
            "in gold order: pass the predictions in the order of the gold records"
        )
    by_id = dict(zip(pred_ids, predicted))
    extra = [i for i in pred_ids if i not in set(gold_ids)]
    return [(g, by_id.get(i)) for g, i in zip(gold, gold_ids)], extra


def _script_order(scripts: Iterable[str]) -> List[str]:
    scripts = set(scripts)
    return [s for s in SCRIPT_ORDER if s in scripts] + sorted(scripts - set(SCRIPT_ORDER))


def score(
    gold: Sequence[Record],
    predicted: Sequence[Record],
    *,
    attributes: Mapping[str, Sequence[str]] = SCORED_ATTRIBUTES,
) -> Dict[str, Any]:
    """Score predicted records against gold records (both in the gold JSONL shape).

    Returns a JSON-serializable dict::

        labels      the labels scored (the scheme's, then any other seen)
        scripts     the gold scripts, in report order
        overall     {"exact"|"overlap": {LABEL|"ALL": {tp, fp, fn, support, predicted,
                                                       precision, recall, f1}}}
        by_script   {script: {"records": n, "exact": …, "overlap": …}}
        by_genre    {genre: {"records": n, "exact": …}}, genre from each gold record's
                    ``genre`` (``unknown`` when it has none)
        spread      {"exact"|"overlap": {LABEL|"ALL": {"spread", "f1": {script: f1}}}}
        attributes  {LABEL: {attr: {correct, n, accuracy}}}, overall
        attributes_by_script  the same per script
        records, gold_spans, predicted_spans, missing (gold ids without a
        prediction), errors ([{id, error}]), extra (predicted ids without gold)

    See the module docstring for the matching and undefined-value conventions.
    """
    pairs, extra = _pair_records(gold, predicted)
    counts = {"exact": _Counts(), "overlap": _Counts()}
    script_counts: Dict[str, Dict[str, _Counts]] = {}
    attr_counts = _AttributeCounts(attributes)
    script_attr_counts: Dict[str, _AttributeCounts] = {}
    script_records: Counter = Counter()
    genre_counts: Dict[str, _Counts] = {}
    genre_records: Counter = Counter()
    labels_seen = set()
    missing, errors = [], []
    n_gold = n_pred = 0
    for g, p in pairs:
        script = str(g.get("script") or "unknown")
        script_records[script] += 1
        if p is None:
            missing.append(g.get("id"))
            p_spans: List[Mapping] = []
        else:
            if p.get("error"):
                errors.append({"id": g.get("id"), "error": p["error"]})
            if p.get("text") is not None and g.get("text") is not None and p["text"] != g["text"]:
                raise ValueError(f"record {g.get('id')!r}: predicted text differs from the gold text; offsets cannot be compared")
            p_spans = list(p.get("spans") or [])
        g_spans = list(g.get("spans") or [])
        n_gold += len(g_spans)
        n_pred += len(p_spans)
        labels_seen.update(s["label"] for s in g_spans)
        labels_seen.update(s["label"] for s in p_spans)
        exact = match_exact(g_spans, p_spans)
        overlap = match_overlap(g_spans, p_spans)
        per_script = script_counts.setdefault(script, {"exact": _Counts(), "overlap": _Counts()})
        for mode, found in (("exact", exact), ("overlap", overlap)):
            counts[mode].add(g_spans, p_spans, found)
            per_script[mode].add(g_spans, p_spans, found)
        genre = str(g.get("genre") or "unknown")
        genre_records[genre] += 1
        genre_counts.setdefault(genre, _Counts()).add(g_spans, p_spans, exact)
        attr_counts.add(g_spans, p_spans, exact)
        script_attr_counts.setdefault(script, _AttributeCounts(attributes)).add(g_spans, p_spans, exact)

    labels = list(LABELS) + sorted(labels_seen - set(LABELS))
    scripts = _script_order(script_records)
    by_script = {
        s: {"records": script_records[s], **{mode: script_counts[s][mode].table(labels) for mode in ("exact", "overlap")}}
        for s in scripts
    }
    spread: Dict[str, Dict[str, Any]] = {}
    for mode in ("exact", "overlap"):
        spread[mode] = {}
        for label in labels + [MICRO]:
            f1s = {s: by_script[s][mode][label]["f1"] for s in scripts if by_script[s][mode][label]["f1"] is not None}
            values = list(f1s.values())
            spread[mode][label] = {"spread": max(values) - min(values) if len(values) >= 2 else None, "f1": f1s}
    return {
        "labels": labels,
        "scripts": scripts,
        "records": len(pairs),
        "gold_spans": n_gold,
        "predicted_spans": n_pred,
        "overall": {mode: counts[mode].table(labels) for mode in ("exact", "overlap")},
        "by_script": by_script,
        "by_genre": {
            genre: {"records": genre_records[genre], "exact": genre_counts[genre].table(labels)}
            for genre in sorted(genre_records)
        },
        "spread": spread,
        "attributes": attr_counts.table(),
        "attributes_by_script": {s: script_attr_counts[s].table() for s in scripts},
        "missing": missing,
        "errors": errors,
        "extra": extra,
    }


# --------------------------------------------------------------------------- predicting


def _plain(value: Any) -> Any:
    """An attribute value as plain JSON: Spans and Tokens become ``[start, end]`` character offsets."""
    from spacy.tokens import Span, Token

    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Span):
        return [value.start_char, value.end_char]
    if isinstance(value, Token):
        return [value.idx, value.idx + len(value.text)]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def span_record(span, attributes: Mapping[str, Sequence[str]] = SPAN_ATTRIBUTES) -> Record:
    """One entity as a gold-shaped span: offsets, label, and its label's registered attributes.

    An attribute is read with ``span._.get(name)`` only when ``Span.has_extension(name)``.
    Span values become character offsets, except for ``body``, where a Span
    becomes its normalized text (``norm``), as in the gold corpus.
    """
    from spacy.tokens import Span

    attrs: Dict[str, Any] = {}
    for name in tuple(attributes.get(span.label_, ())) + COMMON_ATTRIBUTES:
        if Span.has_extension(name):
            value = span._.get(name)
            if name == "body" and isinstance(value, Span):
                value = value._.get("norm") if Span.has_extension("norm") else value.text
            attrs[name] = _plain(value)
    return {"start": span.start_char, "end": span.end_char, "label": span.label_, "attrs": attrs}


def predict_records(
    nlp,
    records: Sequence[Record],
    n_process: int = 1,
    *,
    batch_size: int = 16,
    attributes: Mapping[str, Sequence[str]] = SPAN_ATTRIBUTES,
) -> List[Record]:
    """Run ``nlp`` over the records' texts and return predicted records, in input order.

    Each output record copies ``id``, ``source``, ``script`` and ``text`` of its
    input and has ``spans`` from ``doc.ents``. A report the pipeline cannot take
    (see :func:`meeting_nlp.batch.process`) or whose entities cannot be read
    comes back with ``spans: []`` and an ``error``; the others are unaffected.
    Works with any ``nlp``: the meeting_nlp pipeline, a trained NER, a mix.
    """
    from .batch import process

    reports = [(str(r.get("id", index)), r.get("text")) for index, r in enumerate(records)]
    out: List[Record] = []
    results = process(nlp, reports, n_process=n_process, batch_size=batch_size)
    for record, result in zip(records, results):
        predicted: Record = {k: record[k] for k in ("id", "source", "script", "genre", "text") if k in record}
        predicted["spans"] = []
        if not result.ok:
            predicted["error"] = result.error
        else:
            try:
                predicted["spans"] = [span_record(ent, attributes) for ent in result.doc.ents]
                if result.doc.has_extension("meeting"):
                    predicted["meeting"] = result.doc._.meeting
            except Exception as err:  # a broken getter costs this report only
                predicted["error"] = f"reading entities failed: {err!r}"
        out.append(predicted)
    return out


def evaluate(nlp, gold: Sequence[Record], n_process: int = 1) -> Tuple[List[Record], Dict[str, Any]]:
    """Predict with ``nlp`` and score against ``gold``: ``(predicted records, score result)``."""
    predicted = predict_records(nlp, gold, n_process=n_process)
    return predicted, score(gold, predicted)


# --------------------------------------------------------------------------- reporting


def _num(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> List[str]:
    widths = [max(len(str(r[k])) for r in [header, *rows]) for k in range(len(header))]
    lines = []
    for n, row in enumerate([header, *rows]):
        cells = [str(c).ljust(w) if k == 0 else str(c).rjust(w) for k, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def format_report(result: Mapping[str, Any], title: Optional[str] = None) -> str:
    """The score result as plain-text tables: overall, per script, spread, attribute accuracy."""
    labels, scripts = result["labels"], result["scripts"]
    rows_labels = labels + [MICRO]
    per_script_n = ", ".join(f"{s} {result['by_script'][s]['records']}" for s in scripts)
    lines = []
    if title:
        lines.append(title)
    lines.append(
        f"{result['records']} reports ({per_script_n}), {result['gold_spans']} gold spans, "
        f"{result['predicted_spans']} predicted"
    )
    for what, key in (("no prediction", "missing"), ("failed", "errors"), ("predicted, not in gold", "extra")):
        if result.get(key):
            ids = [e["id"] if isinstance(e, dict) else e for e in result[key]]
            lines.append(f"{what}: {', '.join(map(str, ids))}")
    lines.append("")
    ex, ov = result["overall"]["exact"], result["overall"]["overlap"]
    rows = [
        [
            "ALL (micro)" if label == MICRO else label,
            ex[label]["support"], ex[label]["predicted"],
            _num(ex[label]["precision"]), _num(ex[label]["recall"]), _num(ex[label]["f1"]),
            _num(ov[label]["precision"]), _num(ov[label]["recall"]), _num(ov[label]["f1"]),
        ]
        for label in rows_labels
    ]
    lines.append("Overall (exact: start, end, label equal; overlap: same label, shared characters)")
    lines += _table(["label", "support", "pred", "P", "R", "F1", "P ovl", "R ovl", "F1 ovl"], rows)

    lines.append("")
    lines.append("F1 by script, exact / overlap; spread = max - min over scripts (goal <= 0.01)")
    header = ["label"] + scripts + ["spread", "spread ovl"]
    rows = []
    for label in rows_labels:
        row = ["ALL (micro)" if label == MICRO else label]
        for s in scripts:
            e, o = result["by_script"][s]["exact"][label], result["by_script"][s]["overlap"][label]
            row.append(f"{_num(e['f1'])} / {_num(o['f1'])} ({e['support']})")
        row += [_num(result["spread"]["exact"][label]["spread"]), _num(result["spread"]["overlap"][label]["spread"])]
        rows.append(row)
    lines += _table(header, rows)

    lines.append("")
    lines.append("Attribute accuracy over gold spans with an exact-match prediction: accuracy (n)")
    rows = []
    for label, names in result["attributes"].items():
        for name, acc in names.items():
            row = [f"{label}.{name}", f"{_num(acc['accuracy'])} ({acc['n']})"]
            for s in scripts:
                a = result["attributes_by_script"][s][label][name]
                row.append(f"{_num(a['accuracy'])} ({a['n']})")
            rows.append(row)
    lines += _table(["attribute", "all"] + scripts, rows)

    by_genre = result.get("by_genre") or {}
    if len(by_genre) > 1 or (by_genre and "unknown" not in by_genre):
        lines.append("")
        lines.append("Exact F1 by genre (every script of a report counted): micro, then per label (support)")
        rows = []
        for genre, table in by_genre.items():
            exact = table["exact"]
            row = [genre, table["records"], _num(exact[MICRO]["precision"]), _num(exact[MICRO]["recall"]), _num(exact[MICRO]["f1"])]
            row += [f"{_num(exact[label]['f1'])} ({exact[label]['support']})" if label in exact else "n/a" for label in labels]
            rows.append(row)
        lines += _table(["genre", "reports", "P", "R", "F1"] + list(labels), rows)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- command line


def read_records(path) -> List[Record]:
    """The gold records of a JSONL file or a folder of report files (:func:`meeting_nlp.gold.read_gold`)."""
    from .gold import read_gold

    return read_gold(path)


def add_evaluate_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Arguments of ``evaluate`` (and ``set_defaults(func=run_evaluate)``) on ``parser``."""
    from .segmenters import SEGMENTERS as SEGMENTER_NAMES

    parser.add_argument("gold", nargs="+", help="gold JSONL files or folders of report files (corpus/dev, corpus/heldout, corpus/dev.traditional.jsonl, …)")
    parser.add_argument("--all-scripts", action="store_true", help="score every report in simplified, traditional and glossed script")
    parser.add_argument("--sets", action="store_true", help="score each path on its own, then side by side (e.g. corpus/dev corpus/heldout)")
    parser.add_argument("--json", dest="json_out", metavar="OUT", help="write the scores as JSON here")
    parser.add_argument("--segmenter", default="pkuseg", choices=SEGMENTER_NAMES)
    from .cli.common import positive_int

    parser.add_argument("--n-process", type=positive_int, default=1)
    parser.add_argument("--ner", metavar="MODEL", help="a trained NER: score rules alone, model alone and both")
    parser.add_argument("--ner-precedence", default="rules", choices=["rules", "model"], help="who wins overlaps in 'both'")
    parser.set_defaults(func=run_evaluate)
    return parser


def build_systems(args: argparse.Namespace) -> Dict[str, Any]:
    """The pipelines to evaluate, by name: ``pipeline`` (the rules), or with
    ``--ner`` three side by side: ``rules``, ``model`` and ``both``.
    """
    from . import load

    ner = getattr(args, "ner", None)
    if not ner:
        return {"pipeline": load(segmenter=args.segmenter)}
    precedence = getattr(args, "ner_precedence", "rules")
    return {
        "rules": load(segmenter=args.segmenter),
        "model": load(segmenter=args.segmenter, rules=False, ner=ner),
        "both": load(segmenter=args.segmenter, ner=ner, ner_precedence=precedence),
    }


def side_by_side(results: Mapping[str, Any], kind: str = "exact") -> str:
    """One table per label with a column per system or gold set: ``P / R / F1``."""
    names = list(results)
    labels = [*LABELS, "ALL"]
    rows = []
    for label in labels:
        cells = []
        for n in names:
            row = results[n]["overall"][kind].get(label, {})
            cells.append(" / ".join(_num(row.get(k)) for k in ("precision", "recall", "f1")))
        rows.append([label if label != "ALL" else "ALL (micro)", *cells])
    return "\n".join(_table([f"P / R / F1 {kind}", *names], rows)) + "\n"


def _gold_sets(args: argparse.Namespace) -> Dict[str, List[Record]]:
    """Name -> gold records: one set per path with ``--sets``, else one pooled set."""
    from .gold import in_all_scripts

    sets: Dict[str, List[Record]] = {}
    for path in args.gold:
        records = read_records(path)
        if getattr(args, "all_scripts", False):
            records = in_all_scripts(records)
        name = str(path) if getattr(args, "sets", False) else ", ".join(map(str, args.gold))
        sets.setdefault(name, []).extend(records)
    return sets


def _meeting_scores(gold: Sequence[Record], predicted: Sequence[Record]) -> Optional[Dict[str, Any]]:
    """Scores of the reported meeting, when the gold carries one."""
    if not any(isinstance(g.get("meeting"), dict) for g in gold):
        return None
    from .meeting_eval import score_meetings

    # A report scored in several scripts counts once per script, as its spans do: pair by
    # position (predict_records keeps the order) and give each (report, script) its own id.
    def keyed(records):
        return [{**r, "id": f"{r.get('id')}#{r.get('script')}"} for r in records]

    return score_meetings(keyed(gold), keyed(predicted))


def run_evaluate(args: argparse.Namespace) -> int:
    """``python -m meeting_nlp evaluate``: predict, print the report, write JSON if asked."""
    try:
        sets = _gold_sets(args)
    except (OSError, ValueError) as err:
        from .cli.common import fail

        return fail("evaluate", str(err))
    systems = build_systems(args)
    results: Dict[str, Dict[str, Any]] = {}
    for set_name, gold in sets.items():
        for name, nlp in systems.items():
            key = name if len(sets) == 1 else (set_name if len(systems) == 1 else f"{name} on {set_name}")
            predicted = predict_records(nlp, gold, n_process=getattr(args, "n_process", 1))
            results[key] = score(gold, predicted)
            for failure in results[key]["errors"]:
                print(f"FAILED {failure['id']}: {failure['error']}", file=sys.stderr)
            title = f"== {name} on {set_name}" if len(systems) > 1 else f"Gold: {set_name}"
            sys.stdout.write(format_report(results[key], title=title))
            meeting = _meeting_scores(gold, predicted)
            if meeting is not None:
                from .meeting_eval import format_meeting_scores

                results[key]["meeting"] = meeting
                sys.stdout.write("\nThe reported meeting (doc._.meeting)\n" + format_meeting_scores(meeting))
            sys.stdout.write("\n")
    if len(results) > 1:
        sys.stdout.write("\n" + side_by_side(results, "exact") + "\n" + side_by_side(results, "overlap"))
    if args.json_out:
        payload = {"gold": [str(p) for p in args.gold], "segmenter": args.segmenter, "systems": results}
        Path(args.json_out).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"scores written to {args.json_out}")
    return 0
