"""Posts and pages: Markdown with a Pelican header or YAML front matter, checked strictly."""

from .plugin import register

__all__ = ["register"]
