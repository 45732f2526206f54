"""The one result type every rule engine returns.

Rule engines are pure functions over *normalized simplified text* (the
``.text`` of :func:`meeting_nlp.normalize`). They know nothing about spaCy,
tokens or the original script: the spaCy components map their character
offsets back to the original text, so one rule serves every script and
entity boundaries never depend on where the segmenter cut.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict

LABELS = ("PERSON", "TITLE", "BODY", "SESSION", "SLOGAN", "DOCUMENT")


@dataclass(frozen=True)
class RuleMatch:
    """A labelled span of normalized text, end exclusive, with its attributes.

    ``attrs`` holds the label's attributes from ANNOTATION.md (for example
    ``term``/``ordinal``/``meeting``/``expanded``/``body`` for SESSION). Values
    are JSON-serializable so that Docs, JSONL and ``doc._.meeting`` can carry
    them unchanged.
    """

    start: int
    end: int
    label: str
    attrs: Dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"unknown label {self.label!r}; expected one of {LABELS}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span [{self.start}, {self.end})")

    def text(self, normalized: str) -> str:
        return normalized[self.start : self.end]
