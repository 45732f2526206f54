"""DOCUMENT: titles of documents, laws and resolutions inside 《》."""
from __future__ import annotations

import re
from typing import List

from spacy.language import Language
from spacy.tokens import Doc

from ..rules.base import RuleMatch
from .alignment import NormalizedView
from .attributes import SPANS_KEY
from .base import RuleComponent

# 《…》 without nested brackets or line breaks; nested 《》 inside a title are
# rare and then the outer title is the document.
_TITLE = re.compile(r"《((?:[^《》\n]|《[^《》\n]*》){1,200})》")


def find_documents(text: str) -> List[RuleMatch]:
    """DOCUMENT matches: the inside of each 《…》, marks excluded (ANNOTATION.md)."""
    return [RuleMatch(m.start(1), m.end(1), "DOCUMENT") for m in _TITLE.finditer(text) if m.group(1).strip()]


class DocumentRuler(RuleComponent):
    labels = ("DOCUMENT",)

    def find(self, text: str, doc: Doc, view: NormalizedView) -> List[RuleMatch]:
        return find_documents(text)


@Language.factory("meeting_document_ruler", default_config={"spans_key": SPANS_KEY})
def make_document_ruler(nlp: Language, name: str, spans_key: str) -> DocumentRuler:
    return DocumentRuler(nlp, name, spans_key=spans_key)
