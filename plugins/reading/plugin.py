"""Signal receivers: the reading list's settings, and its generator."""

from __future__ import annotations

from pelican import signals

from . import settings
from .generator import ReadingGenerator


def configure(pelican) -> None:
    """`initialized` receiver: the settings' defaults and the page's fixed address."""
    settings.apply(pelican.settings)


def get_generators(pelican):
    """`get_generators` receiver: the generator of /reading/."""
    return ReadingGenerator


def register() -> None:
    """Pelican's plugin entry point: connect the receivers."""
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
