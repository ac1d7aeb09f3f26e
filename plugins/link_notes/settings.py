"""Settings of the link log, with their defaults. Any of them can be set in pelicanconf.py."""

DEFAULTS = {
    # Folder inside the content folder holding the link-note files (*.yaml, *.yml, any sub-folder).
    "LINKS_PATH": "links",
    # The people I learn from, inside the content folder.
    "BLOGROLL_FILE": "blogroll.yaml",
    # A link-notes file larger than this is refused: one week's file is a few kilobytes.
    "LINKS_MAX_FILE_BYTES": 1_000_000,
    # Weeks per page on /links/.
    "LINK_WEEKS_PER_PAGE": 10,
    # How many of a week's most used tags /links/ shows beside it.
    "LINK_WEEK_TOP_TAGS": 5,
    # What `invoke check-links` found, inside the content folder: it writes the file, the build reads it (a dead
    # link gets an archive link). Commit it with the content, so the published site can be built again from git.
    "LINK_CHECKS_FILE": "link-checks.yaml",
    # Seconds `invoke check-links` may take in all, and seconds for one request.
    "LINK_CHECK_TIMEOUT": 600,
    "LINK_CHECK_REQUEST_TIMEOUT": 15,
}

# Fixed by the product contract, like the rest of the site's layout.
LAYOUT = {
    "LINKS_URL": "links/",
    "LINKS_SAVE_AS": "links/index.html",
    "WEEK_URL": "links/{iso_year}/w{iso_week:02d}/",
    "WEEK_SAVE_AS": "links/{iso_year}/w{iso_week:02d}/index.html",
    "BLOGROLL_URL": "blogroll/",
    "BLOGROLL_SAVE_AS": "blogroll/index.html",
    # Tag pages list posts and links together, so this plugin writes them instead of Pelican.
    "TAG_SAVE_AS": "",
}


def apply(settings: dict) -> None:
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    settings.update(LAYOUT)
    settings["PAGINATED_TEMPLATES"] = {**settings["PAGINATED_TEMPLATES"], "links": settings["LINK_WEEKS_PER_PAGE"]}
