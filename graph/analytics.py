"""Neighbourhoods, paths and centrality over the property graph.

An n-ary fact is a hub node, so "Apple evaluated Baidu" is two edges
(Apple <-EVALUATOR- selection -CANDIDATE-> Baidu).  For neighbourhoods we
count hops between *entities* and pass through fact hubs transparently:
the entities that share a fact with Apple are one hop from Apple, and the
hub is part of the answer.  Paths are shortest paths in the undirected
view, hubs included, so that every step names the fact that links it.
Source documents are reached only through explicit relationships
(``AUTHOR_OF``); provenance is a property, not an edge.
"""

from __future__ import annotations

from ..base.errors import KGError
from .model import KnowledgeGraph, display_name

__all__ = ["neighbourhood", "shortest_paths", "centrality", "edge_types"]


def _entity_steps(kg: KnowledgeGraph, node: str):
    """Yield ``(entity, hub_or_None)`` one entity-hop away from *node*."""
    g = kg.g
    for nbr in sorted(set(g.successors(node)) | set(g.predecessors(node))):
        if g.nodes[nbr]["kind"] == "fact":
            for other in sorted(g.successors(nbr)):
                if other != node:
                    yield other, nbr
        else:
            yield nbr, None


def neighbourhood(kg: KnowledgeGraph, start: str, depth: int = 1) -> dict:
    """Entities within *depth* entity-hops of *start*, and the hubs between them.

    Returns ``{"entities": {id: distance}, "facts": set_of_hub_ids}``.

    >>> from china_ai_kg.loaders import load
    >>> hood = neighbourhood(load(), "tim-cook", 1)
    >>> sorted(hood["entities"].items())
    [('apple', 1), ('apple-intelligence', 1), ('iphone', 1), ('tim-cook', 0)]
    """
    if depth < 0:
        raise KGError("depth must be 0 or more")
    dist = {start: 0}
    hubs = set()
    frontier = [start]
    for d in range(1, depth + 1):
        nxt = []
        for node in frontier:
            for other, hub in _entity_steps(kg, node):
                if hub is not None:
                    hubs.add(hub)
                if other not in dist:
                    dist[other] = d
                    nxt.append(other)
        frontier = nxt
    return {"entities": dist, "facts": hubs}


def edge_types(kg: KnowledgeGraph, a: str, b: str) -> list:
    """Types of the edges between *a* and *b*, with their direction (``->`` or ``<-``)."""
    out = []
    for u, v in ((a, b), (b, a)):
        data = kg.g.get_edge_data(u, v) or {}
        arrow = "->" if u == a else "<-"
        out.extend(f"{arrow}{d['type']}" for d in data.values())
    return sorted(out)


def shortest_paths(kg: KnowledgeGraph, a: str, b: str, limit: int = 10) -> list:
    """All shortest paths from *a* to *b* (at most *limit*), as node lists, sorted."""
    import networkx as nx  # lazy: networkx costs ~200 ms, which `cnkg --help` must not pay

    und = kg.g.to_undirected(as_view=True)  # a view: copying a large graph would cost more than the search
    try:
        paths = nx.all_shortest_paths(und, a, b)
        found = []
        for p in paths:
            found.append(p)
            if len(found) >= 1000:
                break
    except nx.NetworkXNoPath:
        return []
    return sorted(found)[:limit]


def centrality(kg: KnowledgeGraph, measure: str = "degree", top: int = 10, lang: str = "en") -> list:
    """Entities ranked by *measure* (``degree``, ``betweenness`` or ``eigenvector``).

    Scores are computed on the undirected graph with fact hubs included
    (a fact links its participants), and only entities are ranked.  Ties
    are broken by id, so the ranking is deterministic.
    """
    import networkx as nx  # lazy: see shortest_paths

    und = nx.Graph(kg.g.to_undirected(as_view=True))
    if measure == "degree":
        scores = nx.degree_centrality(und)
    elif measure == "betweenness":
        k = None if und.number_of_nodes() <= 2000 else 500
        scores = nx.betweenness_centrality(und, k=k, seed=0)
    elif measure == "eigenvector":
        scores = nx.eigenvector_centrality(und, max_iter=1000, tol=1e-8)
    else:
        raise KGError(f"unknown centrality measure '{measure}' (use degree, betweenness or eigenvector)")
    ranked = sorted(
        ((n, s) for n, s in scores.items() if kg.g.nodes[n]["kind"] == "entity"),
        key=lambda t: (-round(t[1], 12), t[0]),
    )
    return [
        {"id": n, "type": kg.g.nodes[n]["type"], "name": display_name(kg.g.nodes[n], lang), "score": round(s, 6)}
        for n, s in ranked[:top]
    ]
