"""From rule matches on normalized text to spans of a Doc over the original.

Rule engines see the normalized text (``token.norm_`` + whitespace, token by
token) and return offsets into it. Here those offsets go back to the
original text, and tokens are split where an entity boundary falls inside
one: entity boundaries never depend on where the segmenter cut (pkuseg cuts
``…会议暨区政府…`` as ``暨区|政府``, yet ``区政府`` is one BODY).
"""
from __future__ import annotations

import weakref
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Dict, Iterable, List, Tuple

import numpy
from spacy.attrs import IDX, NORM, ORTH, SENT_START, SPACY
from spacy.tokens import Doc, SpanGroup

from ..normalize.glosses import find_glosses


@dataclass(frozen=True)
class NormalizedView:
    """The normalized text of a Doc and, per normalized character, its original offset."""

    text: str
    starts: array  # len(text) + 1 entries; starts[-1] == len(doc.text)

    def original_span(self, start: int, end: int) -> Tuple[int, int]:
        return self.starts[start], self.starts[end]

    def normalized_span(self, start: int, end: int) -> Tuple[int, int]:
        """Normalized offsets of an original span that starts and ends on character edges."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)


def token_char_starts(text: str, norm: str) -> List[int]:
    """Offsets in ``text`` where each character of ``norm`` begins.

    Equal lengths map one to one. Otherwise the token holds pinyin glosses,
    each belonging to the character before it.
    """
    if len(text) == len(norm):
        return list(range(len(text)))
    glosses = find_glosses(text)
    kept = [i for i in range(len(text)) if not any(s <= i < e for s, e in glosses)]
    if len(kept) != len(norm):
        raise ValueError(f"token {text!r} and its norm {norm!r} do not align")
    return kept


# Doc -> its view, for as long as the Doc lives; never serialized with it.
_VIEWS: "weakref.WeakKeyDictionary[Doc, NormalizedView]" = weakref.WeakKeyDictionary()


def normalized_view(doc: Doc) -> NormalizedView:
    """The normalized text of ``doc`` with the offset map, built once per Doc.

    Every rule component needs it, and building it touches every token, so it
    is remembered per Doc (a weak reference: it goes with the Doc, and is not
    part of what ``doc.to_bytes()`` writes). Our token splits keep it valid:
    they change neither the text nor the norms spelled in a row. The
    meeting_nlp tokenizer seeds it from ``normalize()``.
    """
    view = _VIEWS.get(doc)
    if view is None or view.starts[-1] != text_length(doc):
        view = _VIEWS[doc] = build_normalized_view(doc)
    return view


def text_length(doc: Doc) -> int:
    """``len(doc.text)`` without building the text (``doc.text`` joins every token)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def remember_view(doc: Doc, view: NormalizedView) -> None:
    _VIEWS[doc] = view


def build_normalized_view(doc: Doc) -> NormalizedView:
    """Rebuild the normalized text of ``doc`` from its tokens' norms."""
    pieces: List[str] = []
    starts = array("q")
    for token in doc:
        norm = token.norm_
        pieces.append(norm)
        starts.extend(token.idx + offset for offset in token_char_starts(token.text, norm))
        if token.whitespace_:
            pieces.append(token.whitespace_)
            starts.append(token.idx + len(token.text))
    starts.append(len(doc.text))
    return NormalizedView("".join(pieces), starts)


def split_at(doc: Doc, boundaries: Iterable[int]) -> Doc:
    """Split tokens so that every original character offset in ``boundaries`` is a token edge.

    New tokens keep their share of the norm (a gloss stays with its
    character) and no head or dependency: the pipeline has no parser before
    the rules. The Doc is changed in place and returned.

    All cuts are made in one pass over the Doc, in time linear in its length
    whatever the number of cuts (``doc.retokenize().split`` moves every
    later token once per split: quadratic on a long report with many
    entities). The Doc is rebuilt in place from its words, spaces and norms;
    span groups, entities, sentence starts, ``user_data`` (which holds the
    span extension values, keyed by character offsets) and ``cats`` are
    carried over.
    """
    token_starts = doc.to_array(IDX).tolist() if len(doc) else []
    cuts: Dict[int, List[int]] = {}
    for offset in set(boundaries):
        i = bisect_right(token_starts, offset) - 1
        if i < 0:
            continue
        token = doc[i]
        if token.idx != offset and offset < token.idx + len(token.text):
            cuts.setdefault(i, []).append(offset - token.idx)
    if not cuts:
        return doc
    _rebuild(doc, cuts)
    return doc


def _rebuild(doc: Doc, cuts: Dict[int, List[int]]) -> None:
    """Re-initialize ``doc`` in place with the tokens in ``cuts`` cut (one pass)."""
    strings = doc.vocab.strings
    table = doc.to_array([ORTH, NORM, SPACY])
    has_sents = doc.has_annotation("SENT_START")
    sent_starts = doc.to_array(SENT_START).tolist() if has_sents else None
    saved = _save_span_groups(doc)
    ents = [(e.start_char, e.end_char, e.label_, e.kb_id_, e.id_) for e in doc.ents]
    cats, user_data = dict(doc.cats), doc.user_data
    words: List[str] = []
    spaces: List[bool] = []
    norms: List[str] = []
    starts: List[int] = []
    for i, (orth, norm, space) in enumerate(table.tolist()):
        text, norm_text = strings[orth], strings[norm]
        edges = cuts.get(i)
        if edges is None:
            words.append(text)
            norms.append(norm_text)
            spaces.append(bool(space))
            if has_sents:
                starts.append(sent_starts[i])
            continue
        edges = sorted(edges)
        norm_starts = token_char_starts(text, norm_text)
        bounds = list(zip([0] + edges, edges + [len(text)]))
        for k, (begin, end) in enumerate(bounds):
            words.append(text[begin:end])
            norms.append(norm_text[_norm_index(norm_starts, begin) : _norm_index(norm_starts, end)])
            spaces.append(bool(space) and k == len(bounds) - 1)
            if has_sents:
                starts.append(sent_starts[i] if k == 0 else 0)
    Doc.__init__(doc, doc.vocab, words=words, spaces=spaces, user_data=user_data)
    attrs = [NORM] + ([SENT_START] if has_sents else [])
    values = [[strings.add(n)] for n in norms]
    if has_sents:
        values = [[n, s] for (n,), s in zip(values, starts)]
    doc.from_array(attrs, numpy.array(values, dtype="uint64"))
    doc.cats = cats
    if ents:
        spans = [doc.char_span(a, b, label=label, kb_id=kb, span_id=sid) for a, b, label, kb, sid in ents]
        doc.set_ents([s for s in spans if s is not None], default="missing")
    _restore_span_groups(doc, saved)


def _save_span_groups(doc: Doc):
    """Span groups by character offsets: ``retokenize().split`` leaves their token indices stale."""
    return {
        key: (dict(group.attrs), [(s.start_char, s.end_char, s.label, s.kb_id, s.id) for s in group])
        for key, group in doc.spans.items()
    }


def _restore_span_groups(doc: Doc, saved) -> None:
    """Rebuild the groups on the new tokens; extension values are keyed by offsets and survive."""
    for key, (attrs, items) in saved.items():
        spans = [doc.char_span(a, b, label=label, kb_id=kb, span_id=sid) for a, b, label, kb, sid in items]
        doc.spans[key] = SpanGroup(doc, name=key, attrs=attrs, spans=[s for s in spans if s is not None])


def _norm_index(norm_starts: List[int], offset: int) -> int:
    """How many normalized characters begin before ``offset`` inside the token."""
    return bisect_left(norm_starts, offset)


def _token_at(doc: Doc, token_starts: List[int], offset: int):  # noqa: D401 (kept for callers)
    """The token whose text covers original ``offset`` (None in whitespace or out of range)."""
    i = bisect_right(token_starts, offset) - 1
    if i < 0:
        return None
    token = doc[i]
    return token if offset < token.idx + len(token.text) else None
