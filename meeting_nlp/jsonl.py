"""Reading JSON Lines with errors that name the file and the line."""
from __future__ import annotations

import json
from os import PathLike
from typing import Any, List, Tuple, Union


def json_lines(path: Union[str, "PathLike[str]"]) -> List[Tuple[int, Any]]:
    """``(line number, object)`` for each non-blank line; ``ValueError`` names a bad line.

    A byte-order mark at the start is skipped: annotation tools on Windows
    write one, and it is not part of the first record.
    """
    out = []
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                out.append((number, json.loads(line)))
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not JSON ({err.msg})") from None
    return out
