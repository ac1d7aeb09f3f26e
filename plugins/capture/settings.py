"""Settings of the capture page (/save/), with their defaults. Any of them can be set in pelicanconf.py."""

from __future__ import annotations

DEFAULTS = {
    # The GitHub repository of the site's source, as "owner/name" ("yourname/learning-log"); "" for none yet: the
    # bookmarklet needs it to open GitHub's editor there, and /save/ says how to set it.
    "GITHUB_REPOSITORY": "",
    # The branch of that repository the site is built from, where the bookmarklet saves a new file.
    "GITHUB_BRANCH": "main",
}

# Fixed by the product contract: the author's capture page.
LAYOUT = {
    "SAVE_URL": "save/",
    "SAVE_SAVE_AS": "save/index.html",
}

# The folder, inside the link notes' folder (LINKS_PATH), where the bookmarklet saves one file per link.
INBOX = "inbox"
# The file of the "Save a link" workflow, in .github/workflows/ (the /save/ page links to its page on GitHub).
WORKFLOW_FILE = "save-link.yml"


def apply(settings: dict) -> None:
    """Fill in settings (Pelican's settings dict, changed in place): DEFAULTS for what is not set, and LAYOUT."""
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    settings.update(LAYOUT)
