"""The reading-list generator: reads and checks the snapshot (snapshot.py), then writes /reading/ from it and the
blogroll. The build never uses the network: the snapshot is what `invoke fetch-reading` last fetched."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo

from learnlog_core import shared
from learnlog_core.build import build_of
from pelican.generators import Generator

from .page import reading_page
from .snapshot import Entry, read


class ReadingGenerator(Generator):
    """Writes /reading/ (READING_SAVE_AS) through the theme's reading.html."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.snapshot: dict[str, Entry] | None = None  # None: no snapshot file (yet)
        self.updated = None  # when the snapshot last changed (aware, UTC), if it says

    def generate_context(self) -> None:
        """Read the snapshot (READING_FILE, in the content folder) and report each of its problems with its line:
        the build then stops, as for any content. No file is no problem: the page says how to make one."""
        path = os.path.join(self.path, self.settings["READING_FILE"])
        if not os.path.lexists(path):
            return
        build = build_of(self.settings)
        if not os.path.isfile(path):
            build.report(path, 0, "this is not a file; delete it, then run invoke fetch-reading to write it")
            return
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            build.report(path, 0, f"the file could not be read ({error.strerror or error}); check its permissions")
            return
        snapshot, problems = read(raw)
        for line, message in problems:
            build.report(path, line, message)
        self.snapshot, self.updated = snapshot.people, snapshot.updated

    def generate_output(self, writer) -> None:
        """Queue /reading/ with the writer. The blogroll (shared.BLOGROLL) is read here, when every generator has
        read its content, whatever the order of PLUGINS."""
        settings = self.settings
        page = reading_page(
            self.context.get(shared.BLOGROLL, []),
            self.snapshot,
            settings["READING_ITEMS"],
            ZoneInfo(settings["TIMEZONE"]),
            self.updated,
        )
        writer.write_file(
            settings["READING_SAVE_AS"], self.get_template("reading"), self.context, settings["RELATIVE_URLS"],
            page_name="reading/index", reading=page,
        )  # fmt: skip
