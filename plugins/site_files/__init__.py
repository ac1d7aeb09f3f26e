"""The files at the site's root: sitemap.xml and robots.txt, so search engines find every page, and the
author's own files from content/extra/ (verification files, .well-known/)."""

from .plugin import register

__all__ = ["register"]
