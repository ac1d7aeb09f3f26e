"""A build process that stays alive between livereload rebuilds.

Starting Python and importing Pelican, Markdown, Pygments and the plugins takes about half a second
before a build can begin. The worker pays that once: for each build it forks a child, which starts
with all of it loaded and runs one build from a clean state, exactly as `python -m learnlog.build`
would. The server starts a new worker when code the worker has loaded changes (a plugin or a
settings file).

Protocol, one line each way: the server writes "build"; the worker answers with one line of JSON,
{"exit": 0, "problems": [], "warnings": []}: the build's exit code (0: built, 1: problems) and its
problems and warnings as 'file:line: message' strings. The report is also printed on stderr as usual,
except for warnings the last build already printed: those are counted in one line.
A build that ends without a report (a crash) is answered with one problem saying so.

`--once` builds once in this process and prints that line: where the system cannot fork, the server
runs a new process like that for each build.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

# Loaded once, before the first build: what every build needs.
LIBRARIES = (
    "pelican", "pelican.generators", "pelican.readers", "pelican.writers", "pelican.settings", "jinja2", "yaml",
    "markdown", "markdown.extensions.extra", "markdown.extensions.codehilite", "markdown.extensions.toc",
    "markdown.extensions.smarty", "pygments.lexers", "pygments.formatters.html", "nh3", "markdown_it",
    "feedgen.feed", "learnlog.build",
)  # fmt: skip


def preload(settings_file: Path) -> None:
    """Import the libraries and the site's plugins; a plugin that fails is left for the build to report."""
    for name in LIBRARIES:
        importlib.import_module(name)
    from pelican.settings import read_settings

    try:
        sys.path.insert(0, str(settings_file.parent))
        settings = read_settings(str(settings_file))
        for folder in reversed(settings.get("PLUGIN_PATHS", [])):
            if folder not in sys.path:
                sys.path.insert(0, folder)
        for plugin in settings.get("PLUGINS") or []:
            if isinstance(plugin, str):
                importlib.import_module(plugin)
    except Exception:  # the build itself reports any mistake, with the fix
        pass


# The warnings of this worker's last build: not printed again at the next.
shown_before: list[str] = []


def build_once(settings_file: Path, output: Path) -> dict:
    """Run one build in a forked child; return its answer (see the protocol above). The child dies with
    this worker, however it ends (learnlog_core/processes.py), so no build goes on for a server that has
    stopped. The child writes its answer to an unnamed temporary file, read once it has ended: unlike a
    pipe, nothing waits on processes the build may leave behind."""
    from learnlog_core.processes import die_with_parent

    parent = os.getpid()
    with tempfile.TemporaryFile("w+b") as report:
        child = os.fork()
        if child == 0:
            code = 1
            os.dup2(2, 1)  # anything the build prints goes to stderr; stdout carries only the answers
            try:
                die_with_parent(parent)
                answer = build_here(settings_file, output, shown_before)
                os.write(report.fileno(), json.dumps(answer).encode("utf-8"))
                code = answer["exit"]
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(child, 0)
        code = os.waitstatus_to_exitcode(status)
        report.seek(0)
        try:
            answer = json.loads(report.read().decode("utf-8"))
        except ValueError:  # nothing written: the build crashed
            answer = crashed(code)
    shown_before[:] = answer["warnings"]
    return answer


def build_here(settings_file: Path, output: Path, shown: list[str] = ()) -> dict:
    """Build in this process, print the report on stderr (warnings in `shown` counted, not printed); the
    answer (see the protocol above)."""
    from learnlog.build import build_site, first_of, print_report

    result = build_site(settings_file, output)
    print_report(result, shown_before=set(shown))
    # At most MOST_SHOWN of each, so the answer every open page asks for stays small.
    return {
        "exit": 0 if result.ok else 1,
        "problems": first_of([str(problem) for problem in result.problems]),
        "warnings": first_of(list(result.warnings)),
    }


def crashed(code: int) -> dict:
    """The answer for a build that ended with exit code `code` and no report."""
    how = f"was stopped by signal {-code}" if code < 0 else f"ended with exit code {code}"
    problem = f"The build {how} before it could report: the terminal shows what happened."
    return {"exit": code or 1, "problems": [problem], "warnings": []}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m learnlog.buildworker", description=__doc__.splitlines()[0])
    parser.add_argument("--settings", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--once", action="store_true", help="build once in this process, answer, and exit")
    args = parser.parse_args(argv)
    settings_file, output = Path(args.settings).resolve(), Path(args.output).resolve()
    if args.once:
        answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
        os.dup2(2, 1)  # anything the build prints goes to stderr; stdout carries only the answer
        answer = crashed(1)
        try:
            answer = build_here(settings_file, output)
        finally:
            sys.stdout.flush()
            answers.write(json.dumps(answer) + "\n")
            answers.close()
        return answer["exit"]
    from learnlog_core.processes import die_with_parent

    # The server may be killed (kill -9) while a rebuild runs: this worker, and the build it forked, end
    # with it, rather than replace the output folder for a server that is gone. (The kernel ties this to
    # the server's thread that started the worker, which lives as long as the server.)
    die_with_parent(os.getppid())
    try:
        preload(settings_file)
        print("ready", flush=True)
        for line in sys.stdin:
            if line.strip() == "build":
                print(json.dumps(build_once(settings_file, output)), flush=True)
    except (KeyboardInterrupt, BrokenPipeError):
        pass  # the server stopped
    return 0


if __name__ == "__main__":
    sys.exit(main())
