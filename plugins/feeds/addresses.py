"""Addresses in feeds: absolute, and URIs rather than IRIs.

A feed is read far from the page it was made from, so every address in it must be absolute, and it must
point where the same link points on the item's own web page. RSS 2.0 asks for URIs (RFC 3986), which are
ASCII only; an address with non-ASCII characters (an IRI, RFC 3987) is converted before it goes into any
feed format.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import quote, urljoin

import idna
import lxml.html
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
# Attributes lxml's link rewriting leaves out: candidate lists (HTML "srcset") and <video poster>.
CANDIDATE_LIST_ATTRIBUTES = ("srcset", "imagesrcset")
SINGLE_URL_ATTRIBUTES = ("poster",)


def iri_to_uri(address: str) -> str:
    """The URI an IRI stands for, ASCII only: RFC 3987 section 3.1, "Mapping of IRIs to URIs".

    address: an IRI or IRI reference, such as `https://bücher.example/straße?q=é#ü`.
    Returns it as a URI, such as `https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A9#%C3%BC`:

    - the host, when it is not ASCII, as IDNA A-labels (punycode): IDNA 2008 with the UTS #46 mapping
      (the `idna` package), else IDNA 2003 (Python's codec), else percent-encoded as UTF-8 (section 3.1,
      step 2, which RFC 3986 section 3.2.2 allows in a host);
    - every other character that cannot be in a URI (non-ASCII, and the ASCII ones section 3.1 lets us
      convert too: space, `"<>\\^`{|}` and controls) percent-encoded as UTF-8 bytes (section 3.1, step 2).

    Existing %XX escapes and reserved characters (RFC 3986 section 2.2) are left as they are, so a URI
    comes back unchanged and converting twice gives what converting once gives. Never raises.
    """
    if address.isascii() and quote(address, safe=URI_CHARACTERS) == address:
        return address
    scheme, authority, rest, fragment = URI_PARTS.fullmatch(address).groups()
    if scheme is not None and not SCHEME.fullmatch(scheme):  # "é:x" is a path, not a scheme
        scheme, authority, rest, fragment = None, None, address, None
        if "#" in address:
            rest, fragment = address.split("#", 1)
    parts = [f"{scheme}:" if scheme is not None else ""]
    if authority is not None:
        parts.append("//" + _ascii_authority(authority))
    parts.append(quote(rest, safe=URI_CHARACTERS))
    if fragment is not None:
        parts.append("#" + quote(fragment, safe=URI_CHARACTERS))
    return "".join(parts)


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
    """`userinfo@host:port` with the userinfo percent-encoded and the host in A-labels."""
    userinfo, at, host_port = authority.rpartition("@")
    if host_port.startswith("["):  # an IP literal, such as [::1]:8000: ASCII by definition
        host, port = host_port, ""
    else:
        colon = host_port.rfind(":")
        has_port = colon >= 0 and PORT.fullmatch(host_port[colon:])
        host, port = (host_port[:colon], host_port[colon:]) if has_port else (host_port, "")
    userinfo = quote(userinfo, safe=URI_CHARACTERS) + at
    return userinfo + ascii_host(host) + quote(port, safe=URI_CHARACTERS)


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


def absolute_address(base: str, address: str) -> str:
    """`address` as seen from the page at `base`, an absolute URI (RFC 3986 section 5.2, via `urljoin`, then
    `iri_to_uri`). An address `urljoin` cannot read (a broken IPv6 host) is only converted."""
    with contextlib.suppress(ValueError):
        address = urljoin(base, address.strip(HTML_SPACE))
    return iri_to_uri(address)


def absolutize(html: str, base: str) -> str:
    """HTML with every address absolute and a URI, as it would be resolved on the page at `base`.

    html: an HTML fragment (a post's content or summary, a link's note). base: the absolute URL of the page
    the fragment is shown on (a post's own page, a week's page): relative addresses are relative to it.
    Returns the fragment with every link attribute lxml knows (href, src, action, cite, … and CSS url())
    resolved, and also `srcset`/`imagesrcset` (each candidate's URL, see `srcset_candidates`) and `poster`;
    each goes through `iri_to_uri`. A `<base href>` in the fragment is ignored, as on the page, where the
    page's own <base> (none) rules. "" for an empty fragment.
    """
    if not html or not html.strip():
        return ""
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    wrapper.rewrite_links(lambda link: absolute_address(base, link), resolve_base_href=False)
    for element in wrapper.iter(etree.Element):  # elements only, not comments
        for name in CANDIDATE_LIST_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                candidates = srcset_candidates(value)
                element.set(name, srcset_text([(absolute_address(base, u), d) for u, d in candidates]))
        for name in SINGLE_URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                element.set(name, absolute_address(base, value))
    inner = lxml.html.tostring(wrapper, encoding="unicode")
    return inner[len("<div>") : -len("</div>")]


__all__ = ["absolute_address", "absolutize", "ascii_host", "iri_to_uri", "srcset_candidates", "srcset_text"]
