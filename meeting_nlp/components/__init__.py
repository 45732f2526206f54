"""spaCy components of meeting_nlp; importing this package registers their factories.

spaCy also finds them without an import, through the ``spacy_factories``
entry points in setup.cfg.
"""
from . import attributes  # noqa: F401  (span extensions)
from .body_ruler import BodyRuler
from .document_ruler import DocumentRuler
from .official_ruler import OfficialRuler
from .resolver import EntityResolver
from .session_ruler import SessionRuler
from .slogan_matcher import SloganMatcher
from .summary import MeetingSummary
from .trained_ner import TrainedNER

__all__ = [
    "BodyRuler",
    "DocumentRuler",
    "EntityResolver",
    "MeetingSummary",
    "OfficialRuler",
    "SessionRuler",
    "SloganMatcher",
    "TrainedNER",
]
