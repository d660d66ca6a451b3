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
import re
from xml.sax.saxutils import escape, quoteattr

from ..base.errors import KGError
from ..graph.model import KnowledgeGraph
from ..graph.rdf import PREFIXES, to_rdf, triples
from .neo4j.script import cypher_script

__all__ = ["FORMATS", "export_text", "node_link", "PROVENANCE_KEY"]

FORMATS = ("turtle", "jsonld", "ntriples", "rdfxml", "graphml", "gexf", "json", "cypher")
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


def edge_id(u: str, key: str, v: str, attrs: dict) -> str:
    """A unique id for an edge: a relationship's own id, or ``fact>ROLE>participant`` for a role edge."""
    return attrs["id"] if attrs.get("kind") == "relation" else f"{u}>{key}>{v}"


def _flat_graph(kg: KnowledgeGraph, schema):
    """The graph as GraphML and GEXF readers want it: one type per attribute, a label, unique edge ids.

    Lists become ``|``-joined text, decimals floats; every node gets ``label`` (its English name, or its
    class for a fact) and every edge ``label`` (its type); an edge's key is its unique :func:`edge_id`.
    """
    import networkx as nx  # lazy: networkx costs ~200 ms, which `cnkg --help` must not pay

    decimals = {name for name, a in schema.attrs.items() if a.datatype == "decimal"}

    def value(k, v):
        if isinstance(v, tuple):
            return "|".join(v)
        return float(v) if k in decimals else v

    g = nx.MultiDiGraph()
    for n, d in sorted(kg.g.nodes(data=True)):
        label = d.get("name_en") or d["type"]
        g.add_node(n, label=label, **{k: value(k, v) for k, v in sorted(d.items())})
    for u, v, k, d in sorted(kg.g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        attrs = {a: value(a, b) for a, b in sorted(d.items()) if a != "id"}
        g.add_edge(u, v, key=edge_id(u, k, v, d), label=d["type"], **attrs)
    return g


def _graphml(kg: KnowledgeGraph, schema) -> str:
    """GraphML with key ids per domain (``d0``, ``d1`` ...: a node and an edge attribute of one name are two keys)."""
    import networkx as nx  # lazy: see _flat_graph

    return "\n".join(nx.generate_graphml(_flat_graph(kg, schema), named_key_ids=False)) + "\n"


def _gexf(kg: KnowledgeGraph, schema) -> str:
    """GEXF 1.2 for Gephi, without the writer's date stamp, so the same graph gives the same bytes."""
    import networkx as nx  # lazy: see _flat_graph

    text = "\n".join(nx.generate_gexf(_flat_graph(kg, schema), version="1.2draft")) + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text)


def _rdfxml(g) -> str:
    """RDF/XML, one ``rdf:Description`` per subject, subjects and properties sorted (rdflib's writers follow
    store order, which changes from run to run)."""
    from rdflib import Literal  # lazy: rdflib costs ~150 ms at start-up

    namespaces = dict(sorted((p, str(ns)) for p, ns in g.namespaces() if p in PREFIXES))

    def qname(iri: str) -> str:
        for prefix, ns in namespaces.items():
            if iri.startswith(ns) and iri[len(ns):].replace("_", "a").replace("-", "a").isalnum():
                return f"{prefix}:{iri[len(ns):]}"
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        prefix = f"ns{len(namespaces)}"
        namespaces[prefix] = iri[:cut]
        return f"{prefix}:{iri[cut:]}"

    body, subject = [], None
    for s, p, o in sorted(g):
        if s != subject:
            if subject is not None:
                body.append("  </rdf:Description>")
            body.append(f"  <rdf:Description rdf:about={quoteattr(str(s))}>")
            subject = s
        name = qname(str(p))
        if not isinstance(o, Literal):
            body.append(f"    <{name} rdf:resource={quoteattr(str(o))}/>")
        else:
            attr = (f" xml:lang={quoteattr(o.language)}" if o.language else
                    f" rdf:datatype={quoteattr(str(o.datatype))}" if o.datatype else "")
            body.append(f"    <{name}{attr}>{escape(str(o))}</{name}>")
    if subject is not None:
        body.append("  </rdf:Description>")
    head = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    head += [f"  xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in namespaces.items()]
    head[-1] += ">"
    return "\n".join([*head, *body, "</rdf:RDF>"]) + "\n"


def _turtle(ntriples: str) -> str:
    """Sorted N-Triples as Turtle, grouped by subject, with the project's prefixes (pyoxigraph's serializer)."""
    import pyoxigraph as ox  # lazy: only the RDF exports need it

    quads = ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(quads, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)).decode("utf-8")


def export_text(kg: KnowledgeGraph, schema, fmt: str) -> str:
    """Return the whole graph serialised as *fmt* (one of :data:`FORMATS`)."""
    if fmt == "json":
        return json.dumps(node_link(kg), ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    if fmt == "graphml":
        return _graphml(kg, schema)
    if fmt == "gexf":
        return _gexf(kg, schema)
    if fmt == "cypher":
        return cypher_script(kg, schema)
    if fmt in ("ntriples", "turtle"):  # straight from the projection: no rdflib graph to index
        lines = sorted({f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples(kg, schema)})
        text = "\n".join(lines) + "\n"
        return text if fmt == "ntriples" else _turtle(text)
    if fmt in ("jsonld", "rdfxml"):
        g = to_rdf(kg, schema)
        if fmt == "rdfxml":
            return _rdfxml(g)
        context = {prefix: str(ns) for prefix, ns in g.namespaces()
                   if prefix in ("cnkg", "id", "rdfs", "skos", "xsd", "rdf", "owl", "wd")}
        doc = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
        if isinstance(doc.get("@graph"), list):
            doc["@graph"].sort(key=lambda n: n.get("@id", ""))
        return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    raise KGError(f"unknown export format '{fmt}' (use {', '.join(FORMATS)})")
