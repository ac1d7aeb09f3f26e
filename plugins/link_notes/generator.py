"""The link-log generator: reads and checks link notes, then writes the link roll, weeks, blogroll and tag pages."""

from __future__ import annotations

import itertools
import logging
import os
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from learnlog_core import fields, shared, strict_yaml
from learnlog_core.build import build_of
from learnlog_core.cache import text_key
from learnlog_core.filters import LongDate
from learnlog_core.problems import display_path
from learnlog_core.processes import map_in_processes
from learnlog_core.slugs import Names
from pelican.generators import Generator
from pelican.urlwrappers import Tag

from . import weeks as weeks_module
from .blogroll import looks_like_address, meant_id, name_key, parse_blogroll
from .link_checks import archive_address
from .link_checks import loads as load_checks
from .model import Link, Person, Week, newest_first
from .parsing import parse_links_file
from .render import NoteRenderer

logger = logging.getLogger(__name__)
# Below this many files to read, starting processes costs more than it saves.
MINIMUM_FOR_PROCESSES = 20
WEEK_FILE_NAME = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})$")


class LinkNotesGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build = build_of(self.settings)
        # Reading a file is a pure function of its bytes and LINKS_MAX_FILE_BYTES (and our code).
        self._cache = self.build.cache("link_notes", self.settings["LINKS_MAX_FILE_BYTES"], self.settings["CACHE_PATH"])
        self._renderer = None
        self.weeks: list[Week] = []
        self.people: list[Person] = []
        self.tag_index: list[tuple[Tag, list, list[Link]]] = []

    def render(self, markdown_text: str) -> str:
        if self._renderer is None:  # only built when some file is not in the cache
            self._renderer = NoteRenderer()
        return self._renderer(markdown_text)

    # Reading

    def generate_context(self) -> None:
        zone = ZoneInfo(self.settings["TIMEZONE"])
        self.people = self._read_blogroll()
        links, summaries, file_weeks = self._read_link_files(zone, datetime.now(zone))
        self.weeks = self._group_weeks(links, summaries)
        self._connect(links)
        self._mark_gone(links, self._dead_addresses())
        self._register_files(file_weeks)
        self.tag_index = self._tag_index(links)
        self.context[shared.LINK_WEEKS] = self.weeks
        self.context[shared.LATEST_WEEK] = self.weeks[0] if self.weeks else None
        self.context[shared.BLOGROLL] = self.people
        self.context[shared.TAG_INDEX] = self.tag_index
        self.build.lap("read links")

    def _read_link_files(self, zone: ZoneInfo, now: datetime) -> tuple[list[Link], dict, dict]:
        """Every shown link; each week's summary; the week each file stands for."""
        people = {person.id: person for person in self.people}
        # A via may also be a person's name, however it is capitalised (blogroll.name_key); two people of one
        # name: the first, as blogroll.meant_id reads them.
        people_by_name: dict = {}
        for person in self.people:
            people_by_name.setdefault(name_key(person.name), person)
        tags: dict = {tag.slug: tag for tag, _ in self.context["tags"]}
        links, summaries, file_weeks = [], {}, {}
        files = sorted(self.get_files(self.settings["LINKS_PATH"], extensions=("yaml", "yml")))
        for relative, parsed in zip(files, self._parse_files(files), strict=True):
            path = os.path.join(self.path, relative)
            for line, message in parsed["problems"]:
                self.build.report(path, line, message)
            file_links = [self._link(raw, relative, zone, (people, people_by_name), tags) for raw in parsed["links"]]
            week = file_weeks[relative] = self._week_of_file(relative, file_links)
            named_badly = week is None and WEEK_FILE_NAME.search(Path(relative).stem)  # reported already
            if parsed["summary"] and not named_badly:
                self._add_summary(summaries, week, relative, parsed["summary"])
            shown = [link for link, raw in zip(file_links, parsed["links"], strict=True) if not raw["draft"]]
            links += [link for link in shown if link.date <= now]
            for link in shown:
                if link.date > now:  # shown from its date on: the daily rebuild publishes it
                    self.build.schedule(path, link.line, link.date)
        with_links = {weeks_module.iso_week(link.date) for link in links}
        for week, (relative, _) in sorted(summaries.items()):
            if week not in with_links:  # written, but on no page: say so rather than lose it without a word
                self._warn(
                    relative,
                    1,
                    f"the summary of week {week[1]} of {week[0]} is not shown: that week has no published links "
                    "(yet); add its links, or move the summary to the file of the week they are in",
                )
        return links, {week: html for week, (_, html) in summaries.items()}, file_weeks

    def _parse_files(self, files: list[str]) -> list[dict]:
        """Each file read and checked (parsing.py), from the cache or, for those not in it, on every core."""
        raw = [Path(self.path, relative).read_bytes() for relative in files]
        keys = [text_key(data) for data in raw]
        missing = sorted({key: data for key, data in zip(keys, raw, strict=True) if key not in self._cache}.items())
        processes = self.build.processes if len(missing) >= MINIMUM_FOR_PROCESSES else 1
        for (key, _), parsed in zip(missing, map_in_processes(self._parse, missing, processes), strict=True):
            self._cache.put(key, parsed)
        return [self._cache.get(key) for key in keys]

    def _parse(self, keyed: tuple[str, bytes]) -> dict:
        return parse_links_file(keyed[1], self.settings["LINKS_MAX_FILE_BYTES"], self.render)

    def _add_summary(self, summaries: dict, week, relative: str, html: str) -> None:
        path = os.path.join(self.path, relative)
        if week is None:
            message = (
                "the summary belongs to no week: add links, or name the file after its week, such as 2026-W48.yaml"
            )
        elif week in summaries:
            other = display_path(os.path.join(self.path, summaries[week][0]))
            message = f"week {week[1]} of {week[0]} already has a summary in {other}; keep one"
        else:
            summaries[week] = (relative, html)
            return
        self.build.report(path, 1, message)

    def _read_blogroll(self) -> list[Person]:
        path = os.path.join(self.path, self.settings["BLOGROLL_FILE"])
        if not os.path.isfile(path):
            return []
        text, problem = strict_yaml.decoded(Path(path).read_bytes())
        if problem is not None:  # on its line, counted as in the link-notes files
            self.build.report(path, problem.line, problem.message)
            return []
        people, problems = parse_blogroll(text, self.render)
        for line, message in problems:
            self.build.report(path, line, message)
        for person in people:
            person.url = f"{self.settings['BLOGROLL_URL']}#{person.id}"
        return people

    def _dead_addresses(self) -> set[str]:
        """The addresses `invoke check-links` last found dead (LINK_CHECKS_FILE in the content folder), as
        fields.same_page writes them; each problem of the file is reported with its line, and the build then stops,
        as for any content. No file is no problem: no link has been found dead. The build never uses the network.
        Reading the file is a pure function of its bytes, kept in the cache (thousands of addresses take a while)."""
        path = os.path.join(self.path, self.settings["LINK_CHECKS_FILE"])
        if not os.path.lexists(path):
            return set()
        if not os.path.isfile(path):
            self.build.report(path, 0, "this is not a file; delete it, then run invoke check-links to write it")
            return set()
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            self.build.report(path, 0, f"the file could not be read ({error.strerror or error}); check its permissions")
            return set()
        cache = self.build.cache("link_checks", None, self.settings["CACHE_PATH"])
        key = text_key(raw)
        if key not in cache:
            checks, problems = load_checks(raw)
            dead = sorted(address for address, check in checks.items() if check.dead)
            cache.put(key, {"dead": dead, "problems": problems})
        found = cache.get(key)
        for line, message in found["problems"]:
            self.build.report(path, line, message)
        return set(found["dead"])

    def _mark_gone(self, links: list[Link], dead: set[str]) -> None:
        """Give each link whose address is marked dead (`dead`: their fields.same_page) its archive link, pinned to
        the day it was saved."""
        if not dead:
            return
        long_date = LongDate(self.settings["DEFAULT_DATE_FORMAT"])
        for link in links:
            if fields.same_page(link.url) in dead:
                link.archive_url = archive_address(link.url, link.date)  # link.date: in the site's time zone
                link.archive_day = long_date(link.date)

    def _link(self, raw: dict, relative: str, zone: ZoneInfo, blogroll: tuple[dict, dict], tags: dict) -> Link:
        """The Link of a parsed entry. blogroll: (people by id, people by name_key of their name)."""
        people, named = blogroll
        moment = raw["date"]
        moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
        link = Link(
            url=raw["url"],
            title=raw["title"],
            date=moment,
            timed=raw.get("timed", True),
            tags=list(
                dict.fromkeys(
                    self._tag(name, tags, relative, raw.get("tags_line", raw["line"])) for name in raw["tags"]
                )
            ),
            note=raw["note"],
            quote=raw["quote"],
            pinned_id=raw.get("id"),
            source_path=relative,
            line=raw["line"],
        )
        via = raw["via"]
        if via in people:
            link.via_person = people[via]
        elif via and name_key(via) in named:  # a person's name, however it is capitalised: their entry
            link.via_person = named[name_key(via)]
        elif via and re.match(r"^https?://", via, re.IGNORECASE):
            link.via_url = via
        elif via:
            link.via_name = via
            meant = meant_id(via, people)
            if meant:
                self._warn(relative, raw["via_line"], f"via '{via}' is not in the blogroll; did you mean '{meant}'?")
            elif looks_like_address(via):
                self._warn(
                    relative,
                    raw["via_line"],
                    f"via '{via}' looks like a web address but is not a whole one, so it is shown as a name; "
                    "write the whole address, starting with https://",
                )
        return link

    def _tag(self, name: str, tags: dict, relative: str, line: int) -> Tag:
        """One Tag object per tag, shared with the posts', its slug made by the posts' rule (slugs.py)."""
        known = tags.get(("name", name))
        if known is None:
            tag = Tag(name, self.settings)
            names = self.build.keep(
                "tag names",
                lambda: Names("tag", self.settings["TAG_URL"], self.build, self.settings.get("TAG_SLUGS", {})),
            )
            tag.slug = names.slug(name, os.path.join(self.path, relative), line) or ""  # "": reported
            known = tags[("name", name)] = tags.setdefault(tag.slug, tag)
        return known

    def _warn(self, relative: str, line: int, message: str) -> None:
        logger.warning("%s:%d: %s", display_path(os.path.join(self.path, relative)), line, message)

    def _week_of_file(self, relative: str, links: list[Link]) -> tuple[int, int] | None:
        named = WEEK_FILE_NAME.search(Path(relative).stem)
        if named:
            year, week = int(named["year"]), int(named["week"])
            weeks_in_year = date(year, 12, 28).isocalendar()[1]  # 28 December is always in the year's last week
            if 1 <= week <= weeks_in_year:
                return year, week
            dated = sorted(weeks_module.iso_week(link.date) for link in links)
            fix = (
                f"name it after the week of its links, {dated[0][0]}-W{dated[0][1]:02d}.yaml" if dated else "rename it"
            )
            self.build.report(
                os.path.join(self.path, relative),
                1,
                f"the file is named for week {week} of {year}, which has only {weeks_in_year} weeks (ISO 8601), so "
                f"its summary would be shown nowhere; {fix}",
            )
            return None
        if not links:
            return None
        counts = Counter(weeks_module.iso_week(link.date) for link in links)
        return max(counts, key=lambda week: (counts[week], week))

    def _group_weeks(self, links: list[Link], summaries: dict) -> list[Week]:
        by_week: dict[tuple[int, int], list[Link]] = {}
        for link in links:
            by_week.setdefault(weeks_module.iso_week(link.date), []).append(link)
        weeks = []
        for (year, number), week_links in sorted(by_week.items(), reverse=True):
            first, last = weeks_module.week_days(year, number)
            values = {"iso_year": year, "iso_week": number}
            week = Week(
                iso_year=year,
                iso_week=number,
                url=self.settings["WEEK_URL"].format(**values),
                save_as=self.settings["WEEK_SAVE_AS"].format(**values),
                label=weeks_module.week_label(year, number),
                first_day=first,
                last_day=last,
                links=sorted(week_links, key=newest_first, reverse=True),
                summary=summaries.get((year, number), ""),
                top_tags=weeks_module.top_tags((link.tags for link in week_links), self.settings["LINK_WEEK_TOP_TAGS"]),
            )
            for link in week.links:
                link.week = week
            weeks.append(week)
        for newer, older in itertools.pairwise(weeks):
            newer.older, older.newer = older, newer
        return weeks

    def _connect(self, links: list[Link]) -> None:
        """Each person's links, newest first, and a problem for two links to one address in one week."""
        for week in self.weeks:
            seen: dict[str, Link] = {}
            for link in week.links:
                key = fields.same_page(link.url)
                if key in seen:
                    other = seen[key]
                    where = f"{display_path(os.path.join(self.path, other.source_path))}:{other.line}"
                    if other.url == link.url:
                        message = f"'{link.url}' is saved twice in week {week.iso_week} (also at {where}); keep one"
                    else:
                        message = (
                            f"'{link.url}' is the page saved as '{other.url}' at {where}, in the same week "
                            f"{week.iso_week}; keep one"
                        )
                    self.build.report(os.path.join(self.path, link.source_path), link.line, message)
                seen.setdefault(key, link)
        for link in sorted(links, key=newest_first, reverse=True):
            if link.via_person:
                link.via_person.links.append(link)

    def _register_files(self, file_weeks: dict) -> None:
        """Let posts link to a week with {filename}/links/2026-W48.yaml."""
        by_key = {(week.iso_year, week.iso_week): week for week in self.weeks}
        for relative, key in file_weeks.items():
            if key in by_key:
                self.context["generated_content"][relative.replace(os.sep, "/")] = by_key[key]

    def _tag_index(self, links: list[Link]) -> list[tuple[Tag, list, list[Link]]]:
        """(tag, its posts, its links) for every tag of a post or a link, by name."""
        index: dict[str, tuple[Tag, list, list]] = {}
        for tag, posts in self.context["tags"]:
            index[tag.slug] = (tag, list(posts), [])
        for link in sorted(links, key=newest_first, reverse=True):
            for tag in link.tags:
                index.setdefault(tag.slug, (tag, [], []))[2].append(link)
        return sorted(index.values(), key=lambda entry: (entry[0].name.lower(), entry[0].slug))

    # Writing

    def generate_output(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        write = writer.write_file
        write(
            self.settings["LINKS_SAVE_AS"], self.get_template("links"), self.context, relative,
            paginated={"weeks": self.weeks}, template_name="links", url=self.settings["LINKS_URL"],
            page_name="links/index", weeks=self.weeks,
        )  # fmt: skip
        week_template = self.get_template("week")
        for week in self.weeks:
            write(week.save_as, week_template, self.context, relative, week=week, page_name=week.save_as[:-5])
        write(
            self.settings["BLOGROLL_SAVE_AS"], self.get_template("blogroll"), self.context, relative,
            people=self.people, page_name="blogroll/index",
        )  # fmt: skip
        tag_template = self.get_template("tag")
        for tag, posts, links in self.tag_index:
            items = sorted([*posts, *links], key=newest_first, reverse=True)
            write(
                f"{tag.url}index.html", tag_template, self.context, relative,
                paginated={"items": items}, template_name="tag", url=tag.url,
                tag=tag, posts=posts, links=links, page_name=f"{tag.url}index",
            )  # fmt: skip
