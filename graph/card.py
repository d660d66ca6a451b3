"""Everything the graph says about one entity, as one plain dict (``cnkg show``)."""

from __future__ import annotations

from .model import NAME_KEYS, KnowledgeGraph, display_name, properties

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
    rels, facts = [], []
    for _, v, e in kg.g.out_edges(eid, data=True):
        if e["kind"] == "relation":
            rels.append({"direction": "out", "type": e["type"], "other": v, "name": display_name(kg.node(v), lang),
                         **_provenance(e)})
    for u, _, e in kg.g.in_edges(eid, data=True):
        if e["kind"] == "relation":
            rels.append({"direction": "in", "type": e["type"], "other": u, "name": display_name(kg.node(u), lang),
                         **_provenance(e)})
        else:
            f = kg.node(u)
            facts.append({"fact": u, "type": f["type"], "role": e["type"], **_provenance(f)})
    rels.sort(key=lambda r: (r["type"], r["direction"], r["other"]))
    facts.sort(key=lambda r: (r["type"], r["fact"], r["role"]))
    return {
        "id": eid,
        "type": d["type"],
        "class": schema.label(d["type"], lang),
        "names": {script: d[key] for script, key in NAME_KEYS.items() if key in d},
        "aliases": list(d.get("aliases", ())),
        "properties": properties(d),
        "relationships": rels,
        "facts": facts,
    }
