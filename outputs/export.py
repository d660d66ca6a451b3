"""Writing the graph out: RDF serialisations, GraphML, node-link JSON and a Cypher script.

Every format is deterministic (sorted nodes, edges and triples), so an
export can be diffed and tested byte for byte; :func:`export_text` returns
the text and the CLI writes it with the one atomic writer
(:func:`china_ai_kg.base.files.write_atomic`).

Node-link JSON is what ``networkx.node_link_graph(data, edges="edges")``
and d3 read: each edge's endpoints are ``source`` and ``target``, so the
graph's own provenance attribute, also called ``source``, is written as
``provenance`` on nodes and edges alike (an endpoint must never be
overwritten by an attribute).
"""

from __future__ import annotations

import json

from ..base.errors import KGError
from ..graph.model import KnowledgeGraph
from ..graph.rdf import to_rdf
from .neo4j.script import cypher_script

__all__ = ["FORMATS", "export_text", "node_link", "PROVENANCE_KEY"]

FORMATS = ("turtle", "jsonld", "ntriples", "graphml", "json", "cypher")
PROVENANCE_KEY = "provenance"


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _attributes(d: dict) -> dict:
    """The attributes with JSON values, ``source`` renamed so that it cannot collide with an endpoint."""
    return {PROVENANCE_KEY if k == "source" else k: _plain(v) for k, v in sorted(d.items())}


def node_link(kg: KnowledgeGraph) -> dict:
    """networkx node-link data, sorted, with JSON-friendly values (see the module docs).

    >>> from china_ai_kg.loaders import load
    >>> edge = next(e for e in node_link(load())["edges"] if e["type"] == "CEO_OF")
    >>> edge["source"], edge["target"], edge["provenance"], edge["locator"]
    ('tim-cook', 'apple', 'src-article-000', '¶30')
    """
    nodes = [{"id": n, **_attributes(d)} for n, d in sorted(kg.g.nodes(data=True))]
    edges = [
        {**_attributes(d), "source": u, "target": v, "key": k}  # endpoints last: nothing may overwrite them
        for u, v, k, d in sorted(kg.g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    ]
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "edges": edges}


def _graphml(kg: KnowledgeGraph, schema) -> str:
    """GraphML wants one type per key: lists become ``|``-joined text, decimals floats."""
    import networkx as nx  # lazy: networkx costs ~200 ms, which `cnkg --help` must not pay

    decimals = {name for name, a in schema.attrs.items() if a.datatype == "decimal"}

    def value(k, v):
        if isinstance(v, tuple):
            return "|".join(v)
        return float(v) if k in decimals else v

    g = nx.MultiDiGraph()
    for n, d in sorted(kg.g.nodes(data=True)):
        g.add_node(n, **{k: value(k, v) for k, v in sorted(d.items())})
    for u, v, k, d in sorted(kg.g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        g.add_edge(u, v, key=k, **{a: value(a, b) for a, b in sorted(d.items())})
    return "\n".join(nx.generate_graphml(g, named_key_ids=True)) + "\n"


def export_text(kg: KnowledgeGraph, schema, fmt: str) -> str:
    """Return the whole graph serialised as *fmt* (one of :data:`FORMATS`)."""
    if fmt == "json":
        return json.dumps(node_link(kg), ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    if fmt == "graphml":
        return _graphml(kg, schema)
    if fmt == "cypher":
        return cypher_script(kg, schema)
    if fmt in ("turtle", "jsonld", "ntriples"):
        g = to_rdf(kg, schema)
        if fmt == "ntriples":
            lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in g)
            return "\n".join(lines) + "\n"
        if fmt == "turtle":
            return g.serialize(format="turtle")
        context = {prefix: str(ns) for prefix, ns in g.namespaces() if prefix in ("cnkg", "id", "rdfs", "skos", "xsd", "rdf")}
        doc = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
        if isinstance(doc.get("@graph"), list):
            doc["@graph"].sort(key=lambda n: n.get("@id", ""))
        return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    raise KGError(f"unknown export format '{fmt}' (use {', '.join(FORMATS)})")
