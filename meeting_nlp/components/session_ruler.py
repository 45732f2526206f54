"""SESSION: numbered meetings, by the grammar in ``meeting_nlp.rules.sessions``.

Runs after the body ruler when there is one: the bodies it found name the
owner of a session written right after them (区委七届六次全会 → body 区委).
"""
from __future__ import annotations

import json
from typing import List

from spacy.language import Language
from spacy.tokens import Doc

from ..rules import sessions
from ..rules.base import RuleMatch
from .alignment import NormalizedView
from .attributes import SPANS_KEY
from .base import RuleComponent, spans_as_matches


class SessionRuler(RuleComponent):
    labels = ("SESSION",)
    data_files = ("sessions.json",)

    def compile(self) -> None:
        self.grammar = sessions.compile_grammar(json.loads(self.data["sessions.json"]))

    def find(self, text: str, doc: Doc, view: NormalizedView) -> List[RuleMatch]:
        bodies = spans_as_matches(doc, view, self.spans_key, "BODY")
        return sessions.find_sessions(text, bodies, grammar=self.grammar)


@Language.factory("meeting_session_ruler", default_config={"spans_key": SPANS_KEY})
def make_session_ruler(nlp: Language, name: str, spans_key: str) -> SessionRuler:
    return SessionRuler(nlp, name, spans_key=spans_key)
