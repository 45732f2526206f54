"""Reading gold reports: a JSONL file, or a folder of one JSON file per report.

The corpus keeps one file per report (``corpus/dev/<id>.json``, see
``corpus/README.md``); tools and annotation exports use JSON Lines. Both come
back as the same records, ``{"id", "text", "spans", …}``, with every problem
named by file (and line) instead of a traceback.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterable, List, Union

Record = Dict[str, Any]


def _check(record: Any, where: str) -> Record:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not isinstance(record.get("spans"), list):
        raise ValueError(f"{where}: a record needs a 'text' string and a 'spans' list")
    from .records import record_problems  # a malformed span: its place and reason, never a traceback or a miss

    problems = record_problems(record)
    if problems:
        raise ValueError(f"{where}: record {record.get('id')!r}: " + "; ".join(problems))
    return record


def read_gold(path: Union[str, Path]) -> List[Record]:
    """The gold records of a JSONL file or of a folder of ``*.json`` report files (by file name).

    ``ValueError`` names the file (and line) of anything that is not a record;
    ``FileNotFoundError`` a path that does not exist or a folder without reports.
    """
    from .jsonl import json_lines

    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise FileNotFoundError(f"{path}: a folder with no *.json report files")
        records = []
        for file in files:
            try:
                record = json.loads(file.read_text(encoding="utf-8-sig"))
            except json.JSONDecodeError as err:
                raise ValueError(f"{file}: not JSON ({err.msg}, line {err.lineno})") from None
            records.append(_check(record, str(file)))
        return records
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    return [_check(record, f"{path}:{number}") for number, record in json_lines(path)]


def in_all_scripts(records: Iterable[Record]) -> List[Record]:
    """Each record in simplified, traditional and glossed script, spans carried through
    (:func:`meeting_nlp.scripts.convert_record`), grouped by script."""
    from .scripts import TARGET_SCRIPTS, convert_record

    records = list(records)
    return [convert_record(r, script) for script in TARGET_SCRIPTS for r in records]
