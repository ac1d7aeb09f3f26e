"""sitemap.xml and robots.txt, so search engines find every page."""

from .plugin import register

__all__ = ["register"]
