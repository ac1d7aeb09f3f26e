"""Build the site with Pelican, all or nothing.

The site is built into a fresh folder beside the output folder and moved into place only when
the build found no problem, so `output/` always holds the last good build: never a half-written
one, and never one built from content with mistakes in it.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from learnlog import PROJECT_ROOT

# The working folders of a build are named after the output folder and this: `.output-learnlog-x1y2z3`
# while it is built, `.output-learnlog-x1y2z3-old` for the old site while it is removed.
WORKING = "-learnlog-"


@dataclass
class BuildResult:
    output: Path
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    settings: dict = field(default_factory=dict)  # the settings the site was built with
    phases: dict[str, float] = field(default_factory=dict)  # seconds spent in each phase
    scheduled: list = field(default_factory=list)  # (where, aware datetime): content held back until its date

    @property
    def ok(self) -> bool:
        return not self.problems


def build_site(
    settings_file: str | os.PathLike = "pelicanconf.py",
    output: str | os.PathLike | None = None,
    fresh: bool = False,
    processes: int | None = None,
) -> BuildResult:
    """Build the site; on any problem leave the previous output exactly as it was.

    settings_file: the Pelican settings file. output: the output folder (default: its OUTPUT_PATH).
    fresh: build from scratch, reading and writing no cache (`invoke check` and `invoke publish` do).
    processes: how many processes read and render (default: one per core). The result lists every
    problem (the build then changed nothing) and warning; it never raises for a mistake in content.
    """
    started = time.perf_counter()
    settings_path = Path(settings_file).resolve()
    result = BuildResult(output=Path(output).resolve() if output else Path())
    for folder in (settings_path.parent, PROJECT_ROOT / "plugins"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))

    if not settings_path.is_file():
        result.problems.append(f"{settings_path.name}: there is no settings file at {settings_path}; check the name")
        return result
    # Messages name files relative to the project folder, as the author sees them.
    previous_folder = os.getcwd()
    os.chdir(settings_path.parent)
    try:
        _run(settings_path, result, fresh, processes)
    finally:
        os.chdir(previous_folder)
    result.seconds = time.perf_counter() - started
    return result


def _run(settings_path: Path, result: BuildResult, fresh: bool, processes: int | None) -> None:
    from learnlog_core.build import Build
    from learnlog_core.problems import ContentErrors
    from learnlog_core.processes import cores
    from learnlog_core.shared import BUILD
    from pelican import Pelican
    from pelican.log import console

    try:
        settings = load_settings(settings_path)
    except SettingsError as error:
        result.problems += error.problems
        if result.output == Path():
            result.output = error.output
        return
    result.settings = settings
    final = result.output if result.output != Path() else Path(settings["OUTPUT_PATH"])
    result.output = final = final.resolve()
    unsafe = _unsafe_output(final, settings_path, settings)
    if unsafe:
        result.problems.append(unsafe)
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    # One build at a time into one place: the folder beside the output is held for the whole build, so
    # a build started later always works from the files as they are when it starts, and finishes last.
    parent = _hold(final.parent, wait=True)
    try:
        _remove_leftovers(final, parent)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}{WORKING}", dir=final.parent))
        in_use = _hold(staging)  # while this build (or any of its workers) lives, it is in use
        settings["OUTPUT_PATH"] = str(staging)
        build = settings[BUILD] = Build(fresh=fresh, processes=processes or cores())
        build.listen()
        quiet, console.quiet = console.quiet, True
        try:
            Pelican(settings).run()
        except ContentErrors:
            pass  # the build's problems, listed below
        except Exception as error:
            result.problems.append(_unexpected(error))
        finally:
            build.end()  # processes and folders the plugins started, such as the search index's
            build.save_caches()  # pure functions' results: right whatever became of the build
            build.stop_listening()
            console.quiet = quiet
        result.problems[:0] = [str(problem) for problem in sorted(set(build.problems))] + build.errors
        # In order of file and line: files are read, and their warnings logged, in an order a rebuild may change.
        result.warnings = settings_warnings(settings_path) + sorted(dict.fromkeys(build.warnings), key=_line_order)
        result.scheduled = sorted(build.scheduled, key=lambda item: (item[1], item[0]))
        if result.ok:
            result.pages = sum(name.endswith(".html") for _, _, files in os.walk(staging) for name in files)
            _replace(final, staging, (in_use, parent))
            build.lap("move into place")
        else:
            shutil.rmtree(staging, ignore_errors=True)
        os.close(in_use)
    finally:
        os.close(parent)
    result.phases = build.seconds


def _hold(folder: Path, wait: bool = False) -> int:
    """Lock a folder for as long as this process, or a worker it forks, keeps the returned descriptor
    open (flock(2) on the folder itself): the lock ends with the last of them, however they end.
    Raises BlockingIOError if another process holds it, unless `wait`."""
    descriptor = os.open(folder, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    return descriptor


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new private folder in the system's temporary folder (tempfile.gettempdir(), $TMPDIR) for the `with`
    block, removed after it, where `invoke check` and `invoke publish` build the site. Folders of the same
    `prefix` that earlier commands left (killed, or the machine went down) are removed first; those of
    commands still running are held locked (see _hold) and left alone. prefix: such as 'learnlog-check-'.
    Yields a folder inside the locked one (a build locks the folder its output is in, see _run)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    held = _hold(folder)
    try:
        for other in sorted(folder.parent.glob(f"{glob.escape(prefix)}*")):
            if other != folder and other.is_dir() and not other.is_symlink() and not _in_use(other):
                shutil.rmtree(other, ignore_errors=True)
        (folder / "work").mkdir()
        yield folder / "work"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(held)


def _in_use(folder: Path) -> bool:
    """True while the build that made the folder (or one of its workers) still runs."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(descriptor)  # also lets go of the lock, if we got it
    return False


def _unsafe_output(final: Path, settings_path: Path, settings: dict) -> str | None:
    """Why building into `final` (the output folder, an absolute Path) would replace or write among files of the
    author's, or None: building replaces the whole output folder and writes the cache's files into CACHE_PATH,
    so each must be a folder of its own (settings_rules.own_folder: not the project, its content, theme or
    plugins, nor inside them or .git, and holding only a previous build, or the cache's files).
    The message names the folder, what is wrong and the fix."""
    from learnlog import settings_rules

    return settings_rules.folder_problem(settings, settings_path.parent, "output", final) or (
        settings_rules.folder_problem(settings, settings_path.parent, "cache")
    )


def _replace(final: Path, staging: Path, held: tuple[int, ...]) -> None:
    """Swap the new build in; the old one is removed only once the new one is in place.
    held: the descriptors of the locks this build holds (see _hold), which the remover lets go."""
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    old = None
    if final.exists():
        old = final.with_name(staging.name + "-old")
        final.rename(old)
    staging.rename(final)
    if old is not None:
        _remove_in_background(old, held)


def _remove_in_background(folder: Path, inherited: tuple[int, ...] = ()) -> None:
    """Delete the previous build without making the author wait: the new one is already in place.

    A detached process does it (holding the folder, see _hold), so it also finishes if the build's own
    process ends first; a folder left by one that was interrupted is removed by the next build.
    inherited: descriptors of locks this process holds, which the remover lets go at once.
    """
    child = os.fork()
    if child == 0:
        try:
            os.setsid()
            if os.fork() == 0:  # the grandchild, adopted by init: nobody waits for it
                quiet = os.open(os.devnull, os.O_RDWR)
                for stream in (0, 1, 2):  # holds no pipe of the caller's open
                    os.dup2(quiet, stream)
                for descriptor in inherited:
                    os.close(descriptor)
                with contextlib.suppress(OSError):
                    _hold(folder)
                    shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def remove_leftovers(final: Path) -> None:
    """Remove, in the background, the working folders that stopped builds left beside `final` (the
    output folder); folders of builds still running are left alone."""
    if final.parent.is_dir():
        parent = _hold(final.parent, wait=True)
        try:
            _remove_leftovers(final, parent)
        finally:
            os.close(parent)


def _remove_leftovers(final: Path, held: int) -> None:
    """Working folders of earlier builds that were stopped (killed, or the machine went down): the
    half-built sites and the old sites whose removal was interrupted. Folders of builds still running
    are left alone. held: the descriptor locking the parent folder (see _run)."""
    leftovers = [
        folder
        for folder in sorted(final.parent.glob(f".{final.name}{WORKING}*"))
        if folder.is_dir() and not folder.is_symlink() and not _in_use(folder)
    ]
    if not final.exists():  # stopped between its two renames: the old site is the last good one
        old = [folder for folder in leftovers if folder.name.endswith("-old")]
        if old:
            newest = max(old, key=lambda folder: folder.stat().st_mtime_ns)
            newest.rename(final)
            leftovers.remove(newest)
    for leftover in leftovers:
        _remove_in_background(leftover, (held,))


def _settings_problem(settings_path: Path, error: BaseException) -> str:
    """The message for a settings file that Python could not run, on the line (of the file itself, or of the one
    it takes settings from) where it stopped."""
    from learnlog.settings_rules import printable, short

    where = _where_stopped(settings_path, error)
    said = f"{type(error).__name__}: {short(str(error))}"
    return printable(f"{where}: the settings file could not be read ({said}); fix that line")


def _where_stopped(settings_path: Path, error: BaseException) -> str:
    """'pelicanconf.py:12', the line of the settings file (or of one it takes settings from) where running it
    stopped with `error`; the file's name alone when no line of it is in the error's traceback."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int):
        file = error.filename if isinstance(error, SyntaxError) and error.filename else settings_path.name
        return f"{Path(file).name}:{line}"
    files = {str(path): path.name for path in _settings_sources(settings_path)}
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename in files]
    return f"{files[frames[-1].filename]}:{frames[-1].lineno}" if frames else settings_path.name


class SettingsError(Exception):
    """Mistakes in a settings file, each as 'file:line: what is wrong; the fix' (`problems`, in line order).
    output: the output folder the file names (OUTPUT_PATH, or output/ beside it), which was left as it was."""

    def __init__(self, problems: list[str], output: Path = Path("output")):
        self.problems = problems
        self.output = output
        super().__init__("\n".join(problems))


# Processor seconds a settings file may take to run: one of plain values takes a few thousandths.
SETTINGS_MAX_SECONDS = 5


def _run_settings_file(settings_path: Path, max_seconds: float, read):
    """read() (Pelican's reading of the settings file, which runs it as Python) within `max_seconds` of processor
    time. Raises SettingsError, naming the file and line, for a file that raises, runs too long (a loop that
    never ends) or ends the program (exit(), SystemExit)."""
    from learnlog_core.limits import TooSlow, time_limit

    output = _given_output(settings_path)
    try:
        with time_limit(max_seconds):
            return read()
    except TooSlow as error:
        where = _where_stopped(settings_path, error)
        raise SettingsError(
            [
                f"{where}: the settings file was still running after {max_seconds:g} seconds (a loop that never "
                'ends?); a settings file holds plain values, such as SITENAME = "My site": delete the loop'
            ],
            output,
        ) from None
    except SystemExit as error:
        where = _where_stopped(settings_path, error)
        raise SettingsError(
            [
                f"{where}: the settings file ends the program (exit() or SystemExit), so nothing would be built; "
                "delete that line"
            ],
            output,
        ) from None
    except Exception as error:  # a mistake in the user's settings file: it is Python, and it ran
        raise SettingsError([_settings_problem(settings_path, error)], output) from None


def _given_output(settings_path: Path) -> Path:
    """The output folder a settings file names, read without running it (its last OUTPUT_PATH = '…' line, in it
    or a file it takes settings from), for the message of a file that cannot be run; else output/ beside it."""
    for path in _settings_sources(settings_path):
        source = path.read_text(encoding="utf-8", errors="replace")
        found = re.findall(r"^OUTPUT_PATH\s*=\s*(['\"])([^'\"\n]+)\1\s*(?:#.*)?$", source, flags=re.MULTILINE)
        if found:
            return settings_path.parent / found[-1][1]
    return settings_path.parent / "output"


def load_settings(settings_path: Path, max_seconds: float = SETTINGS_MAX_SECONDS) -> dict:
    """Pelican's settings from a settings file (a Path to pelicanconf.py or publishconf.py), checked: the
    file runs, no text holds a character no page may (learnlog_core/characters.py), and each setting is of
    the shape and value learnlog/settings_rules.py says (SITEURL a web address, TIMEZONE a time zone, numbers
    whole, and so on). The values are checked as the file gives them, before Pelican's defaults and its own
    changes, which hide some mistakes (a text for a list of folders becomes Pelican's default list).
    SITEURL comes back with its scheme and host in lowercase and no '/' at the end.
    max_seconds: processor seconds the file may take to run (each of the two times Pelican runs it).
    The file's folder is put on sys.path first, so that publishconf.py can import pelicanconf from beside it.
    Raises SettingsError listing every mistake, in line order, and the output folder the file names."""
    from pelican.settings import get_settings_from_file, read_settings

    from learnlog import settings_rules

    folder = str(settings_path.resolve().parent)
    if folder not in sys.path:  # publishconf.py imports pelicanconf from beside it
        sys.path.insert(0, folder)
    given = _run_settings_file(settings_path, max_seconds, lambda: get_settings_from_file(str(settings_path)))
    output = given.get("OUTPUT_PATH")
    output = settings_path.parent / (output if isinstance(output, str) and output.strip() else "output")
    forbidden = _forbidden_in_settings(settings_path, given)
    problems = list(forbidden.values()) + [
        f"{_where(settings_path, name)}: {message}"
        for name, message in settings_rules.problems(given, settings_path.parent, skip=forbidden)
    ]
    if problems:
        raise SettingsError(sorted(problems, key=_line_order), output)
    override = settings_rules.normalised(given)
    return _run_settings_file(settings_path, max_seconds, lambda: read_settings(str(settings_path), override=override))


def settings_warnings(settings_path: Path) -> list[str]:
    """Warnings about a settings file that builds, each as 'file:line: …': settings whose names are close
    to a known one, and so probably misspelt, and settings that do not fit together (learnlog/settings_rules.py,
    `misspelt` and `disagreeing`)."""
    from pelican.settings import get_settings_from_file

    from learnlog import settings_rules

    given = get_settings_from_file(str(settings_path))
    said = settings_rules.misspelt(given) + settings_rules.disagreeing(given)
    return sorted((f"{_where(settings_path, name)}: {message}" for name, message in said), key=_line_order)


def site_to_name(settings_file: Path, settings: dict) -> str:
    """The site's address a command names to the sites it asks (its User-Agent header: `invoke fetch-reading`,
    `invoke check-links`), or "" for none.

    settings_file: the settings the command runs with; settings: what load_settings read from it. The address is
    the SITEURL of publishconf.py when it sits beside pelicanconf.py and can be read (the site's real address),
    else the settings' own; "" when that is not an address the site can be published at (the sample's placeholder,
    an example or local address: settings_rules.unpublishable), so no site is told an address that is not yours.
    """
    from feeds.addresses import feed_uri

    from learnlog import settings_rules

    siteurl = settings.get("SITEURL")
    published = settings_file.parent / "publishconf.py"
    if settings_file.name == "pelicanconf.py" and published.is_file():
        with contextlib.suppress(SettingsError, OSError):  # a broken or unreadable publishconf.py: not named
            siteurl = load_settings(published).get("SITEURL") or siteurl
    if not isinstance(siteurl, str) or not siteurl or settings_rules.unpublishable({"SITEURL": siteurl}):
        return ""
    return feed_uri(siteurl.rstrip("/"))  # ASCII, as a header must be: https://xn--r8jz45g.jp/blog for 例え.jp


def publishing_problems(settings_path: Path) -> list[str]:
    """Why a settings file that builds cannot be the published site's, each as 'file:line: …' (an example
    or placeholder SITEURL, a reserved GITHUB_PAGES_CNAME: learnlog/settings_rules.py, `unpublishable`);
    [] when it can. Raises what running the settings file raises (call it after a build that succeeded)."""
    from pelican.settings import get_settings_from_file

    from learnlog import settings_rules

    given = get_settings_from_file(str(settings_path))
    found = settings_rules.unpublishable(given)
    return sorted((f"{_where(settings_path, name)}: {message}" for name, message in found), key=_line_order)


def _line_order(problem: str) -> tuple[str, int, str]:
    """Problems by file (pelicanconf.py before publishconf.py), then by line."""
    found = re.match(r"^([^:]+):(\d+)?", problem)
    return (found[1], int(found[2] or 0), problem) if found else ("", 0, problem)


def _where(settings_path: Path, name: str) -> str:
    """'pelicanconf.py:12', the line where a setting is given its value (the last assignment counts). A setting
    that publishconf.py takes from pelicanconf.py (`from pelicanconf import *`) is found there."""
    for path in _settings_sources(settings_path):
        source = path.read_text(encoding="utf-8", errors="replace")
        found = [None, *re.finditer(rf"^{re.escape(name)}\s*=", source, flags=re.MULTILINE)][-1]
        if found:
            return f"{path.name}:{source.count(chr(10), 0, found.start()) + 1}"
    return settings_path.name


def _settings_sources(settings_path: Path, seen: frozenset = frozenset()) -> list[Path]:
    """The settings file, then the files beside it that it takes every setting from (`from name import *`),
    the last one first, as Python gives a name the value it was given last."""
    if settings_path in seen or not settings_path.is_file():
        return []
    source = settings_path.read_text(encoding="utf-8", errors="replace")
    imported = re.findall(r"^from\s+([A-Za-z_]\w*)\s+import\s+\*", source, flags=re.MULTILINE)
    sources = [settings_path]
    for module in reversed(imported):
        sources += _settings_sources(settings_path.with_name(f"{module}.py"), seen | {settings_path})
    return sources


def _forbidden_in_settings(settings_path: Path, settings: dict) -> dict[str, str]:
    """A problem for each setting whose text holds characters no page or feed may (characters.py), naming
    each, by the setting's name."""
    from learnlog_core import characters

    problems = {}
    for name, value in sorted(settings.items()):
        found = [match[0] for text in _texts(value) for match in characters.FORBIDDEN.finditer(text)]
        if name.isupper() and found:
            described = list(dict.fromkeys(characters.describe(character) for character in found))
            them = "it" if len(described) == 1 else "them"
            problems[name] = (
                f"{_where(settings_path, name)}: {name} contains {' and '.join(described)}, which cannot be shown "
                f"on a page or put in a feed; delete {them} (such characters come with text copied from PDFs)"
            )
    return problems


def _texts(value: object, depth: int = 0) -> list[str]:
    """Every text in a setting's value, however deep in lists, tuples and dicts (a value that holds itself is
    followed 50 levels down)."""
    if isinstance(value, str):
        return [value]
    if depth > 50:
        return []
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in _texts(key, depth + 1) + _texts(item, depth + 1)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [text for item in value for text in _texts(item, depth + 1)]
    return []


def _unexpected(error: Exception) -> str:
    template = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    where = f"{template}:{line}: " if template and line else ""
    return f"{where}the build stopped: {type(error).__name__}: {error}"


def print_report(
    result: BuildResult, stream=sys.stderr, output_named: bool = True, shown_before: Collection[str] = ()
) -> None:
    """Print a build's warnings, then its problems or what it built and what it held back until its date.
    output_named: say that the output folder was left as it was (False where it is a temporary folder).
    shown_before: warnings ('file:line: message') the author has already seen, from the last rebuild of
    `invoke livereload`: counted in one line rather than printed again at every save."""
    again = 0
    new = []
    for warning in result.warnings:
        if warning in shown_before:
            again += 1
        else:
            new.append(warning)
    for warning in first_of(new):
        print(f"warning: {warning}", file=stream)
    if again:
        print(
            f"({again} warning{'s' if again != 1 else ''} shown before {'are' if again != 1 else 'is'} still there.)",
            file=stream,
        )
    if result.ok:
        print(f"Built {result.pages} pages into {_shown(result.output)}/ in {result.seconds:.1f} s.", file=stream)
        for where, when in result.scheduled:
            print(f"scheduled: {where} appears on {scheduled_time(when)}", file=stream)
        return
    count = len(result.problems)
    unchanged = f" Nothing was changed in {_shown(result.output)}/." if output_named else ""
    print(f"The build stopped: {count} problem{'s' if count != 1 else ''} to fix.{unchanged}", file=stream)
    for problem in first_of(result.problems):
        print(f"  {problem}", file=stream)


# More problems than this are counted, not printed: a file of thousands of mistakes is usually one mistake
# repeated, and thousands of lines would hide the first ones.
MOST_SHOWN = 100


def first_of(messages: list[str], most: int = MOST_SHOWN) -> list[str]:
    """The first `most` messages, and a last line saying how many more there are, when there are more."""
    if len(messages) <= most:
        return list(messages)
    return [*messages[:most], f"… and {len(messages) - most} more; fix these first, then build again to see the rest."]


def scheduled_time(when) -> str:
    """'2026-12-01 09:00 (Europe/London), at the first build after that', for content held back until `when`
    (an aware datetime in TIMEZONE)."""
    return f"{when:%Y-%m-%d %H:%M} ({when.tzinfo}), at the first build after that"


def _shown(path: Path) -> str:
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m learnlog.build", description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py", help="settings file (default: pelicanconf.py)")
    parser.add_argument("--output", help="output folder (default: OUTPUT_PATH from the settings)")
    parser.add_argument("--fresh", action="store_true", help="build from scratch: read and write no cache")
    parser.add_argument("--processes", type=int, help="processes to read and render with (default: one per core)")
    parser.add_argument("--timings", help="write the seconds spent in each phase to this file, as JSON")
    args = parser.parse_args(argv)
    try:
        result = build_site(args.settings, args.output, fresh=args.fresh, processes=args.processes)
    except KeyboardInterrupt:
        print("Stopped. The site in the output folder was left as it was.", file=sys.stderr)
        return 130
    print_report(result)
    if args.timings:
        Path(args.timings).write_text(json.dumps(result.phases, indent=2), encoding="utf-8")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
