"""Signal receivers: the link log's settings, and its generator."""

from __future__ import annotations

from pelican import signals

from . import settings
from .generator import LinkNotesGenerator


def configure(pelican) -> None:
    settings.apply(pelican.settings)


def get_generators(pelican):
    return LinkNotesGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
