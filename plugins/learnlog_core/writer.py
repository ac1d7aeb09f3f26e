"""Pelican's writer, rendering the site's pages on every core.

Generators ask the writer for pages one by one. This writer keeps the requests in order and, when
`flush()` is called (before the sitemap lists the pages, and at the end of the build), hands them
out to one process per core (see processes.py); each process renders its share with Pelican's own
`Writer.write_file`, so every page is rendered exactly as Pelican renders it, and Pelican's
`content_written` signal is sent for it, in the process that wrote it.

Pelican's writer refuses to let two pages write one file, except a page that asks to override
(`save_as` in its header). Each process checks its own share that way; the files written by all of
them are then compared here, and pages that override are written last, in this process, so they win
as they do in Pelican.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from pelican import signals
from pelican.writers import Writer

from .build import build_of
from .problems import ContentErrors, display_path
from .processes import map_in_processes


class PageRequest(NamedTuple):
    """The arguments of one `Writer.write_file` call."""

    name: str
    template: object
    context: dict
    relative_urls: bool
    paginated: dict | None
    template_name: str | None
    override_output: bool
    url: str | None
    kwargs: dict


class SameFileTwice(Exception):
    """Two pages would be written to one file: the site would silently lose one of them."""


class ParallelWriter(Writer):
    def __init__(self, output_path: str, settings: dict | None = None):
        super().__init__(output_path, settings=settings)
        self.build = build_of(settings)
        self.build.writer = self
        self.requests: list[PageRequest | Callable[[], None]] = []

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):  # fmt: skip
        """Pelican's `Writer.write_file`, queued: the page is rendered at the next `flush()`."""
        if name:
            request = PageRequest(
                name, template, context, relative_urls, paginated, template_name, override_output, url, kwargs
            )
            self.requests.append(request)

    def add_task(self, task: Callable[[], None]) -> None:
        """Queue other work that writes files of its own (a feed), to be shared out with the pages."""
        self.requests.append(task)

    def flush(self) -> None:
        """Render every queued page and run every queued task, on every core.

        Raises SameFileTwice when two pages (that do not override) would be written to one file, and
        whatever rendering raises (a template error: WorkerError from another process).
        """
        requests, self.requests = self.requests, []
        self._check_names([request for request in requests if isinstance(request, PageRequest)])
        overriding = [request for request in requests if isinstance(request, PageRequest) and request.override_output]
        shared = [request for request in requests if not (isinstance(request, PageRequest) and request.override_output)]
        written = [path for paths in map_in_processes(self._run, shared, self.build.processes) for path in paths]
        overridden = {path for request in overriding for path in self._run(request)}
        twice = sorted(path for path, count in Counter(written).items() if count > 1 and path not in overridden)
        if twice:
            shown = os.path.relpath(twice[0], self.output_path).replace(os.sep, "/")
            raise SameFileTwice(
                f"two pages would be written to {shown}; give one of them another 'Slug:' or 'Save_as:'"
            )

    def _check_names(self, requests: list[PageRequest]) -> None:
        """Before anything is rendered: two pages asked for one file are reported, naming what each is."""
        by_name: dict[str, list[PageRequest]] = {}
        for request in requests:
            by_name.setdefault(os.path.normpath(request.name), []).append(request)
        for name, asking in sorted(by_name.items()):
            if len(asking) > 1:
                sources = [_source(request) for request in asking]
                path = next((source for source in sources if source), "")
                shown = " and ".join(_described(request) for request in asking)
                self.build.report(
                    path, 0, f"{shown} would be written to one file, {name}; give one of them another 'Slug:' or title"
                )
        if self.build.problems:
            raise ContentErrors(self.build.problems)

    def _run(self, request: PageRequest | Callable[[], None]) -> list[str]:
        """Do one request here; return the files it wrote (paths, as Pelican's writer names them)."""
        if not isinstance(request, PageRequest):
            request()
            return []
        paths: list[str] = []

        def record(path, context=None):
            paths.append(path)

        with signals.content_written.connected_to(record):
            Writer.write_file(
                self, request.name, request.template, request.context, request.relative_urls, request.paginated,
                request.template_name, request.override_output, request.url, **request.kwargs,
            )  # fmt: skip
        return paths


def flush_pages(writer: Writer) -> None:
    """Render the pages queued so far, if the writer queues them (see ParallelWriter)."""
    if isinstance(writer, ParallelWriter):
        writer.flush()


def _source(request: PageRequest) -> str:
    """The content file a page is made from, or "" for a page of the site itself (the home page, a list)."""
    item = request.kwargs.get("article") or request.kwargs.get("page")
    return getattr(item, "source_path", "")


def _described(request: PageRequest) -> str:
    """What a page is, in the author's words: a content file, a tag's page, or a page of the site."""
    if _source(request):
        return display_path(_source(request))
    for kind in ("tag", "category"):
        if request.kwargs.get(kind) is not None:
            return f"the page of the {kind} '{request.kwargs[kind].name}'"
    return f"the site's {request.template_name or 'own'} page"
