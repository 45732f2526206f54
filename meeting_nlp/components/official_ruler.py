"""TITLE and PERSON: officials, their posts, bylines, and their role in the meeting.

A title is kept only when a named person holds it; ``PERSON._.titles`` lists
the ``[start, end]`` (original offsets) of the titles that name the person,
and ``PERSON._.role`` is presided / reported / spoke / attended when the
text says so. Reads the bodies the body ruler found.
"""
from __future__ import annotations

import json
from typing import Dict, List

from spacy.language import Language
from spacy.tokens import Doc

from ..rules import bodies, officials
from ..rules.base import RuleMatch
from .alignment import NormalizedView
from .attributes import SPANS_KEY
from .base import RuleComponent, searched, spans_as_matches


class OfficialRuler(RuleComponent):
    labels = ("TITLE", "PERSON")
    data_files = ("titles.json", "surnames.txt", "bodies.json")

    def compile(self) -> None:
        body_grammar = bodies.compile_grammar(json.loads(self.data["bodies.json"]))
        self.grammar = officials.compile_grammar(
            json.loads(self.data["titles.json"]), self.data["surnames.txt"], body_grammar
        )

    def find(self, text: str, doc: Doc, view: NormalizedView) -> List[RuleMatch]:
        # The body ruler's result, even when it found none: running the body
        # grammar again would double its cost. Only a pipeline without a body
        # ruler makes the rules find the bodies themselves.
        found_bodies = spans_as_matches(doc, view, self.spans_key, "BODY")
        if not found_bodies and not searched(doc, "BODY"):
            found_bodies = None
        return officials.find_officials(text, grammar=self.grammar, bodies=found_bodies)

    def attrs_for_doc(self, attrs: Dict[str, object], view: NormalizedView) -> Dict[str, object]:
        if not attrs.get("titles"):
            return attrs
        titles = [list(view.original_span(start, end)) for start, end in attrs["titles"]]
        return {**attrs, "titles": titles}


@Language.factory("meeting_official_ruler", default_config={"spans_key": SPANS_KEY})
def make_official_ruler(nlp: Language, name: str, spans_key: str) -> OfficialRuler:
    return OfficialRuler(nlp, name, spans_key=spans_key)
