"""meeting_nlp: Chinese party and government meeting reports as annotated spaCy Docs.

    import meeting_nlp
    nlp = meeting_nlp.load()
    doc = nlp(report_text)

``meeting_nlp.normalize(text)`` is the script normalization on its own; it
does not import spaCy.
"""
from __future__ import annotations

from .normalize import Normalized, normalize

__version__ = "0.1.0"
__all__ = ["load", "normalize", "Normalized", "__version__"]


def __getattr__(name: str):
    # spaCy loads in about a second: only pay for it when the pipeline is wanted.
    if name == "load":
        from .pipeline import load

        return load
    raise AttributeError(f"module 'meeting_nlp' has no attribute {name!r}")
