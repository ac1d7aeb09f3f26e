"""The results of `invoke check-links` (content/link-checks.yaml): what the command writes and the build reads, the
rule that marks an address dead, and the archive link a dead one gets. Pelican-free: plain data and pure functions.

The file is YAML, one entry per saved address (each page once, as `fields.same_page` compares addresses), written
the same way every time: entries sorted by address, fields in one order, dates as YYYY-MM-DD in the site's time
zone, so the same results give the same bytes and git shows only real changes:

    - url: "https://example.org/spaced-practice"
      checked: 2026-11-30
      result: 404
      failing_since: 2026-11-20
      gone_since: 2026-11-20
      dead_since: 2026-11-30
    - url: "https://example.org/moved"
      checked: 2026-11-30
      result: 301
      redirect: "https://other.example/new-place"
    - url: "https://robots-unwelcome.example/page"
      checked: 2026-11-30
      result: 404
      failing_since: 2026-11-20
      gone_since: 2026-11-20
      dead_since: 2026-11-30
      alive: yes

`url`: the address as a link note saves it. `checked`: the day of the last check. `result`: what the last check
found: an HTTP status (200, 301, 404, 410, 503…; after redirects within the site, the status of the page they
end at) or a failure with no answer (RESULT_WORDS: no-host, refused, timeout, tls, error). `redirect`: the
address on another site the saved one sends readers to, when it does. `failing_since`: the first day of the current
run of failures (none once a check succeeds); `gone_since`: its first 404, 410 or no-host; `dead_since`: the day
the address was marked dead (DEAD_AFTER_DAYS or more after `gone_since`, gone again). `alive: yes`: the author's
own word, never the command's: the page works (in a browser, say) whatever the checks find, as for a site that
answers robots 404; it is never shown as dead, and `invoke check-links` keeps the line at every run (`after`). It can
only be `yes`: to let the checks decide again, the author deletes the line.

The dates must fit together as `after` writes them (`_date_problems`): none after `checked`; `failing_since` on or
before `gone_since`, on or before `dead_since`; `gone_since` only with `failing_since`, and `dead_since` only with
`gone_since`; and none of them when the result is a success (a 2xx status, or a redirect to another site). How far
apart `gone_since` and `dead_since` are is not checked: a file written under another DEAD_AFTER_DAYS stays valid.

`loads` checks a file as the build reads it, returning every problem with its line, so a file edited into a broken
state stops the build with the file, the line and the fix, never a traceback.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from http import HTTPStatus

from learnlog_core import fields, strict_yaml
from learnlog_core.strict_yaml import yaml

from .parsing import _unknown

# Two failures that say the page is gone, at least this many days apart, mark an address dead.
DEAD_AFTER_DAYS = 7
# Results that say the page is gone: Not Found, Gone (RFC 9110, sections 15.5.5 and 15.5.11), and a site name DNS
# does not know. A server error (5xx), a timeout, a refused connection or any other failure is reported but never
# makes an address dead: servers have bad days.
GONE = frozenset({404, 410, "no-host"})
# A check that got no HTTP answer, by what failed (learnlog/web.py WebError.kind; "error" for its "other").
RESULT_WORDS = {
    "no-host": "no such site (its name is not in DNS)",
    "refused": "the connection was refused",
    "timeout": "no answer in time",
    "tls": "the secure connection failed",
    "error": "it could not be fetched",
}
FIELDS = ("url", "checked", "result", "failing_since", "gone_since", "dead_since", "redirect", "alive")
REQUIRED = {"url": "url: https://example.org/page", "checked": "checked: 2026-11-30", "result": "result: 200"}
DATES = ("checked", "failing_since", "gone_since", "dead_since")
# A check is a few lines: a file far larger than this was not written by `invoke check-links`.
MAX_FILE_BYTES = 20_000_000
HEADER = (
    "# The last check of each saved address, written by `invoke check-links`; dates are in the site's time zone.\n"
    "# Commit it with your content: a link marked dead here (dead_since) gets a link to the Internet Archive.\n"
)
FIX = "correct it, or delete the entry (invoke check-links checks the address again)"
ARCHIVE = "https://web.archive.org/web/{day:%Y%m%d}/{url}"
# How dates that do not fit together are explained (loads, `_date_problems`).
DATE_FIX = "or delete the entry (invoke check-links checks the address again)"
DATE_ORDER = (
    "failing_since (the first failure) comes first, then gone_since (the first 404, 410 or no-host), then dead_since "
    "(the day it was marked dead)"
)
NEEDED = {"failing_since": "the first day of the failures", "gone_since": "the first 404, 410 or no-host among them"}


@dataclass(frozen=True)
class Check:
    """The last check of one address, and its run of failures (see the module's docstring for each field).

    url: an http(s) address. checked, failing_since, gone_since, dead_since: dates in the site's time zone (None:
    not failing, never gone, not dead). result: an HTTP status (int, 100 to 999:
    sites answer with their own, such as LinkedIn's 999) or a key of RESULT_WORDS.
    redirect: "" or an http(s) address on another site. alive: the author marked the page as working
    (`alive: yes`), so it is never dead, whatever dead_since says. line: where the entry starts in the file it
    was read from (0 when made by the command), not part of its value.
    """

    url: str
    checked: date
    result: int | str
    failing_since: date | None = None
    gone_since: date | None = None
    dead_since: date | None = None
    redirect: str = ""
    alive: bool = False
    line: int = field(default=0, compare=False)

    @property
    def ok(self) -> bool:
        """The last check succeeded: a 2xx answer, or a redirect to another site (the address still leads
        readers somewhere; the report says where)."""
        return succeeded(self.result, self.redirect)

    @property
    def dead(self) -> bool:
        """Marked dead by the checks (dead_since), and not marked as working by the author (alive): the build then
        shows its archive link."""
        return self.dead_since is not None and not self.alive


def succeeded(result: int | str, redirect: str = "") -> bool:
    """True for a 2xx status, or any result with a redirect to another site."""
    return bool(redirect) or (isinstance(result, int) and 200 <= result < 300)


def is_gone(result: int | str) -> bool:
    """True for a result that says the page is gone (GONE: 404, 410, no-host)."""
    return result in GONE


def after(before: Check | None, url: str, result: int | str, redirect: str, today: date) -> Check:
    """The record of `url` once checked on `today`: the two-failures rule.

    before: the address's record from the last run (None: never checked). result, redirect: what this check found
    (see Check). today: the day of this check, in the site's time zone. Returns the new Check: a success clears
    every failure date; a failure keeps the first day of the current run of failures (failing_since) and of its
    first 404, 410 or no-host (gone_since), and a 404, 410 or no-host DEAD_AFTER_DAYS or more after gone_since marks
    the address dead (dead_since: today), which it stays until a check succeeds. A 5xx, a timeout, a refused
    connection or another failure never marks it dead, nor clears a mark. The author's `alive` mark is kept as it
    was (it only stops the address from counting as dead: Check.dead). today must not be before before.checked
    (the dates would not fit together: `loads` refuses them).
    """
    alive = before.alive if before is not None else False
    if succeeded(result, redirect):
        return Check(url, today, result, redirect=redirect, alive=alive)
    ongoing = before is not None and not before.ok  # the failures go on
    failing_since = (before.failing_since or before.checked) if ongoing else today
    gone_since = before.gone_since if ongoing else None
    dead_since = before.dead_since if ongoing else None
    if is_gone(result):
        gone_since = gone_since or today
        if dead_since is None and (today - gone_since).days >= DEAD_AFTER_DAYS:
            dead_since = today
    return Check(url, today, result, failing_since, gone_since, dead_since, alive=alive)


def changes(before: Check | None, now: Check) -> tuple[str, ...]:
    """What changed for one address between two checks, in words the report groups by: "dead" (newly marked
    dead), "recovered" (it was failing, and now succeeds), "failing" (newly failing), "redirected" (it now sends
    readers to another site, or to another address than last time). () when nothing changed."""
    said = []
    if now.dead and not (before is not None and before.dead):
        said.append("dead")
    if now.ok and before is not None and not before.ok:
        said.append("recovered")
    if not now.ok and (before is None or before.ok):
        said.append("failing")
    if now.redirect and now.redirect != (before.redirect if before is not None else ""):
        said.append("redirected")
    return tuple(said)


def describe(result: int | str) -> str:
    """A result in words: "404 Not Found", "503 Service Unavailable", "no such site (its name is not in DNS)"."""
    if isinstance(result, int):
        try:
            return f"{result} {HTTPStatus(result).phrase}"
        except ValueError:
            return f"status {result}"
    return RESULT_WORDS.get(result, result)


def archive_address(url: str, saved: date | datetime) -> str:
    """The Internet Archive's copy of `url` as it was on the day it was saved (`saved`: the link's date, already in
    the site's time zone): https://web.archive.org/web/YYYYMMDD/<url>. The Wayback Machine shows the copy nearest
    that day."""
    return ARCHIVE.format(day=saved, url=url)


def dumps(checks: Iterable[Check]) -> bytes:
    """The results file's bytes for `checks`: HEADER, then each check as the module's docstring shows, sorted by
    address (as fields.same_page writes it, so http and https sort together), UTF-8; the same bytes for the same
    checks in any order. No checks give an empty list, `[]`."""
    out = [HEADER]
    for check in sorted(checks, key=lambda each: (fields.same_page(each.url), each.url, each.checked)):
        out.append(f"- url: {_quoted(check.url)}\n  checked: {check.checked.isoformat()}\n  result: {check.result}\n")
        for name in ("failing_since", "gone_since", "dead_since"):
            value = getattr(check, name)
            if value is not None:
                out.append(f"  {name}: {value.isoformat()}\n")
        if check.redirect:
            out.append(f"  redirect: {_quoted(check.redirect)}\n")
        if check.alive:
            out.append("  alive: yes\n")
    if len(out) == 1:
        out.append("[]\n")
    return "".join(out).encode("utf-8")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's syntax, which YAML reads), every character that is not printable
    (str.isprintable: controls, format characters, the line and paragraph separators YAML reads as line breaks)
    written as an escape."""
    written = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else _escape(c) for c in written)


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def loads(raw: bytes) -> tuple[dict[str, Check], list[tuple[int, str]]]:
    """The checks of a results file, and its problems.

    raw: the file's bytes. Returns ({fields.same_page(url): Check}, [(1-based line, message with the fix)]); when
    there is any problem, the checks are those read without one and should not be used. Problems: more than
    MAX_FILE_BYTES; not UTF-8; YAML that cannot be read (strict_yaml: duplicate keys, anchors, tabs…); not a list
    of mappings; an unknown field (with the closest known one) or a missing one (url, checked, result); a url or
    redirect that is not an http(s) address; a date that is not one (YYYY-MM-DD); dates that do not fit together
    (see the module's docstring: `_date_problems`), on the line of the later field; a result that is neither a
    status from 100 to 999 nor a word of RESULT_WORDS; `alive` other than yes; one page written twice. Never raises
    for any bytes.
    """
    if len(raw) > MAX_FILE_BYTES:
        return {}, [(1, f"the file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}; {FIX}")]
    text, problem = strict_yaml.decoded(raw)
    if problem is not None:
        return {}, [(problem.line, problem.message)]
    node, yaml_problems = strict_yaml.compose(text, item="checked address")
    if yaml_problems:
        return {}, [(line, message) for line, message in yaml_problems]
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
        return {}, []  # an empty file, or only comments
    if not isinstance(node, yaml.SequenceNode):
        return {}, [
            (
                strict_yaml.line_of(node),
                "the file must be a list of checked addresses, each starting with '- url:'; delete the file and run "
                "invoke check-links to write it again",
            )
        ]
    problems: list[tuple[int, str]] = []
    checks: dict[str, Check] = {}
    for item in node.value:
        check = _check(item, problems)
        if check is None:
            continue
        key = fields.same_page(check.url)
        if key in checks:
            problems.append(
                (check.line, f"{_quoted(check.url)} is checked twice (also on line {checks[key].line}); keep one")
            )
            continue
        checks[key] = check
    return checks, problems


def _check(node: yaml.Node, problems: list) -> Check | None:
    """One entry as a Check, or None with its problems added."""
    start = strict_yaml.line_of(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append((start, f"each checked address must be 'field: value' lines, starting with '- url:'; {FIX}"))
        return None
    before = len(problems)
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        name, line = str(key_node.value), strict_yaml.line_of(key_node)
        if name not in FIELDS:
            problems.append((line, _unknown(name, FIELDS, "in a checked address")))
            continue
        value, problem = _field(name, value_node)
        if problem:
            problems.append((line, problem if name == "alive" else f"{problem}; {FIX}"))
        else:
            values[name] = value
            lines[name] = line
    for name, example in REQUIRED.items():
        if name not in values and not any(str(key.value) == name for key, _ in node.value):
            problems.append(
                (start, f"this checked address has no '{name}'; add a line such as '{example}', or delete the entry")
            )
    if len(problems) > before:
        return None
    check = Check(**values, line=start)  # type: ignore[arg-type]
    dates = _date_problems(check, lines)
    if dates:
        problems.extend(dates)
        return None
    return check


def _date_problems(check: Check, lines: dict[str, int]) -> list[tuple[int, str]]:
    """The dates of one check that do not fit together, as `after` writes them (the module's docstring says how),
    each as (line, what is wrong and the fix), in line order. lines: the line of each field of the entry, by name;
    a problem is told on the line of the field that has to change (the later date)."""
    failures = [name for name in DATES[1:] if getattr(check, name) is not None]
    if failures and check.ok:
        answer = describe(check.result) + (" to another site" if check.redirect else "")
        listed = " and ".join(f"'{name}'" for name in failures)
        return [
            (
                lines[failures[0]],
                f"'{failures[0]}' says the address is failing, but its last check succeeded ({answer}); delete "
                f"{listed}, or correct 'result', {DATE_FIX}",
            )
        ]
    said = []
    for name in failures:
        if getattr(check, name) > check.checked:
            said.append(
                (
                    lines[name],
                    f"{_day(check, name)} is after {_day(check, 'checked')}, the day of the last check, and "
                    f"cannot be later; correct the date, {DATE_FIX}",
                )
            )
    for earlier, later in itertools.pairwise(failures):
        if getattr(check, later) < getattr(check, earlier):
            said.append(
                (
                    lines[later],
                    f"{_day(check, later)} is before {_day(check, earlier)}; {DATE_ORDER}: correct the date, "
                    f"{DATE_FIX}",
                )
            )
    for name, needed in (("gone_since", "failing_since"), ("dead_since", "gone_since")):
        if getattr(check, name) is not None and getattr(check, needed) is None:
            said.append(
                (
                    lines[name],
                    f"'{name}' needs a '{needed}' line ({NEEDED[needed]}) on or before its date; add one, or delete "
                    f"'{name}', {DATE_FIX}",
                )
            )
    return sorted(said)


def _day(check: Check, name: str) -> str:
    return f"'{name}' ({getattr(check, name):%Y-%m-%d})"


def _field(name: str, node: yaml.Node) -> tuple[object, str | None]:
    """(value, None) for one field, or (None, what is wrong)."""
    try:
        value = strict_yaml.value_of(node)
    except yaml.YAMLError:
        return None, f"the YAML tag {node.tag} is not allowed in '{name}'"
    if name in DATES:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value, None
        if isinstance(value, str) and getattr(node, "style", None) in ("'", '"'):  # quoted: YAML reads it as text
            return None, f"'{name}' must be a date written as 2026-11-30, without quotes, got {_shown(value)}"
        return None, f"'{name}' must be a date written as 2026-11-30, got {_shown(value)}"
    if name == "alive":
        if value is True or (isinstance(value, str) and value.strip().lower() in ("yes", "true")):  # "yes" quoted too
            return True, None
        return None, (
            f"'alive' can only be yes (you checked that the page works, so it is never shown as dead), got "
            f"{'no' if value is False else _shown(value)}; write 'alive: yes', or delete the line to let the checks "
            "decide"
        )
    if name == "result":
        if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 999:
            return value, None
        if isinstance(value, str) and value in RESULT_WORDS:
            return value, None
        words = ", ".join(RESULT_WORDS)
        return None, f"'result' must be an HTTP status from 100 to 999 or one of {words}, got {_shown(value)}"
    text, problem = fields.text(name, value, node)
    if problem:
        return None, problem
    return (None, fields.web_address(name, text)) if fields.web_address(name, text) else (text, None)


def _shown(value: object) -> str:
    """A value for a message: text in quotes (cut after 80 characters), anything else as YAML would read it."""
    if isinstance(value, str):
        return _quoted(value if len(value) <= 80 else value[:80] + "…")
    return f"{fields.kind_of(value)} {value!r}" if value is not None else "nothing"
