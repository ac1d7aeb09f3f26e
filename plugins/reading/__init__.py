"""The reading list: /reading/, "What my network is writing", the newest items of the blogroll's feeds, rendered
from the snapshot `invoke fetch-reading` writes (the build never uses the network)."""

from .plugin import register

__all__ = ["register"]
