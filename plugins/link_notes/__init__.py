"""Link notes: YAML files of links with notes, built into the weekly "What I learned this week" roll."""

from .plugin import register

__all__ = ["register"]
