"""Problems found in a user's content, collected over a whole build and reported together.

A problem is a user's mistake (a bad date, a missing title), never a bug of ours: it names the
file and line and says how to fix it. The build (build.py) gathers every problem, then stops before
writing anything, so one run shows the author everything there is to fix.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}" if where else self.message


class ContentErrors(Exception):
    """Raised once, before anything is written, when a build found problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the content")


def display_path(path: str) -> str:
    """A path as the author knows it: relative to the project folder when it is inside it."""
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def line_of(text: str, pattern: str, default: int = 1) -> int:
    """The 1-based line of the first match of a regular expression, or `default`."""
    match = re.search(pattern, text, flags=re.MULTILINE | re.IGNORECASE)
    return text.count("\n", 0, match.start()) + 1 if match else default
