"""One record shape for every file meeting_nlp writes and reads.

``run`` and ``annotate`` write it, ``convert`` and ``evaluate`` read it, and
the gold corpus uses it::

    {"id": "luqiao-2024-09-29",
     "source": "corpus/raw/000_e8d0747b3dfad330.txt",    # where it came from (optional)
     "encoding": "utf-8",                                 # how the file was read (optional)
     "script": "simplified",
     "chars": 3120,                                       # len(text)
     "text": "…",                                         # left out with text=False (--no-text)
     "spans": [{"start": 0, "end": 2, "label": "BODY", "text": "区委", "norm": "区委",
                "attrs": {"kind": "party-committee", "level": "county", …}}, …],
     "meeting": {…}}                                      # doc._.meeting

``spans`` are ``doc.ents``: flat, sorted, character offsets into ``text``
(end exclusive); ``attrs`` holds the attributes of the span's label
(``meeting_nlp.components.attributes.ATTRIBUTES``). A report that could not
be read or processed is an *error record* instead, ``{"id", "error",
"path"}``: it takes its place in the output so that nothing is lost in
silence (:func:`is_error`).

:func:`span_problem` and :func:`record_problems` check spans as they are
read, so that a malformed span is reported with its file, line and reason.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

Record = Dict[str, Any]

SPAN_KEYS = ("start", "end", "label", "text", "norm", "attrs")


def span_to_dict(span) -> Dict[str, Any]:
    """One entity in the record shape."""
    from .components.attributes import span_attrs

    return {
        "start": span.start_char,
        "end": span.end_char,
        "label": span.label_,
        "text": span.text,
        "norm": span._.norm,
        "attrs": span_attrs(span),
    }


def doc_to_record(
    doc,
    id: Any,
    text: bool = True,
    *,
    source: Any = None,
    encoding: Optional[str] = None,
    script: Optional[str] = None,
    replaced: int = 0,
) -> Record:
    """A processed Doc as a record (see the module docstring); ``text=False`` leaves the text out."""
    from spacy.tokens import Doc

    record: Record = {"id": id}
    if source is not None:
        record["source"] = source
    if encoding is not None:
        record["encoding"] = encoding
    if replaced:
        record["replaced_bytes"] = replaced
    record["script"] = script or (doc._.script if Doc.has_extension("script") else None)
    record["chars"] = len(doc.text)
    if text:
        record["text"] = doc.text
    record["spans"] = [span_to_dict(ent) for ent in doc.ents]
    record["meeting"] = _plain(doc._.meeting) if Doc.has_extension("meeting") else None
    return record


def _plain(value: Any) -> Any:
    """Tuples (as a DocBin's msgpack gives them back) as lists: the same JSON before and after."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def error_record(id: Any, error: str, path: Optional[str] = None, **extra: Any) -> Record:
    """The record of a report that could not be read or processed."""
    record: Record = {"id": id, "error": error}
    if path is not None:
        record["path"] = path
    record.update({k: v for k, v in extra.items() if v is not None})
    return record


def is_error(record: Any) -> bool:
    return isinstance(record, dict) and record.get("error") is not None


def _is_offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def span_problem(span: Any, text: Optional[str]) -> Optional[str]:
    """Why ``span`` is no usable span of ``text`` (None: it is fine).

    Catches what would otherwise crash a reader or be missed in silence: a
    span that is not an object, missing or non-integer offsets, a label that
    is not a string, offsets outside the text or reversed.
    """
    if not isinstance(span, dict):
        return f"a span must be an object with start, end and label, not {type(span).__name__} {span!r:.60}"
    missing = [k for k in ("start", "end", "label") if k not in span]
    if missing:
        return f"span has no {', '.join(repr(k) for k in missing)}: {span!r:.80}"
    start, end, label = span["start"], span["end"], span["label"]
    if not (_is_offset(start) and _is_offset(end)):
        return f"offsets must be integers, got start={start!r} end={end!r}"
    if not isinstance(label, str):
        return f"label must be a string, got {label!r}"
    if start < 0 or start > end:
        return f"offsets [{start}:{end}] are negative or reversed"
    if text is not None and end > len(text):
        return f"offsets [{start}:{end}] go past the end of the text, which has {len(text)} characters"
    return None


def record_problems(record: Any) -> List[str]:
    """Every problem of a record that :func:`span_problem` finds, prefixed with the span's position."""
    if not isinstance(record, dict):
        return [f"a record must be a JSON object, not {type(record).__name__}"]
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        return [f"'text' must be a string, not {type(text).__name__}"]
    spans = record.get("spans")
    if spans is None:
        return []
    if not isinstance(spans, list):
        return [f"'spans' must be a list, not {type(spans).__name__}"]
    problems = []
    for index, span in enumerate(spans):
        why = span_problem(span, text)
        if why:
            problems.append(f"span {index}: {why}")
    return problems
