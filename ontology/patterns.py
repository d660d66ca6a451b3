"""Trigger patterns (``cnkg:pattern``): how article ingest recognises a fact type in a sentence.

A pattern is declared next to the relationship or fact class it proposes, so that adding a type
adds its patterns in the same place.  Its tokens are separated by spaces:

* a **slot** names where a participant stands: ``from`` or ``to`` on a relationship, a role
  (``party``, ``investor``) on a fact, optionally narrowed to a class (``subject:AIModel``);
* ``from>to`` says that a name of the ``to`` entity appears inside the ``from`` mention
  (``通义Qwen2.5-Max`` is a release of ``通义``);
* ``key=value`` fixes a property of the proposed fact (``eventKind=ipo``); ``to=@source`` makes the
  article itself the object;
* ``^`` anchors the pattern at the start of a paragraph;
* every other token is a **trigger word**.  In Chinese each word is matched on its own, in order; in
  English the words between two slots form one phrase, matched at word boundaries.

>>> p = parse_pattern("investee 获 investor 投资", "zh", {"investee", "investor"})
>>> [part.role if isinstance(part, Slot) else part for part in p.parts]
['investee', '获', 'investor', '投资']
>>> parse_pattern("party partnered with party", "en", {"party"}).parts[1]
'partnered with'
>>> parse_pattern("subject:Organization 上市 eventKind=ipo", "zh", {"subject"}).fixed
(('eventKind', 'ipo'),)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Slot", "Pattern", "parse_pattern", "PATTERN_LANGS", "SOURCE_VALUE"]

PATTERN_LANGS = ("en", "zh", "mul")  # "mul": any language (the name rules)
SOURCE_VALUE = "@source"  # to=@source: the article being read
_SLOT = re.compile(r"^([a-z][A-Za-z]*)(?::([A-Z][A-Za-z]*))?$")
_FIXED = re.compile(r"^([a-z][A-Za-z]*)=(\S+)$")
_CONTAINS = re.compile(r"^(from|to)>(from|to)$")


@dataclass(frozen=True)
class Slot:
    """Where a participant stands in a pattern: its role (``from``, ``to`` or a role name) and class."""

    role: str
    cls: str | None = None


@dataclass(frozen=True)
class Pattern:
    """One parsed trigger pattern; :attr:`text` and :attr:`lang` are as the ontology writes them."""

    text: str
    lang: str
    parts: tuple = ()  # Slot or trigger text, in order
    fixed: tuple = ()  # (key, value) pairs
    anchored: bool = False
    contains: tuple | None = None  # ("from", "to") for from>to

    @property
    def slots(self) -> tuple:
        return tuple(p for p in self.parts if isinstance(p, Slot))

    @property
    def triggers(self) -> tuple:
        return tuple(p for p in self.parts if isinstance(p, str))


def parse_pattern(text: str, lang: str, slot_names) -> Pattern:
    """Parse *text*, whose slots are the names in *slot_names*; a bad pattern raises ``ValueError``."""
    if lang not in PATTERN_LANGS:
        raise ValueError(f"pattern {text!r} has language {lang!r}, not one of {', '.join(PATTERN_LANGS)}")
    tokens = text.split()
    if not tokens:
        raise ValueError("empty pattern")
    m = _CONTAINS.match(tokens[0])
    if m:
        if len(tokens) > 1 or m.group(1) == m.group(2):
            raise ValueError(f"pattern {text!r}: a name rule is one token, from>to or to>from")
        return Pattern(text, lang, contains=(m.group(1), m.group(2)))
    parts, fixed, anchored = [], [], False
    for i, token in enumerate(tokens):
        fm = _FIXED.match(token)
        sm = _SLOT.match(token)
        if token == "^":
            if i:
                raise ValueError(f"pattern {text!r}: ^ may only start a pattern")
            anchored = True
        elif fm:
            fixed.append((fm.group(1), fm.group(2)))
        elif sm and sm.group(1) in slot_names:
            parts.append(Slot(sm.group(1), sm.group(2)))
        elif sm and sm.group(2):
            raise ValueError(f"pattern {text!r}: {sm.group(1)!r} is not a slot of this type")
        else:
            _add_word(parts, token, lang)
    if not any(isinstance(p, Slot) for p in parts) and not any(k in ("from", "to") for k, _ in fixed):
        raise ValueError(f"pattern {text!r} has no slot")
    if not any(isinstance(p, str) for p in parts):
        raise ValueError(f"pattern {text!r} has no trigger word")
    return Pattern(text, lang, tuple(parts), tuple(fixed), anchored)


def _add_word(parts: list, token: str, lang: str) -> None:
    if lang != "zh" and parts and isinstance(parts[-1], str):
        parts[-1] = f"{parts[-1]} {token}"
    else:
        parts.append(token)
