"""Learnlog's base plugin: the site layout, safe templates and the build's problem report."""

from .plugin import register

__all__ = ["register"]
