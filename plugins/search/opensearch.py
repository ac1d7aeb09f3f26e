"""The OpenSearch description (/opensearch.xml): lets a browser add the site as a search engine.

OpenSearch 1.1 (github.com/dewitt/opensearch, "OpenSearch description document"): ShortName at most 16
characters, Description at most 1024, plain text; a Url template with {searchTerms}. Browsers find it
through `<link rel="search" type="application/opensearchdescription+xml">` in every page's head.
"""

from __future__ import annotations

from feeds.addresses import feed_uri
from feeds.settings import site_url
from lxml import etree

NAMESPACE = "http://a9.com/-/spec/opensearch/1.1/"
MIME_TYPE = "application/opensearchdescription+xml"
SHORT_NAME = 16  # characters
DESCRIPTION = 1024  # characters


def description(settings: dict) -> bytes:
    """The description document, UTF-8 bytes. settings: Pelican's (SITENAME, SITEURL, SEARCH_URL); the
    addresses are absolute (`feeds.settings.site_url`: the preview's when SITEURL is empty) and ASCII
    (`feed_uri`). A SITENAME too long for ShortName is cut at a word where it can be."""
    name = " ".join(str(settings.get("SITENAME") or "Search").split()) or "Search"
    site = site_url(settings)
    root = etree.Element("OpenSearchDescription", nsmap={None: NAMESPACE})
    etree.SubElement(root, "ShortName").text = short_name(name)
    etree.SubElement(root, "Description").text = f"Search {name}"[:DESCRIPTION]
    etree.SubElement(root, "InputEncoding").text = "UTF-8"
    image = etree.SubElement(root, "Image", width="16", height="16", type="image/svg+xml")
    image.text = feed_uri(f"{site}/theme/favicon.svg")
    template = feed_uri(f"{site}/{settings['SEARCH_URL']}") + "?q={searchTerms}"
    etree.SubElement(root, "Url", type="text/html", method="get", template=template)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def short_name(name: str) -> str:
    """`name` in at most SHORT_NAME characters: whole words where they fit ("Learning in Public" ->
    "Learning in"), else its first characters."""
    if len(name) <= SHORT_NAME:
        return name
    words = name[: SHORT_NAME + 1].rsplit(" ", 1)[0].rstrip(" ,;:·-")
    return words if 0 < len(words) <= SHORT_NAME and " " in name[: SHORT_NAME + 1] else name[:SHORT_NAME].rstrip()
