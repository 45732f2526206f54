"""JSON Lines in and out: errors that name the file and the line, output that survives a kill.

Reading goes through :func:`meeting_nlp.io.read_text` (so a JSONL file in
GB18030 or with a byte-order mark reads like any other). Writing is one
record per line, flushed line by line: a run killed halfway leaves whole
records and at most one partial last line, which :func:`open_output` cuts
off when the run is resumed.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, TextIO, Tuple, Union

Path_ = Union[str, "PathLike[str]"]


def json_lines(path: Path_) -> List[Tuple[int, Any]]:
    """``(line number, object)`` for each non-blank line; ``ValueError`` names a bad line.

    The file is decoded like any report (UTF-8, a byte-order mark dropped,
    GB18030, Big5, UTF-16…), see :func:`meeting_nlp.io.decode`.
    """
    from .io import jsonl_lines

    return list(jsonl_lines(path))


def dumps(record: Dict[str, Any]) -> str:
    """One record as one line of UTF-8 JSON (unescaped, so that a person can read it)."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


class OutputError(ValueError):
    """The output cannot be written as asked; the message says what to pass instead."""


@dataclass
class Existing:
    """What an output file already holds: the ids written, how many records, and a cut partial line."""

    ids: Set[str] = field(default_factory=set)
    records: int = 0
    errors: int = 0
    partial_bytes: int = 0  # bytes of an unfinished last line (cut off on resume)
    good_bytes: int = 0  # length of the whole lines


def scan_output(path: Path_) -> Existing:
    """The ids already in a JSONL output (error records included), tolerating a partial last line."""
    found = Existing()
    with open(path, "rb") as handle:
        offset = 0
        for raw in handle:
            if not raw.endswith(b"\n"):
                found.partial_bytes = len(raw)
                break
            offset += len(raw)
            line = raw.strip()
            if not line:
                found.good_bytes = offset
                continue
            try:
                record = json.loads(line)
            except ValueError:
                # a whole line that is not JSON: from something else; do not append to it
                raise OutputError(f"{path}: line {found.records + 1} is not JSON: is this the output of a meeting-nlp run?") from None
            if isinstance(record, dict) and "id" in record:
                found.ids.add(str(record["id"]))
                found.errors += record.get("error") is not None
            found.records += 1
            found.good_bytes = offset
    return found


def check_output_path(path: Path_, *, suffixes=(".jsonl", ".ndjson")) -> Path:
    """``-o``: its folder must exist and its name end in a known suffix; ``OutputError`` otherwise."""
    output = Path(path)
    if output.is_dir():
        raise OutputError(f"{output} is a folder: give a file name, e.g. {output / 'reports.jsonl'}")
    parent = output.parent
    if not parent.exists():
        raise OutputError(f"the folder {parent} does not exist: create it first (mkdir -p {parent})")
    if not parent.is_dir():
        raise OutputError(f"{parent} is not a folder")
    suffix = output.suffix.lower()
    if suffix in (".csv", ".parquet", ".pq"):
        raise OutputError(
            f"{output}: {suffix} output is not available yet; write JSON Lines (.jsonl) "
            "and turn it into tables with meeting_nlp's table helpers"
        )
    if suffix not in suffixes:
        raise OutputError(f"{output}: the output must be a JSON Lines file ending in {' or '.join(suffixes)}")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write into {parent} (permission denied)")
    return output


def plan_output(path: Path_, *, resume: bool = False, overwrite: bool = False) -> Existing:
    """What an existing output holds, or an ``OutputError`` if it would be lost.

    A non-empty output is never replaced silently: pass ``resume`` to skip the
    ids already in it and append, or ``overwrite`` to start again.
    """
    if resume and overwrite:
        raise OutputError("--resume and --overwrite contradict each other: pass one")
    output = Path(path)
    if not output.exists() or output.stat().st_size == 0:
        return Existing()
    if overwrite:
        return Existing()
    existing = scan_output(output)
    if not resume:
        raise OutputError(
            f"{output} already holds {existing.records} records: pass --resume to continue it "
            "(reports already in it are skipped) or --overwrite to replace it"
        )
    return existing


class RecordWriter:
    """Writes records one line at a time, flushed, so that a kill leaves only whole lines (and at most one partial)."""

    def __init__(self, path: Path_, existing: Optional[Existing] = None, stream: Optional[TextIO] = None) -> None:
        self.path = path
        self.written = 0
        if stream is not None:
            self.handle, self._own = stream, False
            return
        if existing is not None and (existing.records or existing.partial_bytes):
            handle = open(path, "r+b")
            handle.truncate(existing.good_bytes)  # cut an unfinished last line
            handle.close()
            self.handle = open(path, "a", encoding="utf-8", newline="\n")
        else:
            self.handle = open(path, "w", encoding="utf-8", newline="\n")
        self._own = True

    def write(self, record: Dict[str, Any]) -> None:
        self.handle.write(dumps(record) + "\n")
        self.handle.flush()
        self.written += 1

    def close(self) -> None:
        if self._own:
            self.handle.close()

    def __enter__(self) -> "RecordWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
