"""The exact RDF projection of the property graph, in both directions.

Property graph -> RDF (:func:`to_rdf`):

* every node is ``<https://w3id.org/cnkg/id/ID>`` with ``rdf:type`` its
  class, ``cnkg:id`` its id, its names as ``rdfs:label`` with the language
  tags ``en``, ``zh-Hans`` and ``zh-Hant``, its aliases as ``skos:altLabel``
  (tagged by their script), a Wikidata QID also as ``owl:sameAs wd:Q...``
  and each property as a typed literal;
* a role edge is a triple ``fact cnkg:role participant``;
* a relationship is the triple ``u cnkg:rel v`` *and* an ``rdf:Statement``
  node (standard reification) with the relationship's id and provenance.

The way back, RDF -> loader records, is the loaders' job
(:mod:`china_ai_kg.loaders.rdf_files`): the records then pass the same
validation as a fact file, so ``load(to_rdf(kg)) == kg`` exactly.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from ..base.datatypes import date_xsd_type, decimal_lexical
from ..base.names import script_lang
from ..ontology.schema import ID_NS, NS, Schema
from .model import NAME_KEYS, KnowledgeGraph, properties

__all__ = ["to_rdf", "triples", "owned_triples", "node_iri", "node_id", "PREFIXES"]

PREFIXES = {
    "cnkg": NS,
    "id": ID_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "wd": "http://www.wikidata.org/entity/",
}
_LANG_OF = {v: k for k, v in NAME_KEYS.items()}


def node_iri(nid: str) -> str:
    """The IRI of a graph node: its id, percent-encoded, in the ``id:`` namespace.

    >>> node_iri("qwen2.5-max"), node_iri("a b")
    ('https://w3id.org/cnkg/id/qwen2.5-max', 'https://w3id.org/cnkg/id/a%20b')
    """
    return ID_NS + quote(nid, safe="")


def node_id(iri: str) -> str | None:
    """The node id of an ``id:`` IRI, or ``None`` for any other IRI."""
    return unquote(iri[len(ID_NS):]) if iri.startswith(ID_NS) else None


class _Terms:
    """Term factories with memoisation: most literals repeat (status, source, units)."""

    def __init__(self, schema: Schema):
        from rdflib import RDF, RDFS, XSD, Literal, URIRef  # lazy: rdflib costs ~150 ms at start-up
        from rdflib.namespace import SKOS

        self.schema = schema
        self.URIRef, self.Literal = URIRef, Literal
        self.rdf_type, self.label, self.alt = RDF.type, RDFS.label, SKOS.altLabel
        self.statement = RDF.Statement
        self.subj, self.pred, self.obj = RDF.subject, RDF.predicate, RDF.object
        self.id = URIRef(NS + "id")
        self.same_as = URIRef(PREFIXES["owl"] + "sameAs")
        self.refs = frozenset({"source", *schema.references})  # links stored as the id of the node they point at
        self.xsd = XSD
        self.props = {}
        self.literals = {}
        self.nodes = {}

    def node(self, nid):
        t = self.nodes.get(nid)
        if t is None:
            t = self.nodes[nid] = self.URIRef(node_iri(nid))
        return t

    def prop(self, name):
        t = self.props.get(name)
        if t is None:
            t = self.props[name] = self.URIRef(NS + name)
        return t

    def literal(self, name, value):
        key = (name, value, type(value))
        lit = self.literals.get(key)
        if lit is None:
            lit = self.literals[key] = self._literal(name, value)
        return lit

    def _literal(self, name, value):
        attr = self.schema.attrs[name]
        dt = attr.datatype
        xsd = self.xsd
        if dt == "decimal":
            return self.Literal(decimal_lexical(value), datatype=xsd.decimal)
        if dt == "integer":
            return self.Literal(str(value), datatype=xsd.integer)
        if dt == "boolean":
            return self.Literal("true" if value else "false", datatype=xsd.boolean)
        if dt == "date":
            return self.Literal(value, datatype=self.URIRef(date_xsd_type(value)))
        if dt == "uri":
            return self.Literal(value, datatype=xsd.anyURI)
        if dt == "text":
            return self.Literal(value, lang="en")
        return self.Literal(value)


def triples(kg: KnowledgeGraph, schema: Schema):
    """Yield the RDF triples of *kg* (rdflib terms), in a deterministic order."""
    t = _Terms(schema)
    for nid, d in sorted(kg.g.nodes(data=True)):
        yield from _node_triples(t, kg, nid, d)
    for u, v, d in kg.relations():
        yield from _relation_triples(t, u, v, d, None)


def owned_triples(kg: KnowledgeGraph, schema: Schema):
    """Yield ``(owner, triples)`` per owner, in owner order: the triples of :func:`triples`, each exactly
    once, grouped by the id of the Source that states them (a Source owns its own triples; ``None``, first,
    when nothing names one).

    A node's triples belong to its source, a relationship's statement to the relationship's; the plain edge
    triple ``u rel v`` that two sources state goes to the first of them only, so that a store holding one
    named graph per owner answers like one graph (a union default graph repeats a triple held twice).
    """
    nodes: dict = {}
    for nid, d in kg.g.nodes(data=True):
        nodes.setdefault(nid if d["type"] == "Source" else d.get("source"), []).append(nid)
    relations: dict = {}
    for rel in kg.relations():
        relations.setdefault(rel[2].get("source"), []).append(rel)
    t = _Terms(schema)
    seen: set = set()
    data = kg.g.nodes

    def group(owner):
        for nid in sorted(nodes.get(owner, ())):
            yield from _node_triples(t, kg, nid, data[nid])
        for u, v, d in relations.get(owner, ()):
            yield from _relation_triples(t, u, v, d, seen)

    for owner in sorted(nodes.keys() | relations.keys(), key=lambda o: (o is not None, o or "")):
        yield owner, group(owner)


def _node_triples(t, kg, nid, d):
    s = t.node(nid)
    lit, Literal = t.literal, t.Literal
    yield s, t.rdf_type, t.prop(d["type"])
    yield s, t.id, Literal(nid)
    for key, value in properties(d).items():
        if key in t.refs:
            yield s, t.prop(key), t.node(value)
        else:
            yield s, t.prop(key), lit(key, value)
    for key, lang in _LANG_OF.items():
        if key in d:
            yield s, t.label, Literal(d[key], lang=lang)
    for alias in d.get("aliases", ()):
        yield s, t.alt, Literal(alias, lang=script_lang(alias))
    if d.get("wikidata"):
        yield s, t.same_as, t.URIRef(PREFIXES["wd"] + d["wikidata"])
    for old, _, _ in d.get("merged_from", ()):  # a merged id's IRI stays meaningful: it is the same thing
        yield s, t.same_as, t.node(old)
    if d["kind"] == "fact":
        by_graph_name = t.schema.by_graph_name
        for _, v, e in kg.g.out_edges(nid, data=True):
            yield s, t.prop(by_graph_name[e["type"]].name), t.node(v)


def _relation_triples(t, u, v, d, seen):
    """The triples of one relationship; with a *seen* set, an edge triple already given is not given again."""
    link = t.schema.by_graph_name[d["type"]]
    p = t.prop(link.name)
    su, ov = t.node(u), t.node(v)
    pairs = ((su, ov), (ov, su)) if link.symmetric and u != v else ((su, ov),)  # symmetric: answers from both ends
    for a, b in pairs:
        if seen is None:
            yield a, p, b
        elif (a, p, b) not in seen:
            seen.add((a, p, b))
            yield a, p, b
    st = t.node(d["id"])
    lit, Literal = t.literal, t.Literal
    yield st, t.rdf_type, t.statement
    yield st, t.subj, su
    yield st, t.pred, p
    yield st, t.obj, ov
    yield st, t.id, Literal(d["id"])
    for key, value in properties(d, edge=True).items():
        if key in t.refs:
            yield st, t.prop(key), t.node(value)
        else:
            yield st, t.prop(key), lit(key, value)


def to_rdf(kg: KnowledgeGraph, schema: Schema, graph=None):
    """Return an rdflib Graph (or fill *graph*) with the projection of *kg*."""
    from rdflib import Graph  # lazy: see _Terms

    g = graph if graph is not None else Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    g.addN((s, p, o, g) for s, p, o in triples(kg, schema))
    return g
