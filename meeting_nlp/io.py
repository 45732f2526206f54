"""Reading reports: the one reader behind every command.

Reports arrive as files of any extension (or none), folders of them
(searched recursively), JSON Lines with ``{"id", "text"}`` per line, or
standard input, in whatever encoding the site that published them used.

:func:`decode` turns bytes into text:

* a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) and is never
  part of the text;
* otherwise UTF-8 if the bytes are UTF-8;
* otherwise charset-normalizer's verdict (GB18030/GBK, Big5, …), with
  GB18030 and then Big5 tried strictly when it has none;
* a file that is almost UTF-8 (or almost GB18030/Big5), a few undecodable
  bytes in otherwise good text, is read with U+FFFD in their place and the
  count is recorded (``replaced``); ``strict=True`` refuses it instead;
* binary files (NUL bytes, a PDF/ZIP/image signature, control characters)
  are refused with the reason.

:func:`plan` turns command-line paths into :class:`Source` objects without
reading the reports themselves (that happens in :func:`read_source`, in the
worker that processes the report), and refuses up front what cannot work: a
path that does not exist, a folder with no file to read. Each report gets a
stable id: a file's path relative to the folder it was found in, without the
extension (``2024/luqiao``), or the stem of a file named directly; ids that
would repeat get the extension, then the folder name, so two files of the
same name in different folders never share one.

This module does not import spaCy.
"""
from __future__ import annotations

import codecs
import fnmatch
import json
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

PathLike = Union[str, "os.PathLike[str]"]

#: files with these suffixes hold reports as JSON Lines (``{"id", "text"}`` per line)
JSONL_SUFFIXES = (".jsonl", ".ndjson")

#: at most this share of the non-ASCII bytes may be undecodable for a text to be read with replacement
MAX_REPLACED_SHARE = 0.01
#: … and never more than this many bytes
MAX_REPLACED = 1000

_BOMS: Tuple[Tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),  # recorded as utf-8-sig: UTF-8 with a byte-order mark
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

_SIGNATURES: Tuple[Tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
)

_CONTROL = frozenset(range(0, 32)) - {9, 10, 11, 12, 13, 27}


class ReadError(ValueError):
    """A report that cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding used and how many bytes were replaced by U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0


def binary_reason(data: bytes) -> Optional[str]:
    """Why ``data`` (the start of a file is enough) is not text, or None."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return f"binary file ({what}), not text: extract its text first"
    if b"\x00" in data[:65536]:
        return (
            "binary file (it holds NUL bytes), not text; if it is UTF-16 or UTF-32 without "
            "a byte-order mark, convert it to UTF-8 first"
        )
    head = data[:65536]
    controls = sum(1 for byte in head if byte in _CONTROL)
    if head and controls > max(8, len(head) // 100):
        return f"binary file ({controls} control bytes in the first {len(head)}), not text"
    return None


_ERRORS = threading.local()


def _counting_handler(err: UnicodeDecodeError):
    _ERRORS.count += 1
    return "\ufffd", err.end


codecs.register_error("meeting_nlp.count", _counting_handler)


def _count_errors(data: bytes, encoding: str) -> Tuple[str, int]:
    """``data`` decoded with U+FFFD for each undecodable sequence, and how many there were."""
    _ERRORS.count = 0
    text = data.decode(encoding, errors="meeting_nlp.count")
    return text, _ERRORS.count


def _strict(data: bytes, encoding: str) -> Optional[str]:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detected(data: bytes) -> Optional[Decoded]:
    """charset-normalizer's best guess, if it has one."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = _strict(data, best.encoding)
    if text is None:
        return None
    # GBK and GB2312 are subsets of GB18030: reading as GB18030 is never worse.
    return Decoded(text, "gb18030" if best.encoding in ("gbk", "gb2312", "gb18030") else best.encoding)


def decode(data: bytes, strict: bool = False) -> Decoded:
    """Text from the bytes of a report; :class:`ReadError` with the reason when it is not text.

    See the module docstring for the order in which encodings are tried.
    ``strict=True`` refuses a text with undecodable bytes instead of
    replacing them.
    """
    for bom, encoding, name in _BOMS:
        if data.startswith(bom):
            text, replaced = _count_errors(data[len(bom):], encoding)
            return _checked(Decoded(text, name, replaced), data, strict)
    why = binary_reason(data)
    if why:
        raise ReadError(why)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    # Nearly UTF-8 (a few bad bytes in good text): UTF-8 is so regular that text in
    # any other encoding fails at nearly every non-ASCII byte.
    non_ascii = sum(1 for byte in data if byte >= 0x80) if len(data) < 1 << 16 else _non_ascii(data)
    text, errors = _count_errors(data, "utf-8")
    if errors <= _allowed(non_ascii):
        return _checked(Decoded(text, "utf-8", errors), data, strict)
    found = _detected(data)
    if found is not None:
        return found
    for encoding in ("gb18030", "big5"):
        text = _strict(data, encoding)
        if text is not None:
            return Decoded(text, encoding)
    best = min(((*_count_errors(data, e), e) for e in ("gb18030", "big5")), key=lambda t: t[1])
    if best[1] <= _allowed(non_ascii):
        return _checked(Decoded(best[0], best[2], best[1]), data, strict)
    raise ReadError(
        f"not text in UTF-8, UTF-16, GB18030/GBK or Big5 ({errors} undecodable sequences as UTF-8, "
        f"{best[1]} as {best[2]}): convert it to UTF-8 first (e.g. iconv -f ENCODING -t UTF-8)"
    )


def _non_ascii(data: bytes) -> int:
    return len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))


def _allowed(non_ascii: int) -> int:
    return min(MAX_REPLACED, max(3, int(non_ascii * MAX_REPLACED_SHARE)))


def _checked(decoded: Decoded, data: bytes, strict: bool) -> Decoded:
    if decoded.replaced and strict:
        raise ReadError(
            f"{decoded.replaced} undecodable byte sequence(s) as {decoded.encoding} "
            "(--strict-decoding refuses them; without it they are read as U+FFFD and counted)"
        )
    return decoded


def read_text(path: PathLike, strict: bool = False) -> Decoded:
    """:func:`decode` of a file; :class:`ReadError` names the file."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ReadError(f"{path}: cannot read it ({err.strerror or err})") from None
    try:
        return decode(data, strict=strict)
    except ReadError as err:
        raise ReadError(f"{path}: {err}") from None


# --------------------------------------------------------------------------- sources


@dataclass
class Source:
    """One report to read: a file, or a text that arrived inline (a JSONL line, standard input)."""

    id: str
    path: Optional[str] = None  # the file, as the user can find it
    text: Optional[str] = None  # inline text (JSONL, stdin)
    encoding: Optional[str] = None
    replaced: int = 0
    line: Optional[int] = None  # line of a JSONL file
    extra: Dict[str, Any] = field(default_factory=dict)  # other fields of a JSONL record (source, script, …)
    error: Optional[str] = None  # known to be unreadable already


@dataclass
class Report:
    """A report read: its text, or the reason it could not be read."""

    id: str
    text: Optional[str]
    path: Optional[str] = None
    encoding: Optional[str] = None
    replaced: int = 0
    line: Optional[int] = None
    extra: Dict[str, Any] = field(default_factory=dict)
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def where(self) -> str:
        """The file (and line) for messages."""
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        return self.path or self.id


def read_source(source: Source, strict: bool = False) -> Report:
    """The :class:`Report` of a :class:`Source`: never raises for a bad file, says why instead."""
    base = dict(id=source.id, path=source.path, line=source.line, extra=source.extra)
    if source.error is not None:
        return Report(text=None, error=source.error, **base)
    if source.text is not None:
        return Report(text=source.text, encoding=source.encoding, replaced=source.replaced, **base)
    try:
        decoded = read_text(source.path, strict=strict)  # type: ignore[arg-type]
    except ReadError as err:
        message = str(err)
        prefix = f"{source.path}: "
        return Report(text=None, error=message[len(prefix):] if message.startswith(prefix) else message, **base)
    if not decoded.text.strip():
        return Report(text=None, encoding=decoded.encoding, error="empty file: no text to annotate", **base)
    return Report(text=decoded.text, encoding=decoded.encoding, replaced=decoded.replaced, **base)


class PlanError(ValueError):
    """The paths given cannot work; raised before anything is loaded."""


@dataclass
class Plan:
    """What a command will read: sources in order, and a count when it is known up front."""

    sources: Iterable[Source]
    total: Optional[int]
    files: int = 0

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _matches(relative: Path, pattern: str) -> bool:
    """``--glob``: case-insensitive, against the name, or the relative path when the pattern has a ``/``."""
    target = relative.as_posix() if "/" in pattern else relative.name
    return fnmatch.fnmatch(target.lower(), pattern.lower())


def _is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in JSONL_SUFFIXES


def plan(
    paths: Sequence[PathLike],
    *,
    glob: Optional[str] = None,
    exclude: Iterable[PathLike] = (),
    stdin=None,
) -> Plan:
    """Sources for ``paths`` (files, folders, JSONL files, ``-`` for standard input).

    Raises :class:`PlanError` for a path that does not exist, a folder with
    no file to read (after ``glob``), or standard input named twice. Files
    are listed, not read; JSONL files are read here, line by line, lazily.
    ``exclude`` names files never to read (the output of the run itself).
    """
    if not paths:
        raise PlanError("no input given: name files, folders, JSONL files or - for standard input")
    excluded = {os.path.realpath(p) for p in exclude}
    entries: List[Tuple[str, Any]] = []  # ("file", (path, root, relative)) | ("jsonl", path) | ("stdin", None)
    seen_stdin = False
    for given in paths:
        text = os.fspath(given)
        if text == "-":
            if seen_stdin:
                raise PlanError("standard input (-) named twice")
            seen_stdin = True
            entries.append(("stdin", None))
            continue
        path = Path(text)
        if not path.exists():
            hint = " (a glob pattern? quote it and pass --glob)" if any(c in text for c in "*?[") else ""
            raise PlanError(f"{text}: no such file or folder{hint}")
        if path.is_dir():
            found = []
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    file = Path(dirpath) / name
                    relative = file.relative_to(path)
                    if _hidden(relative) or not file.is_file() or os.path.realpath(file) in excluded:
                        continue
                    if glob and not _matches(relative, glob):
                        continue
                    found.append(file)
            if not found:
                what = f"no file matching --glob {glob!r}" if glob else "no file"
                raise PlanError(f"{text}: {what} in this folder (searched recursively, hidden files left out)")
            for file in found:
                entries.append(("jsonl", file) if _is_jsonl(file) else ("file", (file, path, file.relative_to(path))))
        elif os.path.realpath(path) in excluded:
            raise PlanError(f"{text}: this is the output file; it cannot be an input too")
        elif _is_jsonl(path):
            entries.append(("jsonl", path))
        else:
            entries.append(("file", (path, None, None)))

    file_entries = [value for kind, value in entries if kind == "file"]
    ids = _file_ids(file_entries)
    total: Optional[int] = len(file_entries)
    jsonl_counts = {}
    for kind, value in entries:
        if kind == "jsonl":
            jsonl_counts[value] = _count_lines(value)
            total = None if total is None or jsonl_counts[value] is None else total + jsonl_counts[value]
        elif kind == "stdin":
            total = None

    def generate() -> Iterator[Source]:
        index = 0
        for kind, value in entries:
            if kind == "file":
                yield Source(id=ids[index], path=str(value[0]))
                index += 1
            elif kind == "jsonl":
                yield from jsonl_sources(value)
            else:
                yield from stdin_sources(stdin if stdin is not None else sys.stdin.buffer)

    return Plan(generate(), total, files=len(file_entries))


def _file_ids(entries: List[Tuple[Path, Optional[Path], Optional[Path]]]) -> List[str]:
    """Stable, distinct ids: relative path without extension, widened only where ids would repeat."""

    def forms(file: Path, root: Optional[Path], relative: Optional[Path]) -> List[str]:
        if root is None:
            return [file.stem, file.name, file.as_posix()]
        return [relative.with_suffix("").as_posix(), relative.as_posix(), (Path(root.name or root.resolve().name) / relative).as_posix(), file.as_posix()]

    candidates = [forms(*e) for e in entries]
    level = [0] * len(entries)
    while True:
        ids = [c[min(l, len(c) - 1)] for c, l in zip(candidates, level)]
        by_id: Dict[str, List[int]] = {}
        for i, rid in enumerate(ids):
            by_id.setdefault(rid, []).append(i)
        clashes = [group for group in by_id.values() if len(group) > 1]
        moved = False
        for group in clashes:
            for i in group:
                if level[i] < len(candidates[i]) - 1:
                    level[i] += 1
                    moved = True
        if not clashes or not moved:
            break
    counts: Dict[str, int] = {}
    out = []
    for rid in ids:  # the same file named twice: number the repeats
        counts[rid] = counts.get(rid, 0) + 1
        out.append(rid if counts[rid] == 1 else f"{rid}#{counts[rid]}")
    return out


def _count_lines(path: Path) -> Optional[int]:
    try:
        with open(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return None


def _lines(text: str) -> List[str]:
    """Lines split at ``\\n`` only: JSON strings may hold U+2028 and other characters ``splitlines`` splits at."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def _record_source(obj: Any, where: str, path: Optional[str], line: int, default_id: str) -> Source:
    if not isinstance(obj, dict):
        return Source(id=default_id, path=path, line=line, error=f"{where}: a line must be a JSON object with 'text', not {type(obj).__name__}")
    rid = obj.get("id")
    rid = default_id if rid is None else str(rid)
    text = obj.get("text")
    if not isinstance(text, str):
        return Source(id=rid, path=path, line=line, error=f"{where}: no 'text' string in this record (got {type(text).__name__})")
    if not text.strip():
        return Source(id=rid, path=path, line=line, error=f"{where}: empty text: nothing to annotate")
    extra = {k: obj[k] for k in ("source", "script") if k in obj}
    return Source(id=rid, path=path, text=text, line=line, extra=extra)


def jsonl_lines(path: PathLike, strict: bool = False) -> Iterator[Tuple[int, Any]]:
    """``(line number, object)`` for every non-blank line of a JSONL file, decoded by :func:`decode`.

    :class:`ReadError` names the file and line of a line that is not JSON.
    """
    decoded = read_text(path, strict=strict)
    for number, line in enumerate(_lines(decoded.text), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as err:
            raise ReadError(f"{path}:{number}: not JSON ({err.msg} at column {err.colno})") from None


def jsonl_sources(path: PathLike) -> Iterator[Source]:
    """A source per line of a JSONL file of reports; a bad line becomes a source with its error."""
    name = str(path)
    try:
        decoded = read_text(path)
    except ReadError as err:
        yield Source(id=Path(path).stem, path=name, error=str(err))
        return
    for number, line in enumerate(_lines(decoded.text), 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield Source(id=f"{Path(path).stem}:{number}", path=name, line=number, error=f"{where}: not JSON ({err.msg} at column {err.colno})")
            continue
        source = _record_source(obj, where, name, number, f"{Path(path).stem}:{number}")
        source.encoding, source.replaced = decoded.encoding, decoded.replaced
        yield source


def stdin_sources(stream) -> Iterator[Source]:
    """Standard input: JSONL of reports when every line is a JSON object, else one report, id ``stdin``."""
    data = stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        decoded = decode(data)
    except ReadError as err:
        yield Source(id="stdin", path="<stdin>", error=str(err))
        return
    lines = [(n, l) for n, l in enumerate(_lines(decoded.text), 1) if l.strip()]
    if lines and all(l.lstrip().startswith("{") for _, l in lines):
        objects = []
        try:
            objects = [(n, json.loads(l)) for n, l in lines]
        except json.JSONDecodeError:
            objects = []
        if objects:
            for n, obj in objects:
                yield _record_source(obj, f"<stdin>:{n}", "<stdin>", n, f"stdin:{n}")
            return
    if not decoded.text.strip():
        yield Source(id="stdin", path="<stdin>", error="standard input is empty: no text to annotate")
        return
    yield Source(id="stdin", path="<stdin>", text=decoded.text, encoding=decoded.encoding, replaced=decoded.replaced)
