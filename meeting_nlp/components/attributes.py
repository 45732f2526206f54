"""The span and doc extension attributes of ANNOTATION.md, registered once.

Values are plain JSON (ints, strings, lists, bools, None) so that they travel
with a Doc through ``DocBin``, ``nlp.pipe(n_process=…)`` and JSONL output.
"""
from __future__ import annotations

from typing import Dict, Tuple

from spacy.tokens import Doc, Span

SPANS_KEY = "meeting"

#: label -> the attributes a span of that label carries (besides ``norm``)
ATTRIBUTES: Dict[str, Tuple[str, ...]] = {
    "SESSION": ("term", "ordinal", "meeting", "expanded", "body", "place"),
    "BODY": ("kind", "level", "canonical", "place"),
    "PERSON": ("titles", "role"),
    "SLOGAN": ("canonical", "source"),
    "TITLE": (),
    "DOCUMENT": (),
}


def span_norm(span: Span) -> str:
    """The span in normalized simplified script: its tokens' norms and inner spaces."""
    pieces = []
    for token in span:
        pieces.append(token.norm_)
        if token.i < span.end - 1:
            pieces.append(token.whitespace_)
    return "".join(pieces)


def install() -> None:
    """Register every attribute on ``Span`` (default None) and ``Doc._.meeting``."""
    for names in ATTRIBUTES.values():
        for name in names:
            if not Span.has_extension(name):
                Span.set_extension(name, default=None)
    if not Span.has_extension("norm"):
        Span.set_extension("norm", getter=span_norm)
    if not Doc.has_extension("meeting"):
        Doc.set_extension("meeting", default=None)


def span_attrs(span: Span) -> Dict[str, object]:
    """The attributes of ``span``'s label, as a dict (for JSONL and evaluation).

    Lists come back as tuples from a ``DocBin`` (msgpack); they are lists here
    again, so that a Doc gives the same JSON before and after serialization.
    """
    return {name: _as_json(span._.get(name)) for name in ATTRIBUTES.get(span.label_, ())}


def _as_json(value):
    if isinstance(value, (list, tuple)):
        return [_as_json(v) for v in value]
    return value


install()
