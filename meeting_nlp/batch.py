"""Many reports at once, where one bad report never costs the others.

``nlp.pipe`` stops at the first text it cannot take, as spaCy does.
:func:`process` checks every report before it reaches the pipeline, runs the
good ones through ``nlp.pipe`` (``n_process`` included) and hands back each
bad one with the reason, in input order.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc

from .normalize import check_text

logger = logging.getLogger(__name__)

MAX_CHARS = 20_000_000


@dataclass
class Result:
    """One report: its id, and either its Doc or what went wrong."""

    id: str
    doc: Optional[Doc] = None
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _check(text: object) -> Optional[str]:
    try:
        check_text(text, "report")
    except (TypeError, ValueError) as err:
        return str(err)
    if len(text) > MAX_CHARS:  # type: ignore[arg-type]
        return f"report has {len(text):,} characters, more than {MAX_CHARS:,}: split it first"  # type: ignore[arg-type]
    return None


def process(
    nlp: Language,
    reports: Iterable[Tuple[str, object]],
    *,
    n_process: int = 1,
    batch_size: int = 16,
) -> Iterator[Result]:
    """Yield a :class:`Result` per ``(id, text)`` pair, in order, good or bad."""
    pending: List[Result] = []
    good: List[Tuple[str, Tuple[int, str]]] = []
    for index, (report_id, text) in enumerate(reports):
        error = _check(text)
        pending.append(Result(str(report_id), error=error))
        if error is None:
            good.append((text, (index, str(report_id))))  # type: ignore[arg-type]
        else:
            logger.warning("skipping report %s: %s", report_id, error)
    docs = nlp.pipe(good, as_tuples=True, n_process=n_process, batch_size=batch_size)
    next_index = 0
    for doc, (index, _) in docs:
        while next_index < index:
            yield pending[next_index]
            next_index += 1
        pending[index].doc = doc
        yield pending[index]
        next_index += 1
    yield from pending[next_index:]


def read_text_file(path: Union[str, Path]) -> Tuple[Optional[str], str]:
    """``(text, encoding)`` of a report file, or ``(None, reason)`` when it cannot be read.

    UTF-8 first (a byte-order mark is kept: it is part of the text); otherwise
    charset-normalizer's best guess, which recognizes GB18030/GBK and Big5.
    """
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None, "not text in any encoding charset-normalizer knows"
    return str(best), best.encoding


def iter_report_files(paths: Iterable[Union[str, Path]]) -> Iterator[Path]:
    """The ``.txt`` files among ``paths``; directories are searched, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path
