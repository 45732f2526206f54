"""A trained NER inside the rule pipeline.

``meeting_nlp.load(ner="path/to/model")`` adds this component before the
resolver. It runs the trained pipeline (its own tokenizer: the training
config reads characters) over the report, brings its entities over by
character offsets, splitting tokens where needed, and puts them in
``doc.ents`` and ``doc.spans["ner"]``. The resolver then merges: by default a
rule span wins where the two overlap and the model fills the gaps.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .alignment import split_at
from .base import span_group

NER_SPANS_KEY = "ner"


class TrainedNER:
    def __init__(self, nlp: Language, name: str, *, model: Optional[str], spans_key: str = NER_SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        self.model_path = model
        self.model: Optional[Language] = None  # loaded on first use, or by from_disk

    def _loaded(self) -> Language:
        if self.model is None:
            if not self.model_path:
                raise ValueError(f"{self.name} has no model: pass model='path/to/trained/pipeline'")
            self.model = spacy.load(self.model_path)
        return self.model

    def __call__(self, doc: Doc) -> Doc:
        found = [(e.start_char, e.end_char, e.label_) for e in self._loaded()(doc.text).ents]
        split_at(doc, [offset for start, end, _ in found for offset in (start, end)])
        spans = [doc.char_span(start, end, label=label) for start, end, label in found]
        spans = [s for s in spans if s is not None]
        group = span_group(doc, self.spans_key)
        group.extend(spans)
        doc.ents = filter_spans(spans)
        return doc

    # the trained pipeline travels inside the saved one
    def to_disk(self, path: Union[str, Path], *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", {"spans_key": self.spans_key, "source": self.model_path})
        self._loaded().to_disk(path / "model")

    def from_disk(self, path: Union[str, Path], *, exclude=tuple()) -> "TrainedNER":
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json")
        self.spans_key, self.model_path = cfg["spans_key"], cfg["source"]
        if (path / "model").exists():
            self.model = spacy.load(path / "model")
        return self


@Language.factory("meeting_trained_ner", default_config={"model": None, "spans_key": NER_SPANS_KEY})
def make_trained_ner(nlp: Language, name: str, model: Optional[str], spans_key: str) -> TrainedNER:
    return TrainedNER(nlp, name, model=model, spans_key=spans_key)
