"""Hostile text in every field an author writes: the build either makes a valid site or stops with a message
naming the file and line, never a traceback, never a hang.

Hypothesis generates small sites whose titles, tags, categories, slugs, summaries, Markdown bodies, pages,
link notes (url, title, tags, note, via, quote, id), week summaries, blogroll entries and site settings are
drawn from hostile alphabets: C0 and C1 control characters and DEL, Unicode non-characters, zero-width
and direction characters, emoji (ZWJ sequences, variation selectors, flags), combining marks,
right-to-left scripts, CJK, symbols and punctuation only ("C#", "C++", "!!!"), YAML's own characters,
Markdown and HTML, long runs, deep nesting, names the site uses for its own pages, and any text at all.
Each example draws a few of these alphabets for the whole site, so that some sites are only unusual
(and should build) while others are broken (and should stop). Link notes, the blogroll and YAML front
matter are written with yaml.safe_dump (valid YAML, so the fields' own checks are tested) or, in the
last test, pasted in as they are (so YAML's errors are tested).

Every build is held to site_checks.site_problems(): EITHER it succeeds, and then every HTML page
parses without error, no page repeats an id, every file has an address a link can name, each post,
page and link written is on the site at an address of its own, tags and categories written
differently are kept apart, and every feed parses, has unique ids, absolute http(s) addresses, ASCII
RSS <link> and <guid>, and follows RFC 4287 or the JSON Feed 1.1 schema; OR it stops with exit
status 1, no "Traceback", and every problem starts with `content/…:LINE:` (or `pelicanconf.py:LINE:`)
naming a line of that file. Either way the output never prints a control character of the content as
it is (a terminal would act on it), and a build that runs longer than site_checks.BUILD_TIMEOUT is a
failure. (For YAML pasted in as it is, what the site holds is not known: its pages and feeds are
checked, not what they list.)

Each example is a whole build in a new process, about half a second: the default run (55 examples)
takes under a minute. A failing example is then shrunk to a small one, which takes a few minutes more.
`invoke test --thorough` (the "thorough" profile registered in conftest.py) tries as many examples as
that profile says:

    .venv/bin/pytest --hypothesis-profile=thorough tests/test_hostile_fields.py
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from conftest import Build, Site
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from site_checks import Expected, build, feed_problems, page_problems, site_problems


def examples(count: int) -> settings:
    """`count` examples in the default run (each one is a whole build); under another profile, such as
    `--hypothesis-profile=thorough`, as many as that profile says."""
    common = {
        "deadline": None,
        "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    }
    if settings.get_current_profile_name() == "default":
        return settings(max_examples=count, database=None, print_blob=True, **common)
    return settings(**common)


# Hostile alphabets


def _characters(codes) -> list[str]:
    return [chr(code) for code in codes]


# Line feed is left out: it ends a header line, which the other alphabets test well enough on their own.
CONTROL = _characters([*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)])
NONCHARACTERS = [
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\ufdd9",
    "\ufdef",
    "\U0001fffe",
    "\U0001ffff",
    "\U0010fffe",
    "\U0010ffff",
]
INVISIBLE = [
    *"\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff",
    *"\u00ad\u061c\u180e\u3164\u2028\u2029\u0085\u00a0\u3000\u2800\u115f\U000e0001\U000e0020",
]
EMOJI = [
    "😀",
    "🧠",
    "👩\u200d💻",  # a ZWJ sequence
    "❤\ufe0f",  # a variation selector
    "\ufe0e",
    "👍🏽",  # a skin-tone modifier
    "🏳\ufe0f\u200d🌈",
    "1\ufe0f\u20e3",  # a keycap
    "🇬🇧",  # a flag: two regional indicators
    "🇬",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # a flag made of tag characters
    "☕",
    "©",
]
COMBINING = [
    "e\u0301",
    "\u0301",
    "a\u0336\u0336",
    "Z\u0351\u0352\u0353\u0354\u0355\u0356",
    "\u20dd",
    "ก\u0e49",
    "ᄀ\u1161\u11a8",
]
RIGHT_TO_LEFT = ["مرحبا", "שלום", "ܫܠܡܐ", "یادگیری", "ע\u05b4ב\u05b0ר\u05b4י\u05b4ת", "١٢٣", "\u0627\u0644"]
CJK = ["日本語", "学习", "한국어", "ｶﾀｶﾅ", "ＡＢＣ", "〜", "𠀋", "。", "「」", "\u3000"]
PUNCTUATION = [
    *["C#", "C++", "C", "c", "F#", ".NET", "!!!", "...", "-", "_", "--", "&", "<", ">", "&amp;", "%20", "%", "/"],
    *["\\", "..", "?", "#", "~", "@", "$", "^", "+", "=", "|", "«»", "—", "“”", "·", "'", '"', "A/B", "100%"],
    *["1.0", "ℌ", "™", "℀", "ﬁ", "½"],
]
YAML_SYNTAX = [
    *[": ", " #", "- ", "[", "]", "{", "}", "'", '"', "|", ">", "&a", "*a", "!", "!!binary", "%TAG", "`", "---"],
    *["...", "? ", ",", "yes", "no", "NO", "on", "null", "~", "0x1F", "012", "1e3", ".inf", "2026-11-31", "12:30"],
    *["<<", "=", "@", "!!python/object/apply:os.system", "\\x41"],
]
MARKUP = [
    *["<script>alert(1)</script>", "[x](javascript:alert(1))", "<!--", "-->", "```", "\n    code", "**", "__"],
    *["[^1]", "\n[^1]: a note", "{filename}/missing.md", "</p>", "<b", "&#0;", "&#x1;", "&#xfffe;", "&#x202e;"],
    *["&#128512;", "![](https://example.org/i.png)", "<a href='x'>a</a>", "{: #id }", "\n*[HTML]: x", "\\"],
    *["\n| a | b |\n|---|---|\n", "<div>", "<svg onload=alert(1)>", "<img src=x onerror=alert(1)>", "# heading"],
    *[
        "\n# Intro\n",
        "\n# Main\n",
        "\n## Latest posts\n",
        "Text[^1]\n\n[^1]: a footnote\n",
        "\n---\n",
        "\n===\n",
        "{{ SITENAME }}",
        "{% raw %}",
        "[a]",
        "\n[a]: https://example.org/a",
    ],
    *["<https://example.org>", "<mailto:a@example.org>", "[toc]", "\n[TOC]\n", "<h2 id='content'>x</h2>"],
    *["<!DOCTYPE html>", "<html lang=x>", "</body>", "</html>", "<style>", "<plaintext>", "<xmp>", "&foo;"],
    *["[x]({static}/../x.png)", "[i]({attach}index.html)", "[t]({tag}nothing)", "[a]({author}x)", "{: id='' }"],
    *["<svg><style><g id=main>"],
]
# Names the site gives its own pages and folders.
SITE_WORDS = [
    *["Tags", "links", "Archives", "feeds", "blogroll", "subscribe", "search", "index", "404", "page", "theme"],
    *["categories", "posts", "drafts", "images", "Notes", "sitemap.xml", "robots.txt", ".well-known"],
]
WORDS = st.sampled_from(["memory", "Learning", "PLN", " ", "a", "spaced practice", *SITE_WORDS])


def _from(samples: list[str]) -> st.SearchStrategy[str]:
    """A sample, or a few of the characters of the samples in any order."""
    characters = sorted({character for sample in samples for character in sample})
    return st.one_of(st.sampled_from(samples), st.text(alphabet=characters, min_size=1, max_size=6))


_SINGLES = [*CONTROL[:3], "a", "日", "😀", "👩\u200d💻", "-", " ", "ab ", "\u200b", "e\u0301", "C#", "[", "*"]
LONG = st.builds(
    lambda piece, length: piece * max(1, length // len(piece)), st.sampled_from(_SINGLES), st.integers(200, 3000)
)
NESTED = st.builds(
    lambda pair, depth: pair[0] * depth + "x" + pair[1] * depth,
    st.sampled_from(
        [
            *[("[", "]"), ("(", ")"), ("{", "}"), ("> ", ""), ("*", "*"), ('"', '"'), ("'", "'"), ("- ", "")],
            *[("<div>", "</div>"), ("[x](", ")"), ("`", "`"), ("<!--", "-->"), ("    ", ""), ("1. ", "")],
        ]
    ),
    st.integers(1, 2000),
)

ALPHABETS: dict[str, st.SearchStrategy[str]] = {
    # Simplest first: Hypothesis shrinks towards the start of a list.
    "punctuation": _from(PUNCTUATION),
    "yaml": _from(YAML_SYNTAX),
    "cjk": _from(CJK),
    "right-to-left": _from(RIGHT_TO_LEFT),
    "emoji": _from(EMOJI),
    "combining": _from(COMBINING),
    "invisible": _from(INVISIBLE),
    "markup": st.sampled_from(MARKUP),
    "noncharacters": _from(NONCHARACTERS),
    "control": _from(CONTROL),
    "nested": NESTED,
    "long": LONG,
    "any": st.text(min_size=1, max_size=12),
}


PLAIN_LINES = st.sampled_from(["Spaced practice", "Why a PLN", "memory", "Learning in public", "Notes, again"])
# A few tags, some of them one tag written two ways, so that items share tags and tag pages.
PLAIN_TAGS = st.sampled_from(["memory", "pln", "Memory", "PLN", "habits", "learning-science", "learning science"])
PLAIN_MARKDOWN = st.sampled_from(["Some **text**.", "A list:\n\n- one\n- two", "See [a page](https://example.org/x)."])
PLAIN_ADDRESSES = st.sampled_from(["https://example.org/a", "https://example.org/b/", "http://example.org/c?d=1#e"])


@dataclass(frozen=True)
class Texts:
    """The text of one site: each field is either ordinary or hostile, and the hostile ones mix a few
    alphabets, drawn for the whole site, with ordinary words. Sites whose alphabets are only unusual
    then mostly build, and the checks of the built site get to see them."""

    alphabets: tuple[str, ...]

    def hostile(self, min_pieces: int = 1, max_pieces: int = 5) -> st.SearchStrategy[str]:
        pieces = st.one_of(WORDS, *(ALPHABETS[name] for name in self.alphabets))
        return st.lists(pieces, min_size=min_pieces, max_size=max_pieces).map("".join)

    def hostile_line(self, max_pieces: int = 4) -> st.SearchStrategy[str]:
        return self.hostile(1, max_pieces).map(lambda text: text.replace("\n", " "))

    def line(self, max_pieces: int = 4) -> st.SearchStrategy[str]:
        """Text for a field on one line."""
        return st.one_of(PLAIN_LINES, self.hostile_line(max_pieces))

    def tag(self) -> st.SearchStrategy[str]:
        return st.one_of(PLAIN_TAGS, self.hostile_line(2))

    def markdown(self) -> st.SearchStrategy[str]:
        """A body: paragraphs of hostile text."""
        return st.one_of(PLAIN_MARKDOWN, st.lists(self.hostile(1, 6), min_size=1, max_size=4).map("\n\n".join))

    def slug(self) -> st.SearchStrategy[str | None]:
        return st.one_of(st.none(), st.sampled_from(["spaced-practice", "pln-2026"]), self.hostile_line(2))

    def address(self) -> st.SearchStrategy[str]:
        """A web address: an ordinary one, https://example.org/ with a hostile path, query and fragment, or
        one whose every part may be hostile (mostly https://example.org/…)."""
        scheme = st.one_of(
            st.just("https://"), st.sampled_from(["http://", "HTTPS://", "ftp://", "javascript:", "//", "", "mailto:"])
        )
        host = st.one_of(
            st.just("example.org"),
            st.sampled_from(
                [
                    *["www.example.org", "例え.jp", "xn--r8jz45g.jp", "bücher.example", "exa mple.org", "", "[::1]"],
                    *["[::1", "example.org:0", "example.org:99999", "example.org:8080", "ex\u202eample.org"],
                    *["exa\u2100mple.org", "EXAMPLE.ORG", "user:pw@example.org", "example.org.", "localhost"],
                    *["127.0.0.1", "😀.example", "ex\u200bample.org", "example.org%2F"],
                ]
            ),
        )
        part = st.one_of(st.just(""), self.hostile_line(3))
        hostile_parts = st.builds(
            lambda path, query, fragment: (
                f"https://example.org/{path}" + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
            ),
            self.hostile_line(3),
            part,
            part,
        )
        hostile = st.builds(
            lambda scheme, host, path, query, fragment: (
                f"{scheme}{host}/{path}" + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
            ),
            scheme,
            host,
            part,
            part,
            part,
        )
        return st.one_of(PLAIN_ADDRESSES, hostile_parts, hostile)


@st.composite
def texts(draw) -> Texts:
    names = draw(st.lists(st.sampled_from(list(ALPHABETS)), min_size=1, max_size=3, unique=True))
    return Texts(tuple(names))


# Generated sites


def _optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


def _rarely(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """None three times in four: for a field that stops the build whenever it is there."""
    return st.one_of(st.none(), st.none(), st.none(), strategy)


@dataclass(frozen=True)
class Post:
    title: str
    tags: tuple[str, ...]
    category: str | None
    slug: str | None
    summary: str | None
    body: str
    front_matter: bool  # YAML front matter rather than Pelican's "Key: value" lines
    unknown_field: str | None = None  # the name of a field no post has (YAML front matter only)

    def header_fields(self, date: str | None) -> dict:
        fields = {"title": self.title, **({"date": date} if date else {}), "tags": list(self.tags)}
        optional = {"category": self.category, "slug": self.slug, "summary": self.summary}
        if self.unknown_field is not None and self.front_matter:
            optional[self.unknown_field] = "x"
        return {**fields, **{name: value for name, value in optional.items() if value is not None}}

    def text(self, date: str | None, raw: bool, first_paragraph: str = "") -> str:
        fields = self.header_fields(date)
        body = f"{first_paragraph}\n\n{self.body}" if first_paragraph else self.body
        if self.front_matter and not raw:
            return f"---\n{yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)}---\n{body}\n"
        fields["tags"] = ", ".join(self.tags) if not self.front_matter else f"[{', '.join(self.tags)}]"
        lines = [f"{name if self.front_matter else name.title()}: {value}" for name, value in fields.items()]
        if self.front_matter:
            return "---\n" + "\n".join(lines) + f"\n---\n{body}\n"
        return "\n".join(lines) + f"\n\n{body}\n"

    def tag_names(self) -> list[str]:
        """The tags as the author meant them: a header line is split at commas, a YAML list is not."""
        names = self.tags if self.front_matter else ", ".join(self.tags).split(",")
        return [name.strip() for name in names if name.strip()]


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    tags: tuple[str, ...] | str  # a list, or "a, b" text
    note: str | None
    via: str | None
    quote: str | None
    pinned_id: str | None
    unknown_field: str | None = None  # the name of a field no link has

    def fields(self, date: str) -> dict:
        tags = list(self.tags) if isinstance(self.tags, tuple) else self.tags
        fields = {"url": self.url, "title": self.title, "date": date, "tags": tags}
        optional = {"note": self.note, "via": self.via, "quote": self.quote, "id": self.pinned_id}
        if self.unknown_field is not None:
            optional[self.unknown_field] = "x"
        return {**fields, **{name: value for name, value in optional.items() if value is not None}}

    def tag_names(self) -> list[str]:
        names = self.tags if isinstance(self.tags, tuple) else self.tags.split(",")
        return [name.strip() for name in names if name.strip()]


@dataclass(frozen=True)
class LinkFile:
    summary: str | None  # None: a plain list of links; else {summary: ..., links: [...]}
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    site: str
    feed: str | None
    note: str | None
    tags: tuple[str, ...]

    def fields(self) -> dict:
        optional = {"feed": self.feed, "note": self.note, "tags": list(self.tags) or None}
        fields = {"id": self.id, "name": self.name, "site": self.site}
        return {**fields, **{name: value for name, value in optional.items() if value is not None}}


@dataclass(frozen=True)
class SiteSpec:
    """A generated site. raw: YAML written with the values pasted in as they are, not with yaml.safe_dump."""

    posts: tuple[Post, ...] = ()
    pages: tuple[Post, ...] = ()
    link_files: tuple[LinkFile, ...] = ()
    blogroll: tuple[Person, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
    raw: bool = False

    def write(self, folder: Path) -> tuple[Site, Expected, dict[str, str]]:
        """Write the site into `folder`; return it, what a successful build must show of it, and the text of
        each file by its path in messages."""
        settings_text = "".join(f"{name} = {value!r}\n" for name, value in self.settings)
        site = Site(folder, settings=settings_text)
        expected = Expected()
        files = {"pelicanconf.py": site.settings.read_text(encoding="utf-8")}

        def write(path: str, text: str) -> None:
            target = site.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
            files[path] = text

        for number, post in enumerate(self.posts, 1):
            write(f"content/posts/post-{number}.md", post.text(f"2026-11-{number + 10:02d} 10:00", self.raw))
            expected.posts += 1
            expected.tags += post.tag_names()
            expected.categories += [post.category.strip()] if post.category else []
        for number, page in enumerate(self.pages, 1):
            marker = f"pagemarker{number}x"
            write(f"content/pages/page-{number}.md", page.text(None, self.raw, first_paragraph=marker))
            expected.page_markers.append(marker)
        for number, link_file in enumerate(self.link_files, 1):
            links = []
            for index, link in enumerate(link_file.links):
                links.append(link.fields(f"2026-11-{3 + 7 * (number - 1) + index:02d} 09:{index:02d}"))
                expected.links += 1
                expected.tags += link.tag_names()
            data = links if link_file.summary is None else {"summary": link_file.summary, "links": links}
            name = ("week-1.yaml", "more/week-2.yml", "week-3.yaml")[number - 1]
            write(f"content/links/{name}", self._yaml(data))
        if self.blogroll:
            write("content/blogroll.yaml", self._yaml([person.fields() for person in self.blogroll]))
        return site, expected, files

    def _yaml(self, data) -> str:
        return raw_yaml(data) if self.raw else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def raw_yaml(data, indent: str = "") -> str:
    """YAML as an author types it: values pasted in unquoted, text of several lines as a `|` block."""
    if isinstance(data, list):
        lines = []
        for item in data:
            text = raw_yaml(item, indent + "  ")
            lines.append(f"{indent}- {text[len(indent) + 2 :]}" if isinstance(item, dict) else f"{indent}- {item}\n")
        return "".join(lines)
    lines = []
    for key, value in data.items():
        if isinstance(value, list) and key == "tags":
            lines.append(f"{indent}{key}: [{', '.join(value)}]\n")
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:\n{raw_yaml(value, indent)}")
        elif "\n" in str(value):
            block = "".join(f"{indent}  {line}\n" for line in str(value).split("\n"))
            lines.append(f"{indent}{key}: |\n{block}")
        else:
            lines.append(f"{indent}{key}: {value}\n")
    return "".join(lines)


@st.composite
def posts(draw, text: Texts, pelican_header_only: bool = False) -> Post:
    return Post(
        title=draw(text.line()),
        tags=tuple(draw(st.lists(text.tag(), max_size=4))),
        category=draw(_optional(text.line(2))),
        slug=draw(text.slug()),
        summary=draw(_optional(text.line())),
        body=draw(text.markdown()),
        front_matter=False if pelican_header_only else draw(st.booleans()),
        unknown_field=draw(_optional(text.hostile_line(2))),
    )


@st.composite
def links(draw, text: Texts, people: tuple[str, ...]) -> Link:
    via = st.one_of(text.address(), text.line(2), *([st.sampled_from(people)] if people else []))
    return Link(
        url=draw(text.address()),
        title=draw(text.line()),
        tags=draw(st.one_of(st.lists(text.tag(), max_size=3).map(tuple), text.line(3))),
        note=draw(_optional(text.markdown())),
        via=draw(_optional(via)),
        quote=draw(_optional(text.line())),
        pinned_id=draw(_optional(st.one_of(text.line(2), text.address()))),
        unknown_field=draw(_rarely(text.hostile_line(2))),
    )


@st.composite
def people(draw, text: Texts) -> tuple[Person, ...]:
    ordinary = st.sampled_from(["janedoe", "sam", "ana-b"])
    ids = draw(st.lists(st.one_of(ordinary, ordinary, text.hostile_line(1)), max_size=2, unique=True))
    return tuple(
        Person(
            id=ident,
            name=draw(text.line()),
            site=draw(text.address()),
            feed=draw(_optional(text.address())),
            note=draw(_optional(text.markdown())),
            tags=tuple(draw(st.lists(text.tag(), max_size=2))),
        )
        for ident in ids
    )


@st.composite
def site_settings(draw, text: Texts) -> tuple[tuple[str, str], ...]:
    names = draw(st.lists(st.sampled_from(["SITENAME", "AUTHOR", "SITE_DESCRIPTION"]), max_size=3, unique=True))
    return tuple((name, draw(text.line())) for name in names)


@st.composite
def post_sites(draw) -> SiteSpec:
    """Posts (Pelican header lines or YAML front matter), an About page, the site's name and author."""
    text = draw(texts())
    return SiteSpec(
        posts=tuple(draw(st.lists(posts(text), min_size=1, max_size=3))),
        pages=tuple(draw(st.lists(posts(text, pelican_header_only=True), max_size=1))),
        settings=draw(st.one_of(st.just(()), site_settings(text))),
    )


@st.composite
def link_sites(draw, raw: bool = False) -> SiteSpec:
    """Link notes, week summaries and the blogroll, with a post whose tags meet the links' tags."""
    text = draw(texts())
    blogroll = draw(people(text))
    ids = tuple(person.id for person in blogroll)
    link_files = st.builds(
        LinkFile, _optional(text.markdown()), st.lists(links(text, ids), min_size=1, max_size=3).map(tuple)
    )
    return SiteSpec(
        posts=tuple(draw(st.lists(posts(text), min_size=1, max_size=1))),
        link_files=tuple(draw(st.lists(link_files, min_size=1, max_size=2))),
        blogroll=blogroll,
        raw=raw,
    )


# The tests


def assert_builds_or_stops_well(spec: SiteSpec) -> None:
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        site, expected, files = spec.write(Path(folder))
        for path, text in files.items():
            if path != "pelicanconf.py":
                note(f"{path}:\n{text[:3000]!r}")
        result = build(site)
        problems = site_problems(result, None if spec.raw else expected, files)
        log = "\n".join(result.log.strip().split("\n")[:25])
        assert not problems, "\n".join(["", *problems[:20], "", f"exit status {result.returncode}; the output:", log])


@examples(20)
@given(post_sites())
def test_posts_pages_and_settings_with_hostile_fields(spec):
    assert_builds_or_stops_well(spec)


@examples(20)
@given(link_sites())
def test_link_notes_week_summaries_and_blogroll_with_hostile_values(spec):
    assert_builds_or_stops_well(spec)


@examples(15)
@given(st.one_of(link_sites(raw=True), post_sites().map(lambda spec: SiteSpec(posts=spec.posts, raw=True))))
def test_hostile_values_pasted_into_yaml_as_they_are(spec):
    assert_builds_or_stops_well(spec)


# The checks themselves: they pass a good site and catch what they look for


def test_the_sample_site_passes_the_checks(sample_site):
    assert page_problems(sample_site.output) == []
    assert feed_problems(sample_site.output) == []


def test_the_checks_catch_what_they_look_for(tmp_path):
    output = tmp_path / "output"
    (output / "feeds").mkdir(parents=True)
    page = '<!doctype html><html lang="en"><head><title>t</title></head><body><p id="a">\x01</p><p id="a"></p>'
    (output / "index.html").write_text(page + "</body></html>", encoding="utf-8")
    (output / "feeds" / "all.atom.xml").write_text("<feed>", encoding="utf-8")
    (output / "feeds" / "all.rss.xml").write_text(
        "<rss><channel><item><guid>tag:café</guid><link>/a/</link></item></channel></rss>", encoding="utf-8"
    )
    found = "\n".join(page_problems(output) + feed_problems(output))
    for expected in (
        "index.html: not valid HTML",
        "index.html: ids used more than once: ['a']",
        "feeds/all.atom.xml: cannot be read",
        "feeds/all.json: cannot be read",
        "feeds/all.rss.xml: the item link '/a/' is not absolute",
        "feeds/all.rss.xml: <guid> 'tag:café' is not ASCII",
        "404.html: missing",
    ):
        assert expected in found, (expected, found)

    files = {"content/posts/a.md": "Title: A\n"}
    stopped = "The build stopped: 2 problems to fix. Nothing was changed in output/.\n"
    bare = Build(1, output, stopped + "  content/posts/a.md:9: no such line\n  the build stopped: KeyError: 'x'\n")
    assert site_problems(bare, None, files) == [
        "line 9 is not in content/posts/a.md (2 lines): 'content/posts/a.md:9: no such line'",
        "a problem without a file and line: \"the build stopped: KeyError: 'x'\"",
    ]
    crashed = Build(1, output, "Traceback (most recent call last):\n  ...\nKeyError: 'x'\n")
    assert site_problems(crashed, None, files) == [
        "a traceback in the output",
        "no 'The build stopped: N problems to fix.' line",
    ]
    echoed = Build(1, output, stopped + "  content/posts/a.md:1: the slug '\x1b[2J' is wrong\n")
    assert site_problems(echoed, None, files)[0].startswith("the output holds U+001B, raw")
