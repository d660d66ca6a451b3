"""Rebuilding only the files that changed: the graph of the others, with the changed files' records taken
out and built again.

Each graph knows what each file put in it (``kg.by_file``: its nodes and relationship edges).  To update a
graph for changed, added or removed files, their old contribution is removed and their new records are built
on what stays, with every rule checked as in a full build.  Where that could differ from a full build, the
update declines (returns ``None``) and the caller builds everything: a changed file with merges or
retractions (they reach other files), or one whose entities another file's statements still use.
"""

from __future__ import annotations

from .build import _Builder

__all__ = ["update_graph"]


def update_graph(kg, changed: list, removed: list, records: list, schema):
    """*kg* updated in place for the *changed* (and new) file labels, whose new *records* are given, and the
    *removed* labels; ``None`` when only a full build can say what the graph is."""
    by_file = getattr(kg, "by_file", None)
    if by_file is None or getattr(kg, "name_index", None) is None:
        return None
    labels = set(changed) | set(removed)
    if any(by_file.get(label, {}).get("global") for label in labels):
        return None
    if any(r.get("type") in ("merge", "retraction") for r in records):
        return None
    g = kg.g
    nodes = {n for label in labels for n in by_file.get(label, {}).get("nodes", ())}
    edges = {e for label in labels for e in by_file.get(label, {}).get("edges", ())}
    own = {(u, v, k) for n in nodes if n in g for u, v, k in g.edges(n, keys=True)} | edges
    for n in nodes:
        if n not in g:
            continue
        for u, v, k, d in g.in_edges(n, keys=True, data=True):
            if d["kind"] == "relation" and (u, v, k) not in edges or d["kind"] == "role" and u not in nodes:
                return None  # another file still names this entity
        for u, v, k, d in g.out_edges(n, keys=True, data=True):
            if d["kind"] == "relation" and (u, v, k) not in edges:
                return None
    sources = {n for n in nodes if n in g and g.nodes[n]["type"] == "Source"}
    if sources:
        cited = {d.get("source") for n, d in g.nodes(data=True) if n not in nodes}
        cited |= {d.get("source") for u, v, k, d in g.edges(keys=True, data=True) if (u, v, k) not in own}
        if cited & sources:
            return None  # a source of this file is cited from another
    if kg.corrected & (nodes | {k for _, _, k in edges}):
        return None  # a claim of this file is corrected (supersedes), perhaps by another file
    g.remove_edges_from([e for e in edges if g.has_edge(*e)])
    g.remove_nodes_from([n for n in nodes if n in g])
    for label in labels:
        by_file.pop(label, None)
    ids, keys = kg.name_index
    kg.name_index = (ids - nodes, {k: v for k, v in keys.items() if v not in nodes})
    kg.relation_ids = kg.relation_ids - {k for _, _, k in edges}
    builder = _Builder(schema)
    builder.seed(kg)
    return builder.run(records)
