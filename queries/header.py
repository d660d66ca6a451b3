"""The strict comment header of a query file, and what it declares.

A pack query is two files sharing a name, ``NAME.rq`` (SPARQL) and
``NAME.cypher`` (Cypher), each opening with the same header.  The header is
the leading run of comment lines (``#`` in SPARQL, ``//`` in Cypher); the
first line that does not start with the comment marker ends it.  Every
header line has the form ``MARKER KEY: VALUE`` (one space after the marker,
one after the colon, non-empty value)::

    # name: apple-china-partner-selection
    # question.en: Whom did Apple consider as its AI partner in China ...?
    # question.zh: 苹果在中国考虑过哪些人工智能合作伙伴 ...？
    # description: One row per candidate of each partner selection ...
    # description: (a repeated description line continues the text)
    # param: company entity(Organization) default=apple — the evaluator
    # param: max_hops integer(1..3) default=2
    # columns: selection, evaluator, market, candidate, outcome, reason, models:list

Keys: ``name`` (equal to the file name without suffix), ``question.en``,
``question.zh``, ``description`` and ``columns`` are required, each once
(``description`` may repeat); ``param`` may repeat.  Any other key is an
error.  Both twins must carry the same header lines in the same order.

A ``param`` value is ``NAME TYPE [default=VALUE] [— DOC]`` (``--`` may stand
for the dash).  NAME is ``[a-z][a-z0-9_]*`` and is written ``$NAME`` in the
body of both twins, only where a value may stand (a term in a triple
pattern or an expression; never in a projection, ``GROUP BY`` or as a
``BIND`` target).  SPARQL makes ``$x`` and ``?x`` one variable, so a
parameter may not share its name with a variable of the query.  TYPE is

* ``string``; ``integer`` or ``integer(MIN..MAX)``; ``decimal``;
  ``boolean`` (``true``/``false``);
* ``date``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
* ``entity`` or ``entity(Class)``: any id, name or alias of an entity, in
  any script, resolved to the entity's id (and, with a class, required to be
  of that class or a subclass);
* ``fact``: the exact id of an n-ary fact or of a relationship;
* ``enum(a,b,...)`` or ``enum(@property)``, the latter taking the allowed
  values of an ontology enumeration property, so the header never repeats
  what ``cnkg.ttl`` already says.

A VALUE is a bare token without spaces or a double-quoted JSON string.  A
parameter without a default is required.

``columns`` is a comma-separated list of ``NAME`` or ``NAME:list``, in the
order the query returns them.  A list column holds a sorted list of
distinct strings: the SPARQL twin returns ``GROUP_CONCAT(?x;
separator="|")`` (no ``DISTINCT``, which rdflib mishandles for unbound
values; the items must not contain ``|``), the Cypher twin a list; the
normaliser splits, de-duplicates and sorts both.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..base.datatypes import parse_boolean, parse_date, parse_integer, parse_number
from ..base.errors import QueryError
from ..base.names import suggest
from ..ontology.schema import load_schema

__all__ = [
    "Param",
    "Header",
    "parse_header",
    "HEADER_KEYS",
    "LIST_SEPARATOR",
    "PARAM_TYPES",
    "check_literal",
]

HEADER_KEYS = ("name", "question.en", "question.zh", "description", "param", "columns")
_REQUIRED = ("name", "question.en", "question.zh", "description", "columns")
_REPEATABLE = ("description", "param")
PARAM_TYPES = ("string", "integer", "decimal", "date", "boolean", "entity", "fact", "enum")
LIST_SEPARATOR = "|"

_NAME = r"[a-z][a-z0-9_]*"
_QUERY_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_LINE_RE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_.-]*): (?P<value>\S.*)$")
_PARAM_RE = re.compile(
    rf"^(?P<name>{_NAME}) (?P<type>[a-z]+)(?:\((?P<arg>[^()]*)\))?"
    r"(?: default=(?P<default>\"(?:[^\"\\]|\\.)*\"|[^\s\"]+))?"
    r"(?: (?:—|--) (?P<doc>\S.*))?$"
)
_COLUMN_RE = re.compile(rf"^(?P<name>{_NAME})(?::(?P<type>[a-z]+))?$")
_INT_RANGE_RE = re.compile(r"^(-?\d+)\.\.(-?\d+)$")
_CLASS_RE = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_ENUM_VALUE_RE = re.compile(r"^[A-Za-z0-9_.:+-]+$")


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: str  # one of PARAM_TYPES
    default: str | None = None  # as written in the header; None = required
    allowed: tuple | None = None  # enum values
    cls: str | None = None  # entity(Class)
    range: tuple | None = None  # integer(min..max)
    doc: str = ""
    line: int = 0

    @property
    def required(self) -> bool:
        return self.default is None

    @property
    def default_value(self):
        """The default as a typed value (``2`` for ``integer``, ``True`` for ``boolean``), or ``None``.

        Entity and fact defaults stay as written: they are resolved against a graph when the query runs.
        """
        if self.default is None:
            return None
        return check_literal(self.type, self.default, allowed=self.allowed, rng=self.range)

    def spec(self) -> str:
        """The type as written in a header (``entity(Company)``, ``enum(a,b)``)."""
        if self.type == "enum":
            return f"enum({','.join(self.allowed)})"
        if self.cls:
            return f"entity({self.cls})"
        if self.range:
            return f"integer({self.range[0]}..{self.range[1]})"
        return self.type


@dataclass
class Header:
    """What one file's header declares, with the line of every entry."""

    file: str
    entries: list = field(default_factory=list)  # (key, value, line), in order
    body_line: int = 1  # first line after the header
    name: str = ""
    question: dict = field(default_factory=dict)
    description: str = ""
    params: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    column_types: dict = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        for k, _, line in self.entries:
            if k == key:
                return line
        return 1


def _error(file: str, line: int, message: str) -> QueryError:
    return QueryError(message, file=file, line=line)


def check_literal(ptype: str, text: str, *, allowed=None, rng=None) -> object:
    """Convert *text* to the Python value of a non-entity parameter type.

    Raises :class:`ValueError` with a short reason; callers add the place.
    """
    if ptype == "string":
        return text
    if ptype == "integer":
        value = parse_integer(text)
        if rng is not None and not rng[0] <= value <= rng[1]:
            raise ValueError(f"{value} is outside {rng[0]}..{rng[1]}")
        return value
    if ptype == "decimal":
        return parse_number(text)
    if ptype == "boolean":
        return parse_boolean(text)
    if ptype == "date":
        return parse_date(text)
    if ptype == "enum":
        if text not in allowed:
            raise ValueError(f"{text!r} is not one of {', '.join(allowed)}")
        return text
    if ptype in ("entity", "fact"):
        if not text:
            raise ValueError(f"expected an {ptype} id or name, got an empty value")
        return text
    raise ValueError(f"unknown parameter type {ptype!r}")


def _enum_values(arg: str, file: str, line: int) -> tuple:
    if arg.startswith("@"):
        prop = arg[1:]
        attr = load_schema().attrs.get(prop)
        if attr is None or attr.datatype != "enum":
            raise _error(file, line, f"enum(@{prop}): '{prop}' is not an enumeration property of the ontology")
        return tuple(attr.values)
    values = tuple(v.strip() for v in arg.split(","))
    if not values or any(not _ENUM_VALUE_RE.match(v) for v in values):
        raise _error(file, line, f"bad enum values '{arg}' (comma-separated words, or @property)")
    if len(set(values)) != len(values):
        raise _error(file, line, f"enum({arg}) repeats a value")
    return values


def _parse_param(value: str, file: str, line: int) -> Param:
    m = _PARAM_RE.match(value)
    if m is None:
        raise _error(file, line, f"malformed param '{value}' (expected: NAME TYPE [default=VALUE] [— doc])")
    name, ptype, arg = m.group("name"), m.group("type"), m.group("arg")
    if ptype not in PARAM_TYPES:
        raise _error(file, line, f"unknown parameter type '{ptype}' (use {', '.join(PARAM_TYPES)})")
    allowed = cls = rng = None
    if ptype == "enum":
        if arg is None:
            raise _error(file, line, "enum needs its values: enum(a,b,...) or enum(@property)")
        allowed = _enum_values(arg, file, line)
    elif ptype == "entity" and arg is not None:
        if not _CLASS_RE.match(arg):
            raise _error(file, line, f"bad class '{arg}' in entity({arg})")
        schema = load_schema()
        if arg not in schema.classes or schema.classes[arg].is_fact:
            raise _error(file, line, f"unknown entity class '{arg}'{suggest(arg, schema.entity_classes)}")
        cls = arg
    elif ptype == "integer" and arg is not None:
        r = _INT_RANGE_RE.match(arg)
        if r is None or int(r.group(1)) > int(r.group(2)):
            raise _error(file, line, f"bad range '{arg}' (use integer(MIN..MAX))")
        rng = (int(r.group(1)), int(r.group(2)))
    elif arg is not None:
        raise _error(file, line, f"type '{ptype}' takes no argument")
    default = m.group("default")
    if default is not None and default.startswith('"'):
        default = json.loads(default)
    if default is not None:
        try:
            check_literal(ptype, default, allowed=allowed, rng=rng)
        except ValueError as e:
            raise _error(file, line, f"bad default for '{name}': {e}") from e
    return Param(name, ptype, default, allowed, cls, rng, (m.group("doc") or "").strip(), line)


def _parse_columns(value: str, file: str, line: int) -> tuple:
    names, types = [], {}
    for part in value.split(","):
        m = _COLUMN_RE.match(part.strip())
        if m is None:
            raise _error(file, line, f"malformed column '{part.strip()}' (expected NAME or NAME:list)")
        name, ctype = m.group("name"), m.group("type") or "value"
        if ctype not in ("value", "list"):
            raise _error(file, line, f"unknown column type '{ctype}' (only ':list')")
        if name in types:
            raise _error(file, line, f"column '{name}' is declared twice")
        names.append(name)
        types[name] = ctype
    return names, types


def parse_header(text: str, marker: str, file: str) -> Header:
    """Parse the header of one query file; raise :class:`QueryError` at ``file:line``."""
    header = Header(file=file)
    lines = text.split("\n")
    n = 0
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.startswith(marker):
            header.body_line = n
            break
        rest = line[len(marker):]
        m = _LINE_RE.match(rest[1:]) if rest.startswith(" ") else None
        if m is None:
            raise _error(file, n, f"malformed header line (expected '{marker} key: value')")
        key, value = m.group("key"), m.group("value").rstrip()
        if key not in HEADER_KEYS:
            raise _error(file, n, f"unknown header key '{key}'{suggest(key, HEADER_KEYS)}")
        if key not in _REPEATABLE and any(k == key for k, _, _ in header.entries):
            raise _error(file, n, f"header key '{key}' is given twice (first on line {header.line_of(key)})")
        header.entries.append((key, value, n))
    else:
        header.body_line = n + 1
    if not header.entries:
        raise _error(file, 1, f"no header (the file must open with '{marker} name: ...' lines)")
    for key in _REQUIRED:
        if not any(k == key for k, _, _ in header.entries):
            raise _error(file, header.body_line, f"header has no '{key}'")
    for key, value, line in header.entries:
        if key == "name":
            if not _QUERY_NAME_RE.match(value):
                raise _error(file, line, f"bad query name '{value}' (lowercase letters, digits, '.' and '-')")
            header.name = value
        elif key.startswith("question."):
            header.question[key.split(".", 1)[1]] = value
        elif key == "description":
            header.description = f"{header.description} {value}".strip()
        elif key == "param":
            param = _parse_param(value, file, line)
            for other in header.params:
                if other.name == param.name:
                    raise _error(file, line, f"parameter '{param.name}' is declared twice (first on line {other.line})")
            header.params.append(param)
        elif key == "columns":
            header.columns, header.column_types = _parse_columns(value, file, line)
    return header
