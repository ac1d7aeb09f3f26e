"""Addresses in feeds: absolute, URIs rather than IRIs, and only those a reader may follow.

A feed is read far from the page it was made from, so every address in it must be absolute, and it must
point where the same link points on the item's own web page. RSS 2.0 asks for URIs (RFC 3986), which are
ASCII only; an address with non-ASCII characters (an IRI, RFC 3987) is converted before it goes into any
feed format (`feed_uri`).

A feed reader shows an item's HTML inside its own window, among other sites' items. So in feed content an
address keeps its attribute only when its scheme is http, https, mailto or tel (or it has none: a relative
address, made absolute); any other scheme (`javascript:`, `vbscript:`, `data:`, `file:`, `ftp:`, …) loses
the attribute and the element keeps its text. `data:` goes too, in images as well: a `data:` SVG image can
carry script, and readers differ in what they let through, so the careful choice is the one that needs no
reader to be careful. An http(s) address that `learnlog_core.fields.web_address` refuses (no host, a port
outside 1 to 65535, a broken IPv6 host) goes the same way: no reader could follow it. The item's own page
still shows what its author wrote.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import quote, unquote, urljoin

import idna
import lxml.html
from learnlog_core.fields import web_address
from lxml import etree

# RFC 3986 section 2.2: reserved characters, kept as they are; "%" keeps existing %XX escapes.
RESERVED = ":/?#[]@!$&'()*+,;="
# What a URI reference may hold besides letters, digits and "-._~" (which `quote` always keeps).
URI_CHARACTERS = RESERVED + "%"
# RFC 3986 Appendix B: the five parts of any URI reference; this expression matches every string.
URI_PARTS = re.compile(r"(?:([^:/?#]+):)?(?://([^/?#]*))?([^#]*)(?:#(.*))?", re.DOTALL)
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
PORT = re.compile(r":[0-9]*")
# HTML's "ASCII whitespace" (HTML Living Standard, Infra 4.6).
HTML_SPACE = "\t\n\f\r "
# Attributes lxml's link rewriting leaves out: candidate lists (HTML "srcset"), <video poster>, and <a ping>
# (addresses separated by spaces).
CANDIDATE_LIST_ATTRIBUTES = ("srcset", "imagesrcset")
SINGLE_URL_ATTRIBUTES = ("poster",)
SPACED_URL_ATTRIBUTES = ("ping",)
# SVG animation (SVG 1.1, 19.2 "Animation elements"): <set attributeName="href" to="…"> and <animate
# attributeName="href" values="…; …"> give a link an address when it runs.
ANIMATION_ELEMENTS = frozenset({"animate", "set"})
ANIMATION_VALUES = ("from", "to", "by", "values")
ADDRESS_ATTRIBUTES = frozenset({"href", "xlink:href"})
# The schemes an address in feed content may have (compared in lowercase): web pages, e-mail, telephone.
CONTENT_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# The schemes whose addresses must name a host (and may name a port): checked by `web_address`.
WEB_SCHEMES = frozenset({"http", "https"})
# WHATWG URL Standard, "basic URL parser": leading and trailing C0 controls and spaces are stripped, and tabs
# and newlines anywhere are removed, before the scheme is read.
C0_CONTROL_OR_SPACE = "".join(map(chr, range(0x21)))
TAB_OR_NEWLINE = re.compile("[\t\n\r]")
SCHEME_PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# RFC 3986 section 2.1: "%" only starts an escape of two hex digits.
LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# RFC 3986 section 3.2.2: a registered name without escapes (unreserved and sub-delims characters only).
PLAIN_REG_NAME = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=]*")
# XML 1.0 section 2.2, "Char": what an attribute's value may hold (lxml refuses to set anything else).
XML_TEXT = re.compile("[\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


def iri_to_uri(address: str) -> str:
    """The URI an IRI stands for, ASCII only: RFC 3987 section 3.1, "Mapping of IRIs to URIs".

    address: an IRI or IRI reference, such as `https://bücher.example/straße?q=é#ü`.
    Returns it as a URI, such as `https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A9#%C3%BC`:

    - the host, when it is not ASCII, as IDNA A-labels (punycode): IDNA 2008 with the UTS #46 mapping
      (the `idna` package), else IDNA 2003 (Python's codec), else percent-encoded as UTF-8 (section 3.1,
      step 2, which RFC 3986 section 3.2.2 allows in a host);
    - a host written as percent-encoded UTF-8 (`b%C3%BCcher.example`, as libxml2 writes an href) read as
      the name it encodes, then as above: RFC 3986 section 3.2.2 asks for IDNA rather than percent-encoding
      in a registered name, and a browser reads the host so (WHATWG URL Standard, "host parsing": percent-
      decode, then "domain to ASCII"); a host that decodes to no name IDNA can encode keeps its escapes;
    - every other character that cannot be in a URI (non-ASCII, and the ASCII ones section 3.1 lets us
      convert too: space, `"<>\\^`{|}` and controls) percent-encoded as UTF-8 bytes (section 3.1, step 2),
      in the host as well.

    Existing %XX escapes and reserved characters (RFC 3986 section 2.2) are left as they are, so a URI
    comes back unchanged unless its host is percent-encoded UTF-8 that IDNA encodes, and converting twice
    gives what converting once gives. Never raises.
    """
    if address.isascii() and quote(address, safe=URI_CHARACTERS) == address and not _escaped_host(address):
        return address
    scheme, authority, rest, fragment = _parts(address)
    parts = [f"{scheme}:" if scheme is not None else ""]
    if authority is not None:
        parts.append("//" + _ascii_authority(authority))
    parts.append(quote(rest, safe=URI_CHARACTERS))
    if fragment is not None:
        parts.append("#" + quote(fragment, safe=URI_CHARACTERS))
    return "".join(parts)


def feed_uri(address: str) -> str:
    """An address as it goes into a feed, a sitemap or an OPML file: a URI that RFC 3986 accepts, ASCII only.

    address: an IRI or URI, such as `https://bücher.example/a[1]?q=100%#x#y`.
    Returns `iri_to_uri(address)` with the few characters that no URI may hold where they stand escaped:
    "[" and "]" outside the host (RFC 3986 section 3.2.2: only an IP literal holds them), a "#" inside the
    fragment (section 3.5), and a "%" that starts no %XX escape (section 2.1), so the example gives
    `https://xn--bcher-kva.example/a%5B1%5D?q=100%25#x%23y`. Feed validators refuse those characters in a
    link or an id; a server reads the escapes as the characters. A URI without them comes back unchanged,
    and converting twice gives what converting once gives. Never raises.
    """
    uri = iri_to_uri(address)
    if "[" not in uri and "]" not in uri and "%" not in uri and uri.count("#") < 2:
        return uri
    scheme, authority, rest, fragment = _parts(uri)
    parts = [f"{scheme}:" if scheme is not None else ""]
    if authority is not None:
        parts.append("//" + LONE_PERCENT.sub("%25", authority))
    parts.append(_escape_brackets(LONE_PERCENT.sub("%25", rest)))
    if fragment is not None:
        parts.append("#" + _escape_brackets(LONE_PERCENT.sub("%25", fragment)).replace("#", "%23"))
    return "".join(parts)


def _escaped_host(address: str) -> bool:
    """True when an ASCII address's authority holds a "%" (a host that may be percent-encoded UTF-8)."""
    if "%" not in address:
        return False
    authority = _parts(address)[1]
    return authority is not None and "%" in authority


def _escape_brackets(text: str) -> str:
    return text.replace("[", "%5B").replace("]", "%5D")


def _parts(address: str) -> tuple[str | None, str | None, str, str | None]:
    """(scheme, authority, path and query, fragment) of an address (RFC 3986 Appendix B); no scheme when what
    stands before the first ":" cannot be one ("é:x" is a path)."""
    scheme, authority, rest, fragment = URI_PARTS.fullmatch(address).groups()
    if scheme is not None and not SCHEME.fullmatch(scheme):
        scheme, authority, rest, fragment = None, None, address, None
        if "#" in address:
            rest, fragment = address.split("#", 1)
    return scheme, authority, rest, fragment


def ascii_host(host: str) -> str:
    """A host name as it goes into a URI: unchanged when ASCII, else IDNA A-labels (RFC 3987 section 3.1).

    host: a host name such as `bücher.example` (no port, no brackets).
    Returns `xn--bcher-kva.example`: IDNA 2008 with the UTS #46 mapping (RFC 5891, UTS #46), or IDNA 2003
    (RFC 3490, Python's "idna" codec) for a name only it accepts, or, for a name neither can encode (an
    empty or too long label), the name percent-encoded as UTF-8. Never raises.
    """
    if host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (UnicodeError, ValueError):
        pass
    try:
        return host.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return quote(host, safe=URI_CHARACTERS)


def _ascii_authority(authority: str) -> str:
    """`userinfo@host:port` with the userinfo percent-encoded and the host as `_uri_host` writes it."""
    userinfo, at, host_port = authority.rpartition("@")
    if host_port.startswith("["):  # an IP literal, such as [::1]:8000: ASCII when well formed
        return quote(userinfo, safe=URI_CHARACTERS) + at + quote(host_port, safe=URI_CHARACTERS)
    colon = host_port.rfind(":")
    has_port = colon >= 0 and PORT.fullmatch(host_port[colon:])
    host, port = (host_port[:colon], host_port[colon:]) if has_port else (host_port, "")
    userinfo = quote(userinfo, safe=URI_CHARACTERS) + at
    return userinfo + _uri_host(host) + port


def _uri_host(host: str) -> str:
    """A host (no port, no brackets) as it goes into a URI, whether written as an IRI's host or as a URI's.

    host: such as `bücher.example`, `b%C3%BCcher.example` or `example.org`.
    Returns `xn--bcher-kva.example` for either of the first two (the host percent-decoded as UTF-8, then
    `ascii_host`: RFC 3986 section 3.2.2, RFC 3987 section 3.1), `example.org` unchanged. A host whose
    decoded name IDNA cannot encode (an empty label, a "/" that IDNA 2003 maps "／" to), or whose escapes
    are no UTF-8, is kept percent-encoded (`quote`), never changed into another host. Never raises.
    """
    escaped = quote(host, safe=URI_CHARACTERS)
    if "%" not in escaped:
        return escaped
    try:
        name = unquote(escaped, errors="strict")
    except UnicodeDecodeError:
        return escaped
    if name.isascii():
        return escaped
    labels = ascii_host(name)
    return labels if PLAIN_REG_NAME.fullmatch(labels) else escaped


def srcset_candidates(value: str) -> list[tuple[str, list[str]]]:
    """The image candidates of a `srcset` attribute, as the HTML standard parses them.

    value: the attribute, such as `a.png 1x, b.png 2x` or `photo.jpg?w=1,2 800w`.
    Returns [(url, descriptors)], such as [("a.png", ["1x"]), ("b.png", ["2x"])]: the URL is everything up
    to the next whitespace, less trailing commas, so a URL may hold commas; descriptors run to the next
    comma outside parentheses. Source: HTML Living Standard, 4.8.4.3.10 "Parsing a srcset attribute",
    steps 1 to 8 (the descriptors are kept as written, not checked: a browser drops a bad candidate, and
    so would a reader).
    """
    candidates = []
    position, end = 0, len(value)
    while True:
        while position < end and (value[position] in HTML_SPACE or value[position] == ","):
            position += 1
        if position >= end:
            return candidates
        start = position
        while position < end and value[position] not in HTML_SPACE:
            position += 1
        url = value[start:position]
        descriptors: list[str] = []
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            position = _read_descriptors(value, position, descriptors)
        candidates.append((url, descriptors))


def _read_descriptors(value: str, position: int, descriptors: list[str]) -> int:
    """The descriptor tokenizer of "Parsing a srcset attribute" (step 8.7): where the candidate ends."""
    end = len(value)
    while position < end and value[position] in HTML_SPACE:
        position += 1
    current, state = "", "in descriptor"
    while position < end:
        character = value[position]
        if state == "in descriptor":
            if character in HTML_SPACE:
                if current:
                    descriptors.append(current)
                current, state = "", "after descriptor"
            elif character == ",":
                if current:
                    descriptors.append(current)
                return position + 1
            else:
                current += character
                if character == "(":
                    state = "in parens"
        elif state == "in parens":
            current += character
            if character == ")":
                state = "in descriptor"
        elif character not in HTML_SPACE:  # after a descriptor: the next one starts here
            state = "in descriptor"
            continue
        position += 1
    if current:
        descriptors.append(current)
    return position


def srcset_text(candidates: list[tuple[str, list[str]]]) -> str:
    """A `srcset` attribute from [(url, descriptors)], as `a.png 1x, b.png 2x`."""
    return ", ".join(" ".join([url, *descriptors]) for url, descriptors in candidates)


def scheme_of(address: str) -> str | None:
    """The scheme a browser reads in an address, in lowercase; None for a relative address.

    address: an attribute's value, character references already decoded, such as ` JaVa\tScript:x`.
    Follows the WHATWG URL Standard's "basic URL parser": leading and trailing C0 controls and spaces are
    stripped and tabs and newlines removed, then a scheme is an ASCII letter followed by letters, digits,
    "+", "-" or ".", up to a ":" ("scheme start state", "scheme state"). So the example is "javascript",
    and `:x`, `1:x` and `é:x` are relative addresses.
    """
    found = SCHEME_PREFIX.match(TAB_OR_NEWLINE.sub("", address.strip(C0_CONTROL_OR_SPACE)))
    return found[1].lower() if found else None


def absolute_address(base: str, address: str) -> str:
    """`address` as seen from the page at `base`, an absolute URI (RFC 3986 section 5.2, via `urljoin`, then
    `feed_uri`). Stripped and without tabs and newlines first, as a browser reads it (see `scheme_of`). An
    address `urljoin` cannot read (a broken IPv6 host) is only converted."""
    address = TAB_OR_NEWLINE.sub("", address.strip(C0_CONTROL_OR_SPACE))
    with contextlib.suppress(ValueError):
        address = urljoin(base, address)
    return feed_uri(address)


def content_address(base: str, address: str) -> str | None:
    """An address of feed content as it goes into the feed, or None when a reader should not have it.

    base: the absolute http(s) URL of the page the content is shown on; address: an attribute's value.
    Returns `absolute_address(base, address)` when the result's scheme (see `scheme_of`) is in
    CONTENT_SCHEMES (http, https, mailto, tel; a relative address takes the page's), else None: a
    `javascript:`, `vbscript:`, `data:`, `file:` or `ftp:` address, in any case and with any spaces, tabs
    or newlines a browser ignores, is None. So is an http(s) address that `web_address` refuses (no host,
    a port outside 1 to 65535, unparseable), checked as written, before `urljoin` reads `https:` and
    `https://` as the page itself: `https:`, `https://`, `http://:80/`, `https://example.org:99999/`,
    `https://[::1`, and, with the page's scheme (RFC 3986 section 4.2), `//` and `//:80/`. It is checked
    as a URI (`feed_uri`), so a space or an accent in its path is no reason to refuse it. Never raises.
    """
    written = TAB_OR_NEWLINE.sub("", address.strip(C0_CONTROL_OR_SPACE))
    if written.startswith("//"):  # scheme-relative (RFC 3986 section 4.2): the page's scheme, this authority
        written = f"{scheme_of(base)}:{written}"
    if scheme_of(written) in WEB_SCHEMES and not _web_address(feed_uri(written)):
        return None
    absolute = absolute_address(base, written)
    scheme = scheme_of(absolute)
    if scheme not in CONTENT_SCHEMES or (scheme in WEB_SCHEMES and not _web_address(absolute)):
        return None
    return absolute


def _web_address(uri: str) -> bool:
    """True for an http(s) URI `web_address` accepts: a host, and a port from 1 to 65535 if any."""
    return web_address("address", uri) is None


def absolutize(html: str, base: str) -> str:
    """HTML for a feed: every address absolute and a URI, as it would be resolved on the page at `base`, and
    only addresses a reader may follow.

    html: an HTML fragment (a post's content or summary, a link's note). base: the absolute http(s) URL of
    the page the fragment is shown on (a post's own page, a week's page): relative addresses are relative
    to it. Returns the fragment with every link attribute lxml knows (href, src, action, formaction, cite,
    xlink:href, … and CSS url()) and also `srcset`/`imagesrcset` (each candidate's URL, see
    `srcset_candidates`), `poster`, `ping` and the values of SVG animations of an href, each through
    `content_address`. An attribute with an address `content_address` refuses is removed (a style
    attribute or <style> text with such a url() as a whole; a srcset candidate alone, as is a candidate
    whose descriptors hold a character XML 1.0 does not allow, which no valid descriptor holds), and the
    element keeps its text. A `<base href>` in the fragment is ignored, as on the page, where the page's
    own <base> (none) rules. "" for an empty fragment.
    """
    if not html or not html.strip():
        return ""
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    wrapper.rewrite_links(lambda link: content_address(base, link), resolve_base_href=False)
    for element in wrapper.iter(etree.Element):  # elements only, not comments
        for name in CANDIDATE_LIST_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                candidates = [(content_address(base, u), d) for u, d in srcset_candidates(value)]
                kept = [(u, d) for u, d in candidates if u is not None and XML_TEXT.fullmatch(" ".join(d))]
                _set_or_remove(element, name, srcset_text(kept))
        for name in SINGLE_URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                _set_or_remove(element, name, content_address(base, value))
        for name in SPACED_URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                addresses = [content_address(base, part) for part in value.split()]
                _set_or_remove(element, name, " ".join(a for a in addresses if a is not None))
        if _animates_an_address(element):
            for name in ANIMATION_VALUES:
                value = element.get(name)
                if value is not None:
                    addresses = [content_address(base, part) for part in value.split(";")]
                    _set_or_remove(element, name, None if None in addresses else ";".join(addresses))
    inner = lxml.html.tostring(wrapper, encoding="unicode")
    return inner[len("<div>") : -len("</div>")]


def _set_or_remove(element: lxml.html.HtmlElement, name: str, value: str | None) -> None:
    """Set an attribute, or remove it when there is nothing left to set."""
    if value:
        element.set(name, value)
    else:
        del element.attrib[name]


def _animates_an_address(element: lxml.html.HtmlElement) -> bool:
    """True for an SVG <animate> or <set> of an href (the HTML parser gives names in lowercase)."""
    tag = etree.QName(element).localname.lower()
    animated = element.get("attributename") or element.get("attributeName") or ""
    return tag in ANIMATION_ELEMENTS and animated.strip().lower() in ADDRESS_ATTRIBUTES


__all__ = [
    "absolute_address",
    "absolutize",
    "ascii_host",
    "content_address",
    "feed_uri",
    "iri_to_uri",
    "scheme_of",
    "srcset_candidates",
    "srcset_text",
]
