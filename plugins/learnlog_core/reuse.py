"""Reuse pages that did not change since the last build, instead of rendering them again.

A page written for a post, a page, a week, a tag or a category depends on the objects it shows (a post
or page: its file, and for a post page its neighbours' titles; a link: its own fields) and on what
every page shares: the settings, the theme, the plugins, the navigation and the blogroll. A
fingerprint of exactly those is kept for each page (see fingerprints.py). When it is the same at the
next build, the page is taken from the previous build (hard-linked, so it costs no copy) instead of
being rendered again.

Each page of a paginated listing (home, tags, categories, the link roll) depends on its own items; the
home page's first page also on the latest week; the blogroll on its people and their links. Other
listings (archives, the lists of tags and categories) are always rendered. Whether a page changed is
worked out, and the page reused or rendered, in forked processes, one per core; the folders of the
last build's pages are made ahead, while the content is read. Set REUSE_UNCHANGED_PAGES = False to
render every page every time, for a theme that shows other content on every page.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle

from pelican.paginator import Paginator
from pelican.writers import Writer

from .fingerprints import Fingerprints, Unfingerprintable, shared_fingerprint

STORE_NAME = "learnlog_pages_v1"
STORE_ATTRIBUTE = "learnlog_page_store"  # where the build finds the store, to save it once the site is in place
WRITER_ATTRIBUTE = "learnlog_writer"  # where the receivers find the writer, to render its queue
PREVIOUS_OUTPUT = "LEARNLOG_PREVIOUS_OUTPUT"  # set by the build: the folder of the last good build
# The keyword a write_file call passes for the one object its page shows.
MAIN_OBJECTS = ("article", "page", "week", "weeks", "tag", "category", "people")
# Listings whose first page also shows something from the context (the home page: the latest week).
FIRST_PAGE_EXTRAS = {"index": ("latest_week",)}
TASK = "task"  # marks a queued job that is not a page


class PageStore:
    """The fingerprints of the last good build's pages, and reuse of their files."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.previous_output = settings.get(PREVIOUS_OUTPUT)
        # One store per output folder: a publish or check build elsewhere does not spoil the preview's.
        folder = hashlib.sha1(str(self.previous_output).encode()).hexdigest()[:10]
        self.path = os.path.join(settings["CACHE_PATH"], f"{STORE_NAME}-{folder}")
        self.output = settings["OUTPUT_PATH"]
        self.before: dict = {}
        self.now: dict = {}
        self.fingerprints = Fingerprints()
        self.folder_maker: int | None = None  # the process making folders ahead, while there is one
        if self.previous_output and settings.get("LOAD_CONTENT_CACHE"):
            try:
                with open(self.path, "rb") as file:
                    self.before = pickle.load(file)
            except (OSError, pickle.PickleError, EOFError):
                self.before = {}
        self._shared = None

    def share(self, context: dict) -> None:
        """Work out what every page shares, once (before the work is shared out between processes)."""
        if self._shared is None:
            self._shared = shared_fingerprint(self.settings, context, self.fingerprints.stamp)

    def key(self, name: str, context: dict, parts) -> str:
        self.share(context)
        return hashlib.sha1(repr((self._shared, name, parts)).encode()).hexdigest()

    def link_previous(self, name: str, key: str) -> list[str] | None:
        """Link the previous build's files for this page into the new output, and return them
        (relative to the output); None if the page changed or its files are gone."""
        known = self.before.get(name)
        if not known or known[0] != key or not self.previous_output:
            return None
        files = known[1]
        sources = [os.path.join(self.previous_output, relative) for relative in files]
        if not all(os.path.isfile(source) for source in sources):
            return None
        for relative, source in zip(files, sources, strict=True):
            target = os.path.join(self.output, relative)
            try:
                os.link(source, target)
            except FileNotFoundError:  # its folder is not made yet (see make_folders_ahead)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.link(source, target)
        return files

    def remove_unused_folders(self) -> None:
        """Remove the folders made ahead for pages the last build had and this one has not."""
        for name in self.before.keys() - self.now.keys():
            for relative in self.before[name][1]:
                with contextlib.suppress(OSError):  # not empty: something else is in it
                    os.removedirs(os.path.dirname(os.path.join(self.output, relative)))

    def make_folders_ahead(self) -> None:
        """Make the folders of every page the last build wrote, in a forked process, while the build
        reads the content: making thousands of folders takes a while on some disks."""
        folders = {os.path.dirname(os.path.join(self.output, relative)) for _, files in self.before.values()
                   for relative in files}  # fmt: skip
        if not folders or not hasattr(os, "fork"):
            return
        child = os.fork()
        if child == 0:
            try:
                for folder in sorted(folders):
                    os.makedirs(folder, exist_ok=True)
            finally:
                os._exit(0)
        self.folder_maker = child

    def wait_for_folders(self) -> None:
        """Wait for the folders made ahead: before pages are linked and written, and before the new
        output is removed after a failed build."""
        if self.folder_maker is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.folder_maker, 0)
            self.folder_maker = None

    def reuse(self, name: str, key: str) -> bool:
        """Link the previous build's files for this page into the new output; False if that cannot be."""
        files = self.link_previous(name, key)
        if files is not None:
            self.now[name] = (key, files)
        return files is not None

    def save(self) -> None:
        if not self.settings.get("CACHE_CONTENT"):
            return
        os.makedirs(self.settings["CACHE_PATH"], exist_ok=True)
        temporary = self.path + ".tmp"
        with open(temporary, "wb") as file:
            pickle.dump(self.now, file)
        os.replace(temporary, self.path)


class _FilesInOrder(set):
    """The writer's set of files written, which also says which files the last page wrote."""

    def __init__(self):
        super().__init__()
        self.in_order: list[str] = []

    def add(self, path) -> None:
        if path not in self:
            self.in_order.append(path)
        super().add(path)


def writer_for(pelican, processes: int) -> type[Writer]:
    """The writer class for one build; its store is kept on the Pelican object for the build to save."""
    return type("ReusingWriter", (ReusingWriter,), {"pelican": pelican, "processes": processes})


def flush_pages(pelican) -> None:
    """Render the pages still queued: before the sitemap lists them, and at the end of the build."""
    writer = getattr(pelican, WRITER_ATTRIBUTE, None)
    if writer is not None:
        writer.flush()


class ReusingWriter(Writer):
    """Pelican's writer, which skips rendering a page whose fingerprint is unchanged, and renders the
    others on every core: pages are queued as the generators ask for them, and `flush()` renders the
    queue in forked processes, each a share of it (they start with everything the pages need)."""

    pelican = None
    processes = 1

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._written_files = _FilesInOrder()
        self.store = getattr(self.pelican, STORE_ATTRIBUTE, None) or PageStore(settings)
        self.queue: list[tuple] = []
        setattr(self.pelican, STORE_ATTRIBUTE, self.store)
        setattr(self.pelican, WRITER_ATTRIBUTE, self)

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):  # fmt: skip
        if not name:
            return
        reusable = template_name in FIRST_PAGE_EXTRAS or any(kwargs.get(main) is not None for main in MAIN_OBJECTS)
        if paginated is None:  # as Pelican's writer does: its listings pass their posts this way
            paginated = {key: value for key, value in kwargs.items() if key in ("articles", "dates")}
        if reusable and paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            self._write_pages(name, template, context, relative_urls, paginated, template_name, override_output, url,
                              kwargs)  # fmt: skip
            return
        parts = (template.name, relative_urls, url, kwargs, paginated or {}) if reusable else None
        # Queued: whether it changed is worked out when the queue is rendered, on every core.
        arguments = (name, template, context, relative_urls, paginated, template_name, override_output, url)
        self.queue.append((parts, arguments, kwargs))

    def _write_pages(self, name, template, context, relative_urls, paginated, template_name, override_output, url,
                     kwargs) -> None:  # fmt: skip
        """A paginated listing, page by page, so an edit re-renders only the pages whose items changed.

        Pelican's writer does the same split; each page gets the same variables (`articles_page`, …).
        Lists passed beside the paginated ones are summarised by their length: the theme shows them
        only as counts ("3 posts and 12 links"); see REUSE_UNCHANGED_PAGES for themes that do more.
        """
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
        paginators = {key: Paginator(name, url, items, self.settings, per_page) for key, items in paginated.items()}
        shared = {key: ("count", len(value)) if isinstance(value, list) else value for key, value in kwargs.items()}
        pages = next(iter(paginators.values())).num_pages
        every_page = {key: [None, *(paginator.page(number) for number in range(1, pages + 1)), None]
                      for key, paginator in paginators.items()}  # fmt: skip
        for number in range(1, pages + 1):
            page_kwargs, listed = dict(kwargs), []
            for key, paginator in paginators.items():
                page = every_page[key][number]
                page_kwargs.update({
                    f"{key}_paginator": paginator,
                    f"{key}_page": page,
                    f"{key}_previous_page": every_page[key][number - 1],
                    f"{key}_next_page": every_page[key][number + 1],
                })  # fmt: skip
                listed.append((key, number, paginator.num_pages, page.object_list))
            first = every_page[next(iter(paginators))][number]
            extras = [context.get(variable) for variable in FIRST_PAGE_EXTRAS.get(template_name, ())]
            parts = (template.name, relative_urls, first.url, shared, listed, extras if number == 1 else [])
            arguments = (
                first.save_as,
                template,
                context,
                relative_urls,
                {},  # this one page: not paginated again
                template_name,
                override_output,
                first.url,
            )
            self.queue.append((parts, arguments, page_kwargs))

    def _key(self, name, context, parts) -> str | None:
        if parts is None:
            return None
        try:
            return self.store.key(name, context, self.store.fingerprints.of(parts))
        except Unfingerprintable:
            return None

    def queue_task(self, name: str, key: str | None, task, files: list[str]) -> None:
        """Queue other work that writes `files` (a feed, say), to run with the pages on every core."""
        self.queue.append((TASK, (name, key, files), task))

    def _render(self, jobs) -> list[tuple[str, str, list[str]]]:
        """Reuse or render jobs here; return (name, key, files) for the store."""
        done = []
        for parts, arguments, kwargs in jobs:
            if parts is TASK:
                name, key, files = arguments
                kwargs()
                if key:
                    done.append((name, key, [os.path.relpath(path, self.output_path) for path in files]))
                continue
            name = arguments[0]
            key = self._key(name, arguments[2], parts)
            reused = self.store.link_previous(name, key) if key else None
            if reused is not None:
                done.append((name, key, reused))
                continue
            written = len(self._written_files.in_order)
            Writer.write_file(self, *arguments, **kwargs)
            if key:
                done.append((name, key, [os.path.relpath(path, self.output_path)
                                         for path in self._written_files.in_order[written:]]))  # fmt: skip
        return done

    def flush(self) -> None:
        """Render every queued page, using every core; the pages written are remembered for next time."""
        jobs, self.queue = self.queue, []
        self.store.wait_for_folders()
        pages = [arguments for parts, arguments, _ in jobs if parts is not TASK]
        if pages:
            self.store.share(pages[0][2])
        shares = min(self.processes, max(1, len(jobs) // 50))  # a few pages are not worth a process
        children = []
        for share in range(1, shares):
            reader, writer = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child renders its share, reports, and leaves without cleaning up
                os.close(reader)
                code = 0
                try:
                    report = pickle.dumps(("ok", self._render(jobs[share::shares])))
                except BaseException as error:  # the parent raises it
                    report, code = pickle.dumps(("error", f"{type(error).__name__}: {error}")), 1
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(report)
                os._exit(code)
            os.close(writer)
            children.append((pid, reader))
        done = self._render(jobs[0::shares])
        failures = []
        for pid, reader in children:
            with os.fdopen(reader, "rb") as pipe:
                outcome, value = pickle.loads(pipe.read() or pickle.dumps(("error", "a page-rendering process died")))
            os.waitpid(pid, 0)
            if outcome == "ok":
                done += value
            else:
                failures.append(value)
        if failures:
            raise RuntimeError(f"rendering pages failed: {failures[0]}")
        for name, key, files in done:
            self.store.now[name] = (key, sorted(files))
        self.store.remove_unused_folders()
