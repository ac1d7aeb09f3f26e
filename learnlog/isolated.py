"""Run a function in a process of its own, within a time limit: for work on someone else's bytes that takes the
processor (reading a feed of 90,000 items) and must neither hold the interpreter's lock that the command's other
threads need to talk to the network, nor outlast its limit (a process, unlike a thread, can be stopped).

The processes are forked from multiprocessing's fork server (the "forkserver" start method), which imports the
modules given to `preload` once: each call then costs a fork, not the start of a Python interpreter. The command's
own process is never forked, as it runs threads (a fork copies their locks in whatever state they are). At most
one process per processor runs at once; the others wait for a place, within their deadline.

The calls of one command are made through a Group, which it closes when it ends (at its deadline, on Ctrl+C):
every process still running is stopped, and none is started after, nor left half started.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing import forkserver

_CONTEXT = multiprocessing.get_context("forkserver")
_PLACES = threading.BoundedSemaphore(max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


class TooLong(Exception):
    """The function did not return within its limit (its process was stopped), or found no place before the
    deadline. waited: True when it never started (every place was taken until the deadline)."""

    def __init__(self, waited: bool):
        super().__init__("waited for a place" if waited else "took too long")
        self.waited = waited


class Died(Exception):
    """The process ended without an answer (killed by the system for its memory, or a crash of a library's C
    code). exitcode: the process's exit code (negative: the signal that ended it)."""

    def __init__(self, exitcode: int | None):
        super().__init__(f"the process ended without an answer (exit code {exitcode})")
        self.exitcode = exitcode


def preload(modules: list[str]) -> None:
    """Have the fork server import `modules` (dotted names) before it forks anything; call before the first
    `call`. A module that cannot be imported there is imported by each process instead."""
    _CONTEXT.set_forkserver_preload(modules)


def start() -> None:
    """Start the fork server now, so that it and every process forked from it ignore Ctrl+C (SIGINT): the command
    that runs them stops them itself, and a process stopped by Ctrl+C would print a traceback of its own. An ignored
    signal stays ignored in a program the process starts (POSIX exec), so the main thread ignores Ctrl+C for the
    moment it takes to start the server's process (milliseconds: the server imports what `preload` names after).
    Outside the main thread (where signals cannot be set), nothing is done: the first `call` starts the server."""
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


class Group:
    """The calls of one command, to stop together (`close`, or the end of a `with` block). Thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()  # held while a process starts: `close` waits for it, never cuts it
        self._closed = False
        self._live: set = set()

    def __enter__(self) -> Group:
        return self

    def __exit__(self, *exception) -> None:
        self.close()

    def close(self) -> None:
        """Stop every process running for the group (their calls raise TooLong or Died); later calls raise TooLong
        without starting one. Waits for a process being started (milliseconds), so none is left half started."""
        with self._lock:
            self._closed = True
            running = list(self._live)
        for process in running:
            with contextlib.suppress(ValueError):  # already ended and closed
                if process.is_alive():
                    process.kill()

    def call(self, function: Callable, *args, timeout: float, deadline: float, **kwargs):
        """function(*args, **kwargs), run in a process of its own, and its result.

        function: a module-level function (it is named to the process, by pickle), pure: its arguments and result
        are copied between the processes (pickle), so they must be picklable (bytes, str, dataclasses…). timeout:
        seconds the function may run, counted once its process starts. deadline: a time.monotonic() moment by which
        it must have started and returned, whatever its timeout. Returns the function's result; raises what the
        function raised (a copy), TooLong (its process was stopped, or the group closed), Died (its process ended
        without an answer).
        """
        left = deadline - time.monotonic()
        if left <= 0 or not _PLACES.acquire(timeout=left):
            raise TooLong(waited=True)
        # The work goes through a pipe once the process runs, not with the process itself: a command stopped while
        # handing it over leaves the process an empty pipe (it then ends quietly), never half a message to unpickle.
        work_reader, work_writer = _CONTEXT.Pipe(duplex=False)
        reader, writer = _CONTEXT.Pipe(duplex=False)
        process = _CONTEXT.Process(target=_run, args=(work_reader, writer), daemon=True)
        started = False
        try:
            with self._lock:
                if self._closed:
                    raise TooLong(waited=True)
                self._live.add(process)
                process.start()
                started = True
            work_reader.close()  # the process holds its own ends: once it ends, a read ends too
            writer.close()
            try:
                work_writer.send((function, args, kwargs, timeout))
            except OSError:  # the process ended before it took the work (the group was closed)
                raise Died(process.exitcode) from None
            limit = min(timeout, deadline - time.monotonic())
            if not reader.poll(max(0.0, limit)):
                raise TooLong(waited=False)
            try:
                kind, value = reader.recv()
            except EOFError:
                process.join(1)
                raise Died(process.exitcode) from None
        finally:
            with self._lock:
                self._live.discard(process)
            if started:
                if process.is_alive():
                    process.kill()
                process.join()
            for end in (work_reader, work_writer, reader, writer):
                end.close()
            _PLACES.release()
        if kind == "raised":
            raise value
        return value


def _run(work, writer) -> None:
    """In the process: takes (function, args, kwargs, timeout) from `work`, and sends back through `writer` the
    function's result, or the exception it raised. Ends quietly when the command ended before handing the work
    over, or before taking the answer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command stops this process itself (see `start`)
    try:
        function, args, kwargs, timeout = work.recv()
    except (EOFError, OSError):
        return
    # Its own limit too, of processor time (setrlimit(2): SIGXCPU, then SIGKILL): a command killed outright (SIGTERM,
    # SIGKILL) cannot stop its processes, and no feed may keep a processor busy for ever.
    seconds = math.ceil(timeout) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    try:
        answer = ("returned", function(*args, **kwargs))
    except Exception as error:  # handed over to the caller as it was raised
        answer = ("raised", error)
    with contextlib.suppress(OSError):  # the command has ended: nobody to answer
        try:
            writer.send(answer)
        except OSError:
            raise
        except Exception as error:  # the result or the exception cannot be pickled: said in words instead
            writer.send(("raised", RuntimeError(f"{type(error).__name__}: {error}")))
        writer.close()
