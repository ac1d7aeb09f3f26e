"""Learnlog's commands: build, serve, preview, write, check and publish the site (called by tasks.py).

The commands use the plugins' own checks (a link added by `invoke link` is checked exactly as the build
checks it), so the plugins folder is importable from here, under the same names Pelican gives them.
"""

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT / "plugins"))
