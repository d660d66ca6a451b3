"""Proposing facts: the ontology's trigger patterns (``cnkg:pattern``) matched sentence by sentence.

For each sentence of a paragraph and each pattern of the paragraph's language, the trigger words are
looked for in order (each within :data:`MAX_GAP` characters of the one before, none inside a mention);
then every slot is filled from the mentions in its stretch of the sentence whose class the slot allows
(the relationship's domain or range, the role's range, or the class the slot names):

* a slot before the first trigger takes the nearest allowed mention before it, after the last trigger the
  nearest after it, between two triggers the first one there; a role that may hold several entities takes
  every allowed mention of its stretch within :data:`WINDOW` characters;
* a slot that opens the pattern and finds nothing takes the nearest allowed mention earlier in the
  paragraph (the subject carried over from a sentence before), at a lower confidence;
* a name rule (``from>to``) proposes the relationship between a mention and a name nested in it.

A proposal needs every slot filled, distinct participants, and every role the fact class requires.  Its
confidence starts at 0.7 (0.6 for a name rule), loses 0.01 per character between the triggers and the
participants, is multiplied by 0.6 for a carried-over subject, and never goes below 0.3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...base.datatypes import parse_date
from ...ontology.patterns import SOURCE_VALUE, Slot
from .mentions import is_word_char, normalise

__all__ = ["Candidate", "Matcher", "MAX_GAP", "WINDOW"]

MAX_GAP = {"zh": 14, "en": 40}  # characters allowed between two trigger words
WINDOW = {"zh": 30, "en": 70}  # characters a slot may stand from its trigger
_SENTENCE_END = re.compile(r"[。！？；!?;]+|(?<![A-Z][a-z])(?<!\b[A-Z])(?<!\b(?:Dec|Jan|Feb|Mar|Apr|Aug|Sep|Oct|Nov))"
                           r"\.(?=\s+[A-Z\"'“‘(]|\s*$)")


@dataclass
class Candidate:
    """A proposed fact: its type, participants by role, fixed properties, and its evidence."""

    type: str  # a relationship's graph name or a fact class
    roles: dict  # role (from/to or a role name) -> tuple of entity ids
    fixed: tuple
    paragraph: int
    start: int
    end: int
    rule: str
    confidence: float
    paragraphs: list = field(default_factory=list)  # every paragraph that gave it, first first
    spans: list = field(default_factory=list)  # (start, end) of each piece of evidence
    number: int = 0  # its place (from 1) among the article's candidate facts, once merged
    date: str | None = None  # the one date its sentence gives (2025-01-29, 2025-01, 2014), if any

    def key(self, symmetric: bool) -> tuple:
        roles = dict(self.roles)
        if symmetric:
            roles = {"pair": tuple(sorted({*roles.get("from", ()), *roles.get("to", ())}))}
        return (self.type, tuple(sorted((k, tuple(sorted(v))) for k, v in roles.items())), self.fixed)


def _automaton(words):
    import ahocorasick  # lazy: as in mentions

    automaton = ahocorasick.Automaton()
    for w in words:
        automaton.add_word(w, w)
    automaton.make_automaton()
    return automaton


_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"), 1)}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_DATES = (  # (pattern, the groups' order: y m d), on the matching form (lower case, simplified)
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "ymd"),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月"), "ym"),
    (re.compile(r"(?<!\d)(\d{4})\s*年(?!\s*\d)"), "y"),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b"), "mdy"),
    (re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b"), "dmy"),
    (re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b"), "my"),
    (re.compile(r"\bin\s+(\d{4})\b"), "y"),
)


def sentence_date(text: str) -> str | None:
    """The one date a sentence gives, at its precision; ``None`` for none, or for two that differ.

    >>> sentence_date("2025年1月29日凌晨，阿里云发布"), sentence_date("on january 29, 2025, alibaba released")
    ('2025-01-29', '2025-01-29')
    >>> sentence_date("2014年阿里上市"), sentence_date("it raised funds in march 2024"), sentence_date("2023年和2024年")
    ('2014', '2024-03', None)
    """
    found, taken = set(), []
    for pattern, order in _DATES:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # inside a more precise date already read
            parts = dict(zip(order, m.groups()))
            month = parts.get("m")
            month = _MONTHS.get(month, month)
            text_date = parts["y"] + (f"-{int(month):02d}" if month else "") + (f"-{int(parts['d']):02d}" if "d" in parts else "")
            try:
                found.add(parse_date(text_date))
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
    return found.pop() if len(found) == 1 else None


_LIST_GLUE = re.compile(r"^(?:\s*(?:[、,，/]|and|&|和|及|与|以及|或)\s*)+$|^\s+$")


def _listed(form: str, cands: list) -> list:
    """The nearest candidate and those joined to it as a list (A、B和C; A, B and C), nearest first."""
    out = [cands[0]]
    for u in cands[1:]:
        a, b = sorted((out[-1], u), key=lambda x: x[0])
        if not _LIST_GLUE.match(form[a[1]:b[0]]):
            break
        out.append(u)
    return out


@dataclass
class _Compiled:
    type: str
    pattern: object
    triggers: tuple  # matching forms of the trigger words
    groups: tuple  # for each gap (before the first trigger, between, after the last): the slots there
    allowed: dict  # slot index -> frozenset of classes
    multi: dict  # role -> whether it may hold several entities


class Matcher:
    """The trigger patterns of a schema, compiled once, and matched against paragraphs."""

    def __init__(self, schema, source_id: str):
        self.schema = schema
        self.source_id = source_id
        self.patterns = {"en": [], "zh": [], "mul": []}
        for typ, p in schema.trigger_patterns:
            self.patterns[p.lang].append(self._compile(typ, p))
        # the trigger words of each language in one automaton: a paragraph is scanned once for all of them,
        # and only the patterns whose every trigger word it holds are tried on its sentences
        self._triggers, self._by_first = {}, {}
        for lang in ("en", "zh"):
            words = sorted({t for c in self.patterns[lang] for t in c.triggers})
            self._triggers[lang] = _automaton(words) if words else None
            by_first = self._by_first[lang] = {}
            for i, c in enumerate(self.patterns[lang]):
                by_first.setdefault(c.triggers[0], []).append((i, c))

    def _allowed(self, typ: str, slot: Slot) -> frozenset:
        link = self.schema.relations.get(typ)
        if link is not None:
            ends = link.domains if slot.role == "from" else link.ranges
        else:
            ends = self.schema.roles_for(typ)[slot.role].ranges
        classes = set()
        for end in ends:
            classes |= self.schema.subclasses(end)
        if slot.cls:
            classes &= self.schema.subclasses(slot.cls)
        return frozenset(classes)

    def _multi(self, typ: str, role: str) -> bool:
        if typ in self.schema.relations:
            return False
        link = self.schema.roles_for(typ)[role]
        return link.max is None or link.max > 1

    def _compile(self, typ: str, p) -> _Compiled:
        groups, current = [], []
        triggers = []
        for part in p.parts:
            if isinstance(part, Slot):
                current.append(part)
            else:
                groups.append(tuple(current))
                current = []
                triggers.append(normalise(part)[0])
        groups.append(tuple(current))
        if p.contains:
            slots = (Slot(p.contains[0]), Slot(p.contains[1]))
        else:
            slots = tuple(s for g in groups for s in g)
        allowed = {s: self._allowed(typ, s) for s in slots}
        multi = {s.role: self._multi(typ, s.role) for s in slots}
        return _Compiled(typ, p, tuple(triggers), tuple(groups), allowed, multi)

    # -- matching -----------------------------------------------------------------------------------------
    def match(self, paragraph, mentions) -> list:
        """The :class:`Candidate` s of *paragraph* given its *mentions* (known entities and proposals)."""
        form, index = normalise(paragraph.text)
        base = paragraph.start

        inverse = None
        if index is not None:  # paragraph offset -> the first index of form that came from it
            inverse = [len(form)] * (len(paragraph.text) + 1)
            for i in range(len(index) - 1, -1, -1):
                inverse[index[i]] = i

        def to_form(offset):  # an article offset to an index into form
            return offset - base if inverse is None else inverse[offset - base]

        usable = []
        for m in mentions:
            if m.ambiguous or not m.cls:
                continue
            usable.append((to_form(m.start), to_form(m.end), m))
        top = [u for u in usable if not u[2].nested]
        out = []
        lang = paragraph.lang
        for c in self.patterns["mul"]:
            out.extend(self._names(c, usable, paragraph))
        automaton = self._triggers[lang]
        found = {w for _, w in automaton.iter(form)} if automaton is not None else set()
        by_first = self._by_first[lang]
        present = [c for _, c in sorted(ic for t in found for ic in by_first.get(t, ()) if found.issuperset(ic[1].triggers))]
        if not present:
            return out  # no pattern has all its trigger words in the paragraph: no sentence to look at
        for s_start, s_end in self._sentences(form):
            inside = [u for u in top if s_start <= u[0] and u[1] <= s_end]
            earlier = [u for u in top if u[1] <= s_start]
            for c in present:
                out.extend(self._sentence(c, form, s_start, s_end, inside, earlier, paragraph, index))
        return out

    @staticmethod
    def _sentences(form: str) -> list:
        spans, start = [], 0
        for m in _SENTENCE_END.finditer(form):
            spans.append((start, m.end()))
            start = m.end()
        if start < len(form):
            spans.append((start, len(form)))
        return spans

    def _find_triggers(self, c, form, s_start, s_end, mentions, lang):
        """Every way the trigger words occur in order in the sentence: lists of (start, end)."""
        results = []
        first = c.triggers[0]
        at = form.find(first, s_start, s_end)
        while at != -1:
            chain = [(at, at + len(first))]
            ok = self._word_ok(form, chain[0], lang) and not self._in_mention(chain[0], mentions)
            for t in c.triggers[1:]:
                if not ok:
                    break
                prev_end = chain[-1][1]
                nxt = form.find(t, prev_end, min(s_end, prev_end + MAX_GAP[lang] + len(t)))
                while nxt != -1 and (not self._word_ok(form, (nxt, nxt + len(t)), lang)
                                     or self._in_mention((nxt, nxt + len(t)), mentions)):
                    nxt = form.find(t, nxt + 1, min(s_end, prev_end + MAX_GAP[lang] + len(t)))
                if nxt == -1:
                    ok = False
                else:
                    chain.append((nxt, nxt + len(t)))
            if ok:
                results.append(chain)
            at = form.find(first, at + 1, s_end)
        return results

    @staticmethod
    def _word_ok(form, span, lang) -> bool:
        if lang == "zh":
            return True
        a, b = span
        return not (is_word_char(form[a]) and a > 0 and is_word_char(form[a - 1])) and \
            not (is_word_char(form[b - 1]) and b < len(form) and is_word_char(form[b]))

    @staticmethod
    def _in_mention(span, mentions) -> bool:
        return any(m[0] < span[1] and span[0] < m[1] for m in mentions)

    def _sentence(self, c, form, s_start, s_end, inside, earlier, paragraph, index) -> list:
        p = c.pattern
        lang = paragraph.lang
        out = []
        for chain in self._find_triggers(c, form, s_start, s_end, inside, lang):
            if p.anchored and form[:chain[0][0]].strip(" \t\"'“”‘’⠼:：-—") != "":
                continue
            roles, distance, carried, pieces = {}, 0, False, list(chain)
            ok = True
            for g, slots in enumerate(c.groups):
                if not slots:
                    continue
                lo = s_start if g == 0 else chain[g - 1][1]
                hi = s_end if g == len(chain) else chain[g][0]
                for slot in slots:
                    taken = {e for v in roles.values() for e in v}
                    cands = [u for u in inside if lo <= u[0] and u[1] <= hi and u[2].cls in c.allowed[slot]
                             and u[2].entity not in taken]
                    slot_carried = False
                    if g == 0:
                        cands = [u for u in cands if chain[0][0] - u[1] <= WINDOW[lang]]
                        cands.sort(key=lambda u: -u[1])
                        if lang == "en" and cands and "," in form[cands[0][1]:chain[0][0]]:
                            first = [u for u in inside if u[0] - s_start <= 3 and u[2].cls in c.allowed[slot]]
                            cands = first or cands  # the subject before an appositive: "X, the ... of Y, raised"
                    elif g == len(chain):
                        cands = [u for u in cands if u[0] - chain[-1][1] <= WINDOW[lang]]
                    if not cands and g == 0 and chain[0][0] - s_start <= 6:
                        back = [u for u in earlier if u[2].cls in c.allowed[slot] and u[2].entity not in taken]
                        if back:
                            cands, slot_carried = [back[-1]], True
                    if not cands:
                        ok = False
                        break
                    chosen = _listed(form, cands) if c.multi[slot.role] else cands[:1]
                    roles[slot.role] = roles.get(slot.role, ()) + tuple(
                        dict.fromkeys(u[2].entity for u in chosen if u[2].entity not in roles.get(slot.role, ())))
                    carried = carried or slot_carried
                    if not slot_carried:
                        anchor = chain[0][0] if g == 0 else chain[g - 1][1]
                        distance += min(abs(anchor - u[1]) if g == 0 else abs(u[0] - anchor) for u in chosen)
                        pieces.extend((u[0], u[1]) for u in chosen)
                if not ok:
                    break
            if not ok:
                continue
            fixed = []
            for key, value in p.fixed:
                if key in ("from", "to") and value == SOURCE_VALUE:
                    roles[key] = (self.source_id,)
                else:
                    fixed.append((key, value))
            if not self._complete(c.type, roles):
                continue
            confidence = max(0.3, 0.7 - 0.01 * distance) * (0.6 if carried else 1)
            lo, hi = min(a for a, _ in pieces), max(b for _, b in pieces)
            start = paragraph.start + (index[lo] if index else lo)
            end = paragraph.start + ((index[hi - 1] + 1) if index else hi)
            out.append(Candidate(c.type, roles, tuple(fixed), paragraph.n, start, end, p.text,
                                 round(max(0.3, confidence), 2), date=sentence_date(form[s_start:s_end])))
        return out

    def _complete(self, typ: str, roles: dict) -> bool:
        if typ in self.schema.relations:
            return len(roles.get("from", ())) == 1 and len(roles.get("to", ())) == 1 and roles["from"] != roles["to"]
        for name, link in self.schema.roles_for(typ).items():
            if len(set(roles.get(name, ()))) < link.min:
                return False
        return True

    def _names(self, c, usable, paragraph) -> list:
        outer_role, inner_role = c.pattern.contains
        outer_ok = c.allowed[Slot(outer_role)]
        inner_ok = c.allowed[Slot(inner_role)]
        out = []
        for o in usable:
            if o[2].nested or o[2].cls not in outer_ok:
                continue
            for i in usable:
                if i[2].nested and o[0] <= i[0] and i[1] <= o[1] and i[2].cls in inner_ok and i[2].entity != o[2].entity:
                    roles = {outer_role: (o[2].entity,), inner_role: (i[2].entity,)}
                    out.append(Candidate(c.type, roles, (), paragraph.n, o[2].start, o[2].end, c.pattern.text, 0.6))
        return out
