"""The author's capture page, /save/: a bookmarklet that opens GitHub's editor with a link note filled in, and
how to save a link from a phone with GitHub's "Save a link" workflow."""

from .plugin import register

__all__ = ["register"]
