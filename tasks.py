"""Learnlog's commands. Run `invoke --list` to see them, `invoke --help TASK` for one."""

import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
SETTINGS = "pelicanconf.py"
OUTPUT = "output"


@task(help={"settings": "settings file (default: pelicanconf.py)", "output": "output folder (default: output)"})
def build(c, settings=SETTINGS, output=OUTPUT):
    """Build the site into output/; stops, changing nothing, if any content has a problem."""
    from learnlog.build import build_site, print_report

    result = build_site(ROOT / settings, ROOT / output)
    print_report(result)
    if not result.ok:
        raise Exit(code=1)


@task
def clean(c):
    """Delete the built site (output/) and Pelican's cache (cache/)."""
    for folder in (OUTPUT, "cache"):
        shutil.rmtree(ROOT / folder, ignore_errors=True)
    print(f"Removed {OUTPUT}/ and cache/.")


@task(help={"port": "port to listen on (default: 8000)"})
def serve(c, port=8000):
    """Serve the built site at http://localhost:8000 (run `invoke build` first)."""
    _run_python("learnlog.serve", "--port", str(port), "--output", OUTPUT)


@task(help={"port": "port to listen on (default: 8000)"})
def livereload(c, port=8000):
    """Build, serve, and rebuild and reload the browser whenever content, theme, plugins or settings change."""
    _run_python("learnlog.serve", "--livereload", "--port", str(port), "--output", OUTPUT, "--settings", SETTINGS)


@task(help={"args": "extra pytest arguments, for example: -k escaping"})
def test(c, args=""):
    """Run the whole test suite."""
    _run_python("pytest", *args.split())


def _run_python(module, *arguments):
    """Run `python -m module` in the project folder; a failure exits with its code, without a traceback."""
    try:
        code = subprocess.call([sys.executable, "-m", module, *arguments], cwd=ROOT)
    except KeyboardInterrupt:
        code = 0
    if code:
        raise Exit(code=code)


@task(help={"links": "link notes in the synthetic corpus (default: 10000)", "runs": "builds per scenario (default: 3)"})
def bench(c, links=10_000, runs=3):
    """Time cold, warm and one-edit builds of a large synthetic link log; prints the figures."""
    _run_python("benchmarks.run", "--links", str(links), "--runs", str(runs))
