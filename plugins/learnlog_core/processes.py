"""Work shared out between forked processes, one per core, that never outlive the build.

A forked child starts with everything the parent has loaded (settings, templates, content), so it
can render pages or convert Markdown at once. Each child is told by the kernel to die when its
parent dies, however the parent dies (even `kill -9`), so no worker is ever left waiting on a pipe.
Warnings a child logs are sent back with its results and logged again by the parent, in order.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies (Linux)


def cores() -> int:
    """The number of cores this process may run on (at least 1)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class WorkerError(Exception):
    """A share of the work failed in a child process: the error it raised, as text, with its place."""

    def __init__(self, message: str, filename: str | None = None, lineno: int | None = None):
        super().__init__(message)
        self.filename, self.lineno = filename, lineno


def die_with_parent(parent: int) -> None:
    """In a freshly forked child: end this process when `parent` (a process id) ends.

    Linux does it in the kernel (prctl PR_SET_PDEATHSIG with SIGKILL); elsewhere a thread looks
    at the parent's id twice a second. Either way, a parent that already died ends it now.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


class _Remember(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f": {record.exc_info[1]}"
        self.records.append((record.levelno, message))


def _run_share(function: Callable, share: Sequence) -> tuple[list, list[tuple[int, str]]]:
    """The results of one share, and the warnings logged while working on it."""
    root = logging.getLogger()
    remember = _Remember()
    handlers, root.handlers = root.handlers, [remember]  # nothing is printed twice: the parent logs them
    try:
        return [function(item) for item in share], remember.records
    finally:
        root.handlers = handlers


def map_in_processes(function: Callable[[Item], Result], items: Sequence[Item], processes: int) -> list[Result]:
    """`[function(item) for item in items]`, worked out by up to `processes` processes.

    items: any sequence; share n gets items n, n + processes, … (each share is a similar mix).
    The first share is worked on in this process, the others each in a forked child; results come
    back pickled, so they must be plain data. Returns the results in the order of `items`.
    Raises WorkerError if a child failed (with the child's error message, and the template file and
    line where it has them), and whatever `function` raises in this process.
    """
    count = max(1, min(processes, len(items)))
    if count == 1:
        return [function(item) for item in items]
    shares = [items[number::count] for number in range(count)]
    parent = os.getpid()
    children: list[tuple[int, int]] = []
    try:
        for number in range(1, count):
            reader, writer = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: works, reports, and leaves without running the parent's clean-ups
                os.close(reader)
                die_with_parent(parent)
                code = 0
                try:
                    report = pickle.dumps(("ok", _run_share(function, shares[number])))
                except BaseException as error:  # the parent raises it
                    where = (getattr(error, "filename", None), getattr(error, "lineno", None))
                    report, code = pickle.dumps(("error", (f"{type(error).__name__}: {error}", *where))), 1
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(report)
                os._exit(code)
            os.close(writer)
            children.append((pid, reader))
        results = [[function(item) for item in shares[0]]]
        failure = None
        while children:
            pid, reader = children[0]
            with os.fdopen(reader, "rb") as pipe:
                data = pipe.read()
            os.waitpid(pid, 0)
            children.pop(0)
            outcome, value = pickle.loads(data) if data else ("error", ("a worker process died", None, None))
            if outcome == "ok":
                share_results, records = value
                results.append(share_results)
                for level, message in records:
                    logging.getLogger(__name__).log(level, "%s", message)
            elif failure is None:
                failure = WorkerError(*value)
        if failure is not None:
            raise failure
    finally:
        for pid, reader in children:  # this process failed: its children stop too
            os.close(reader)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    ordered: list = [None] * len(items)
    for number, share_results in enumerate(results):
        ordered[number::count] = share_results
    return ordered
