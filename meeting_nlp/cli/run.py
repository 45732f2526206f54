"""``meeting-nlp run PATH… -o OUT.jsonl``: a corpus of reports into one JSON Lines file.

Reads files of any extension, folders (recursively; ``--glob`` to narrow),
JSONL files of ``{"id", "text"}`` and ``-`` for standard input, in UTF-8,
UTF-16, GB18030/GBK or Big5. Writes one record per report in the order read
(meeting_nlp/records.py), an error record ``{"id", "error", "path"}`` for
each report that could not be read or processed, flushed line by line.

Everything that can be checked is checked before the pipeline loads: the
paths, the output's folder and name, an output that already holds records
(``--resume`` continues it, ``--overwrite`` replaces it).
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional

from .common import CommandError, add_n_process, add_reading, add_segmenter

LABEL_ORDER = ("PERSON", "TITLE", "BODY", "SESSION", "SLOGAN", "DOCUMENT")


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "run", help="annotate reports into JSON Lines: spans, attributes, the reported meeting",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files (any extension), folders, JSONL files, or - for standard input")
    parser.add_argument("-o", "--output", metavar="OUT", help="the JSON Lines file to write (.jsonl), or - for standard output")
    add_reading(parser)
    add_n_process(parser)
    add_segmenter(parser)
    add_output_options(parser)
    parser.add_argument("--no-text", dest="text", action="store_false", help="leave each report's text out of its record")
    parser.add_argument("--progress", dest="progress", action="store_true", default=None, help="show a progress bar (default: when standard error is a terminal)")
    parser.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")
    parser.add_argument("-q", "--quiet", action="store_true", help="no line per report, only failures and the summary")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any report failed")
    parser.set_defaults(func=run)
    return parser


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run: skip the reports already in OUT, append the rest")
    parser.add_argument("--overwrite", action="store_true", help="replace OUT if it already holds records")


# --------------------------------------------------------------------------- the engine, shared with annotate


@dataclass
class Prepared:
    """Everything checked before the pipeline loads."""

    plan: Any
    output: Optional[Path]
    existing: Any
    to_stdout: bool = False


def prepare(paths: List[str], output: Optional[str], *, glob=None, resume=False, overwrite=False, stdin=None) -> Prepared:
    """Check inputs and output; :class:`CommandError` says what is wrong before anything loads."""
    from ..io import PlanError, plan
    from ..jsonl import Existing, OutputError, check_output_path, plan_output

    to_stdout = output == "-"
    out_path = None
    existing = Existing()
    try:
        if output and not to_stdout:
            out_path = check_output_path(output)
            existing = plan_output(out_path, resume=resume, overwrite=overwrite)
        elif resume or overwrite:
            raise OutputError("--resume and --overwrite need an output file (-o OUT.jsonl)")
        the_plan = plan(paths, glob=glob, exclude=[out_path] if out_path else [], stdin=stdin)
    except (PlanError, OutputError) as err:
        raise CommandError(str(err)) from None
    return Prepared(the_plan, out_path, existing, to_stdout)


@dataclass
class Tally:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    labels: Counter = field(default_factory=Counter)
    failures: List[Dict[str, Any]] = field(default_factory=list)


def report_line(record: Dict[str, Any]) -> str:
    """One human line per report: script, size, what was found, the meeting."""
    counts = Counter(span["label"] for span in record.get("spans", []))
    found = ", ".join(f"{label} {counts[label]}" for label in LABEL_ORDER if counts[label])
    extra = sorted(set(counts) - set(LABEL_ORDER))
    found = ", ".join([found] + [f"{label} {counts[label]}" for label in extra]) if extra else found
    meeting = record.get("meeting") or {}
    what = meeting.get("name") or "no meeting named"
    if meeting.get("date"):
        what += f", {meeting['date']}"
    size = f", {record['chars']} chars" if record.get("chars") is not None else ""
    encoding = f", {record['encoding']}" if record.get("encoding") not in (None, "utf-8") else ""
    warning = f" ({record['warning']})" if record.get("warning") else ""
    return f"{record['id']}: {record.get('script')}{size}{encoding}; {found or 'no entities'}; {what}{warning}"


def execute(
    prepared: Prepared,
    *,
    loader: Callable,
    loader_kwargs: Dict[str, Any],
    n_process: int,
    text: bool,
    strict_decoding: bool,
    progress: Optional[bool],
    quiet: bool,
    errors_in_output: bool = True,
    on_record: Optional[Callable[[Dict[str, Any]], None]] = None,
) -> Tally:
    """Annotate the planned sources into the output; returns what happened. KeyboardInterrupt leaves whole records."""
    from tqdm import tqdm

    from ..batch import RecordOptions, annotate_sources
    from ..jsonl import RecordWriter

    tally = Tally()
    done_ids = prepared.existing.ids

    def todo() -> Iterable[Any]:
        for source in prepared.plan:
            if source.id in done_ids:
                tally.skipped += 1
                continue
            yield source

    total = prepared.plan.total
    if total is not None and done_ids:
        total = max(0, total - len(done_ids))
    show = progress if progress is not None else sys.stderr.isatty()
    info = sys.stderr if prepared.to_stdout else sys.stdout
    tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
    writer = None
    wants_output = prepared.output is not None or prepared.to_stdout

    def output() -> RecordWriter:
        # opened at the first record: a pipeline that cannot load leaves an existing output as it was
        nonlocal writer
        if writer is None:
            writer = RecordWriter(prepared.output, prepared.existing) if prepared.output is not None else RecordWriter("-", stream=sys.stdout)
        return writer
    stream = annotate_sources(
        todo(), loader, loader_kwargs, n_process=n_process,
        options=RecordOptions(text=text, strict_decoding=strict_decoding),
    )
    bar = tqdm(total=total, unit=" reports", disable=not show, file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def say(line: str, file) -> None:
        if show:
            bar.write(line, file=file)
        else:
            print(line, file=file, flush=True)

    try:
        for record in stream:
            if record.get("error") is not None:
                tally.failed += 1
                tally.failures.append(record)
                where = record.get("path") or ""
                where = f" ({where}{':' + str(record['line']) if record.get('line') else ''})" if where and where != record["id"] else ""
                say(f"FAILED {record['id']}{where}: {record['error']}", sys.stderr)
                if wants_output and errors_in_output:
                    output().write(record)
            else:
                tally.done += 1
                tally.labels.update(span["label"] for span in record.get("spans", []))
                if wants_output:
                    output().write(record)
                if not quiet:
                    say(report_line(record), info)
            if on_record is not None:
                on_record(record)
            bar.update(1)
            bar.set_postfix(failed=tally.failed, refresh=False)
        if wants_output and prepared.output is not None:
            output()  # every report failed and none was written: the file still says so by existing
    finally:
        stream.close()  # stops the workers at once if we are leaving early
        bar.close()
        if writer is not None:
            writer.close()
    return tally


def install_sigterm() -> None:
    """SIGTERM stops a run like Ctrl-C: workers stopped, whole records kept."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (tests calling main() from a thread)
        pass


def loader_for(args: argparse.Namespace):
    from .. import pipeline

    return pipeline.load, {"segmenter": args.segmenter}


def run(args: argparse.Namespace) -> int:
    prepared = prepare(args.paths, args.output, glob=args.glob, resume=args.resume, overwrite=args.overwrite)
    info = sys.stderr if prepared.to_stdout else sys.stdout
    if prepared.existing.ids:
        print(f"resuming {prepared.output}: {len(prepared.existing.ids)} reports already done are skipped", file=info)
    if prepared.existing.partial_bytes:
        print(f"{prepared.output}: cut an unfinished last line ({prepared.existing.partial_bytes} bytes) left by an interrupted run", file=info)
    loader, kwargs = loader_for(args)
    install_sigterm()
    started = time.monotonic()
    tally = Tally()
    try:
        tally = execute(
            prepared, loader=loader, loader_kwargs=kwargs, n_process=args.n_process, text=args.text,
            strict_decoding=args.strict_decoding, progress=args.progress, quiet=args.quiet,
        )
    except KeyboardInterrupt:
        where = f"{prepared.output} holds whole records only; rerun with --resume to continue" if prepared.output else "nothing was written"
        print(f"interrupted: {where}", file=sys.stderr)
        return 130
    except (RuntimeError, OSError) as err:  # the model missing (in this process or a worker), a full disk, …
        raise CommandError(str(err)) from None
    elapsed = time.monotonic() - started
    rate = tally.done / elapsed if elapsed > 0 else 0.0
    found = ", ".join(f"{label} {tally.labels[label]}" for label in LABEL_ORDER if tally.labels[label])
    summary = f"{tally.done} reports done, {tally.failed} failed in {elapsed:.1f} s ({rate:.2f} reports/s)"
    if tally.skipped:
        summary += f", {tally.skipped} already done"
    if prepared.output:
        summary += f"; results in {prepared.output}"
        if tally.failed:
            summary += " (with an error record for each failure)"
    print(summary + (f"\nentities: {found}" if found and not args.quiet else ""), file=info)
    return 1 if tally.failed and args.strict else 0
