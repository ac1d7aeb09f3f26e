"""A post's HTML as one whole fragment, which cannot break the page around it.

Python-Markdown passes raw HTML through as written, so a post (or its one-line Summary) can hold
`<div>` without `</div>`, a stray `</div>` that would close the theme's own element, a `<!DOCTYPE>`,
`<html>` or `<body>` pasted from a saved page, or `&foo;`, a character reference HTML does not know.
On a listing page the unclosed `<div>` of one summary swallows the rest of the page; a pasted
`<style>` restyles it. `parse` reads the fragment with lxml's HTML parser (libxml2), which closes what
is open, drops end tags that close nothing and the document's own tags, and keeps all the text; it
leaves out what acts on the whole page (PAGE_ONLY); `serialise` writes it back. The HTML means what
the author meant wherever the author's HTML was whole; a browser shows the same.
"""

from __future__ import annotations

import re

import lxml.html

# `</body>` and `</html>` in a fragment: a browser ignores them and keeps reading what follows into the
# body; libxml2 would drop what follows `</html>`.
DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
# Elements that act on the whole page they are in.
PAGE_ONLY = ("style", "base", "meta", "link", "title")
# Inside <svg> and <math>, HTML parsers read <style> and <script> as markup, not text (the HTML
# standard's "foreign content"); libxml2 reads them as text, so elements in them would go unseen.
FOREIGN = ("svg", "math")
# Elements that may hold a <pre> (flow content, in the HTML standard's content models).
FLOW_CONTAINERS = frozenset(
    {"body", "div", "blockquote", "li", "dd", "td", "th", "section", "article", "aside", "details", "figure"}
    | {"main", "nav", "header", "footer", "fieldset", "form", "dialog", "search", "template"}
)


def parse(html: str) -> lxml.html.HtmlElement:
    """The fragment `html` (text of HTML) inside a `<body>` element (an lxml element), whole.

    Text after a `</body>` or `</html>` in the fragment is kept, as a browser keeps it: those end tags are
    left out before parsing (DOCUMENT_END), and the body is never closed, so nothing can fall after it.
    """
    body = _parsed(html)
    # In foreign content a <script> or <style> holds markup, which may hold another: each is read in turn,
    # without recursion (a post could nest thousands).
    pending = [
        element
        for element in body.iter("style", "script")
        if element.text and "<" in element.text and any(a.tag in FOREIGN for a in element.iterancestors())
    ]
    while pending:
        for child in _read_as_markup(pending.pop()):
            pending += [inner for inner in child.iter("style", "script") if inner.text and "<" in inner.text]
    return body


def _parsed(html: str) -> lxml.html.HtmlElement:
    """The fragment `html` inside a `<body>`, as `parse` gives it, but with the text of a <script> or <style>
    in <svg> or <math> still text."""
    # Nothing after the fragment: an unclosed <style>, <textarea> or comment ends where the fragment ends.
    document = lxml.html.document_fromstring(
        f"<!DOCTYPE html><html><head></head><body>{DOCUMENT_END.sub('', html)}", ensure_head_body=True
    )
    body = document.find("body")
    # What belongs to a whole page, not to a post in one (often pasted with a saved web page): a <style> styles
    # the whole page (`body {display: none}` blanks it), <base> moves every link of it, <meta> can send the
    # reader elsewhere, <link> loads a stylesheet, <title> is not shown. They are left out, text and all.
    for element in list(body.iter(*PAGE_ONLY)):
        if element.tag != "title" or not any(a.tag in FOREIGN for a in element.iterancestors()):
            element.drop_tree()  # (an SVG's <title> is its name, for screen readers: it stays)
    # Old elements whose text a browser shows as written, <plaintext> to the end of the page: <pre> does that.
    # A browser ends a paragraph where they start; libxml2 keeps them in it, and a <pre> in a <p> (or in a
    # <span>) is not HTML, so the <pre> goes after the element it is in, in the nearest that may hold it.
    for element in list(body.iter("plaintext", "xmp", "listing")):
        element.tag = "pre"
        _hoist(element)
    # In a script, "<!--" with no "-->" after it makes a browser read on past "</script>" (the HTML standard's
    # "script data escaped" states): a line "-->" ends it, and JavaScript reads that line as a comment.
    for element in body.iter("script"):
        text = element.text or ""
        if "<!--" in text and "-->" not in text[text.rindex("<!--") :]:
            element.text = text + "\n-->"
    # What is written inside <iframe>, <noembed> and <noframes> is never shown (the HTML standard reads it as
    # text to their end tag); libxml2 would write it back as markup.
    for element in body.iter("iframe", "noembed", "noframes"):
        element.text = None
        for child in list(element):
            element.remove(child)
    return body


def _hoist(element: lxml.html.HtmlElement) -> None:
    """Move `element` (a block) out of the elements that may hold only text and inline elements (a <p>, a
    heading, an <em>…) to just after the outermost of them; its tail (the text after it) stays where it was."""
    outermost = None
    for ancestor in element.iterancestors():
        if ancestor.tag in FLOW_CONTAINERS:
            break
        outermost = ancestor
    if outermost is None:
        return
    parent, previous, tail = element.getparent(), element.getprevious(), element.tail or ""
    element.tail = None
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
    element.tail, outermost.tail = outermost.tail, None
    outermost.addnext(element)


def serialise(body: lxml.html.HtmlElement) -> str:
    """The HTML inside `body` (an element from `parse`), as lxml writes HTML."""
    whole = lxml.html.tostring(body, encoding="unicode")
    return whole[len("<body>") : -len("</body>")]


def whole(html: str) -> str:
    """`html` (a fragment) with every element closed, and nothing that closes or replaces the page."""
    return serialise(parse(html)) if html.strip() else html


def _read_as_markup(element: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """A <style> or <script> inside <svg>/<math>: its text is markup, as a browser reads it there. Returns
    the elements that text held, now the element's children."""
    inner = _parsed(element.text)
    element.text = inner.text
    children = list(inner)
    for child in children:
        element.append(child)
    return children
