"""meeting_nlp: Chinese party and government meeting reports as annotated spaCy Docs.

    import meeting_nlp
    nlp = meeting_nlp.load()
    doc = nlp(report_text)

``meeting_nlp.normalize(text)`` is the script normalization on its own.
"""
from __future__ import annotations

from .normalize import Normalized, normalize
from .pipeline import load

__version__ = "0.1.0"
__all__ = ["load", "normalize", "Normalized", "__version__"]
