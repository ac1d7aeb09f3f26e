"""Settings for `invoke publish`: everything in pelicanconf.py, plus these production overrides."""

from pelicanconf import *

SITEURL = "https://example.github.io/learning-in-public"
RELATIVE_URLS = False
