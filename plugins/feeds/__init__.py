"""Outgoing feeds (Atom, RSS 2.0, JSON Feed 1.1) and OPML files, so followers can add this site to their PLN."""

from .plugin import register

__all__ = ["register"]
