"""TITLE and PERSON: officials, their posts, bylines, and their role in the meeting.

A title is kept only when a named person holds it; ``PERSON._.titles`` lists
the ``[start, end]`` (original offsets) of the titles that name the person,
and ``PERSON._.role`` is presided / reported / spoke / attended when the
text says so. Reads the bodies the body ruler found.

Users extend the vocabulary without editing package files:
``add_titles([...])`` and ``add_surnames([...])``, or the config paths
``[initialize.components.meeting_official_ruler] titles = "titles.jsonl"``,
``surnames = "surnames.txt"``. Additions are saved with the pipeline.
"""
from __future__ import annotations

import json
import re
from typing import Dict, Iterable, List, Mapping, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize import normalize
from ..rules import bodies, officials
from ..rules.base import RuleMatch
from .alignment import NormalizedView
from .attributes import SPANS_KEY
from .base import RuleComponent, searched, spans_as_matches

_SURNAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{1,4}")


class OfficialRuler(RuleComponent):
    labels = ("TITLE", "PERSON")
    data_files = ("titles.json", "surnames.txt", "bodies.json")
    user_files = {"titles": "user/titles.jsonl", "surnames": "user/surnames.txt"}

    def compile(self) -> None:
        body_grammar = bodies.compile_grammar(json.loads(self.data["bodies.json"]))
        voc = json.loads(self.data["titles.json"])
        added = officials.title_entries(self.data.get(self.user_files["titles"], ""), self.user_files["titles"])
        surnames = self.data["surnames.txt"] + "\n" + self.data.get(self.user_files["surnames"], "")
        self.grammar = officials.compile_grammar(officials.merge_titles(voc, added), surnames, body_grammar)

    # -- user additions -------------------------------------------------------
    def add_titles(self, titles: Iterable[Union[str, Mapping]]) -> None:
        """Add posts or byline roles: ``"首席大法官"`` or ``{"title": "大法官", "after_name": True}``.

        Keys of a dict: ``title``; ``byline`` (a byline role such as 记者),
        ``after_name`` (may follow a name: 习近平总书记), ``needs_body`` (only
        with a body before it, as 常委), ``central`` (quotation verbs give
        it no role). Titles are normalized (traditional script is fine).
        """
        entries = officials.title_entries(list(titles), "add_titles")
        self._add_user("titles", [json.dumps(e, ensure_ascii=False) for e in entries], "add_titles")

    def add_surnames(self, surnames: Iterable[str]) -> None:
        """Add surnames, single (``"买"``) or compound (``"欧阳"``), in any script."""
        self._add_user("surnames", list(surnames), "add_surnames")

    def _add_user(self, kind: str, lines: List, where: str) -> None:
        if kind == "titles":
            entries = officials.title_entries([json.loads(x) if isinstance(x, str) and x.lstrip().startswith(("{", '"')) else x for x in lines], where)
            new = []
            for e in entries:
                e = {**e, "title": normalize(e["title"]).text}
                new.append(json.dumps(e, ensure_ascii=False))
        else:
            new = []
            for n, item in enumerate(lines, 1):
                if not isinstance(item, str):
                    raise TypeError(f"{where}: surname {n} must be a str, not {type(item).__name__}")
                name = normalize(item.strip()).text
                if name.startswith("#"):
                    continue
                if not _SURNAME.fullmatch(name):
                    raise ValueError(f"{where}: {item!r} (line {n}) is no surname: one to four Chinese characters")
                new.append(name)
        self._set_user_lines(kind, self.user_lines(kind) + new)

    def initialize(self, get_examples=None, *, nlp=None, titles: Optional[str] = None, surnames: Optional[str] = None) -> None:
        """Read user additions from files: ``titles`` (JSONL or one title a line), ``surnames`` (one a line)."""
        self._initialize_user_files({"titles": titles, "surnames": surnames})

    # -- running ------------------------------------------------------------
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
