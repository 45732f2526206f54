"""BODY: organs of the party and the state with ``kind`` and ``level``.

Runs first among the entity rulers: the session and official rulers read
the bodies it leaves in ``doc.spans`` (a session's owner, a title's organ).
Every body is kept in the span group, also those that end up inside a
TITLE, SESSION or DOCUMENT; the resolver decides what ``doc.ents`` shows.
"""
from __future__ import annotations

import json
from typing import List

from spacy.language import Language
from spacy.tokens import Doc

from ..rules import bodies
from ..rules.base import RuleMatch
from .alignment import NormalizedView
from .attributes import SPANS_KEY
from .base import RuleComponent


class BodyRuler(RuleComponent):
    labels = ("BODY",)
    data_files = ("bodies.json",)

    def compile(self) -> None:
        self.grammar = bodies.compile_grammar(json.loads(self.data["bodies.json"]))

    def find(self, text: str, doc: Doc, view: NormalizedView) -> List[RuleMatch]:
        return bodies.find_bodies(text, grammar=self.grammar)


@Language.factory("meeting_body_ruler", default_config={"spans_key": SPANS_KEY})
def make_body_ruler(nlp: Language, name: str, spans_key: str) -> BodyRuler:
    return BodyRuler(nlp, name, spans_key=spans_key)
