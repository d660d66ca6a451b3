"""Everything the graph says about one entity, as one plain dict (``cnkg show``)."""

from __future__ import annotations

from .claims import SUPERSEDED, UNRESOLVED, claims
from .derived import derived
from .model import NAME_KEYS, KnowledgeGraph, display_name, properties
from .time_axes import Axes

__all__ = ["entity_card"]


def _provenance(attrs: dict) -> dict:
    return {"source": attrs.get("source"), "locator": attrs.get("locator"), "status": attrs.get("status")}


def entity_card(kg: KnowledgeGraph, schema, eid: str, lang: str = "en") -> dict:
    """Names, properties, relationships (both directions) and the facts *eid* takes part in, sorted.

    >>> from china_ai_kg.loaders import load
    >>> from china_ai_kg.ontology import load_schema
    >>> card = entity_card(load(), load_schema(), "tim-cook")
    >>> [(r["direction"], r["type"], r["other"]) for r in card["relationships"]]
    [('out', 'CEO_OF', 'apple')]
    """
    d = kg.node(eid)
    found = derived(kg, "claims", lambda: claims(kg, schema))

    def standing(cid: str) -> dict:
        """How a claim stands, when it does not simply answer: superseded (by whom), outranked, unresolved..."""
        outcome = found.outcomes.get(cid)
        if outcome is None:
            return {}
        if outcome == SUPERSEDED:
            outcome = f"superseded by {', '.join(found.superseded_by[cid])}"
        elif outcome == UNRESOLVED:
            outcome = "in an unresolved conflict"
        return {"standing": outcome}

    axes = Axes(schema, kg)

    def when(attrs: dict) -> dict:
        """The claim's valid time, when it has one: ``{"valid": "2019..2024-06"}`` (an open end left empty)."""
        start, end = axes.valid(attrs)
        if start is None and end is None:
            return {}
        if end is None and axes.point(attrs):
            return {"valid": start}
        return {"valid": f"{start or ''}..{end or ''}"}

    rels, facts = [], []
    for _, v, e in kg.g.out_edges(eid, data=True):
        if e["kind"] == "relation":
            rels.append({"direction": "out", "type": e["type"], "other": v, "name": display_name(kg.node(v), lang),
                         **_provenance(e), **when(e), **standing(e["id"])})
    for u, _, e in kg.g.in_edges(eid, data=True):
        if e["kind"] == "relation":
            rels.append({"direction": "in", "type": e["type"], "other": u, "name": display_name(kg.node(u), lang),
                         **_provenance(e), **when(e), **standing(e["id"])})
        else:
            f = kg.node(u)
            facts.append({"fact": u, "type": f["type"], "role": e["type"], **_provenance(f), **when(f), **standing(u)})
    rels.sort(key=lambda r: (r["type"], r["direction"], r["other"]))
    merged = {"merged_from": [{"id": old, "source": sid, "locator": loc} for old, sid, loc in d["merged_from"]]} \
        if d.get("merged_from") else {}
    facts.sort(key=lambda r: (r["type"], r["fact"], r["role"]))
    return {
        "id": eid,
        "type": d["type"],
        "class": schema.label(d["type"], lang),
        "names": {script: d[key] for script, key in NAME_KEYS.items() if key in d},
        "aliases": list(d.get("aliases", ())),
        **merged,
        "properties": properties(d),
        "relationships": rels,
        "facts": facts,
    }
