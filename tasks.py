"""Learnlog's commands. Run `invoke --list` to see them, `invoke --help TASK` for one."""

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
SETTINGS = "pelicanconf.py"
PUBLISH_SETTINGS = "publishconf.py"  # what invoke publish builds with


@task(help={"settings": "settings file (default: pelicanconf.py)", "output": "output folder (default: OUTPUT_PATH)"})
def build(c, settings=SETTINGS, output=""):
    """Build the site into output/; stops, changing nothing, if any content has a problem."""
    from learnlog.build import build_site, print_report

    try:
        result = build_site(ROOT / settings, ROOT / (output or _output()))
    except KeyboardInterrupt:
        raise Exit("Stopped. The site in the output folder was left as it was.", code=130) from None
    print_report(result)
    if not result.ok:
        raise Exit(code=1)


@task
def clean(c):
    """Delete the built site (output/), the build's cache (cache/) and what stopped builds left behind."""
    from learnlog.build import SettingsError, load_settings, remove_leftovers
    from learnlog.settings_rules import folder_problem

    sys.path.insert(0, str(ROOT))
    try:
        settings = load_settings(ROOT / SETTINGS)
    except SettingsError as error:  # OUTPUT_PATH and CACHE_PATH are checked there too, with their lines
        raise Exit("Nothing was deleted: the settings have mistakes.\n" + "\n".join(error.problems), code=1) from None
    output, cache = settings.get("OUTPUT_PATH", "output"), settings.get("CACHE_PATH", "cache")
    # Never a folder of the author's, whatever the settings say: each must be a folder of its own.
    refused = [problem for kind in ("output", "cache") if (problem := folder_problem(settings, ROOT, kind))]
    if refused:
        raise Exit("Nothing was deleted: " + "\n".join(refused), code=1)
    for folder in (output, cache):
        shutil.rmtree(ROOT / folder, ignore_errors=True)
    remove_leftovers(ROOT / output)
    print(f"Removed {os.path.relpath(ROOT / output, ROOT)}/ and {os.path.relpath(ROOT / cache, ROOT)}/.")


@task(help={"port": "port to listen on (default: 8000)"})
def serve(c, port="8000"):
    """Serve the built site at http://localhost:8000 (run `invoke build` first)."""
    _run_python("learnlog.serve", "--port", str(port), "--output", _output())


@task(help={"port": "port to listen on (default: 8000)"})
def livereload(c, port="8000"):
    """Build, serve, and rebuild and reload the browser whenever content, theme, plugins or settings change."""
    _run_python("learnlog.serve", "--livereload", "--port", str(port), "--output", _output(), "--settings", SETTINGS)


@task(
    help={
        "title": "the post's title, in quotes",
        "tags": "tags separated by commas, for example: memory,habits",
        "date": "the post's date (default: now), as 2026-11-28 or '2026-11-28 09:30' (add +01:00 for another offset)",
    }
)
def new_post(c, title, tags="", date=""):
    """Create content/posts/<date>-<slug>.md from a template (never overwrites) and print its path."""
    from learnlog.linknote import printable
    from learnlog.newpost import MAX_FILE_BYTES, NewPostError, create_post

    timezone, links_folder = _setting("TIMEZONE", "UTC"), _setting("LINKS_PATH", "links")
    max_bytes = _setting("MARKDOWN_MAX_FILE_BYTES", MAX_FILE_BYTES)
    try:
        path = create_post(
            ROOT / "content", title, tags, date, timezone, links_folder, max_bytes, _setting("TAG_SLUGS", {})
        )
    except NewPostError as error:
        message = printable(str(error))
        raise Exit(f"Nothing was created: {message}.", code=1) from None
    except KeyboardInterrupt:
        raise Exit("Stopped. Nothing was created.", code=130) from None
    print(f"Created {path.relative_to(ROOT)}: open it in your editor and write.")


@task(
    help={
        "url": "the address of the page, starting with https://",
        "title": "the page's title (default: fetched from the page)",
        "note": "what you learned from it, in your own words (Markdown); - reads it from standard input",
        "edit": "write the note in your editor ($EDITOR), over as many lines as you like",
        "tags": "tags separated by commas",
        "via": "who you found it through: a blogroll id, an address or a name",
        "date": "when you saved it (default: now), as 2026-11-28 or '2026-11-28 09:30' (add +01:00 for another offset)",
    }
)
def link(c, url, title="", note="", tags="", via="", date="", edit=False):
    """Add a link note to its week's file in content/links/, fetching the page's title if none is given."""
    from learnlog.fetch import TitleError, fetch_title
    from learnlog.linknote import MAX_FILE_BYTES, LinkError, add_link, check_address, fetched_title, printable

    timezone, links_folder = _setting("TIMEZONE", "UTC"), _setting("LINKS_PATH", "links")
    blogroll_file = _setting("BLOGROLL_FILE", "blogroll.yaml")
    max_bytes = _setting("LINKS_MAX_FILE_BYTES", MAX_FILE_BYTES)
    fetched = None
    try:
        url = check_address(url)  # before fetching: a typing mistake is told as one
        if not title:
            print(f"Fetching the title of {printable(url)}…")
            fetched = fetch_title(url)
            title = fetched_title(fetched.title)
        if note == "-":  # the note from standard input: piped in, or typed and ended with Ctrl+D
            note = sys.stdin.read()
        if edit:
            from learnlog.editor import note_in_editor

            note = note_in_editor(title)
        added = add_link(
            ROOT / "content", url, title, note=note, tags=tags, via=via, when=date,
            timezone=timezone, links_folder=links_folder, blogroll_file=blogroll_file, max_bytes=max_bytes,
            tag_slugs=_setting("TAG_SLUGS", {}),
        )  # fmt: skip
    except (TitleError, LinkError) as error:
        raise Exit(f"The link was not saved: {printable(str(error))}.", code=1) from None
    except KeyboardInterrupt:
        raise Exit("Stopped. The link was not saved.", code=130) from None
    for place in added.saved_before:
        print(f"Note: you saved this address before, at {place}.")
    if fetched and fetched.note:  # a redirect to another site: the address given is the one saved
        print(f"Note: {printable(fetched.note)}.")
    print(f"Saved “{printable(added.title)}” to {added.path.relative_to(ROOT)}:{added.line}.")


@task(help={"date": "a day of the week to reflect on (default: this week), as 2026-11-28"})
def reflect(c, date=""):
    """Open this week's link-notes file at its summary, the week's reflection, in your editor ($EDITOR)."""
    from learnlog.editor import check_editor, editor_command, run_editor
    from learnlog.linknote import MAX_FILE_BYTES, LinkError, locked, printable
    from learnlog.reflect import editor_failed, open_reflection, problems_after_editing

    timezone, links_folder = _setting("TIMEZONE", "UTC"), _setting("LINKS_PATH", "links")
    max_bytes = _setting("LINKS_MAX_FILE_BYTES", MAX_FILE_BYTES)
    try:
        check_editor()  # before the file is changed for it
        opened = open_reflection(ROOT / "content", date, timezone, links_folder, max_bytes)
        command = editor_command(opened.path, opened.line + 1)  # the first line of the reflection
    except LinkError as error:
        raise Exit(f"Nothing was changed: {printable(str(error))}.", code=1) from None
    where = f"{opened.path.relative_to(ROOT)}:{opened.line}"
    if opened.changed:
        print(f"Added 'summary: |' to {where}; every link in the file is as it was.")
    if command is None:
        print(f"Write the week's reflection under 'summary: |' in {where}, each line indented by two spaces.")
        return
    try:
        with locked(ROOT / "content"):  # no other command writes the file while the editor has it open
            run_editor(command)
    except LinkError as error:  # what was added is taken out again if nothing else changed the file since
        raise Exit(printable(editor_failed(opened, ROOT / "content", str(error))), code=1) from None
    except KeyboardInterrupt:
        stopped = f"the editor {command[0]!r} was stopped with Ctrl+C"
        raise Exit(printable(editor_failed(opened, ROOT / "content", stopped)), code=130) from None
    problems = problems_after_editing(opened.path, max_bytes)
    if problems:  # said now, in the words of the build, rather than at the next build
        from learnlog.build import first_of

        listed = "\n".join(f"  {printable(problem)}" for problem in first_of(problems))
        raise Exit(
            f"The week's file has {len(problems)} problem{'s' if len(problems) != 1 else ''} to fix:\n{listed}", code=1
        )
    print(f"Saved. {opened.path.relative_to(ROOT)} builds as it is.")


@task(help={"settings": "settings file (default: pelicanconf.py; publishconf.py checks the published build)"})
def check(c, settings=SETTINGS):
    """Build the site into a temporary folder and check content, internal links, anchors and feeds."""
    from learnlog.build import (
        build_site,
        first_of,
        print_report,
        publishing_problems,
        scheduled_time,
        scratch_folder,
    )  # fmt: skip
    from learnlog.check import check_site

    with scratch_folder("learnlog-check-") as folder:
        result = build_site(ROOT / settings, Path(folder) / "site", fresh=True)  # from scratch: no cache
        if not result.ok:
            print_report(result, output_named=False)  # the site was built into a temporary folder
            raise Exit(code=1)
        problems = check_site(result.output, result.settings["SITEURL"])
    if Path(settings).name == PUBLISH_SETTINGS:  # checked as invoke publish checks it
        problems = publishing_problems(ROOT / settings) + problems
    for warning in first_of(result.warnings):
        print(f"warning: {warning}")
    for where, when in result.scheduled:
        print(f"scheduled: {where} appears on {scheduled_time(when)}")
    if problems:
        print(f"The check found {len(problems)} problem{'s' if len(problems) != 1 else ''}:")
        for problem in first_of(problems):
            print(f"  {problem}")
        raise Exit(code=1)
    print(f"All good: {result.pages} pages, their links and the feeds checked.")


@task(
    help={
        "remote": "git remote to push to (default: GITHUB_PAGES_REMOTE, origin)",
        "branch": "branch to publish to (default: GITHUB_PAGES_BRANCH, gh-pages)",
        "dry_run": "build and check everything, but push nothing",
    }
)
def publish(c, remote="", branch="", dry_run=False):
    """Fetch the reading list's feeds, build with publishconf.py, check, then commit the site to gh-pages and push."""
    from learnlog.build import SettingsError, publishing_problems
    from learnlog.publish import PublishError, describe
    from learnlog.publish import publish as publish_site
    from learnlog.reading import refresh_before_publish

    try:  # /reading/'s feeds first (not with READING_REFRESH = False); a feed that fails never stops publishing
        with contextlib.suppress(SettingsError):  # told by publish_site, with its lines
            if not publishing_problems(ROOT / PUBLISH_SETTINGS):  # else nothing is published: nothing is fetched
                refresh_before_publish(ROOT / PUBLISH_SETTINGS)
    except KeyboardInterrupt:
        raise Exit("Stopped. Nothing was published; content/reading.json is as it was.", code=130) from None
    try:
        done = publish_site(ROOT, PUBLISH_SETTINGS, remote or None, branch or None, dry_run)
    except PublishError as error:
        raise Exit(f"Nothing was published: {error}", code=1) from None
    print(describe(done))


@task(
    name="import",
    help={
        "file": "the export file: bookmarks.html, a Pocket or Raindrop CSV, or Pinboard's JSON",
        "format": "netscape, pocket-html, pocket-csv, raindrop or pinboard (default: told from the file)",
        "dry_run": "show what would be written (counts per year, the first notes, every problem); write nothing",
        "folders_as_tags": "make each bookmark's folders (collections in Raindrop) tags too",
        "skip_private": "leave out bookmarks marked private (by default they are saved as drafts)",
        "skip_unread": 'leave out bookmarks marked unread or "to read"',
        "as_drafts": "save unread bookmarks as drafts, published only when you delete their 'draft: true' line",
    },
)
def import_(
    c, file, format="", dry_run=False, folders_as_tags=False, skip_private=False, skip_unread=False, as_drafts=False
):
    """Import bookmarks from a browser, Pocket, Raindrop or Pinboard as link notes, keeping their dates and tags."""
    from learnlog.importer import Options, import_bookmarks, report
    from learnlog.importer_formats import FORMAT_HINT, FORMATS, MAX_EXPORT_BYTES, ExportError
    from learnlog.linknote import MAX_FILE_BYTES, LinkError, printable

    if format and format not in FORMATS:
        raise Exit(f"Nothing was imported: there is no format {printable(repr(format))}; {FORMAT_HINT}.", code=1)
    path = Path(file)
    if path.exists() and not path.is_file():  # a folder, or a device such as /dev/zero that never ends
        raise Exit(f"Nothing was imported: {printable(file)} is not a file; give the export file.", code=1)
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            raise Exit(f"Nothing was imported: {printable(file)} is over {MAX_EXPORT_BYTES:,} bytes; export a folder "
                       "or a year of your bookmarks at a time, or split the file.", code=1)  # fmt: skip
        raw = path.read_bytes()
    except OSError as error:
        raise Exit(
            f"Nothing was imported: {printable(file)} could not be read ({error.strerror or error}).", code=1
        ) from None
    options = Options(folders_as_tags, skip_private, skip_unread, as_drafts, dry_run)
    try:
        with _progress() as progress:
            result = import_bookmarks(
                ROOT / "content", raw, format=format, options=options, timezone=_setting("TIMEZONE", "UTC"),
                links_folder=_setting("LINKS_PATH", "links"), tag_slugs=_setting("TAG_SLUGS", {}),
                max_bytes=_setting("LINKS_MAX_FILE_BYTES", MAX_FILE_BYTES), progress=progress,
            )  # fmt: skip
    except ExportError as error:
        raise Exit(
            f"Nothing was imported: {printable(file)}:{error.line}: {printable(error.message)}.", code=1
        ) from None
    except LinkError as error:
        raise Exit(f"Nothing was imported: {printable(str(error))}.", code=1) from None
    except KeyboardInterrupt:
        raise Exit(
            "Stopped. Each week's file is either as it was or has all its new links; import again for the rest.",
            code=130,
        ) from None
    print("\n".join(report(result, file, dry_run=dry_run, as_drafts=as_drafts)))
    if result.problems or result.stopped:
        raise Exit(code=1)


@task(
    name="import-blogroll",
    help={
        "opml": "the OPML file your feed reader exported: its list of subscriptions",
        "dry_run": "show who would be added, skipped and changed, and every problem; write nothing",
        "folders_as_tags": "make each folder's name a tag of its people (the default; --no-folders-as-tags for none)",
    },
)
def import_blogroll(c, opml, dry_run=False, folders_as_tags=True):
    """Add the people a feed reader follows (its OPML export) to content/blogroll.yaml, each once."""
    from learnlog.blogroll_import import BlogrollImportError, report
    from learnlog.blogroll_import import import_blogroll as import_people
    from learnlog.linknote import printable

    try:
        result = import_people(
            ROOT / "content", Path(opml), blogroll_file=_setting("BLOGROLL_FILE", "blogroll.yaml"), dry_run=dry_run,
            folders_as_tags=folders_as_tags, links_folder=_setting("LINKS_PATH", "links"),
            tag_slugs=_setting("TAG_SLUGS", {}),
        )  # fmt: skip
    except BlogrollImportError as error:
        raise Exit(f"Nothing was imported: {printable(str(error))}.", code=1) from None
    except KeyboardInterrupt:
        raise Exit("Stopped. content/blogroll.yaml is as it was.", code=130) from None
    print("\n".join(report(result, opml)))
    if result.problems:  # what could be read was added; the rest is listed with its line and fix
        raise Exit(code=1)


@task(
    help={
        "force": "ask every feed now and in full, even one that answered within the hour",
        "settings": "settings file (default: publishconf.py, so the feeds' owners see your site's real address)",
    }
)
def fetch_reading(c, force=False, settings=PUBLISH_SETTINGS):
    """Fetch the newest posts of the blogroll's feeds into content/reading.json, which /reading/ shows."""
    from learnlog.linknote import printable
    from learnlog.reading import ReadingError, report_lines
    from learnlog.reading import fetch_reading as fetch_feeds

    try:
        report = fetch_feeds(ROOT / settings, force=force)
    except ReadingError as error:  # a mistake in the settings, the blogroll or the snapshot: nothing was fetched
        first, *more = str(error).splitlines()
        raise Exit("\n".join(printable(line) for line in [f"Nothing was fetched: {first}.", *more]), code=1) from None
    except KeyboardInterrupt:
        raise Exit("Stopped. content/reading.json is as it was.", code=130) from None
    print("\n".join(report_lines(report)))
    if report.failed:  # the others were saved; each feed that failed kept its last good items
        raise Exit(code=1)


@task(
    help={
        "settings": "settings file (default: publishconf.py, so the sites checked see your site's real address)",
    }
)
def check_links(c, settings=PUBLISH_SETTINGS):
    """Check every saved address politely and record what was found in content/; dead links get an archive link."""
    from learnlog.check_links import CheckLinksError, report_lines, shown
    from learnlog.check_links import check_links as check_addresses

    try:
        report = check_addresses(ROOT / settings, say=lambda line: print(line, file=sys.stderr, flush=True))
    except CheckLinksError as error:  # a mistake in the settings or the results file, or offline: nothing recorded
        raise Exit(f"Nothing was recorded: {shown(error)}", code=1) from None
    except KeyboardInterrupt:
        raise Exit("Stopped. Nothing was recorded: the results file is as it was.", code=130) from None
    print("\n".join(report_lines(report)))  # dead links are information, not an error: the exit code stays 0


@contextlib.contextmanager
def _progress():
    """A progress bar on the terminal (rich) for a long import, as a function (stage, done, total); nothing
    when the output is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        stages: dict[str, object] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in stages:
                stages[stage] = bar.add_task(stage, total=total)
            bar.update(stages[stage], completed=done)

        yield advance


def _output() -> str:
    """The output folder: OUTPUT_PATH from the preview settings."""
    return _setting("OUTPUT_PATH", "output")


def _setting(name, default):
    """One value from the preview settings, for commands that need it (time zone, folders); a mistake in
    the settings file ends the command with its message (file, line and fix), as a build would."""
    from learnlog.build import SettingsError, load_settings

    sys.path.insert(0, str(ROOT))
    try:
        return load_settings(ROOT / SETTINGS).get(name, default)
    except SettingsError as error:
        raise Exit("\n".join(error.problems), code=1) from None


@task(
    help={
        "args": "extra pytest arguments, for example: -k escaping",
        "thorough": "run the property-based tests on many more random cases (several minutes)",
    }
)
def test(c, args="", thorough=False):
    """Run the whole test suite."""
    # One pytest worker per core (pytest-xdist): most tests wait on builds, servers and git in other processes.
    workers = ["-n", "auto"] if "-n" not in args.split() else []
    _run_python("pytest", *workers, *args.split(), *(["--hypothesis-profile=thorough"] if thorough else []))


def _run_python(module, *arguments):
    """Run `python -m module` in the project folder; a failure exits with its code, without a traceback."""
    try:
        code = subprocess.call([sys.executable, "-m", module, *arguments], cwd=ROOT)
    except KeyboardInterrupt:
        code = 0
    if code:
        raise Exit(code=code)


@task(
    help={
        "size": "learner (300 posts, 3,000 links), reference (1,000 and 10,000), large (4,000 and 40,000), small "
        "(100 and 1,000), both (learner and reference: the default) or all",
        "runs": "builds of each kind (default: 3)",
        "write_results": "also write the figures to benchmarks/RESULTS.md",
    }
)
def bench(c, size="both", runs=3, write_results=False):
    """Time our build beside stock Pelican and Hugo on synthetic learning logs; prints every figure and target."""
    _run_python("benchmarks.run", "--size", size, "--runs", str(runs), *(["--write-results"] if write_results else []))
