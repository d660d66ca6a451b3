"""The one codec for the literal values of the graph: dates, numbers, booleans.

Dates are kept at the precision the source gives: a year (``2025``), a
month (``2025-02``) or a day (``2025-02-12``), as strings, so a partial date
is never padded into a false one.  In RDF each precision has its own XSD
type (``xsd:gYear``, ``xsd:gYearMonth``, ``xsd:date``).  Numbers are ``int``
when they are whole (so the RDF round trip is exact) and ``float``
otherwise.  Loaders, query parameters, the RDF projection and the SPARQL
engines all read and write values through these functions.

Each ``parse_*`` function raises :class:`ValueError` with a short reason;
the caller adds the place (file:line, parameter name).
"""

from __future__ import annotations

import calendar
import re
from decimal import Decimal

__all__ = [
    "XSD",
    "DATE_FORMS",
    "parse_date",
    "date_precision",
    "date_xsd_type",
    "date_not_after",
    "parse_number",
    "parse_integer",
    "parse_boolean",
    "decimal_lexical",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_INTEGER_RE = re.compile(r"^[+-]?\d+$")
_PRECISION = {4: "year", 7: "month", 10: "day"}
_XSD_DATE = {"year": XSD + "gYear", "month": XSD + "gYearMonth", "day": XSD + "date"}


def parse_date(text) -> str:
    """Check a date at any precision and return it unchanged.

    >>> parse_date("2024-02-29")
    '2024-02-29'
    >>> parse_date("2023-02-29")
    Traceback (most recent call last):
    ...
    ValueError: expected a date YYYY, YYYY-MM or YYYY-MM-DD, got '2023-02-29'
    """
    m = _DATE_RE.match(text) if isinstance(text, str) else None
    if m and int(m.group(1)) >= 1:  # years 1..9999, as XSD's four-digit years (there is no year 0)
        year, month, day = m.groups()
        if month is None or 1 <= int(month) <= 12:
            if day is None or 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
                return text
    raise ValueError(f"expected a date {DATE_FORMS}, got {text!r}")


def date_precision(text: str) -> str:
    """``"year"``, ``"month"`` or ``"day"`` for a checked date."""
    return _PRECISION[len(text)]


def date_xsd_type(text: str) -> str:
    """The XSD datatype IRI of a checked date, by its precision.

    >>> date_xsd_type("2025").rsplit("#", 1)[1], date_xsd_type("2025-02-12").rsplit("#", 1)[1]
    ('gYear', 'date')
    """
    return _XSD_DATE[date_precision(text)]


def date_not_after(a: str, b: str) -> bool:
    """Whether date *a* can be no later than *b*, compared at the coarser of the two precisions.

    ``2024-06`` is not after ``2024`` (it lies inside it), but ``2025`` is after ``2024-12``.

    >>> date_not_after("2024-06", "2024"), date_not_after("2025", "2024-12"), date_not_after("2024-01-31", "2024-02")
    (True, False, True)
    """
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def parse_number(value) -> int | float:
    """A decimal number from text or a number: ``int`` when whole, else ``float``; never NaN or infinite.

    >>> parse_number("105000000000"), parse_number("-7.7"), parse_number("1e3"), parse_number(2.0)
    (105000000000, -7.7, 1000, 2)
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"expected a finite number, got {value!r}")
        return int(value) if value.is_integer() and abs(value) < 2**63 else value
    if not isinstance(value, str) or not _NUMBER_RE.match(value.strip()):
        raise ValueError(f"expected a number, got {value!r}")
    number = Decimal(value.strip())  # the grammar above admits only valid decimals
    if number == number.to_integral_value() and abs(number) < 2**63:
        return int(number)
    result = float(number)
    if result in (float("inf"), float("-inf")):
        raise ValueError(f"number {value!r} is out of range")
    return result


def parse_integer(value) -> int:
    """A whole number from text or a number.

    >>> parse_integer("+7"), parse_integer(3.0)
    (7, 3)
    """
    if isinstance(value, str) and _INTEGER_RE.match(value.strip()):
        return int(value)
    number = parse_number(value) if not isinstance(value, str) else None
    if isinstance(number, int):
        return number
    raise ValueError(f"expected an integer, got {value!r}")


def parse_boolean(text: str) -> bool:
    """``true`` or ``false`` (the XSD lexical forms used in query parameters)."""
    if text not in ("true", "false"):
        raise ValueError(f"expected true or false, got {text!r}")
    return text == "true"


def decimal_lexical(value) -> str:
    """The canonical ``xsd:decimal`` form of a number: no exponent, a point and at least one digit after it.

    Every RDF serialiser writes this form back unchanged (Turtle's decimal shorthand needs the point), so
    Turtle, N-Triples, JSON-LD and RDF/XML exports hold the same literals.

    >>> decimal_lexical(105000000000), decimal_lexical(0.075), decimal_lexical(1e-7), decimal_lexical(2.5e20)
    ('105000000000.0', '0.075', '0.0000001', '250000000000000000000.0')
    """
    text = str(value) if isinstance(value, int) else format(Decimal(repr(value)), "f")
    if "." not in text:
        return text + ".0"
    text = text.rstrip("0")
    return text + "0" if text.endswith(".") else text
