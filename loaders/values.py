"""Checking and normalising property values against their ontology datatype.

Each value goes through the one datatype codec
(:mod:`china_ai_kg.base.datatypes`): a whole decimal becomes an ``int``, so
that the RDF round trip is exact; a date stays a string at its own
precision.  A bad value raises :class:`ValidationError` naming the property;
the builder adds ``file:line``.
"""

from __future__ import annotations

import re
import sys

from ..base.datatypes import DATE_FORMS, parse_date, parse_integer, parse_number
from ..base.errors import ValidationError
from ..base.names import suggest
from .json_text import SURROGATE

__all__ = ["check_value"]

_URL_RE = re.compile(r"^https?://\S+$")


def _number(value, name):
    try:
        return parse_number(value)
    except ValueError as e:
        raise ValidationError(f"bad number {value!r} for '{name}'") from e


def check_value(attr, value):
    """Return *value* checked and normalised for the :class:`AttrDef` *attr*."""
    dt = attr.datatype
    name = attr.name
    if dt == "string" or dt == "text":
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValidationError(f"expected text for '{name}', got {value!r}")
        value = str(value)
        if SURROGATE.search(value):
            raise ValidationError(f"invalid Unicode (a lone surrogate) in '{name}'")
        return sys.intern(value) if len(value) < 40 else value  # locators and periods repeat a lot
    if dt == "decimal":
        return _number(value, name)
    if dt == "integer":
        try:
            return parse_integer(value)
        except ValueError as e:
            raise ValidationError(f"bad integer '{value}' for '{name}'") from e
    if dt == "boolean":
        if not isinstance(value, bool):
            raise ValidationError(f"expected true or false for '{name}', got {value!r}")
        return value
    if dt == "date":
        try:
            return parse_date(value)
        except ValueError as e:
            raise ValidationError(f"bad date {value!r} for '{name}' (use {DATE_FORMS})") from e
    if dt == "uri":
        if not isinstance(value, str) or not _URL_RE.match(value):
            raise ValidationError(f"bad URL {value!r} for '{name}'")
        return value
    if dt == "enum":
        if value in attr.values:
            return attr.values[attr.values.index(value)]  # the schema's own string object
        hint = suggest(str(value), attr.values) or f" (allowed: {', '.join(attr.values)})"
        raise ValidationError(f"{value!r} is not an allowed {name}{hint}")
    raise ValidationError(f"property '{name}' has unknown datatype {dt}")
