"""Learnlog's base plugin: the site layout, safe templates, the build object and its caches, and the
writer that renders pages on every core."""

from .plugin import register

__all__ = ["register"]
