"""Read new and changed files on every core before the build, filling the caches the build reads from.

Pelican reads posts one after another on one core. Before it starts, this reads every post, page and
link-notes file that is not in the cache (or changed since) in a pool of worker processes, and stores
the results in the very caches Pelican and the link-notes plugin use. The build itself then finds them
all there. A file with problems is left out, so the build reads it again and reports them.
"""

from __future__ import annotations

import fnmatch
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

logger = logging.getLogger(__name__)
# Below this many files to read, starting worker processes costs more than it saves.
MINIMUM_FILES = 40
MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")


def workers() -> int:
    if os.environ.get("LEARNLOG_PLAIN"):
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def prefill(settings: dict) -> int:
    """Fill the reader caches in parallel; return how many files were read."""
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")) or workers() < 2:
        return 0
    if _few_changed(settings):
        return 0  # without loading the caches, which takes time on a large site
    from pelican.cache import FileStampDataCacher
    from pelican.readers import Readers

    jobs: list[tuple[str, str]] = []  # (kind, absolute path)
    caches = {}
    for generator, folders, exclude in (
        ("ArticlesGenerator", settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
        ("PagesGenerator", settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
    ):
        readers = Readers(settings, f"{generator}-Readers")
        caches[generator] = readers
        for path in _files(settings, folders, exclude, MARKDOWN):
            if readers.get_cached_data(path, None) is None:
                jobs.append((generator, path))
    if "LINKS_PATH" in settings:
        from link_notes.generator import CACHE_NAME

        notes = FileStampDataCacher(settings, CACHE_NAME, True, True)
        caches["links"] = notes
        for path in _files(settings, [settings["LINKS_PATH"]], [], (".yaml", ".yml")):
            if notes.get_cached_data(path, None) is None:
                jobs.append(("links", path))
    if len(jobs) < MINIMUM_FILES:
        return 0

    count = workers()
    shares = count * 16  # small shares: no worker waits long for the other to finish its last one
    chunks = [jobs[index::shares] for index in range(shares)]
    context = multiprocessing.get_context("fork")  # the workers start with the settings and plugins loaded
    with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_start, initargs=(settings,)) as pool:
        for results, warnings in pool.map(_read, chunks):
            for message in warnings:
                logger.warning("%s", message)
            for kind, path, data in results:
                if data is not None:
                    caches[kind].cache_data(path, data)
    for cache in caches.values():
        cache.save_cache()
    return len(jobs)


def _few_changed(settings: dict) -> bool:
    """True when fewer than MINIMUM_FILES files were saved since their cache was: a quick look at
    modification times only. (A file it misses is still read by the build itself, just not in parallel.)"""
    from link_notes.generator import CACHE_NAME

    kinds = [
        ("ArticlesGenerator-Readers", settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"], MARKDOWN),
        ("PagesGenerator-Readers", settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"], MARKDOWN),
    ]
    if "LINKS_PATH" in settings:
        kinds.append((CACHE_NAME, [settings["LINKS_PATH"]], [], (".yaml", ".yml")))
    changed = 0
    for cache_name, folders, exclude, extensions in kinds:
        try:
            cached_at = os.stat(os.path.join(settings["CACHE_PATH"], cache_name)).st_mtime_ns
        except OSError:
            return False  # no cache yet: everything is new
        for path in _files(settings, folders, exclude, extensions):
            try:
                changed += os.stat(path).st_mtime_ns >= cached_at
            except OSError:
                continue
            if changed >= MINIMUM_FILES:
                return False
    return True


def _files(settings: dict, folders: list[str], exclude: list[str], extensions: tuple[str, ...]) -> list[str]:
    """The files Pelican's generators would read, as absolute paths."""
    root = settings["PATH"]
    ignores = settings["IGNORE_FILES"]
    excluded = {os.path.normpath(os.path.join(root, folder)) for folder in exclude}
    found = []
    for folder in folders:
        top = os.path.join(root, folder)
        for current, dirs, files in os.walk(top, followlinks=True):
            dirs[:] = sorted(
                d for d in dirs
                if not any(fnmatch.fnmatch(d, ignore) for ignore in ignores)
                and os.path.normpath(os.path.join(current, d)) not in excluded
            )  # fmt: skip
            for name in sorted(files):
                if name.endswith(extensions) and not any(fnmatch.fnmatch(name, ignore) for ignore in ignores):
                    found.append(os.path.join(current, name))
    return found


# In each worker process

_worker: dict = {}


class _Remember(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _start(settings: dict) -> None:
    from link_notes.render import NoteRenderer
    from pelican.readers import Readers

    _worker["readers"] = Readers(settings, "")  # readers only, no cache in the workers
    _worker["render"] = NoteRenderer()
    _worker["settings"] = settings
    _worker["log"] = _Remember()
    logging.getLogger().addHandler(_worker["log"])


def _read(chunk: list[tuple[str, str]]):
    from learnlog_core.problems import problem_list
    from link_notes.parsing import parse_links_file
    from pelican.readers import _DISCARD

    settings = _worker["settings"]
    results = []
    for kind, path in chunk:
        if kind == "links":
            data = parse_links_file(Path(path).read_bytes(), settings["LINKS_MAX_FILE_BYTES"], _worker["render"])
            results.append((kind, path, None if data["problems"] else data))
            continue
        reader = _worker["readers"].readers[path.rsplit(".", 1)[-1]]
        content, metadata = reader.read(path)
        metadata = {name: value for name, value in metadata.items() if value is not _DISCARD}
        skipped = metadata.get("status") == "skip"
        results.append((kind, path, None if skipped else (content, metadata)))
    problem_list(settings).clear()  # problems are found again, and reported, by the build itself
    warnings, _worker["log"].messages = _worker["log"].messages, []
    return results, warnings
