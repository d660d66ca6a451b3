"""Writing the graph out: RDF serialisations, GraphML and node-link JSON.

Every format is deterministic (sorted nodes, edges and triples), so an
export can be diffed and tested byte for byte, and every file is written
atomically: a failed export leaves nothing half-written.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..ontology.errors import KGError, RenderError
from .model import KnowledgeGraph

__all__ = ["FORMATS", "export_text", "write_atomic", "node_link"]

FORMATS = ("turtle", "jsonld", "ntriples", "graphml", "json", "cypher")


def write_atomic(path, text: str) -> Path:
    """Write *text* as UTF-8 to *path* through a temporary file and a rename."""
    path = Path(path)
    if path.is_dir():
        raise RenderError(f"output path {path} is a directory")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise RenderError(f"output directory {parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def node_link(kg: KnowledgeGraph) -> dict:
    """networkx node-link data, sorted, with JSON-friendly values."""
    nodes = [{"id": n, **{k: _plain(v) for k, v in sorted(d.items())}} for n, d in sorted(kg.g.nodes(data=True))]
    edges = [
        {"source": u, "target": v, "key": k, **{a: _plain(b) for a, b in sorted(d.items())}}
        for u, v, k, d in sorted(kg.g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    ]
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "edges": edges}


def _graphml(kg: KnowledgeGraph, schema) -> str:
    """GraphML wants one type per key: lists become ``|``-joined text, decimals floats."""
    import networkx as nx

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
        from .neo4j_cypher import cypher_script

        return cypher_script(kg, schema)
    if fmt in ("turtle", "jsonld", "ntriples"):
        from .rdf import to_rdf

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
