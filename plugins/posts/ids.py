"""Ids in a post's HTML never take an id of the theme's, and never repeat within the post.

A heading "Main" gets `id="main"` from the toc extension, the id of the theme's `<main>` that the
skip link jumps to; `{#main}`, raw HTML and footnotes can bring ids too. After Python-Markdown has
put the document together (raw HTML and code included), the postprocessor `unique_ids` renames:

- an id the theme uses (THEME_IDS) to `main_1`, `main_2`, … as the toc extension names repeated headings;
- an id already used earlier in the document, the same way (the first element keeps it);

and points `href="#old"` (and attributes that name an id, such as `aria-labelledby`) at the new
name of the first element that had `old`; an empty `id=""` is dropped. The document is made whole
first and written again by lxml (fragment.py), as the feeds write every post: the HTML means the same,
and character references may come out as the characters themselves.
"""

from __future__ import annotations

from urllib.parse import unquote

import lxml.html
from learnlog_core.shared import THEME_IDS
from lxml import etree
from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from . import fragment

LINKS = ("href", "xlink:href")
# Attributes whose value is an id, or ids separated by spaces.
ID_REFERENCES = (
    "for",
    "form",
    "list",
    "headers",
    "aria-activedescendant",
    "aria-controls",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-flowto",
    "aria-labelledby",
    "aria-owns",
    "popovertarget",
)


def free_name(taken_id: str, taken: set[str]) -> str:
    """`main` -> `main_1` (or `main_2`, … if that is taken too), as the toc extension numbers headings."""
    number = 1
    while f"{taken_id}_{number}" in taken:
        number += 1
    return f"{taken_id}_{number}"


def unique_ids(html: str, reserved: frozenset[str] = THEME_IDS) -> str:
    """`html` made whole (fragment.py), with no id in `reserved` and no id twice, and the links to renamed
    ids following them. html: an HTML fragment, such as Python-Markdown's output. reserved: the ids of
    the page around it. Returns the fragment as lxml writes it."""
    if not html.strip():
        return html
    body = fragment.parse(html)
    rename_ids(body, reserved)
    _drop_lone_backrefs(body)
    return fragment.serialise(body)


def _drop_lone_backrefs(body: lxml.html.HtmlElement) -> None:
    """A footnote written with no reference to it in the text (`[^gone]: a note`) gets a link back to a
    reference that is not there (Python-Markdown's footnotes extension): that link is dropped."""
    ids = {element.get("id") for element in body.iter(etree.Element) if element.get("id")}
    for link in list(body.iter("a")):
        href = link.get("href") or ""
        if "footnote-backref" in (link.get("class") or "").split() and href[1:] not in ids:
            link.drop_tree()


def rename_ids(wrapper: lxml.html.HtmlElement, reserved: frozenset[str] = THEME_IDS) -> None:
    """Rename, in place, the ids under `wrapper` (an lxml element) that are in `reserved` or repeat an
    earlier one, and the links and id references to them (see the module's docstring)."""
    elements = list(wrapper.iter(etree.Element))  # elements only: not comments
    renamed: dict[str, str] = {}  # old id -> new id of the first element that had it
    for element in elements:
        # HTML: an id has at least one character and no space. `id=""` is no id; `id="a b"` is `a-b`.
        value = element.get("id")
        if value is not None and (not value or value != "-".join(value.split())):
            if value.split():
                element.set("id", "-".join(value.split()))
                renamed.setdefault(value, element.get("id"))
            else:
                del element.attrib["id"]
    with_ids = [element for element in elements if element.get("id")]
    taken = set(reserved) | {element.get("id") for element in with_ids}
    seen: set[str] = set()
    for element in with_ids:
        value = element.get("id")
        if value in reserved or value in seen:
            new = free_name(value, taken)
            taken.add(new)
            element.set("id", new)
            if value not in seen:  # links to a repeated id lead to its first element
                renamed[value] = new
        seen.add(value)
    if not renamed:
        return
    for element in elements:
        for name in LINKS:
            value = element.get(name)
            if value and value.startswith("#"):
                new = renamed.get(value[1:]) or renamed.get(unquote(value[1:]))
                if new:
                    element.set(name, f"#{new}")
        for name in ID_REFERENCES:
            value = element.get(name)
            if value and any(part in renamed for part in value.split()):
                element.set(name, " ".join(renamed.get(part, part) for part in value.split()))


class UniqueIdsPostprocessor(Postprocessor):
    """Runs `unique_ids` on the finished HTML (priority 3): after raw HTML and code are back in it, and
    after references.py made character references readable. The HTML is made whole, its ids unique."""

    def run(self, text: str) -> str:
        return unique_ids(text)


class UniqueIds(Extension):
    """`Markdown(extensions=[UniqueIds()])`: no id of the theme's, and no id twice, in the HTML."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(UniqueIdsPostprocessor(md), "unique_ids", 3)
