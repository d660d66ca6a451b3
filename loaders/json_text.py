"""Reading JSON (a JSON Lines line, a JSON-LD document) within the limits every loader keeps.

Python's parser accepts JSON nested a thousand levels deep and strings
with lone surrogates (``"\\ud800"``), and both make later steps crash
(recursion, UTF-8 encoding).  :func:`load_json` refuses them at once, with
the file and line.
"""

from __future__ import annotations

import json
import re

from ..base.errors import InputError
from ..base.limits import MAX_DEPTH

__all__ = ["load_json", "depth_of", "SURROGATE"]

SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def depth_of(value) -> int:
    """How deeply lists and objects nest in *value* (0 for a scalar), computed without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        else:
            deepest = max(deepest, depth)
            continue
        deepest = max(deepest, depth + 1)
    return deepest


def _strings(value):
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def load_json(text: str, label: str, line: int | None = None, decode=json.loads):
    """*text* parsed as JSON; nesting beyond :data:`MAX_DEPTH` or a lone surrogate is an :class:`InputError`."""
    try:
        value = decode(text)
    except RecursionError as e:
        raise InputError(f"JSON nested deeper than {MAX_DEPTH} levels", file=label, line=line) from e
    if text.count("[") + text.count("{") > MAX_DEPTH and depth_of(value) > MAX_DEPTH:
        raise InputError(f"JSON nested deeper than {MAX_DEPTH} levels", file=label, line=line)
    if _ESCAPED_SURROGATE.search(text) and any(SURROGATE.search(s) for s in _strings(value)):
        raise InputError("invalid Unicode: a lone surrogate (\\ud800-\\udfff) in a string", file=label, line=line)
    return value
