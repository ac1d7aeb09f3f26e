"""Settings for `invoke publish`: everything in pelicanconf.py, plus these production overrides."""

from pelicanconf import *

SITEURL = "https://example.github.io/learning-in-public"
RELATIVE_URLS = False

# Where `invoke publish` puts the site: a git remote, and the branch GitHub Pages serves.
GITHUB_PAGES_REMOTE = "origin"
GITHUB_PAGES_BRANCH = "gh-pages"
# Your own domain for the site, such as "blog.example.org" (written as CNAME on every publish); "" for none.
GITHUB_PAGES_CNAME = ""
