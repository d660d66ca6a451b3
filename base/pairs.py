"""``key=value`` arguments (``-p company=apple``): the one parser for them."""

from __future__ import annotations

from .errors import QueryError

__all__ = ["parse_pairs"]


def parse_pairs(pairs, what: str = "parameter") -> dict:
    """``["key=value", ...]`` -> ``{key: value}``; the value keeps any further ``=``.

    >>> parse_pairs(["company=apple", "q=a=b"])
    {'company': 'apple', 'q': 'a=b'}
    """
    out = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryError(f"bad {what} '{pair}' (expected key=value)")
        if key in out:
            raise QueryError(f"{what} '{key}' is given twice")
        out[key] = value
    return out
