"""Build the site with Pelican, all or nothing.

The site is built into a fresh folder beside the output folder and moved into place only when
the build found no problem, so `output/` always holds the last good build: never a half-written
one, and never one built from content with mistakes in it.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from learnlog import PROJECT_ROOT, phases
from learnlog.phases import Timings
from learnlog.prefill import prefill, workers


@dataclass
class BuildResult:
    output: Path
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    settings: dict = field(default_factory=dict)  # the settings the site was built with

    @property
    def ok(self) -> bool:
        return not self.problems


class _Collect(logging.Handler):
    """Keeps Pelican's and our plugins' warnings and errors for the build report."""

    def __init__(self, result: BuildResult):
        super().__init__(logging.WARNING)
        self.result = result

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("Empty alt attribute"):
            return  # Pelican's own notice; the posts plugin says the same with the line and the fix
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f": {record.exc_info[1]}"
        target = self.result.problems if record.levelno >= logging.ERROR else self.result.warnings
        target.append(message)


def build_site(
    settings_file: str | os.PathLike = "pelicanconf.py", output: str | os.PathLike | None = None
) -> BuildResult:
    """Build the site; on any problem leave the previous output exactly as it was."""
    started = time.perf_counter()
    settings_path = Path(settings_file).resolve()
    result = BuildResult(output=Path(output).resolve() if output else Path())
    for folder in (settings_path.parent, PROJECT_ROOT / "plugins"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))

    # Messages name files relative to the project folder, as the author sees them.
    previous_folder = os.getcwd()
    os.chdir(settings_path.parent)
    try:
        _run(settings_path, result)
    finally:
        os.chdir(previous_folder)
    result.seconds = time.perf_counter() - started
    return result


def _run(settings_path: Path, result: BuildResult) -> None:
    from pelican import Pelican
    from pelican.log import console
    from pelican.settings import read_settings

    try:
        settings = read_settings(str(settings_path))
    except Exception as error:  # a mistake in the user's settings file
        result.problems.append(_settings_problem(settings_path, error))
        return
    result.settings = settings
    final = result.output if result.output != Path() else Path(settings["OUTPUT_PATH"])
    result.output = final
    final.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(final)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
    settings["OUTPUT_PATH"] = str(staging)
    if not os.environ.get("LEARNLOG_PLAIN"):
        settings["LEARNLOG_PREVIOUS_OUTPUT"] = str(final)  # unchanged pages are taken from the last build there
        settings["LEARNLOG_PROCESSES"] = workers()  # pages are rendered on every core

    handler = _Collect(result)
    root = logging.getLogger()
    root.addHandler(handler)
    quiet, console.quiet = console.quiet, True
    timings = Timings()
    pelican = None
    try:
        with timings.phase("start and set up"):
            pelican = Pelican(settings)  # plugins are set up here: layout, readers, caches
        with timings.phase("read new files on every core"):
            prefill(pelican.settings)
        if phases.enabled():
            classes = pelican._get_generator_classes
            pelican._get_generator_classes = lambda: timings.timed_generators(classes())
        pelican.run()
    except Exception as error:
        problems = getattr(error, "problems", None)
        if problems is not None:
            result.problems[:0] = [str(problem) for problem in problems]
        else:
            result.problems.append(_unexpected(error))
    finally:
        root.removeHandler(handler)
        console.quiet = quiet
    if result.ok:
        result.pages = sum(name.endswith(".html") for _, _, files in os.walk(staging) for name in files)
        with timings.phase("move into place"):
            _replace(final, staging)
            store = getattr(pelican, "learnlog_page_store", None)
            if store is not None:  # only now does it describe the site in place
                store.save()
        timings.save()
    else:
        store = getattr(pelican, "learnlog_page_store", None) if pelican else None
        if store is not None:
            store.wait_for_folders()  # the folders for reused pages may still be being made
        for _ in range(50):  # and if the build stopped before its store was known, they are made meanwhile
            shutil.rmtree(staging, ignore_errors=True)
            if not staging.exists():
                break
            time.sleep(0.1)


def _replace(final: Path, staging: Path) -> None:
    """Swap the new build in; the old one is removed only once the new one is in place."""
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    old = None
    if final.exists():
        old = final.with_name(staging.name + ".old")
        final.rename(old)
    staging.rename(final)
    if old is not None:
        _remove_in_background(old)


def _remove_in_background(folder: Path) -> None:
    """Delete the previous build without making the author wait: the new one is already in place.

    A detached process does it, so it also finishes if the build's own process ends first; a folder
    left by one that was interrupted is removed by the next build.
    """
    if os.environ.get("LEARNLOG_PLAIN") or not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:
        try:
            os.setsid()
            if os.fork() == 0:  # the grandchild, adopted by init: nobody waits for it
                quiet = os.open(os.devnull, os.O_RDWR)
                for stream in (0, 1, 2):  # holds no pipe of the caller's open
                    os.dup2(quiet, stream)
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def _remove_leftovers(final: Path) -> None:
    """Previous builds whose removal was interrupted (the build was stopped, the machine went down)."""
    for leftover in final.parent.glob(f".{final.name}-*.old"):
        _remove_in_background(leftover)


def _settings_problem(settings_path: Path, error: Exception) -> str:
    line = getattr(error, "lineno", None)
    if line is None:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == str(settings_path)]
        line = frames[-1].lineno if frames else None
    where = f"{settings_path.name}:{line}" if line else settings_path.name
    return f"{where}: the settings file could not be read ({type(error).__name__}: {error}); fix that line"


def _unexpected(error: Exception) -> str:
    template = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    where = f"{template}:{line}: " if template and line else ""
    return f"{where}the build stopped: {type(error).__name__}: {error}"


def print_report(result: BuildResult, stream=sys.stderr) -> None:
    for warning in result.warnings:
        print(f"warning: {warning}", file=stream)
    if result.ok:
        print(f"Built {result.pages} pages into {_shown(result.output)}/ in {result.seconds:.1f} s.", file=stream)
        return
    count = len(result.problems)
    print(
        f"The build stopped: {count} problem{'s' if count != 1 else ''} to fix. "
        f"Nothing was changed in {_shown(result.output)}/.",
        file=stream,
    )
    for problem in result.problems:
        print(f"  {problem}", file=stream)


def _shown(path: Path) -> str:
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m learnlog.build", description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py", help="settings file (default: pelicanconf.py)")
    parser.add_argument("--output", help="output folder (default: OUTPUT_PATH from the settings)")
    args = parser.parse_args(argv)
    result = build_site(args.settings, args.output)
    print_report(result)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
