"""An incremental build gives exactly the site a fresh build gives, whatever was edited before it.

A Hypothesis state machine edits a small site (posts, the About page, link notes, the blogroll, images,
settings, templates, the stylesheet) one step at a time. After every step it builds the site as an author
does, in the same project folder, with its cache and its last output kept, then builds the same files
from scratch (`fresh=True`, no cache, an empty output folder elsewhere), and compares the two outputs file
for file, byte for byte, folders included. A build that stops must stop in both, with the same problems
and warnings, and leave the last good output as it was. Two more tests replay cases from a bug report.

Builds run in children forked from a process that has Pelican and the plugins loaded: about three times
faster than a new Python process for each build. Incremental builds are forked from this process, fresh
builds from a second one started with another hash seed (see Zygote), so that an output that depends on
the order of a set shows as a difference, as it would between two runs of `invoke build`.

The default run (about a minute on two cores) tries a fixed set of examples. A longer, random run (the
"thorough" profile, registered in conftest.py; a quarter of an hour): `invoke test --thorough`, or

    .venv/bin/pytest --hypothesis-profile=thorough tests/test_incremental_builds.py

A failing example is shrunk for up to five minutes (each step builds twice), then printed step by step.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import traceback
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT / "plugins", ROOT):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

# Loaded here, once, so that every forked build starts with them in memory.
import feeds.plugin  # noqa: E402, F401
import learnlog_core.plugin  # noqa: E402, F401
import link_notes.plugin  # noqa: E402, F401
import pelican  # noqa: E402, F401
import posts.plugin  # noqa: E402, F401
import reading.plugin  # noqa: E402, F401
import site_files.plugin  # noqa: E402, F401
from build_server import stop  # noqa: E402
from conftest import Site  # noqa: E402
from link_notes import link_checks  # noqa: E402
from reading.snapshot import Entry, Item, dumps  # noqa: E402

from learnlog.build import build_site  # noqa: E402

QUICK = settings(
    max_examples=7,
    stateful_step_count=16,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# Building, and comparing outputs


@dataclass
class Outcome:
    ok: bool
    problems: list[str]
    warnings: list[str]


def build_here(settings_file: str, output: str, fresh: bool, processes: int | None) -> dict:
    """Build, in the forked child that called it; the result as plain data."""
    try:
        result = build_site(settings_file, output, fresh=fresh, processes=processes)
        return {"ok": result.ok, "problems": result.problems, "warnings": result.warnings}
    except BaseException:
        return {"ok": False, "problems": [f"build_site raised:\n{traceback.format_exc()}"], "warnings": []}


def fork_build(request: dict) -> dict:
    """build_here(**request) in a child forked from this process, so that no build leaves anything behind in
    it. The result comes back through a pipe, length first: the build's own background process, which
    removes the previous output, may hold the pipe open for a while after."""
    sys.stdout.flush()
    sys.stderr.flush()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.close(reader)
            os.dup2(2, 1)  # anything the build prints goes to stderr
            data = json.dumps(build_here(**request)).encode("utf-8")
            os.write(writer, len(data).to_bytes(8, "big"))
            view = memoryview(data)
            while view:
                view = view[os.write(writer, view) :]
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        size = int.from_bytes(pipe.read(8) or b"\0", "big")
        data = pipe.read(size)
    os.waitpid(child, 0)
    if not data:
        return {"ok": False, "problems": ["the build process died without a report"], "warnings": []}
    return json.loads(data)


def serve_builds() -> None:
    """The loop of a Zygote: a request (JSON) per line on stdin, a forked build for each, its result on stdout."""
    for line in sys.stdin:
        print(json.dumps(fork_build(json.loads(line))), flush=True)


class Zygote:
    """Another Python process with Pelican and the plugins loaded, started with another hash seed, that
    builds in forked children as this one does. Every forked build shares the hash seed of the process it
    was forked from, as a Python process started for each build would not; the fresh builds run here, so an
    output that depends on the order of a set or on hashes shows as a difference."""

    def __enter__(self) -> Zygote:
        inherited = os.environ.get("PYTHONHASHSEED", "")
        seed = (int(inherited) + 1) % 2**32 if inherited.isdigit() else 1
        module = Path(__file__).stem
        code = (
            f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import {module}; {module}.serve_builds()"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": str(seed)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        return self

    def build(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the zygote process died"
        return json.loads(line)

    def __exit__(self, *exception) -> None:
        stop(self.process)


def build(settings_file: Path, output: Path, fresh: bool, processes: int | None = None, zygote=None) -> Outcome:
    """Build in a child forked from this process, or from `zygote` (a Zygote) if given."""
    request = {"settings_file": str(settings_file), "output": str(output), "fresh": fresh, "processes": processes}
    return Outcome(**(zygote.build(request) if zygote else fork_build(request)))


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file under `folder` with its bytes, and every folder (None), by relative path."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


def difference(got: dict[str, bytes | None], want: dict[str, bytes | None], names=("incremental", "fresh")) -> str:
    """What differs between two trees, readably: the first paths found in one only, then a short diff of
    the first files that differ. Empty if the trees are equal."""
    if got == want:
        return ""
    lines = []
    for label, first, second in ((names[0], got, want), (names[1], want, got)):
        only = sorted(set(first) - set(second))
        if only:
            lines.append(f"only in the {label} build ({len(only)}): {', '.join(only[:8])}")
    differing = sorted(path for path in set(got) & set(want) if got[path] != want[path])
    if differing:
        lines.append(f"differing files ({len(differing)}): {', '.join(differing[:8])}")
    for path in differing[:3]:
        a, b = got[path], want[path]
        if a is None or b is None:
            lines.append(f"{path}: a folder in one build, a file in the other")
            continue
        diff = difflib.unified_diff(
            a.decode("utf-8", "replace").splitlines(),
            b.decode("utf-8", "replace").splitlines(),
            f"{names[0]}/{path}",
            f"{names[1]}/{path}",
            n=1,
            lineterm="",
        )
        shown = [line if len(line) <= 200 else line[:200] + " …" for line in diff]
        lines += shown[:30] + ([f"… ({len(shown) - 30} more diff lines)"] if len(shown) > 30 else [])
    return "\n".join(lines)


# The content the state machine writes

WORDS = ["learning", "memory", "feedback", "practice", "reading", "habits", "network", "quiz", "notes", "routine"]
TAGS = ["memory", "habits", "C", "c++", "pln"]
# Few moments, so that posts often share one (ordering ties); all before 2026-11-25, so none is in the future.
POST_DATES = ["2026-11-20 10:00", "2026-11-18 09:30", "2026-10-05 08:00", "2026-03-01 12:00", "2026-11-20"]
NAME_DAYS = ["2026-11-20", "2026-10-05", "2026-03-01"]
NAME_WORDS = ["alpha", "beta", "gamma", "delta", "i-dont-have-time", "routine", "weekly", "echo"]
EXPLICIT_SLUGS = ["no-time", "fresh-start", "weekly", "alpha", "notes-2"]
IMAGES = ["x.png", "map.png", "photo.png"]
LINK_FILES = ["2026-W44.yaml", "2026-W47.yaml", "2026-W48.yaml", "misc.yaml", "older/reading.yml"]
LINK_DATES = ["2026-10-28 08:00", "2026-11-10 09:15", "2026-11-11", "2026-11-17 18:30", "2026-11-20 10:00",
              "2026-11-23 07:50", "2026-11-24 12:00"]  # fmt: skip
PEOPLE = [("janedoe", "Jane Doe", "https://janedoe.example/"), ("sam", "Sam Roe", "https://sam.example/"),
          ("amara", "Amara Okafor", "https://amara.example.org/")]  # fmt: skip
VIAS = [None, "janedoe", "sam", "amara", "jandoe", "https://friend.example/", "A colleague"]
# Snapshots of the people's feeds (content/reading.json, written by `invoke fetch-reading`), which /reading/ shows:
# none yet, one, and the same edited (a title changed, an item added, a person's items gone).
_MOMENT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
READING_SNAPSHOTS = [
    None,
    dumps({
        "janedoe": Entry("https://janedoe.example/feed.xml", (Item("On quizzes", "https://janedoe.example/q", _MOMENT),)),
        "sam": Entry("https://sam.example/feed.xml", (Item("Undated notes", summary="Some words."),)),
    }),
    dumps({
        "janedoe": Entry("https://janedoe.example/feed.xml", (
            Item("On quizzes, again", "https://janedoe.example/q", _MOMENT),
            Item("Older", "https://janedoe.example/o", _MOMENT - timedelta(days=9)),
        )),
        "amara": Entry("https://amara.example.org/feed.xml", (Item("Reading lists", None, _MOMENT),)),
    }),
]  # fmt: skip
# Results of `invoke check-links` (content/link-checks.yaml), which give dead links an archive link: none yet, one
# link dead, and another dead (its address written another way) while the first recovered.
_DAY = datetime(2026, 11, 24).date()
_Check = link_checks.Check
LINK_CHECKS = [
    None,
    link_checks.dumps([_Check("https://example.org/2026-W47.yaml/0", _DAY, 404, _DAY, _DAY, _DAY),
                       _Check("https://example.org/misc.yaml/0", _DAY, 503, _DAY)]),
    link_checks.dumps([_Check("https://example.org/2026-W47.yaml/0", _DAY, 200),
                       _Check("HTTP://example.org/2026-W48.yaml/1/", _DAY, 410, _DAY, _DAY, _DAY)]),
]  # fmt: skip

words = st.lists(st.sampled_from([*WORDS, "**bold**", "*em*", "`code`"]), min_size=1, max_size=6).map(" ".join)
titles = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(lambda ws: " ".join(ws).capitalize())
tags = st.lists(st.sampled_from(TAGS), unique=True, max_size=3)


def slugify(title: str) -> str:
    return "-".join(title.lower().split())


def reference(target: str) -> str:
    """A Markdown link to a content file: an image is shown, a post linked."""
    if target.startswith("images/"):
        return f"![A description]({{static}}/{target})"
    return f"[see]({{filename}}/{target})"


@dataclass
class Post:
    title: str
    date: str
    tags: list[str]
    body: str
    refs: list[str] = field(default_factory=list)  # content-relative paths of the files it links to
    summary: str | None = None
    slug: str | None = None
    status: str | None = None
    category: str | None = None
    front_matter: bool = False  # YAML front matter instead of Pelican's header

    def text(self) -> str:
        fields = [("title", self.title), ("date", self.date)]
        if self.tags:
            fields.append(("tags", f"[{', '.join(self.tags)}]" if self.front_matter else ", ".join(self.tags)))
        for name in ("category", "summary", "slug", "status"):
            if getattr(self, name) is not None:
                fields.append((name, getattr(self, name)))
        body = "\n\n".join([self.body, *(f"{reference(target)} more {self.title.lower()}." for target in self.refs)])
        if self.front_matter:  # text in double quotes: a summary may start with * or `
            quoted = [(name, json.dumps(value) if name in ("title", "summary") else value) for name, value in fields]
            return "---\n" + "".join(f"{name}: {value}\n" for name, value in quoted) + f"---\n\n{body}\n"
        return "".join(f"{name.capitalize()}: {value}\n" for name, value in fields) + f"\n{body}\n"


@dataclass
class Page:
    title: str
    body: str
    refs: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"- [a post]({{filename}}/{target})" for target in self.refs]
        return f"Title: {self.title}\n\n{self.body}\n\n" + "".join(line + "\n" for line in lines)


@dataclass
class Link:
    title: str
    date: str
    tags: list[str]
    note: str | None
    via: str | None


def links_file(name: str, links: list[Link], summary: str | None) -> str:
    """A link-notes file: a list of links, or (with a summary) `summary:` and `links:`."""
    indent = "  " if summary is not None else ""
    out = [f"summary: |\n  {summary}\nlinks:\n"] if summary is not None else []
    for number, link in enumerate(links):
        # One address per file and place: editing a link keeps its address, and no address is saved twice.
        out.append(f"{indent}- url: https://example.org/{name.replace('/', '-')}/{number}\n")
        out.append(f"{indent}  title: {link.title}\n{indent}  date: {link.date}\n")
        if link.tags:
            out.append(f"{indent}  tags: [{', '.join(link.tags)}]\n")
        if link.note is not None:
            out.append(f"{indent}  note: |\n{indent}    {link.note}\n")
        if link.via is not None:
            out.append(f"{indent}  via: {link.via}\n")
    return "".join(out) or "[]\n"


link_strategy = st.builds(
    Link,
    title=titles,
    date=st.sampled_from(LINK_DATES),
    tags=tags,
    note=st.none() | words,
    via=st.sampled_from(VIAS),
)

TEMPLATE_SLOTS = {  # where an edit of a template goes
    "article.html": "{% block content %}\n",
    "base.html": "</footer>\n",
}
TEMPLATE_EDITS = ["", "{# a comment: the pages stay the same #}\n", '<p class="extra">An added line.</p>\n',
                  '<p class="extra">{{ SITENAME }} again.</p>\n']  # fmt: skip
CSS_EDITS = ["", "/* a comment */\n", ".extra { color: #333; }\n"]


class IncrementalBuilds(RuleBasedStateMachine):
    """A site in its own folder, edited step by step; after each step, incremental build == fresh build."""

    examples = 0

    def __init__(self, base: Path, zygote: Zygote):
        super().__init__()
        self.zygote = zygote
        IncrementalBuilds.examples += 1
        self.base = base / f"example-{IncrementalBuilds.examples}"
        self.site = Site(self.base / "site")
        self.output = self.site.folder / "output"
        self.fresh_output = self.base / "fresh" / "output"
        self.theme = self.site.folder / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.base_settings = self.site.settings.read_text(encoding="utf-8") + f"THEME = {str(self.theme)!r}\n"
        self.overrides: dict[str, object] = {}
        self.posts: dict[str, Post] = {}
        self.about = Page("About", "Who writes this site.")
        self.links: dict[str, tuple[list[Link], str | None]] = {}
        self.people: list[tuple[str, str, str]] = []
        self.reading: bytes | None = None
        self.check_results: bytes | None = None
        self.images: dict[str, bytes] = {}

    def teardown(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    # The files on disk follow the model: only files that changed are written.

    def content_files(self) -> dict[str, bytes]:
        files = {f"posts/{name}": post.text().encode() for name, post in self.posts.items()}
        files["pages/about.md"] = self.about.text().encode()
        for name, (links, summary) in self.links.items():
            files[f"links/{name}"] = links_file(name, links, summary).encode()
        if self.people:
            people = [
                f"- id: {id_}\n  name: {name}\n  site: {site}\n  feed: {site}feed.xml\n"
                for id_, name, site in self.people
            ]
            files["blogroll.yaml"] = "".join(people).encode()
        for name, data in self.images.items():
            files[f"images/{name}"] = data
        if self.reading is not None:
            files["reading.json"] = self.reading
        if self.check_results is not None:
            files["link-checks.yaml"] = self.check_results
        return files

    def sync(self) -> None:
        wanted = self.content_files()
        content = self.site.content
        for path in sorted(content.rglob("*")):
            if path.is_file() and path.relative_to(content).as_posix() not in wanted:
                path.unlink()
        for relative, data in wanted.items():
            write_if_changed(content / relative, data)
        for path in sorted(content.rglob("*"), reverse=True):  # empty folders go, except posts/ and pages/
            if path.is_dir() and path.name not in ("posts", "pages") and not any(path.iterdir()):
                path.rmdir()
        settings_text = self.base_settings + "".join(f"{name} = {value!r}\n" for name, value in self.overrides.items())
        write_if_changed(self.site.settings, settings_text.encode())

    def effective_slug(self, name: str, post: Post) -> str:
        if post.slug:
            return post.slug
        dated = re.match(r"\d{4}-\d{2}-\d{2}-(.+)\.md$", name)
        return dated[1] if dated else slugify(post.title)

    def used_slugs(self, besides: str | None = None) -> set[str]:
        return {self.effective_slug(name, post) for name, post in self.posts.items() if name != besides}

    def targets(self) -> list[str]:
        """Files a post may link to (not a link-notes file: the build refuses links to one)."""
        return sorted([f"posts/{name}" for name in self.posts] + [f"images/{name}" for name in self.images])

    def missing_targets(self) -> list[tuple[str, str]]:
        """(file, missing file it links to) for every link to a file that does not exist."""
        existing = set(self.content_files())
        sources = [*((f"posts/{name}", post.refs) for name, post in self.posts.items()), ("about", self.about.refs)]
        return [(source, target) for source, refs in sources for target in refs if target not in existing]

    def expected_problems(self) -> list[str]:
        """Why the model expects the build to stop: links to missing files, links from a published post or
        page to a draft (it is not written), two posts with one slug."""
        reasons = [f"{source} links to the missing {target}" for source, target in self.missing_targets()]
        reasons += [f"{source} links to the draft {target}" for source, target in self.links_to_drafts()]
        slugs = Counter(self.effective_slug(name, post) for name, post in self.posts.items())
        reasons += [f"two posts with the slug {slug}" for slug, count in slugs.items() if count > 1]
        return reasons

    def links_to_drafts(self) -> list[tuple[str, str]]:
        """(file, draft it links to) for every link from a post that is not a draft, or the About page."""
        drafts = {f"posts/{name}" for name, post in self.posts.items() if post.status == "draft"}
        sources = [(f"posts/{name}", post.refs) for name, post in self.posts.items() if post.status != "draft"]
        return [(source, target) for source, refs in [*sources, ("about", self.about.refs)] for target in refs
                if target in drafts]  # fmt: skip

    def forget(self, target: str, new: str | None, dangling: bool) -> None:
        """A file was deleted (new is None) or renamed: links to it follow, unless left dangling on purpose."""
        if dangling:
            return

        def follow(refs: list[str]) -> list[str]:
            return [new if ref == target else ref for ref in refs if ref != target or new is not None]

        for name, post in self.posts.items():
            self.posts[name] = replace(post, refs=follow(post.refs))
        self.about = replace(self.about, refs=follow(self.about.refs))

    # Steps

    @initialize(data=st.data(), extra_posts=st.integers(0, 3))
    def start(self, data, extra_posts) -> None:
        self.posts["2026-10-05-i-dont-have-time.md"] = Post(
            "I don't have time", "2026-10-05 08:00", ["habits"], "A routine of *fifteen* minutes."
        )
        self.posts["2026-11-20-alpha.md"] = Post(
            "Notes on memory", "2026-11-20 10:00", ["memory", "C"], "Some words.",
            refs=["posts/2026-10-05-i-dont-have-time.md", "images/x.png"], summary="A short summary.",
        )  # fmt: skip
        self.about = Page("About", "Who writes this site.", ["posts/2026-10-05-i-dont-have-time.md"])
        self.people = [PEOPLE[0]]
        self.links["2026-W47.yaml"] = ([Link("One", "2026-11-17 18:30", ["memory"], "A *note*.", "janedoe")], None)
        self.images["x.png"] = b"\x89PNG first"
        self.overrides = {"DEFAULT_PAGINATION": 3, "LINK_WEEKS_PER_PAGE": 2}
        for word in NAME_WORDS[1 : 1 + extra_posts]:
            self.posts[f"{data.draw(st.sampled_from(NAME_DAYS), label='day')}-{word}.md"] = self.draw_post(data, False)
        self.sync()

    @precondition(lambda self: len(self.posts) < 6)
    @rule(data=st.data(), dated=st.sampled_from([True, True, True, False]), front_matter=st.booleans())
    def add_post(self, data, dated, front_matter) -> None:
        used = self.used_slugs()
        if dated:
            day = data.draw(st.sampled_from(NAME_DAYS), label="day")
            free = [word for word in NAME_WORDS if word not in used and f"{day}-{word}.md" not in self.posts]
            if not free:
                return
            name = f"{day}-{data.draw(st.sampled_from(free), label='word')}.md"
        else:
            free = [word for word in NAME_WORDS if f"{word}.md" not in self.posts]
            if not free:
                return
            name = f"{data.draw(st.sampled_from(free), label='word')}.md"
        self.posts[name] = self.draw_post(data, front_matter)
        self.sync()

    def draw_post(self, data, front_matter: bool, slug: str | None = None) -> Post:
        targets = self.targets()
        return Post(
            title=data.draw(titles, label="title"),
            date=data.draw(st.sampled_from(POST_DATES), label="date"),
            tags=data.draw(tags, label="tags"),
            body=data.draw(words, label="body"),
            refs=data.draw(st.lists(st.sampled_from(targets), unique=True, max_size=3), label="refs")
            if targets
            else [],
            summary=data.draw(st.none() | words, label="summary"),
            slug=slug,
            status=data.draw(st.sampled_from([None, None, "hidden", "draft"]), label="status"),
            category=data.draw(st.sampled_from([None, "Practice", "Research"]), label="category"),
            front_matter=front_matter,
        )

    @precondition(lambda self: self.posts)
    @rule(data=st.data())
    def edit_post(self, data) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)), label="post")
        old = self.posts[name]
        self.posts[name] = self.draw_post(data, old.front_matter, old.slug)
        self.sync()

    @precondition(lambda self: self.posts)
    @rule(data=st.data())
    def set_slug(self, data) -> None:
        """Give a post an explicit Slug (or take it away): pages that link to it must follow."""
        name = data.draw(st.sampled_from(sorted(self.posts)), label="post")
        used = self.used_slugs(besides=name)
        free = [slug for slug in EXPLICIT_SLUGS if slug not in used]
        self.posts[name] = replace(self.posts[name], slug=data.draw(st.sampled_from([None, *free]), label="slug"))
        self.sync()

    @precondition(lambda self: len(self.posts) >= 2)
    @rule(data=st.data())
    def same_moment(self, data) -> None:
        """Two posts with the same date and time: their order must not depend on the build."""
        first, second = data.draw(st.lists(st.sampled_from(sorted(self.posts)), min_size=2, max_size=2, unique=True))
        self.posts[second] = replace(self.posts[second], date=self.posts[first].date)
        self.sync()

    @precondition(lambda self: self.posts)
    @rule(data=st.data())
    def link_to(self, data) -> None:
        """A post links to another post or an image."""
        name = data.draw(st.sampled_from(sorted(self.posts)), label="post")
        target = data.draw(st.sampled_from(self.targets()), label="target")
        post = self.posts[name]
        if target not in post.refs:
            self.posts[name] = replace(post, refs=[*post.refs, target])
        self.sync()

    @precondition(lambda self: self.posts)
    @rule(data=st.data())
    def link_to_a_missing_post(self, data) -> None:
        """A mistake: the build must stop, in both builds alike, and leave the last good output as it was."""
        name = data.draw(st.sampled_from(sorted(self.posts)), label="post")
        self.posts[name] = replace(self.posts[name], refs=[*self.posts[name].refs, "posts/2026-01-01-missing.md"])
        self.sync()

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), status=st.sampled_from([None, "hidden", "draft"]))
    def set_status(self, data, status) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)), label="post")
        self.posts[name] = replace(self.posts[name], status=status)
        self.sync()

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), dangling=st.sampled_from([False, False, False, True]))
    def delete_post(self, data, dangling) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)), label="post")
        del self.posts[name]
        self.forget(f"posts/{name}", None, dangling)
        self.sync()

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), dangling=st.sampled_from([False, False, False, True]))
    def rename_post(self, data, dangling) -> None:
        """Rename a post's file as an editor does (the file keeps its modification time); links follow."""
        name = data.draw(st.sampled_from(sorted(self.posts)), label="post")
        post = self.posts[name]
        used = self.used_slugs(besides=name)
        choices = [
            new
            for new in [f"{day}-{word}.md" for day in NAME_DAYS for word in NAME_WORDS] + ["echo.md", "weekly.md"]
            if new not in self.posts and self.effective_slug(new, post) not in used
        ]
        if not choices:
            return
        new = data.draw(st.sampled_from(choices), label="new name")
        (self.site.content / "posts" / name).rename(self.site.content / "posts" / new)
        self.posts = {new if key == name else key: value for key, value in self.posts.items()}
        self.forget(f"posts/{name}", f"posts/{new}", dangling)
        self.sync()

    @precondition(lambda self: self.missing_targets() or self.expected_problems())
    @rule()
    def repair(self) -> None:
        """Fix what stops the build: links to missing files and to drafts go, posts sharing a slug get their own."""
        existing = set(self.content_files())
        existing -= {f"posts/{name}" for name, post in self.posts.items() if post.status == "draft"}
        for name, post in self.posts.items():
            self.posts[name] = replace(post, refs=[ref for ref in post.refs if ref in existing])
        self.about = replace(self.about, refs=[ref for ref in self.about.refs if ref in existing])
        seen: set[str] = set()
        for number, (name, post) in enumerate(sorted(self.posts.items())):
            if self.effective_slug(name, post) in seen:
                self.posts[name] = replace(post, slug=f"fixed-{number}")
            seen.add(self.effective_slug(name, self.posts[name]))
        self.sync()

    @rule(name=st.sampled_from(IMAGES), data=st.binary(min_size=1, max_size=8))
    def write_image(self, name, data) -> None:
        self.images[name] = b"\x89PNG" + data
        self.sync()

    @precondition(lambda self: self.images)
    @rule(data=st.data(), dangling=st.sampled_from([False, False, False, True]))
    def delete_image(self, data, dangling) -> None:
        name = data.draw(st.sampled_from(sorted(self.images)), label="image")
        del self.images[name]
        self.forget(f"images/{name}", None, dangling)
        self.sync()

    @rule(data=st.data(), title=st.sampled_from(["About", "About me"]), body=words)
    def edit_about(self, data, title, body) -> None:
        posts = [f"posts/{name}" for name in sorted(self.posts)]
        refs = data.draw(st.lists(st.sampled_from(posts), unique=True, max_size=3), label="refs") if posts else []
        self.about = Page(title, body, refs)
        self.sync()

    @rule(name=st.sampled_from(LINK_FILES), links=st.lists(link_strategy, min_size=1, max_size=3), data=st.data())
    def write_links_file(self, name, links, data) -> None:
        """Add or edit a file of link notes; a file named after its week may have a summary."""
        summary = data.draw(st.none() | words, label="summary") if name.startswith("2026-W") else None
        self.links[name] = (links, summary)
        self.sync()

    @precondition(lambda self: self.links)
    @rule(data=st.data(), dangling=st.sampled_from([False, False, False, True]))
    def delete_links_file(self, data, dangling) -> None:
        name = data.draw(st.sampled_from(sorted(self.links)), label="file")
        del self.links[name]
        self.forget(f"links/{name}", None, dangling)
        self.sync()

    @rule(
        people=st.lists(st.sampled_from(PEOPLE), unique=True, max_size=3),
        renamed=st.booleans(),
    )
    def edit_blogroll(self, people, renamed) -> None:
        self.people = [(id_, f"{name} (renamed)" if renamed else name, site) for id_, name, site in people]
        self.sync()

    @rule(snapshot=st.sampled_from(READING_SNAPSHOTS))
    def write_reading_snapshot(self, snapshot) -> None:
        """The snapshot /reading/ is made from, written (as `invoke fetch-reading` does), edited or deleted."""
        self.reading = snapshot
        self.sync()

    @rule(results=st.sampled_from(LINK_CHECKS))
    def write_link_checks(self, results) -> None:
        """The results of `invoke check-links`, written, changed or deleted: a dead link's archive link comes and goes."""
        self.check_results = results
        self.sync()

    @rule(
        setting=st.one_of(
            st.tuples(st.just("DEFAULT_PAGINATION"), st.integers(2, 5)),
            st.tuples(st.just("SITENAME"), st.sampled_from(["Test Site", "Learning in Public", "Notes"])),
            st.tuples(st.just("LINK_WEEKS_PER_PAGE"), st.integers(1, 3)),
        )
    )
    def change_setting(self, setting) -> None:
        name, value = setting
        self.overrides[name] = value
        self.sync()

    @rule(template=st.sampled_from(sorted(TEMPLATE_SLOTS)), edit=st.sampled_from(TEMPLATE_EDITS))
    def edit_template(self, template, edit) -> None:
        slot = TEMPLATE_SLOTS[template]
        original = (ROOT / "theme" / "templates" / template).read_text(encoding="utf-8")
        assert original.count(slot) == 1, (template, slot)
        write_if_changed(self.theme / "templates" / template, original.replace(slot, slot + edit).encode())

    @rule(edit=st.sampled_from(CSS_EDITS))
    def edit_stylesheet(self, edit) -> None:
        original = (ROOT / "theme" / "static" / "css" / "style.css").read_bytes()
        write_if_changed(self.theme / "static" / "css" / "style.css", original + edit.encode())

    @rule(present=st.booleans())
    def theme_static_file(self, present) -> None:
        """A file in a folder of its own in the theme's static files, added or removed (with its folder)."""
        folder = self.theme / "static" / "img"
        if present:
            folder.mkdir(exist_ok=True)
            write_if_changed(folder / "mark.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>\n')
        else:
            shutil.rmtree(folder, ignore_errors=True)

    @rule(processes=st.sampled_from([1, 2]))
    def two_fresh_builds_agree(self, processes) -> None:
        """Two fresh builds of the same files are identical: one forked from this process, on one or two
        processes; one from the zygote, with another hash seed, on every core. (This step edits nothing: the
        invariant then rebuilds an unchanged site.)"""
        outputs = [self.base / "fresh-a" / "output", self.base / "fresh-b" / "output"]
        for output in outputs:
            shutil.rmtree(output.parent, ignore_errors=True)
        results = [
            build(self.site.settings, outputs[0], fresh=True, processes=processes),
            build(self.site.settings, outputs[1], fresh=True, zygote=self.zygote),
        ]
        assert (results[0].ok, results[0].problems) == (results[1].ok, results[1].problems), results
        message = difference(tree(outputs[0]), tree(outputs[1]), ("first fresh", "second fresh"))
        assert not message, "two fresh builds of the same files differ:\n" + message
        for output in outputs:
            shutil.rmtree(output.parent, ignore_errors=True)

    @invariant()
    def incremental_build_equals_fresh_build(self) -> None:
        before = tree(self.output)
        got = build(self.site.settings, self.output, fresh=False)
        shutil.rmtree(self.fresh_output.parent, ignore_errors=True)
        want = build(self.site.settings, self.fresh_output, fresh=True, zygote=self.zygote)
        assert got.problems == want.problems, (
            f"the incremental build found {got.problems}, the fresh build {want.problems}"
        )
        assert got.warnings == want.warnings, (
            f"the incremental build warned {got.warnings}, the fresh build {want.warnings}"
        )
        expected = self.expected_problems()
        assert want.ok == (not expected), (
            f"the model expected {'problems: ' + '; '.join(expected) if expected else 'a good build'}, "
            f"the build found {want.problems or 'none'}"
        )
        if want.ok:
            message = difference(tree(self.output), tree(self.fresh_output))
            assert not message, "the incremental build differs from a fresh build of the same files:\n" + message
        else:
            message = difference(tree(self.output), before, ("output after the failed build", "output before it"))
            assert not message, "a build that stopped changed the output:\n" + message


def write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.mark.slow
def test_incremental_builds_equal_fresh_builds(tmp_path):
    chosen = settings.get_profile("thorough") if settings.get_current_profile_name() == "thorough" else QUICK
    with Zygote() as zygote:
        run_state_machine_as_test(lambda: IncrementalBuilds(tmp_path, zygote), settings=chosen)


# Cases from a bug report


def post_text(title: str, date: str, extra: str = "") -> str:
    return f"Title: {title}\nDate: {date}\nTags: habits\n{extra}\nSome text.\n"


def post_links(html_file: Path) -> list[str]:
    return re.findall(r'href="([^"]*posts/[^"]*)"', html_file.read_text(encoding="utf-8"))


def test_a_new_slug_reaches_the_page_that_links_to_the_post(tmp_path):
    site = Site(tmp_path / "site")
    post = site.post("2026-10-05-i-dont-have-time.md", post_text("I don't have time", "2026-10-05 08:00"))
    site.page(
        "about.md", "Title: About\n\nStart with [the routine]({filename}/posts/2026-10-05-i-dont-have-time.md).\n"
    )
    output = site.folder / "output"
    for _ in range(2):
        assert build(site.settings, output, fresh=False).ok
    assert post_links(output / "about" / "index.html") == ["../posts/2026/i-dont-have-time/"]

    post.write_text(post_text("I don't have time", "2026-10-05 08:00", "Slug: no-time\n"))
    assert build(site.settings, output, fresh=False).ok
    assert post_links(output / "about" / "index.html") == ["../posts/2026/no-time/"]
    fresh = tmp_path / "fresh"
    assert build(site.settings, fresh, fresh=True).ok
    message = difference(tree(output), tree(fresh))
    assert not message, message


def test_posts_of_the_same_moment_keep_one_order(tmp_path):
    """Posts with one Date, added one at a time with a build after each, in opposite orders in two folders;
    one folder built from this process and the other from a zygote, so with two hash seeds."""
    names = ["2026-11-20-zebra.md", "2026-11-20-apple.md", "2026-11-20-mango.md", "2026-11-20-kiwi.md"]
    titles = "|".join(name[11:-3].capitalize() for name in names)
    builds = []
    with Zygote() as zygote:
        for label, order, here, there in (("forwards", names, None, zygote), ("backwards", names[::-1], zygote, None)):
            site = Site(tmp_path / label)
            output = site.folder / "output"
            for name in order:
                site.post(name, post_text(name[11:-3].capitalize(), "2026-11-20 10:00"))
                assert build(site.settings, output, fresh=False, zygote=here).ok
            builds.append((f"{label}, incremental", tree(output)))
            assert build(site.settings, output, fresh=False, zygote=here).ok  # once more, nothing changed
            builds.append((f"{label}, incremental again", tree(output)))
            assert build(site.settings, tmp_path / f"{label}-fresh", fresh=True, zygote=there).ok
            builds.append((f"{label}, fresh", tree(tmp_path / f"{label}-fresh")))

    def order(files: dict[str, bytes | None], path: str) -> list[str]:
        return list(dict.fromkeys(re.findall(titles, files[path].decode("utf-8"))))

    first_label, first = builds[0]
    for path in ("index.html", "archives/index.html", "feeds/all.atom.xml", "feeds/posts.rss.xml", "feeds/posts.json"):
        assert len(order(first, path)) == len(names), path
        for label, files in builds[1:]:
            seen, expected = order(files, path), order(first, path)
            assert seen == expected, f"{path}: {first_label} shows {expected}, {label} shows {seen}"
    for label, files in builds[1:]:
        message = difference(first, files, (first_label, label))
        assert not message, message
