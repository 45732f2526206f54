"""``python -m meeting_nlp COMMAND``: the command line (meeting_nlp/cli/, one module per command)."""
from __future__ import annotations

import sys

from .cli import build_parser, main

__all__ = ["main", "build_parser"]

if __name__ == "__main__":
    sys.exit(main())
