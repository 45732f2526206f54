"""Many reports at once, where one bad report never costs the others.

``nlp.pipe`` stops at the first text it cannot take, as spaCy does.
:func:`process` checks every report before it reaches the pipeline and hands
back each bad one with the reason, in input order. It streams: only the
reports in flight are held, never the whole batch.

:class:`WorkerPool` is the multi-process engine behind ``process(…,
n_process=N)`` and ``meeting-nlp run --n-process N``:

* each worker sets itself up once (loads the pipeline, or inherits the
  parent's through ``fork``) and then takes one report at a time, so that
  the work stays balanced and a progress bar moves report by report;
* results come back in input order, with at most ``window`` reports in
  flight;
* workers ignore Ctrl-C (the parent handles it and stops them), and die with
  their parent: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` on Linux, a watchdog
  thread elsewhere, so that a killed run leaves no worker behind;
* a worker that dies on a report (killed by the kernel for memory, say) costs
  that report only: it comes back as an error, and a new worker takes over.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable, Deque, Dict, Iterable, Iterator, List, Optional, Tuple

logger = logging.getLogger(__name__)

MAX_CHARS = 20_000_000


@dataclass
class Result:
    """One report: its id, and either its Doc or what went wrong."""

    id: str
    doc: Any = None
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None


def check_report(text: object) -> Optional[str]:
    """Why ``text`` cannot go through the pipeline, or None."""
    from .normalize import check_text

    try:
        check_text(text, "report")
    except (TypeError, ValueError) as err:
        return str(err)
    if len(text) > MAX_CHARS:  # type: ignore[arg-type]
        return f"report has {len(text):,} characters, more than {MAX_CHARS:,}: split it first"  # type: ignore[arg-type]
    return None


_check = check_report  # the old private name


def _describe(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__


# --------------------------------------------------------------------------- workers


class PoolError(RuntimeError):
    """A worker could not start (its set-up failed); the message is the worker's error."""


def die_with_parent(parent_pid: int) -> None:
    """Make this process end when ``parent_pid`` does, even if the parent is killed with SIGKILL."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            armed = False
    if not armed:

        def watchdog() -> None:
            while True:
                time.sleep(0.5)
                if os.getppid() != parent_pid:
                    os._exit(1)

        threading.Thread(target=watchdog, name="meeting-nlp-watchdog", daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def _worker_main(conn, setup: Callable, setup_args: tuple, task: Callable, parent_pid: int) -> None:
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not a handler inherited through fork: the parent stops us with it
    try:
        state = setup(*setup_args)
    except BaseException as err:  # noqa: BLE001  (report any set-up failure to the parent)
        try:
            conn.send(("init-error", _describe(err)))
        finally:
            return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, item = message
        try:
            out = ("ok", task(state, item))
        except Exception as err:  # noqa: BLE001  (one report's failure is that report's result)
            out = ("error", _describe(err))
        try:
            conn.send(("result", seq, out))
        except (BrokenPipeError, OSError):
            return


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Worker:
    def __init__(self, ctx, setup, setup_args, task) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_worker_main, args=(child, setup, setup_args, task, os.getpid()), daemon=True, name="meeting-nlp-worker"
        )
        self.process.start()
        child.close()
        self.busy: Optional[int] = None  # seq of the task it holds
        self.ready = False


class WorkerPool:
    """``n`` worker processes; ``imap(items)`` yields ``(item, ("ok", value) | ("error", reason))`` in order.

    Each worker runs ``state = setup(*setup_args)`` once, then
    ``task(state, item)`` per item. With the ``fork`` start method (Linux)
    nothing is pickled on the way in; elsewhere ``setup``, ``task`` and
    ``setup_args`` must be picklable. Use as a context manager (or call
    :meth:`close`): leaving it stops every worker.
    """

    def __init__(self, n: int, setup: Callable, setup_args: tuple, task: Callable, *, window: Optional[int] = None) -> None:
        if n < 1:
            raise ValueError(f"a pool needs at least one process, not {n}")
        self.ctx = _context()
        self.setup, self.setup_args, self.task = setup, setup_args, task
        self.window = window or max(16, 4 * n)
        self.workers: List[_Worker] = [_Worker(self.ctx, setup, setup_args, task) for _ in range(n)]
        self.restarts = 0

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close(terminate=exc[0] is not None)

    @property
    def pids(self) -> List[int]:
        return [w.process.pid for w in self.workers]

    def close(self, terminate: bool = False) -> None:
        """Stop the workers: politely (``terminate=False``), or at once."""
        for worker in self.workers:
            if not terminate and worker.process.is_alive():
                try:
                    worker.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass
        deadline = time.monotonic() + (5.0 if not terminate else 0.0)
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(2.0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1.0)
            worker.conn.close()
        self.workers = []

    def _replace(self, worker: _Worker) -> _Worker:
        index = self.workers.index(worker)
        worker.conn.close()
        worker.process.join(0.1)
        fresh = _Worker(self.ctx, self.setup, self.setup_args, self.task)
        self.workers[index] = fresh
        self.restarts += 1
        return fresh

    def imap(self, items: Iterable[Any]) -> Iterator[Tuple[Any, Tuple[str, Any]]]:
        source = iter(items)
        exhausted = False
        next_seq = 0
        next_out = 0
        held: Dict[int, Any] = {}  # seq -> item, for tasks in flight or waiting to be yielded
        done: Dict[int, Tuple[str, Any]] = {}
        retry: Deque[Tuple[int, Any]] = deque()
        while True:
            # hand a task to every idle worker, as long as the window allows
            for worker in list(self.workers):
                if not worker.process.is_alive():
                    self._worker_died(worker, done)
                    continue
            for worker in self.workers:
                if worker.busy is not None:
                    continue
                if retry:
                    seq, item = retry.popleft()
                elif not exhausted and next_seq - next_out < self.window:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        continue
                    seq = next_seq
                    next_seq += 1
                    held[seq] = item
                else:
                    continue
                try:
                    worker.conn.send((seq, item))
                    worker.busy = seq
                except (BrokenPipeError, OSError):
                    retry.appendleft((seq, item))
            while next_out in done:
                yield held.pop(next_out), done.pop(next_out)
                next_out += 1
            busy = [w for w in self.workers if w.busy is not None or not w.ready]
            if exhausted and not retry and next_out == next_seq:
                return
            if not busy:
                continue
            for conn in wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0):
                worker = next((w for w in busy if conn is w.conn or conn == w.process.sentinel), None)
                if worker is None or worker not in self.workers:
                    continue
                try:
                    if conn is not worker.conn and worker.conn.poll():
                        conn = worker.conn
                    if conn is worker.conn:
                        message = worker.conn.recv()
                    else:
                        raise EOFError
                except (EOFError, OSError):
                    self._worker_died(worker, done)
                    continue
                kind = message[0]
                if kind == "ready":
                    worker.ready = True
                elif kind == "init-error":
                    raise PoolError(f"a worker process could not start: {message[1]}")
                else:
                    _, seq, out = message
                    done[seq] = out
                    worker.busy = None

    def _worker_died(self, worker: _Worker, done: Dict[int, Tuple[str, Any]]) -> None:
        worker.process.join(1.0)
        code = worker.process.exitcode
        how = f"killed by {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit status {code}"
        if not worker.ready:
            raise PoolError(f"a worker process died while starting ({how})")
        if worker.busy is not None:
            done[worker.busy] = ("error", f"the worker process died while processing this report ({how}; out of memory?)")
        logger.warning("worker %s died (%s); starting another", worker.process.pid, how)
        self._replace(worker)


# --------------------------------------------------------------------------- process()


def _inherit(nlp):
    return nlp


def _doc_task(nlp, report: Tuple[str, Any]):
    _, text = report
    error = check_report(text)
    if error:
        return ("bad", error)
    return ("doc", nlp(text).to_bytes())


def process(
    nlp,
    reports: Iterable[Tuple[str, object]],
    *,
    n_process: int = 1,
    batch_size: int = 16,
) -> Iterator[Result]:
    """Yield a :class:`Result` per ``(id, text)`` pair, in order, good or bad.

    Streams: each Doc is yielded as soon as it is made, and only the reports
    in flight are held. A text the pipeline cannot take, or on which a
    component raises, comes back with ``error`` set; the others are
    unaffected. ``n_process > 1`` runs a :class:`WorkerPool` whose workers
    inherit ``nlp`` (``fork``) and send Docs back serialized, with their
    extension attributes. ``batch_size`` is accepted for compatibility.
    """
    if n_process < 1:
        raise ValueError(f"n_process must be at least 1, not {n_process}")
    if n_process == 1:
        for report_id, text in reports:
            error = check_report(text)
            if error:
                logger.warning("skipping report %s: %s", report_id, error)
                yield Result(str(report_id), error=error)
                continue
            try:
                doc = nlp(text)
            except Exception as err:  # noqa: BLE001  (one report's failure is that report's result)
                yield Result(str(report_id), error=_describe(err))
                continue
            yield Result(str(report_id), doc=doc)
        return
    from spacy.tokens import Doc

    with WorkerPool(n_process, _inherit, (nlp,), _doc_task) as pool:
        for (report_id, _), (status, value) in pool.imap(reports):
            if status == "error":
                yield Result(str(report_id), error=value)
            elif value[0] == "bad":
                logger.warning("skipping report %s: %s", report_id, value[1])
                yield Result(str(report_id), error=value[1])
            else:
                yield Result(str(report_id), doc=Doc(nlp.vocab).from_bytes(value[1]))


# --------------------------------------------------------------------------- reports to records


@dataclass(frozen=True)
class RecordOptions:
    """How a report becomes a record: with its text or not, and how strictly it is decoded."""

    text: bool = True
    strict_decoding: bool = False


def report_record(nlp, source, options: RecordOptions) -> Dict[str, Any]:
    """Read one :class:`meeting_nlp.io.Source`, run ``nlp`` on it and return its record (or error record)."""
    from .io import read_source
    from .records import doc_to_record, error_record

    report = read_source(source, strict=options.strict_decoding)
    if not report.ok:
        return error_record(report.id, report.error, report.path, line=report.line)
    error = check_report(report.text)
    if error is None:
        try:
            doc = nlp(report.text)
        except Exception as err:  # noqa: BLE001
            error = f"the pipeline failed on this report: {_describe(err)}"
    if error is not None:
        return error_record(report.id, error, report.path, line=report.line)
    record = doc_to_record(
        doc,
        report.id,
        text=options.text,
        source=report.extra.get("source", report.path),
        encoding=report.encoding,
        script=report.extra.get("script"),
        replaced=report.replaced,
    )
    if report.replaced:
        record["warning"] = f"{report.replaced} undecodable byte sequence(s) read as U+FFFD"
    return record


def _record_task(state, item):
    nlp, options = state
    return report_record(nlp, item, options)


def _setup_records(loader: Callable, loader_kwargs: dict, options: RecordOptions):
    return loader(**loader_kwargs), options


def annotate_sources(
    sources: Iterable[Any],
    loader: Callable,
    loader_kwargs: Optional[dict] = None,
    *,
    n_process: int = 1,
    options: RecordOptions = RecordOptions(),
    nlp=None,
) -> Iterator[Dict[str, Any]]:
    """A record per source (:mod:`meeting_nlp.io`), in order: what ``meeting-nlp run`` writes.

    With ``n_process == 1`` the pipeline is ``nlp`` or ``loader(**loader_kwargs)``
    in this process; with more, every worker calls the loader once and the
    parent loads nothing. Sources are read in the process that annotates them.
    """
    from .records import error_record

    loader_kwargs = dict(loader_kwargs or {})
    if n_process == 1:
        nlp = nlp if nlp is not None else loader(**loader_kwargs)
        for source in sources:
            yield report_record(nlp, source, options)
        return
    with WorkerPool(n_process, _setup_records, (loader, loader_kwargs, options), _record_task) as pool:
        for source, (status, value) in pool.imap(sources):
            yield value if status == "ok" else error_record(source.id, value, source.path, line=source.line)


# --------------------------------------------------------------------------- compatibility


def read_text_file(path) -> Tuple[Optional[str], str]:
    """``(text, encoding)`` of a report file, or ``(None, reason)``; see :func:`meeting_nlp.io.read_text`."""
    from .io import ReadError, read_text

    try:
        decoded = read_text(path)
    except ReadError as err:
        return None, str(err)
    return decoded.text, decoded.encoding


def iter_report_files(paths) -> Iterator:
    """The files among ``paths``, folders searched recursively (any extension); see :func:`meeting_nlp.io.plan`."""
    from pathlib import Path

    from .io import plan

    for source in plan(list(paths)):
        if source.path is not None:
            yield Path(source.path)
