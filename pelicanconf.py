"""Settings for the local preview build (`invoke build`, `invoke serve`, `invoke livereload`).

Plain data only. Every setting is explained in the README, under "Settings".
"""

# About you and your site
AUTHOR = "Sam Rivera"
SITENAME = "Learning in Public"
SITE_DESCRIPTION = "What a teacher learns each week, written down and shared: posts, links and the people I learn from."
SITEURL = "http://localhost:8000"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
# How dates are shown on pages (strftime codes): "23 November 2026"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# Where things are
PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
OUTPUT_PATH = "output"
THEME = "theme"

# Pages use links relative to each page, so the preview works from any folder or port.
RELATIVE_URLS = True

# How many posts the home page and tag pages show before "Older posts"
DEFAULT_PAGINATION = 10

# Navigation: extra links shown at the end of the header's navigation, as (text, URL) pairs.
MENU_LINKS = []

# Where the build keeps what it worked out from your files, so a rebuild does not work it out again.
CACHE_PATH = "cache"

# Your site's repository on GitHub, as "owner/name" (as in https://github.com/yourname/learning-log), and the
# branch its source is on: the bookmarklet on /save/ saves links there. "" until you have one.
GITHUB_REPOSITORY = ""
GITHUB_BRANCH = "main"

# Our own plugins (in plugins/); leave these as they are.
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["learnlog_core", "posts", "link_notes", "feeds", "search", "reading", "site_files", "capture"]
