"""Finding the graph's entities in an article: one Aho-Corasick automaton over every name and alias.

Names and text are brought to one form before matching: Unicode NFKC (full-width to half-width), case
folding, curly quotes to straight ones, and OpenCC's traditional-to-simplified conversion (so 阿裏巴巴,
阿里巴巴 and ALIBABA are one name).  The text's form keeps a map back to the original offsets.

* The longest match wins; a shorter name inside it is kept as a *nested* mention (通义 inside
  通义Qwen2.5-Max), which the name rules of :mod:`.candidates` use.
* A name that starts or ends with a Latin letter or digit must stand at a word boundary there (Meta is no
  mention in metadata); a short all-capital name (US, HSI) matches in capitals only.
* A name that two entities share is an *ambiguous* mention naming both; it is never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ...base.names import to_simplified
from ...graph.model import NAME_KEYS

__all__ = ["Mention", "NameIndex", "normalise", "is_word_char"]

_URL = re.compile(r"(?:https?://|www\.)\S+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def is_word_char(c: str) -> bool:
    """Whether *c* continues a Latin word (an ASCII letter or digit)."""
    return c.isascii() and c.isalnum()


@lru_cache(maxsize=16)  # ingest, mention finding, proposals and patterns all read one paragraph's form
def normalise(text: str) -> tuple:
    """``(form, index)``: *text* in matching form, and for each of its characters the offset in *text* it
    came from (``None`` when they are one to one).

    >>> normalise("阿裏ＡＩ")[0], normalise("Ａ’s")
    ('阿里ai', ("a's", None))
    """
    if text.isascii():
        return text.lower(), None
    form = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    if len(form) == len(text):
        simplified = to_simplified(form)
        if len(simplified) == len(form):
            return simplified, None
    pieces, index = [], []
    for i, c in enumerate(text):
        piece = to_simplified(unicodedata.normalize("NFKC", c).casefold().translate(_QUOTES))
        pieces.append(piece)
        index.extend([i] * len(piece))
    return "".join(pieces), tuple(index)


@dataclass
class Mention:
    """A name found in a paragraph: offsets in the article's text, the entities it names, and how."""

    start: int
    end: int
    surface: str
    entities: tuple  # one id, or several for an ambiguous name
    paragraph: int
    nested: bool = False  # inside a longer mention
    cls: str = ""  # the entity's class (one entity) or "" (ambiguous)
    new: bool = False  # an entity the graph does not know (a proposal of :mod:`.proposals`)

    @property
    def ambiguous(self) -> bool:
        return len(self.entities) > 1

    @property
    def entity(self) -> str | None:
        return self.entities[0] if len(self.entities) == 1 else None


class NameIndex:
    """Every name and alias of a graph's entities in one automaton."""

    def __init__(self, kg, schema=None):
        import ahocorasick  # lazy: only ingest needs the automaton

        owners: dict = {}
        self.classes = {}
        for nid, d in kg.g.nodes(data=True):
            if d["kind"] != "entity" or d["type"] == "Source":
                continue
            self.classes[nid] = d["type"]
            for name in {*(d[k] for k in NAME_KEYS.values() if d.get(k)), *d.get("aliases", ())}:
                form = normalise(name)[0].strip()
                if len(form) < 2:
                    continue
                exact = name if name.isascii() and name.isupper() and len(name) <= 4 else None
                owners.setdefault(form, {}).setdefault(nid, exact)
        self.automaton = ahocorasick.Automaton()
        self.entries = []
        for form in sorted(owners):
            self.entries.append((form, tuple(sorted(owners[form].items()))))
            self.automaton.add_word(form, (len(form), len(self.entries) - 1))
        self.size = len(self.entries)
        if self.entries:
            self.automaton.make_automaton()

    def names_in(self, form: str) -> list:
        """``(start, end, entry)`` of every name in *form* (a normalised text), word boundaries ignored."""
        if not self.entries:
            return []
        return [(end + 1 - length, end + 1, i) for end, (length, i) in self.automaton.iter(form)]

    def find(self, text: str, base: int, paragraph: int) -> list:
        """The mentions in *text* (a paragraph starting at offset *base*), in order, nested ones included."""
        form, index = normalise(text)
        urls = [(m.start(), m.end()) for m in _URL.finditer(form)]
        found = []
        for start, end, i in self.names_in(form):
            if any(a <= start < b for a, b in urls):
                continue
            if is_word_char(form[start]) and start > 0 and is_word_char(form[start - 1]):
                continue
            if is_word_char(form[end - 1]) and end < len(form) and is_word_char(form[end]):
                continue
            owners = self.entries[i][1]
            o_start = index[start] if index else start
            o_end = (index[end - 1] + 1) if index else end
            surface = text[o_start:o_end]
            ids = tuple(eid for eid, exact in owners
                        if exact is None or unicodedata.normalize("NFKC", surface) == exact)
            if ids:
                found.append((o_start, o_end, surface, ids))
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        chosen, nested = [], []
        for m in found:
            inside = [c for c in chosen if c[0] <= m[0] and m[1] <= c[1]]
            if inside:
                if not any(set(m[3]) & set(c[3]) for c in inside + [n for n in nested if n[0] < m[1] and m[0] < n[1]]):
                    nested.append(m)
            elif not any(c[0] < m[1] and m[0] < c[1] for c in chosen):
                chosen.append(m)
        out = [self._mention(m, base, paragraph, False) for m in chosen]
        out += [self._mention(m, base, paragraph, True) for m in nested]
        out.sort(key=lambda m: (m.start, -m.end, m.nested))
        return out

    def _mention(self, m, base: int, paragraph: int, nested: bool) -> Mention:
        start, end, surface, ids = m
        cls = self.classes[ids[0]] if len(ids) == 1 else ""
        return Mention(base + start, base + end, surface, ids, paragraph, nested, cls)
