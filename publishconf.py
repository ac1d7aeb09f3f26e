"""Settings for `invoke publish`: everything in pelicanconf.py, plus these production overrides."""

from pelicanconf import *  # noqa: F403

SITEURL = "https://example.github.io/learning-in-public"
RELATIVE_URLS = False
