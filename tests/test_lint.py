"""The code stays tidy: ruff's lint rules and formatting, as configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_lint_and_format():
    for command in (["check", "."], ["format", "--check", "."]):
        finished = subprocess.run(
            [sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert finished.returncode == 0, finished.stdout + finished.stderr
