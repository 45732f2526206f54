"""What every meeting_nlp rule component shares.

A rule component reads the normalized view of the Doc, runs a pure rule
engine over it (``meeting_nlp.rules``), splits tokens where a match edge
falls inside one, and adds labelled spans with their attributes to
``doc.spans["meeting"]``. Its rules are data files: they are read from the
package when the component is made, saved with ``nlp.to_disk()`` and read
back with ``spacy.load()``, so a saved pipeline keeps the rules it was saved
with, as spaCy's own ``span_ruler`` keeps its patterns.
"""
from __future__ import annotations

import logging
import weakref
from importlib import resources
from pathlib import Path
from typing import Dict, Iterable, List, Tuple, Union

import srsly
from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example

from ..rules.base import RuleMatch
from . import attributes
from .alignment import NormalizedView, normalized_view, split_at

logger = logging.getLogger(__name__)

# Doc -> the labels a rule component has already searched it for (not serialized).
_SEARCHED: "weakref.WeakKeyDictionary[Doc, set]" = weakref.WeakKeyDictionary()


def searched(doc: Doc, label: str) -> bool:
    """True when a rule component for ``label`` has run on ``doc`` (even if it found nothing)."""
    return label in _SEARCHED.get(doc, ())


def read_resource(name: str) -> str:
    return resources.files("meeting_nlp").joinpath(f"resources/{name}").read_text(encoding="utf-8")


class RuleComponent:
    """Base of the rule components; subclasses set ``labels``, ``data_files`` and ``find``."""

    labels: Tuple[str, ...] = ()
    data_files: Tuple[str, ...] = ()
    #: kind of user addition -> the data file that keeps them (saved with the pipeline)
    user_files: Dict[str, str] = {}

    def __init__(self, nlp: Language, name: str, *, spans_key: str = attributes.SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        self.data: Dict[str, str] = {f: read_resource(f) for f in self.data_files}
        self.compile()

    # -- the rules ---------------------------------------------------------
    def compile(self) -> None:
        """Build matchers from ``self.data`` (called after every load)."""

    def find(self, text: str, doc: Doc, view: NormalizedView) -> List[RuleMatch]:
        raise NotImplementedError

    def attrs_for_doc(self, attrs: Dict[str, object], view: NormalizedView) -> Dict[str, object]:
        """Attributes as stored on the span; offsets in them must point into the original."""
        return attrs

    # -- running -------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        view = normalized_view(doc)
        add_matches(doc, view, self.find(view.text, doc, view), self.spans_key, self.attrs_for_doc)
        _SEARCHED.setdefault(doc, set()).update(self.labels)
        return doc

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """Nothing to learn: the rules come with the component."""

    # -- user additions: extra lexicon lines that travel with the pipeline ---
    def user_lines(self, kind: str) -> List[str]:
        """The lines of ``kind`` the user added (``add_*`` or a config path), in order."""
        return [line for line in self.data.get(self.user_files[kind], "").splitlines() if line.strip()]

    def _set_user_lines(self, kind: str, lines: List[str]) -> None:
        """Replace the additions of ``kind`` and recompile; a bad line raises and changes nothing."""
        name = self.user_files[kind]
        old = self.data.get(name)
        if lines:
            self.data[name] = "".join(line + "\n" for line in lines)
        else:
            self.data.pop(name, None)
        try:
            self.compile()
        except Exception:
            if old is None:
                self.data.pop(name, None)
            else:
                self.data[name] = old
            self.compile()
            raise

    def _initialize_user_files(self, paths: Dict[str, object]) -> None:
        """``[initialize.components.NAME]`` paths: each replaces the additions of its kind."""
        for kind, path in paths.items():
            if path is None:
                continue
            file = Path(str(path))
            if not file.is_file():
                raise FileNotFoundError(f"{self.name}: {kind} file {str(path)!r} does not exist")
            lines = [line for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
            self._set_user_lines(kind, [])
            self._add_user(kind, lines, str(file))

    def _add_user(self, kind: str, lines: List[str], where: str) -> None:
        raise NotImplementedError

    def score(self, examples: Iterable[Example], **kwargs) -> Dict[str, object]:
        return score_labels(examples, self.labels, self.spans_key)

    # -- serialization: the rule files travel with the pipeline ------------
    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.msgpack_dumps({"spans_key": self.spans_key, "data": self.data})

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "RuleComponent":
        loaded = srsly.msgpack_loads(data)
        self.spans_key, self.data = loaded["spans_key"], dict(loaded["data"])
        self.compile()
        return self

    def to_disk(self, path: Union[str, Path], *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", {"spans_key": self.spans_key, "data_files": sorted(self.data)})
        for name, text in self.data.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_text(text, encoding="utf-8")

    def from_disk(self, path: Union[str, Path], *, exclude=tuple()) -> "RuleComponent":
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json")
        self.spans_key = cfg["spans_key"]
        self.data = {name: (path / name).read_text(encoding="utf-8") for name in cfg["data_files"]}
        self.compile()
        return self


def add_matches(doc: Doc, view: NormalizedView, matches: List[RuleMatch], spans_key: str, convert=None) -> List[Span]:
    """Turn normalized-text matches into spans of ``doc`` (splitting tokens where needed)."""
    group = span_group(doc, spans_key)
    if not matches:
        return []
    offsets = [view.original_span(m.start, m.end) for m in matches]
    split_at(doc, [o for pair in offsets for o in pair])
    group = span_group(doc, spans_key)  # splitting tokens rebuilt the groups
    present = {(s.start_char, s.end_char, s.label_) for s in group}
    added = []
    for match, (start, end) in zip(matches, offsets):
        if (start, end, match.label) in present:
            continue
        span = doc.char_span(start, end, label=match.label)
        if span is None:  # only if a rule matched whitespace at an edge
            logger.warning("no span for %s %r", match.label, doc.text[start:end])
            continue
        attrs = convert(match.attrs, view) if convert else match.attrs
        for name, value in attrs.items():
            if Span.has_extension(name):
                span._.set(name, value)
        group.append(span)
        present.add((start, end, match.label))
        added.append(span)
    return added


def span_group(doc: Doc, key: str):
    """``doc.spans[key]``, created empty if missing (``setdefault`` would return a plain list)."""
    if key not in doc.spans:
        doc.spans[key] = []
    return doc.spans[key]


def spans_as_matches(doc: Doc, view: NormalizedView, spans_key: str, label: str) -> List[RuleMatch]:
    """Spans already in the Doc, as matches over the normalized view (for rules that build on them)."""
    found = []
    for span in doc.spans.get(spans_key, []):
        if span.label_ == label:
            start, end = view.normalized_span(span.start_char, span.end_char)
            if start < end:
                found.append(RuleMatch(start, end, label, attributes.span_attrs(span)))
    return sorted(found, key=lambda m: (m.start, m.end))


def score_labels(examples: Iterable[Example], labels: Tuple[str, ...], spans_key: str) -> Dict[str, object]:
    """P/R/F of this component's labels, under ``spans_{spans_key}_{labels}``.

    A reference Doc carries annotation for these labels when it has the span
    group ``spans_key`` (then all its spans are compared, nested ones
    included, with the predicted group) or entities (``doc.ents``, the flat
    view a converted gold corpus has; then the predicted ``doc.ents`` are
    compared). Reference Docs with neither are skipped, as spaCy's
    ``has_annotation`` prescribes, instead of counting every prediction as
    wrong.
    """
    examples = list(examples)
    nested = [e for e in examples if spans_key in e.reference.spans]
    flat = [e for e in examples if spans_key not in e.reference.spans and e.reference.has_annotation("ENT_IOB")]
    attr = f"spans_{spans_key}_{'_'.join(labels).lower()}"
    return _prf(attr, nested, flat, labels, spans_key)


def _prf(attr, nested, flat, labels, spans_key) -> Dict[str, object]:
    """Exact matches by character offsets and label, so that tokenization never matters."""
    from spacy.scorer import PRFScore

    total, per_type = PRFScore(), {}
    for examples, getter in ((nested, "group"), (flat, "ents")):
        for example in examples:
            pred, gold = example.predicted, example.reference
            if getter == "group":
                p = [s for s in pred.spans.get(spans_key, []) if s.label_ in labels]
                g = [s for s in gold.spans.get(spans_key, []) if s.label_ in labels]
            else:
                p = [s for s in pred.ents if s.label_ in labels]
                g = [s for s in gold.ents if s.label_ in labels]
            p_set = {(s.label_, s.start_char, s.end_char) for s in p}
            g_set = {(s.label_, s.start_char, s.end_char) for s in g}
            total.score_set(p_set, g_set)
            for label in labels:
                per_type.setdefault(label, PRFScore()).score_set(
                    {x for x in p_set if x[0] == label}, {x for x in g_set if x[0] == label}
                )
    if not nested and not flat:  # nothing annotated: no figure, rather than a false 0.0
        return {f"{attr}_p": None, f"{attr}_r": None, f"{attr}_f": None, f"{attr}_per_type": None}
    return {
        f"{attr}_p": total.precision,
        f"{attr}_r": total.recall,
        f"{attr}_f": total.fscore,
        f"{attr}_per_type": {k: v.to_dict() for k, v in per_type.items()},
    }
