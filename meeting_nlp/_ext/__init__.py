"""Optional compiled fast paths. Each module here has a pure Python reference
elsewhere in the package; import them through :func:`load` so that a missing
build falls back with a warning instead of an ImportError."""
from __future__ import annotations

import importlib
import os
import warnings
from types import ModuleType
from typing import Optional

_WARNED = set()


def load(name: str) -> Optional[ModuleType]:
    """``meeting_nlp._ext.<name>``, or None (with one warning saying why) when it is not built
    or ``MEETING_NLP_NO_EXT`` is set."""
    if os.environ.get("MEETING_NLP_NO_EXT", "") not in ("", "0"):
        return None
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ImportError as error:
        if name not in _WARNED:
            _WARNED.add(name)
            warnings.warn(
                f"meeting_nlp's compiled {name} extension is not available ({error}); using the "
                "slower pure Python path. Reinstall with a C compiler (gcc) to build it.",
                RuntimeWarning,
                stacklevel=2,
            )
        return None
