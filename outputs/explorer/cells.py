"""How a cell of an answer reads on a page: entities by name, fact hubs by what they state, big numbers grouped.

The report's tables and the explorer's answer table show the same words for the same cell; each item
keeps the node id it stands for, so a page can link it.
"""

from __future__ import annotations

from decimal import Decimal

from ...graph.model import display_name
from ...queries.results import cell_text
from .facts import fact_label

__all__ = ["cell_items"]


def _number(item) -> str | None:
    """A large whole number with thousands separators (``105,000,000,000``); ``None`` for anything else."""
    if isinstance(item, bool) or not isinstance(item, (int, float, Decimal)):
        return None
    if abs(item) < 10000 or item != int(item):
        return None
    return f"{int(item):,}"


def cell_items(kg, schema, value, lang: str = "en") -> list:
    """The items of one cell as ``(text, node id or None)`` pairs; empty cells give no items.

    An entity reads as its name, a fact hub as its label where that says more than its class
    ("capex 2025: USD 105 bn"), otherwise as its id.
    """
    out = []
    for item in value if isinstance(value, list) else [value]:
        if item is None:
            continue
        text = cell_text(item)
        node = kg.g.nodes.get(text) if isinstance(item, str) else None
        if node is None:
            out.append((_number(item) or text, None))
            continue
        if node["kind"] == "entity":
            shown = display_name(node, lang)
        else:
            cls = schema.label(node["type"], lang)
            label = fact_label(node, cls, lang)
            shown = text if label == cls else label
        out.append((shown, text))
    return out
