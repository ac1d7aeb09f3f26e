"""OPML 2.0: this site's feeds to import in one go, and the blogroll of people I learn from."""

from __future__ import annotations

from lxml import etree


def opml(title: str, owner: str, outlines: list[dict[str, str]]) -> bytes:
    """An OPML 2.0 document (opml.org/spec2.opml), UTF-8 bytes: one outline of type "rss" per feed.

    outlines: dicts with text, xmlUrl and optionally htmlUrl and description; the addresses are URIs already
    (addresses.feed_uri: the spec's xmlUrl and htmlUrl are "http address"es)."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "ownerName").text = owner
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    for outline in outlines:
        attributes = {"type": "rss", "text": outline["text"], "title": outline["text"], "xmlUrl": outline["xmlUrl"]}
        for optional in ("htmlUrl", "description"):
            if outline.get(optional):
                attributes[optional] = outline[optional]
        etree.SubElement(body, "outline", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
