"""Annotation-tool exports in, spaCy training data out, machine suggestions back out.

Corrected annotations come from several tools; each has its own export
shape. The readers here turn them all into the record shape of
``corpus/dev.jsonl``::

    {"id": ..., "source": ..., "script": ..., "text": ...,
     "spans": [{"start": 0, "end": 2, "label": "BODY", "attrs": {...}}, ...]}

with offsets into the text as it arrived. :func:`records_to_docbin` turns
records into a ``DocBin`` for ``spacy train``: tokens come from the
meeting_nlp tokenizer and are split wherever a gold edge falls inside a
pkuseg word, so that no gold span is lost to the segmenter.

Nothing is dropped silently. :func:`check_record` reports every span it will
not convert (out of range, empty, unknown label, overlapping another,
cutting a pinyin gloss, whitespace at an edge, its exported text not matching
the offsets) and every attribute it will not store, as a :class:`Problem`
with the record id, the offsets, the label and the span text. The caller
decides what to do (``python -m meeting_nlp convert --strict`` refuses to
write).

For pre-annotation, :func:`annotate` runs the rule pipeline and returns its
suggestions in the same record shape (:func:`write_jsonl` writes them): a
user corrects the file and it goes straight back into conversion.
"""
from __future__ import annotations

import argparse
import json
import sys
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from .evaluation import LABELS
from .jsonl import json_lines
from .normalize import normalize
from .normalize.glosses import find_glosses

Record = Dict[str, Any]
PathLike = Union[str, Path]

FORMATS: Tuple[str, ...] = ("jsonl", "prodigy", "doccano", "labelstudio")

#: attributes computed from the tokens, accepted in input and never stored (``span._.norm``)
DERIVED_ATTRIBUTES = frozenset({"norm"})

#: closed vocabularies of ANNOTATION.md (None: the text does not say)
VOCABULARIES: Dict[str, frozenset] = {
    "meeting": frozenset({"plenary", "standing-committee", "congress", "executive", "other", None}),
    "kind": frozenset({
        "party-committee", "party-standing-committee", "government", "congress",
        "congress-standing-committee", "cppcc", "discipline", "supervision", "procuratorate",
        "court", "military", "party-office", "other", None,
    }),
    "level": frozenset({"central", "provincial", "municipal", "county", "township", None}),
    "role": frozenset({"presided", "reported", "spoke", "attended", None}),
    "source": frozenset({"lexicon", "pattern", None}),
}


# --------------------------------------------------------------------------- problems


@dataclass
class Problem:
    """Something that will not go into the DocBin as it stands, with enough to find it."""

    id: Any
    kind: str  # malformed, out-of-range, empty, label, gloss, whitespace, text-mismatch, overlap, attribute, unreachable, record
    message: str
    start: Optional[int] = None
    end: Optional[int] = None
    label: Optional[str] = None
    text: Optional[str] = None
    index: Optional[int] = None  # position of the record in the input (ids may repeat across scripts)

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"[{self.start}:{self.end}]" if self.start is not None or self.end is not None else ""
        span = " ".join(p for p in (where, self.label or "", repr(self.text) if self.text is not None else "") if p)
        return f"{self.id} {span}: {self.kind}: {self.message}" if span else f"{self.id}: {self.kind}: {self.message}"


# --------------------------------------------------------------------------- record helpers


def make_record(rid: Any, text: str, spans: List[Dict[str, Any]], *, source: Any = None, script: Optional[str] = None) -> Record:
    """A record in our shape; ``script`` is detected from the text when the export has none."""
    record: Record = {"id": rid}
    if source is not None:
        record["source"] = source
    record["script"] = script or normalize(text).script
    record["text"] = text
    record["spans"] = spans
    return record


def make_span(start: Any, end: Any, label: Any, attrs: Optional[Dict[str, Any]] = None, text: Optional[str] = None) -> Dict[str, Any]:
    """A span in our shape; ``text`` is the tool's own copy of the span text, checked against the offsets."""
    span: Dict[str, Any] = {"start": start, "end": end, "label": label, "attrs": dict(attrs or {})}
    if text is not None:
        span["text"] = text
    return span


def span_attributes() -> Dict[str, Tuple[str, ...]]:
    """Label -> the attributes its spans carry: the Span extensions the pipeline registers."""
    from .components.attributes import ATTRIBUTES  # imports spaCy: only when spans are checked

    return ATTRIBUTES


def _skip(skipped: Optional[list], rid: Any, reason: str) -> None:
    if skipped is not None:
        skipped.append({"id": rid, "reason": reason})


def _need_text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: no text string (got {type(value).__name__})")
    return value


# --------------------------------------------------------------------------- reading files


def _objects(path: PathLike) -> List[Tuple[str, Any]]:
    """The items of a JSON list file or of a JSONL file, each with where it came from."""
    from .io import read_text

    text = read_text(path).text  # the one reader: any encoding, byte-order mark dropped
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}: not JSON ({err.msg} at line {err.lineno})") from None
        return [(f"{path}: item {i}", item) for i, item in enumerate(items)]
    return [(f"{path}:{n}", obj) for n, obj in json_lines(path)]


# --------------------------------------------------------------------------- the formats


def jsonl_records(items: Iterable[Tuple[str, Any]]) -> List[Record]:
    """Our own JSONL: kept as is, ``script`` filled in when missing, ``spans`` default to none."""
    records = []
    for where, obj in items:
        if not isinstance(obj, dict):
            raise ValueError(f"{where}: a record must be a JSON object")
        if obj.get("text") is None and obj.get("error") is not None:
            raise ValueError(f"{where}: an error record ({obj['error']}), not a report: remove the line or fix the report and run again")
        if obj.get("text") is None and "spans" in obj:
            raise ValueError(f"{where}: the record has spans but no 'text' (written by run --no-text?): convert needs the text")
        text = _need_text(obj.get("text"), where)
        spans = obj.get("spans", [])
        if not isinstance(spans, list):
            raise ValueError(f"{where}: 'spans' must be a list")
        record = dict(obj)
        record.setdefault("id", where)
        record["script"] = obj.get("script") or normalize(text).script
        record["spans"] = [dict(s) if isinstance(s, dict) else s for s in spans]
        records.append(record)
    return records


def prodigy_records(items: Iterable[Tuple[str, Any]], skipped: Optional[list] = None) -> List[Record]:
    """Prodigy ``db-out`` JSONL: accepted answers only; the id is ``meta.id``, else ``_input_hash``.

    Rejected and ignored answers are not annotations of the text (a reject in
    ``ner.manual`` means "bad example", not "no entities"), so they are left
    out and listed in ``skipped``.
    """
    records = []
    for where, obj in items:
        if not isinstance(obj, dict):
            raise ValueError(f"{where}: a Prodigy task must be a JSON object")
        meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
        rid = meta.get("id", obj.get("_input_hash", where))
        answer = obj.get("answer", "accept")
        if answer != "accept":
            _skip(skipped, rid, f"Prodigy answer {answer!r}")
            continue
        text = _need_text(obj.get("text"), where)
        spans = [
            make_span(s.get("start"), s.get("end"), s.get("label"), text=s.get("text")) if isinstance(s, dict) else s
            for s in obj.get("spans") or []
        ]
        records.append(make_record(rid, text, spans, source=meta.get("source")))
    return records


def doccano_records(items: Iterable[Tuple[str, Any]], skipped: Optional[list] = None) -> List[Record]:
    """doccano sequence-labelling JSONL: ``label: [[start, end, "LABEL"], …]`` or ``entities: [{…}]``."""
    records = []
    for where, obj in items:
        if not isinstance(obj, dict):
            raise ValueError(f"{where}: a doccano record must be a JSON object")
        rid = obj.get("id", where)
        text = _need_text(obj.get("text"), where)
        spans = []
        if isinstance(obj.get("entities"), list):
            for e in obj["entities"]:
                spans.append(make_span(e.get("start_offset"), e.get("end_offset"), e.get("label")) if isinstance(e, dict) else e)
        for key in ("label", "labels"):
            for item in obj.get(key) or []:
                if isinstance(item, (list, tuple)) and len(item) == 3:
                    spans.append(make_span(*item))
                else:
                    raise ValueError(
                        f"{where}: {key!r} holds {item!r}, not [start, end, label]: "
                        "is this a text-classification export?"
                    )
        records.append(make_record(rid, text, spans, source=obj.get("source")))
    return records


def labelstudio_records(items: Iterable[Tuple[str, Any]], skipped: Optional[list] = None) -> List[Record]:
    """Label Studio JSON export: ``data.text`` and the last annotation that was not cancelled.

    Earlier annotations of a task (other annotators, older rounds) and
    predictions are not read. Tasks with no usable annotation, and results
    that are not text spans (relations, choices), go to ``skipped``. Offsets
    that old Label Studio versions counted in UTF-16 units are recognized
    from the span text and turned into code points.
    """
    records = []
    for where, task in items:
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise ValueError(f"{where}: a Label Studio task must be an object with 'data'")
        data = task["data"]
        rid = data.get("id", task.get("id", where))
        text = _need_text(_task_text(data), f"{where} data.text")
        done = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
        if not done:
            _skip(skipped, rid, "no annotation that was not cancelled")
            continue
        spans = []
        for result in done[-1].get("result") or []:
            value = result.get("value") if isinstance(result, dict) else None
            if not isinstance(value, dict) or "labels" not in value:
                _skip(skipped, rid, f"result of type {result.get('type') if isinstance(result, dict) else result!r} is not a text span")
                continue
            start, end = _labelstudio_offsets(text, value)
            for label in value.get("labels") or [None]:  # more than one label: overlapping spans, reported
                spans.append(make_span(start, end, label, text=value.get("text")))
        records.append(make_record(rid, text, spans, source=data.get("source"), script=data.get("script")))
    return records


def _task_text(data: Dict[str, Any]) -> Any:
    """``data.text``, or the one string in ``data`` when the labelling config named it otherwise."""
    if "text" in data:
        return data["text"]
    strings = [v for k, v in data.items() if isinstance(v, str) and k not in ("id", "source", "script")]
    return strings[0] if len(strings) == 1 else None


def _labelstudio_offsets(text: str, value: Dict[str, Any]) -> Tuple[Any, Any]:
    """``(start, end)`` in code points: UTF-16 offsets are converted when the span text says so."""
    start, end = value.get("start"), value.get("end")
    exported = value.get("text")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(exported, str)):
        return start, end
    if text[start:end] == exported or text.isascii():
        return start, end
    units = _utf16_starts(text)
    if end <= units[-1]:
        a, b = bisect_right(units, start) - 1, bisect_right(units, end) - 1
        if units[a] == start and units[b] == end and text[a:b] == exported:
            return a, b
    return start, end


def _utf16_starts(text: str) -> List[int]:
    """UTF-16 offset of each code point, and of the end."""
    starts, unit = [], 0
    for char in text:
        starts.append(unit)
        unit += 2 if ord(char) > 0xFFFF else 1
    starts.append(unit)
    return starts


READERS = {
    "jsonl": lambda items, skipped=None: jsonl_records(items),
    "prodigy": prodigy_records,
    "doccano": doccano_records,
    "labelstudio": labelstudio_records,
}


def sniff_format(obj: Any) -> Optional[str]:
    """The format one exported item looks like, or None when it gives no sign."""
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("data"), dict) and ("annotations" in obj or "predictions" in obj or "id" in obj):
        return "labelstudio"
    if any(k in obj for k in ("_input_hash", "_task_hash", "_view_id", "answer")):
        return "prodigy"
    if isinstance(obj.get("entities"), list) and "text" in obj:
        return "doccano"
    if "text" in obj and "spans" not in obj and any(isinstance(obj.get(k), list) for k in ("label", "labels")):
        return "doccano"
    if "text" in obj and ("spans" in obj or "script" in obj):
        return "jsonl"
    return None


def detect_format(items: Sequence[Tuple[str, Any]], path: PathLike = "input", sample: int = 50) -> str:
    """The one format the first ``sample`` items agree on; ``ValueError`` naming the formats otherwise."""
    seen: Dict[str, str] = {}
    for where, obj in items[:sample]:
        found = sniff_format(obj)
        if found:
            seen.setdefault(found, where)
    # Prodigy spans look like ours; any Prodigy sign decides for Prodigy.
    if set(seen) == {"jsonl", "prodigy"}:
        return "prodigy"
    if len(seen) == 1:
        return next(iter(seen))
    names = ", ".join(FORMATS)
    if not seen:
        keys = sorted({k for _, obj in items[:sample] if isinstance(obj, dict) for k in obj})
        raise ValueError(
            f"{path}: cannot tell the annotation format (keys seen: {', '.join(keys) or 'none'}); "
            f"pass format= (--format) one of {names}"
        )
    mixed = "; ".join(f"{fmt} at {where}" for fmt, where in seen.items())
    raise ValueError(f"{path}: items look like different formats ({mixed}); pass format= (--format) one of {names}")


def read_annotations(path: PathLike, format: str = "auto", skipped: Optional[list] = None, wheres: Optional[list] = None) -> List[Record]:
    """Records from an export of any supported tool (``format``: auto, jsonl, prodigy, doccano, labelstudio).

    ``skipped``, when given, collects ``{"id", "reason"}`` for what was left
    out on purpose (rejected Prodigy answers, cancelled Label Studio tasks).
    Problems with the spans themselves are :func:`check_record`'s business.
    """
    if format != "auto" and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose auto or one of {', '.join(FORMATS)}")
    items = _objects(path)
    if format == "auto":
        format = detect_format(items, path)
    else:
        _check_format(items, format, path)
    records = READERS[format](items, skipped)
    if wheres is not None and len(records) == len(items):  # nothing left out: record i is item i
        wheres.extend(where for where, _ in items)
    return records


#: formats whose reader takes the spans of items that look like the key's format
_READS_SPANS_OF = {"jsonl": {"jsonl", "prodigy"}, "prodigy": {"jsonl", "prodigy"}, "doccano": {"doccano"}, "labelstudio": {"labelstudio"}}


def _check_format(items: Sequence[Tuple[str, Any]], format: str, path: PathLike, sample: int = 50) -> None:
    """A ``ValueError`` when the items look like another format, whose spans ``format``'s reader would miss."""
    for where, obj in items[:sample]:
        found = sniff_format(obj)
        if found and found not in _READS_SPANS_OF[format]:
            raise ValueError(
                f"{path}: --format {format}, but {where} looks like {found} (keys: {', '.join(sorted(obj))}); "
                f"read as {format} its spans would be missed: pass --format {found} or --format auto"
            )


def read_jsonl(path: PathLike) -> List[Record]:
    """Our JSONL (records with ``text``; ``spans`` optional)."""
    return jsonl_records(_objects(path))


def write_jsonl(records: Iterable[Record], path: PathLike) -> int:
    """Write records one per line, UTF-8 and unescaped so that annotators can read them; returns the count."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


# --------------------------------------------------------------------------- checking


def _span_text(text: str, start: Any, end: Any) -> Optional[str]:
    if isinstance(start, int) and isinstance(end, int):
        return text[max(start, 0) : max(min(end, len(text)), 0)]
    return None


def _is_offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _gloss_problem(start: int, end: int, glosses: List[Tuple[int, int]], text: str) -> Optional[str]:
    """Why the span cuts a pinyin gloss from its character, or None.

    A gloss belongs to the character before it: a span may start after a
    gloss and must end after it, never on it or inside it.
    """
    for g_start, g_end in glosses:
        if g_start <= start < g_end:
            return f"starts inside the pinyin gloss {text[g_start:g_end]!r} [{g_start}:{g_end}] of {text[g_start - 1]!r}"
        if g_start <= end < g_end:
            return (
                f"ends between {text[g_start - 1]!r} and its pinyin gloss {text[g_start:g_end]!r}; "
                f"the span should end at {g_end}"
            )
    return None


def _span_problem(span: Any, text: str, glosses: List[Tuple[int, int]]) -> Optional[Tuple[str, str]]:
    """``(kind, message)`` when a span cannot become an entity, else None."""
    if not isinstance(span, dict):
        return "malformed", f"a span must be an object, not {span!r}"
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    if not (_is_offset(start) and _is_offset(end)):
        return "malformed", f"offsets must be integers, got start={start!r} end={end!r}"
    if not isinstance(label, str):
        return "malformed", f"label must be a string, got {label!r}"
    if start < 0 or end > len(text) or start > end:
        return "out-of-range", f"offsets outside the text, which has {len(text)} characters"
    if start == end:
        return "empty", "empty span"
    if label not in LABELS:
        return "label", f"label {label!r} is not one of {', '.join(LABELS)}"
    gloss = _gloss_problem(start, end, glosses, text)
    if gloss:
        return "gloss", gloss
    if text[start].isspace() or text[end - 1].isspace():
        return "whitespace", "begins or ends with whitespace"
    exported = span.get("text")
    if exported is not None and exported != text[start:end]:
        return "text-mismatch", f"the export gives the span text {exported!r}; the offsets give {text[start:end]!r}"
    return None


def _value_problem(name: str, value: Any, titles: set) -> Optional[str]:
    """Why an attribute value is outside the scheme, or None."""
    if value is None:
        return None
    if name in VOCABULARIES:
        return None if isinstance(value, str) and value in VOCABULARIES[name] else (
            f"{name}={value!r} is not in the vocabulary ({', '.join(sorted(v for v in VOCABULARIES[name] if v))})"
        )
    if name == "term":
        return None if _is_offset(value) else f"term={value!r} is not an integer"
    if name == "ordinal":
        ok = _is_offset(value) or (isinstance(value, list) and value and all(_is_offset(v) for v in value))
        return None if ok else f"ordinal={value!r} is not an integer or a list of integers"
    if name == "expanded":
        return None if isinstance(value, bool) else f"expanded={value!r} is not true or false"
    if name in ("body", "canonical"):
        return None if isinstance(value, str) else f"{name}={value!r} is not a string"
    if name == "titles":
        if not isinstance(value, list):
            return f"titles={value!r} is not a list of [start, end]"
        for item in value:
            if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(_is_offset(v) for v in item)):
                return f"titles holds {item!r}, not [start, end]"
            if tuple(item) not in titles:
                return f"titles holds [{item[0]}, {item[1]}], which is no TITLE span of this record"
    return None


def _attribute_problems(span: Dict[str, Any], titles: set) -> List[str]:
    attrs = span.get("attrs")
    if attrs is None:
        return []
    if not isinstance(attrs, dict):
        return [f"attrs must be an object, got {attrs!r}; no attribute stored"]
    allowed = span_attributes().get(span["label"], ())
    messages = []
    for name, value in attrs.items():
        if name in DERIVED_ATTRIBUTES:
            continue
        if name not in allowed:
            messages.append(f"{span['label']} has no attribute {name!r}; not stored")
            continue
        why = _value_problem(name, value, titles)
        if why:
            messages.append(f"{why}; stored as given")
    return messages


def check_record(record: Record, index: Optional[int] = None) -> Tuple[List[Dict[str, Any]], List[Problem]]:
    """The spans of ``record`` that can become ``doc.ents`` (sorted), and a problem for every other one.

    Overlaps keep the span that starts first (the longer one on a tie) and
    report the other, naming the span it collides with. Attribute problems
    leave the span in: an unknown attribute is not stored, a value outside
    the scheme is stored as given.
    """
    rid = record.get("id", index)
    text = record.get("text")
    if not isinstance(text, str):
        return [], [Problem(rid, "record", f"no text string (got {type(text).__name__}); record not converted", index=index)]
    spans = record.get("spans")
    if spans is None:
        spans = []
    if not isinstance(spans, list):
        return [], [Problem(rid, "record", "'spans' is not a list; record not converted", index=index)]
    glosses = find_glosses(text)
    problems: List[Problem] = []
    candidates = []
    for span in spans:
        why = _span_problem(span, text, glosses)
        if why:
            start, end, label = (span.get(k) for k in ("start", "end", "label")) if isinstance(span, dict) else (None,) * 3
            problems.append(Problem(rid, why[0], why[1], start, end, label if isinstance(label, str) else None, _span_text(text, start, end), index))
        else:
            candidates.append(span)
    kept: List[Dict[str, Any]] = []
    reach = None  # the kept span reaching furthest right
    for span in sorted(candidates, key=lambda s: (s["start"], -s["end"])):
        if reach is not None and span["start"] < reach["end"]:
            same = (span["start"], span["end"], span["label"]) == (reach["start"], reach["end"], reach["label"])
            what = "repeats" if same else "overlaps"
            problems.append(Problem(
                rid, "overlap",
                f"{what} {reach['label']} [{reach['start']}:{reach['end']}] {text[reach['start']:reach['end']]!r} (doc.ents must be flat); not converted",
                span["start"], span["end"], span["label"], text[span["start"]:span["end"]], index,
            ))
            continue
        kept.append(span)
        if reach is None or span["end"] > reach["end"]:
            reach = span
    titles = {(s["start"], s["end"]) for s in kept if s["label"] == "TITLE"}
    for span in kept:
        for message in _attribute_problems(span, titles):
            problems.append(Problem(rid, "attribute", message, span["start"], span["end"], span["label"], text[span["start"]:span["end"]], index))
    return kept, problems


def validate(records: Iterable[Record]) -> List[Problem]:
    """Every problem of every record (see :func:`check_record`)."""
    problems: List[Problem] = []
    for index, record in enumerate(records):
        problems.extend(check_record(record, index)[1])
    return problems


# --------------------------------------------------------------------------- to a DocBin


@dataclass
class Conversion:
    """What :func:`records_to_docbin` made; unpacks as ``docbin, problems``."""

    docbin: Any
    problems: List[Problem] = field(default_factory=list)
    records: int = 0  # records converted into Docs
    spans: int = 0  # spans in the input
    converted: int = 0  # spans that became entities

    def __iter__(self) -> Iterator[Any]:
        yield self.docbin
        yield self.problems

    def summary(self) -> str:
        return f"{self.records} records, {self.converted} of {self.spans} spans converted, {len(self.problems)} problems"


def record_to_doc(nlp, record: Record, index: Optional[int] = None):
    """``(doc, problems)``: the tokenized text with the record's spans as ``doc.ents`` and their attributes.

    Only the tokenizer runs (``nlp.make_doc``). Tokens are split where a gold
    edge falls inside one (``split_at``: norms are shared out, glosses stay
    with their character). ``doc`` is None when the text cannot be tokenized.
    """
    from spacy.tokens import Span

    from .components.alignment import split_at

    rid = record.get("id", index)
    spans, problems = check_record(record, index)
    text = record.get("text")
    if not isinstance(text, str):
        return None, problems
    try:
        doc = nlp.make_doc(text)
    except (TypeError, ValueError) as err:
        return None, problems + [Problem(rid, "record", f"the tokenizer refused the text: {err}; record not converted", index=index)]
    split_at(doc, [offset for s in spans for offset in (s["start"], s["end"])])
    ents = []
    for span in spans:
        ent = doc.char_span(span["start"], span["end"], label=span["label"])
        if ent is None:
            problems.append(Problem(
                rid, "unreachable", "no token edge at one of its offsets even after splitting; not converted",
                span["start"], span["end"], span["label"], text[span["start"]:span["end"]], index,
            ))
            continue
        ents.append((ent, span))
    doc.ents = [ent for ent, _ in ents]
    if record.get("meeting") is not None and doc.has_extension("meeting"):
        doc._.meeting = record["meeting"]  # the reported meeting travels with the Doc
    for ent, span in ents:
        attrs = span.get("attrs") if isinstance(span.get("attrs"), dict) else {}
        for name in span_attributes().get(span["label"], ()):
            if name in attrs and Span.has_extension(name):
                ent._.set(name, _copy(attrs[name]))
    return doc, problems


def _copy(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def records_to_docbin(nlp, records: Iterable[Record]) -> Conversion:
    """Records to a ``DocBin`` (token norms and span attributes included); unpacks as ``docbin, problems``.

    ``conversion.records``, ``.spans`` and ``.converted`` count what went in
    and what came out; every span that did not make it is in ``.problems``.
    """
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)  # the default attrs include NORM: the normalized form travels
    result = Conversion(docbin)
    for index, record in enumerate(records):
        spans = record.get("spans") if isinstance(record, dict) else None
        result.spans += len(spans) if isinstance(spans, list) else 0
        if not isinstance(record, dict):
            result.problems.append(Problem(index, "record", f"a record must be an object, not {type(record).__name__}", index=index))
            continue
        doc, problems = record_to_doc(nlp, record, index)
        result.problems.extend(problems)
        if doc is not None:
            docbin.add(doc)
            result.records += 1
            result.converted += len(doc.ents)
    return result


# --------------------------------------------------------------------------- pre-annotation


def doc_to_record(doc, id: Any = None, script: Optional[str] = None, source: Any = None) -> Record:
    """A processed Doc as a record of our JSONL: the one shape of :func:`meeting_nlp.records.doc_to_record`."""
    from .records import doc_to_record as to_record

    return to_record(doc, id, source=source, script=script)


def annotate(nlp, items: Iterable[Union[str, Record]], *, n_process: int = 1) -> List[Record]:
    """Machine suggestions for texts (or records with ``text``), as records to correct and convert back.

    ``id``, ``source`` and ``script`` of an input record are kept; a plain
    text gets its position as id. A report the pipeline cannot take comes
    back with ``spans: []`` and an ``error``.
    """
    from .batch import process

    inputs: List[Record] = []
    for index, item in enumerate(items):
        inputs.append(dict(item) if isinstance(item, dict) else {"id": str(index), "text": item})
    reports = [(str(r.get("id", index)), r.get("text")) for index, r in enumerate(inputs)]
    out = []
    for item, result in zip(inputs, process(nlp, reports, n_process=n_process)):
        rid = item.get("id", result.id)
        if result.ok:
            out.append(doc_to_record(result.doc, rid, script=item.get("script"), source=item.get("source")))
        else:
            text = item.get("text")
            out.append({"id": rid, "text": text if isinstance(text, str) else None, "spans": [], "error": result.error})
    return out


# --------------------------------------------------------------------------- command line


def load_pipeline(segmenter: str = "pkuseg", rules: bool = True):
    """The pipeline the commands use (a seam for tests, which reuse a loaded one)."""
    from . import load

    return load(rules=rules, segmenter=segmenter)


def add_convert_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``convert IN OUT.spacy [--format …] [--strict]`` on ``parser``, with ``func=run_convert``."""
    from .segmenters import SEGMENTERS as SEGMENTER_NAMES

    parser.add_argument("input", help="an annotation export: our JSONL, Prodigy JSONL, doccano JSONL or Label Studio JSON")
    parser.add_argument("output", help="the DocBin to write (.spacy)")
    parser.add_argument("--format", default="auto", choices=("auto",) + FORMATS, help="the export's format (default: detect it)")
    parser.add_argument("--strict", action="store_true", help="write nothing and exit 1 if any span has a problem")
    parser.add_argument("--segmenter", default="pkuseg", choices=SEGMENTER_NAMES, help="must match the pipeline you train")
    parser.set_defaults(func=run_convert)
    return parser


def run_convert(args: argparse.Namespace) -> int:
    """``python -m meeting_nlp convert``: read, check, convert, print what was not converted."""
    skipped: list = []
    wheres: list = []  # "file:line" of each record, to point at a problem
    try:
        records = read_annotations(args.input, args.format, skipped, wheres)
    except (OSError, ValueError) as err:
        from .cli.common import fail

        return fail("convert", str(err))
    conversion = records_to_docbin(load_pipeline(args.segmenter, rules=False), records)
    for item in skipped:
        print(f"skipped {item['id']}: {item['reason']}", file=sys.stderr)
    for problem in conversion.problems:
        where = wheres[problem.index] if wheres and isinstance(problem.index, int) and problem.index < len(wheres) else args.input
        print(f"PROBLEM {where}: {problem}", file=sys.stderr)
    print(conversion.summary() + (f", {len(skipped)} items skipped" if skipped else ""))
    if conversion.problems and args.strict:
        print(f"--strict: {args.output} not written", file=sys.stderr)
        return 1
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    conversion.docbin.to_disk(output)
    print(f"written to {output}")
    return 0


def add_annotate_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``annotate IN… OUT.jsonl`` on ``parser``, with ``func=run_annotate`` (see :mod:`meeting_nlp.cli.annotate`)."""
    from .cli.annotate import add_arguments

    add_arguments(parser)
    parser.set_defaults(func=run_annotate)
    return parser


def read_inputs(paths: Iterable[PathLike]) -> Tuple[List[Record], List[str]]:
    """``(records, failures)`` from report files, folders and JSONL files, read by :mod:`meeting_nlp.io`."""
    from .io import PlanError, plan, read_source

    try:
        sources = list(plan([str(p) for p in paths]))
    except PlanError as err:
        return [], [str(err)]
    records: List[Record] = []
    failures: List[str] = []
    for source in sources:
        report = read_source(source)
        if report.ok:
            records.append({"id": report.id, **report.extra, "source": report.extra.get("source", report.path), "text": report.text})
        else:
            failures.append(f"{report.where}: {report.error}")
    return records, failures


def run_annotate(args: argparse.Namespace) -> int:
    """``meeting-nlp annotate``: rule suggestions for texts, as JSONL to correct."""
    from .cli.annotate import run
    from .cli.common import CommandError, fail

    try:
        return run(args)
    except CommandError as err:
        return fail("annotate", str(err))
