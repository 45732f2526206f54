"""Scores for the reported meeting (``doc._.meeting``) against gold records.

A pure function of records, so it runs on anything shaped like the corpus:

* gold records as in ``corpus/dev/*.json``: ``{"id", "text", "spans", "meeting": {...}}``;
* predicted records with ``"meeting"`` = ``doc._.meeting`` (and the same ``id``).

Fields (``date``, ``body``, ``place``, ``session``, ``type``) are scored as
accuracy over reports: a null that should be null is right, a guess where
gold has null is wrong. A session is compared on ``term``, ``ordinal`` and
``meeting`` only. Roles (``presided``, ``reported``, ``spoke``, ``attended``)
are scored as precision, recall and F1 over (report, name) pairs; a name is
a string or a ``{"name", "titles"}`` record, compared after removing spaces.
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Mapping, Optional, Sequence

FIELDS = ("date", "body", "place", "session", "type")
ROLES = ("presided", "reported", "spoke", "attended")
SESSION_KEYS = ("term", "ordinal", "meeting")

__all__ = ["FIELDS", "ROLES", "score_meetings", "format_meeting_scores", "field_value", "role_names"]


def _name(value) -> str:
    if isinstance(value, Mapping):
        value = value.get("name")
    if not isinstance(value, str):
        raise ValueError(f"a role list holds names or {{'name', 'titles'}} records, not {value!r}")
    return "".join(value.split())


def role_names(meeting: Optional[Mapping], role: str) -> List[str]:
    """The names in one role list, spaces removed, each once, in order."""
    out: List[str] = []
    for value in (meeting or {}).get(role) or []:
        name = _name(value)
        if name and name not in out:
            out.append(name)
    return out


def _ordinal(value):
    return list(value) if isinstance(value, (list, tuple)) else value


def field_value(meeting: Optional[Mapping], name: str):
    """A field of a meeting record in comparable form (session: term, ordinal, meeting)."""
    meeting = meeting or {}
    value = meeting.get(name)
    if name == "session":
        if not value:
            return None
        return tuple((k, _ordinal(value.get(k))) for k in SESSION_KEYS)
    if isinstance(value, str):
        value = value.strip() or None
    return value


def _records(records: Iterable[Mapping], what: str) -> Dict[str, Mapping]:
    out: Dict[str, Mapping] = {}
    for i, r in enumerate(records):
        if not isinstance(r, Mapping) or "id" not in r:
            raise ValueError(f"{what} record {i} has no 'id': every record needs one to be matched")
        if r["id"] in out:
            raise ValueError(f"{what} records: id {r['id']!r} appears twice")
        out[r["id"]] = r
    return out


def score_meetings(gold_records: Iterable[Mapping], predicted_records: Iterable[Mapping]) -> dict:
    """Per-field accuracy and per-role P/R/F1 of predicted meetings against gold.

    Only gold records with a ``meeting`` are scored. A gold report with no
    prediction counts as a prediction of nothing (every field null, no
    people), so a missing report costs accuracy and recall. Returns::

        {"reports": n,
         "fields": {"date": {"correct": k, "total": n, "accuracy": k/n}, ...},
         "roles": {"spoke": {"tp", "fp", "fn", "precision", "recall", "f1"}, ...},
         "errors": {"date": [{"id", "gold", "predicted"}, ...], "spoke": [...], ...}}
    """
    gold = {k: v for k, v in _records(gold_records, "gold").items() if v.get("meeting") is not None}
    pred = _records(predicted_records, "predicted")
    fields = {f: {"correct": 0, "total": 0} for f in FIELDS}
    roles = {r: {"tp": 0, "fp": 0, "fn": 0} for r in ROLES}
    errors: Dict[str, List[dict]] = {name: [] for name in FIELDS + ROLES}
    for rid in sorted(gold):
        g = gold[rid]["meeting"]
        p = (pred.get(rid) or {}).get("meeting") or {}
        for f in FIELDS:
            gv, pv = field_value(g, f), field_value(p, f)
            fields[f]["total"] += 1
            if gv == pv:
                fields[f]["correct"] += 1
            else:
                errors[f].append({"id": rid, "gold": g.get(f), "predicted": p.get(f)})
        for r in ROLES:
            gs, ps = set(role_names(g, r)), set(role_names(p, r))
            roles[r]["tp"] += len(gs & ps)
            roles[r]["fp"] += len(ps - gs)
            roles[r]["fn"] += len(gs - ps)
            if gs != ps:
                errors[r].append({"id": rid, "missing": sorted(gs - ps), "extra": sorted(ps - gs)})
    for f in fields.values():
        f["accuracy"] = f["correct"] / f["total"] if f["total"] else None
    for r in roles.values():
        tp, fp, fn = r["tp"], r["fp"], r["fn"]
        r["precision"] = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
        r["recall"] = tp / (tp + fn) if tp + fn else 1.0
        p_, r_ = r["precision"], r["recall"]
        r["f1"] = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
    return {"reports": len(gold), "fields": fields, "roles": roles, "errors": errors}


def format_meeting_scores(scores: Mapping, title: str = "reported meeting") -> str:
    """A plain-text table of :func:`score_meetings` output."""
    lines = [f"{title} ({scores['reports']} reports)", f"{'field':<10} {'right':>7} {'accuracy':>9}"]
    for name, f in scores["fields"].items():
        acc = "-" if f["accuracy"] is None else f"{f['accuracy']:.3f}"
        lines.append(f"{name:<10} {f['correct']:>3}/{f['total']:<3} {acc:>9}")
    lines.append(f"{'role':<10} {'P':>7} {'R':>7} {'F1':>7} {'tp':>5} {'fp':>5} {'fn':>5}")
    for name, r in scores["roles"].items():
        lines.append(
            f"{name:<10} {r['precision']:>7.3f} {r['recall']:>7.3f} {r['f1']:>7.3f} {r['tp']:>5} {r['fp']:>5} {r['fn']:>5}"
        )
    return "\n".join(lines)


def by_group(gold_records: Sequence[Mapping], predicted_records: Sequence[Mapping], key: str = "genre") -> Dict[str, dict]:
    """:func:`score_meetings` per value of ``key`` in the gold records (per genre)."""
    groups: Dict[str, List[Mapping]] = {}
    for r in gold_records:
        groups.setdefault(str(r.get(key)), []).append(r)
    return {k: score_meetings(v, predicted_records) for k, v in sorted(groups.items())}
