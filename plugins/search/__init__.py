"""Search over posts, pages and every link note, with Pagefind: the /search/ page and its index."""

from .plugin import register

__all__ = ["register"]
