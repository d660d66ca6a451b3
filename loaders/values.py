"""Checking and normalising property values against their ontology datatype.

Each checker returns the canonical Python value (an ``int`` for a whole
decimal, so that the RDF round trip is exact) or raises
:class:`ValidationError` naming the property.
"""

from __future__ import annotations

import calendar
import re
import sys

from ..ontology.errors import ValidationError
from ..ontology.names import suggest

__all__ = ["check_value", "DATE_RE"]

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _number(value, name):
    if isinstance(value, bool):
        raise ValidationError(f"bad number {value!r} for '{name}'")
    if isinstance(value, str):
        if not _NUMBER_RE.match(value.strip()):
            raise ValidationError(f"bad number '{value}' for '{name}'")
        value = float(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError(f"bad number '{value}' for '{name}'")
        return int(value) if value.is_integer() and abs(value) < 2**63 else value
    raise ValidationError(f"bad number {value!r} for '{name}'")


def _date(value, name):
    m = DATE_RE.match(value) if isinstance(value, str) else None
    if m:
        year, month, day = m.groups()
        if month is None or 1 <= int(month) <= 12:
            if day is None or 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
                return value
    raise ValidationError(f"bad date {value!r} for '{name}' (use YYYY, YYYY-MM or YYYY-MM-DD)")


def check_value(attr, value):
    """Return *value* checked and normalised for the :class:`AttrDef` *attr*."""
    dt = attr.datatype
    name = attr.name
    if dt == "string":
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValidationError(f"expected text for '{name}', got {value!r}")
        value = str(value)
        return sys.intern(value) if len(value) < 40 else value  # locators and periods repeat a lot
    if dt == "decimal":
        return _number(value, name)
    if dt == "integer":
        number = _number(value, name)
        if not isinstance(number, int):
            raise ValidationError(f"bad integer '{value}' for '{name}'")
        return number
    if dt == "boolean":
        if not isinstance(value, bool):
            raise ValidationError(f"expected true or false for '{name}', got {value!r}")
        return value
    if dt == "date":
        return _date(value, name)
    if dt == "uri":
        if not isinstance(value, str) or not re.match(r"^https?://\S+$", value):
            raise ValidationError(f"bad URL {value!r} for '{name}'")
        return value
    if dt == "enum":
        if value in attr.values:
            return attr.values[attr.values.index(value)]  # the schema's own string object
        if value not in attr.values:
            hint = suggest(str(value), attr.values) or f" (allowed: {', '.join(attr.values)})"
            raise ValidationError(f"{value!r} is not an allowed {name}{hint}")
        return value
    raise ValidationError(f"property '{name}' has unknown datatype {dt}")
