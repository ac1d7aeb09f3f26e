"""Builds for the tests, each in a process forked from one that has Python and the libraries loaded.

`python -m learnlog.build` spends about 0.4 s starting Python and importing Pelican, Python-Markdown, lxml
and the rest before it builds anything; the tests build hundreds of sites. A build server imports them
once; each build is then `learnlog.build.main(argv)` in a child forked from it, with its own output
captured, exactly as the command runs it otherwise: a fresh process for every build, which ends with it.
The plugins are not imported beforehand: each build loads them from its own PLUGIN_PATHS, as the command
does. Two servers, started with different hash seeds, take the builds in turn, so two builds compared by
a test never share one (an output that depends on the order of a set shows as a difference).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve() -> None:
    """In the server process: answer each request line (JSON: {"argv": [...]}) with one line of JSON,
    {"returncode": int, "log": str}. Ends when its standard input closes."""
    import feedgen.feed  # noqa: F401
    import jinja2  # noqa: F401
    import lxml.html  # noqa: F401
    import markdown  # noqa: F401
    import nh3  # noqa: F401
    import pelican.generators
    import pelican.readers
    import pelican.writers  # noqa: F401
    import pygments  # noqa: F401
    import yaml  # noqa: F401

    import learnlog.build

    for line in sys.stdin:
        request = json.loads(line)
        with tempfile.TemporaryFile() as log:
            child = os.fork()
            if child == 0:  # the build: its output to the log, its input from nowhere
                code = 1
                try:
                    devnull = os.open(os.devnull, os.O_RDONLY)
                    os.dup2(devnull, 0)
                    os.dup2(log.fileno(), 1)
                    os.dup2(log.fileno(), 2)
                    code = learnlog.build.main(request["argv"]) or 0
                except SystemExit as exit:
                    code = exit.code if isinstance(exit.code, int) else 1
                except BaseException:
                    traceback.print_exc()
                finally:
                    with contextlib.suppress(Exception):
                        sys.stdout.flush()
                        sys.stderr.flush()
                    os._exit(code)
            _, status = os.waitpid(child, 0)
            log.seek(0)
            said = log.read().decode("utf-8", "replace")
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status), "log": said}), flush=True)


def stop(process: subprocess.Popen) -> None:
    """End a server `process` that ends when its standard input closes; killed if it has not in 10 s."""
    process.stdin.close()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class BuildServer:
    """A server process (see serve), started with PYTHONHASHSEED `seed`."""

    def __init__(self, seed: int):
        code = (
            f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import build_server; build_server.serve()"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": str(seed)},
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.lock = threading.Lock()

    def build(self, argv: list[str]) -> tuple[int, str]:
        """(exit code, what the build printed) of `python -m learnlog.build *argv`."""
        with self.lock:
            self.process.stdin.write(json.dumps({"argv": argv}) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        assert line, "the build server died"
        answer = json.loads(line)
        return answer["returncode"], answer["log"]

    def close(self) -> None:
        stop(self.process)


class BuildServers:
    """Two build servers with different hash seeds, taking builds in turn; started on first use."""

    def __init__(self):
        self.servers: list[BuildServer] = []
        self.turn = 0

    def build(self, argv: list[str]) -> tuple[int, str]:
        if not self.servers:
            self.servers = [BuildServer(seed) for seed in (1, 2)]
        server = self.servers[self.turn % len(self.servers)]
        self.turn += 1
        return server.build(argv)

    def close(self) -> None:
        for server in self.servers:
            server.close()
        self.servers = []
