"""The exact RDF projection of the property graph, in both directions.

Property graph -> RDF (:func:`to_rdf`):

* every node is ``<https://w3id.org/cnkg/id/ID>`` with ``rdf:type`` its
  class, ``cnkg:id`` its id, its names as ``rdfs:label`` with the language
  tags ``en``, ``zh-Hans`` and ``zh-Hant``, its aliases as ``skos:altLabel``
  and each property as a typed literal;
* a role edge is a triple ``fact cnkg:role participant``;
* a relationship is the triple ``u cnkg:rel v`` *and* an ``rdf:Statement``
  node (standard reification) with the relationship's id and provenance.

RDF -> property graph (:func:`records_from_rdf`) turns the triples back
into loader records, which then pass the same validation as a fact file;
so ``load(to_rdf(kg)) == kg`` exactly, and user Turtle or JSON-LD is held to
the same rules as YAML.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from ..ontology.errors import InputError
from ..ontology.schema import ID_NS, NS, Schema
from .model import NAME_KEYS, KnowledgeGraph

__all__ = ["to_rdf", "records_from_rdf", "triples", "node_iri", "PREFIXES"]

PREFIXES = {
    "cnkg": NS,
    "id": ID_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_LANG_OF = {v: k for k, v in NAME_KEYS.items()}
_SKIP = frozenset(("kind", "type", "aliases", *NAME_KEYS.values()))


def node_iri(nid: str) -> str:
    return ID_NS + quote(nid, safe="")


class _Terms:
    """Term factories with memoisation: most literals repeat (status, source, units)."""

    def __init__(self, schema: Schema):
        from rdflib import RDF, RDFS, XSD, Literal, URIRef
        from rdflib.namespace import SKOS

        self.schema = schema
        self.URIRef, self.Literal = URIRef, Literal
        self.rdf_type, self.label, self.alt = RDF.type, RDFS.label, SKOS.altLabel
        self.statement = RDF.Statement
        self.subj, self.pred, self.obj = RDF.subject, RDF.predicate, RDF.object
        self.id = URIRef(NS + "id")
        self.source = URIRef(NS + "source")
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
            return self.Literal(_decimal_lexical(value), datatype=xsd.decimal)
        if dt == "integer":
            return self.Literal(str(value), datatype=xsd.integer)
        if dt == "boolean":
            return self.Literal("true" if value else "false", datatype=xsd.boolean)
        if dt == "date":
            kind = {4: xsd.gYear, 7: xsd.gYearMonth}.get(len(value), xsd.date)
            return self.Literal(value, datatype=kind)
        if dt == "uri":
            return self.Literal(value, datatype=xsd.anyURI)
        return self.Literal(value)


def _decimal_lexical(value) -> str:
    if isinstance(value, int):
        return str(value)
    from decimal import Decimal

    text = format(Decimal(repr(value)), "f")
    return text


def triples(kg: KnowledgeGraph, schema: Schema):
    """Yield the RDF triples of *kg* (rdflib terms), in a deterministic order."""
    t = _Terms(schema)
    lit = t.literal
    Literal = t.Literal
    for nid, d in sorted(kg.g.nodes(data=True)):
        s = t.node(nid)
        yield s, t.rdf_type, t.prop(d["type"])
        yield s, t.id, Literal(nid)
        for key, value in d.items():
            if key in _SKIP:
                continue
            if key == "source":
                yield s, t.source, t.node(value)
            else:
                yield s, t.prop(key), lit(key, value)
        for key, lang in _LANG_OF.items():
            if key in d:
                yield s, t.label, Literal(d[key], lang=lang)
        for alias in d.get("aliases", ()):
            yield s, t.alt, Literal(alias)
        if d["kind"] == "fact":
            for _, v, e in kg.g.out_edges(nid, data=True):
                yield s, t.prop(schema.by_graph_name[e["type"]].name), t.node(v)
    for u, v, d in kg.relations():
        p = t.prop(schema.by_graph_name[d["type"]].name)
        su, ov = t.node(u), t.node(v)
        yield su, p, ov
        st = t.node(d["id"])
        yield st, t.rdf_type, t.statement
        yield st, t.subj, su
        yield st, t.pred, p
        yield st, t.obj, ov
        yield st, t.id, Literal(d["id"])
        for key, value in d.items():
            if key in ("kind", "type", "id"):
                continue
            if key == "source":
                yield st, t.source, t.node(value)
            else:
                yield st, t.prop(key), lit(key, value)


def to_rdf(kg: KnowledgeGraph, schema: Schema, graph=None):
    """Return an rdflib Graph (or fill *graph*) with the projection of *kg*."""
    from rdflib import Graph

    g = graph if graph is not None else Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    g.addN((s, p, o, g) for s, p, o in triples(kg, schema))
    return g


def _node_id(term, label: str) -> str:
    text = str(term)
    if not text.startswith(ID_NS):
        raise InputError(f"node <{text}> is outside {ID_NS}; ids must live in that namespace", file=label)
    return unquote(text[len(ID_NS):])


def records_from_rdf(g, schema: Schema, label: str) -> list:
    """Turn the triples of *g* back into loader records (see module docs)."""
    from rdflib import RDF, RDFS, BNode, Literal
    from rdflib.namespace import SKOS

    from ..loaders.records import Record

    by_subject: dict = {}
    for s, p, o in g:
        if isinstance(s, BNode) or isinstance(o, BNode):
            raise InputError("blank nodes are not supported; give every node an IRI", file=label)
        by_subject.setdefault(s, []).append((p, o))

    records = []
    reified = set()
    plain = []
    for s in sorted(by_subject):
        pairs = by_subject[s]
        types = [o for p, o in pairs if p == RDF.type]
        if RDF.Statement in types:
            rec = {}
            for p, o in pairs:
                if p == RDF.subject:
                    rec["from"] = _node_id(o, label)
                elif p == RDF.predicate:
                    link = schema.links.get(str(o)[len(NS):]) if str(o).startswith(NS) else None
                    if link is None:
                        raise InputError(f"statement <{s}> has unknown predicate <{o}>", file=label)
                    rec["type"] = link.graph_name
                elif p == RDF.object:
                    rec["to"] = _node_id(o, label)
                elif p != RDF.type:
                    _put(rec, p, o, schema, label)
            rec.setdefault("id", _node_id(s, label))
            reified.add((rec.get("from"), rec.get("type"), rec.get("to")))
            records.append(Record(rec, file=label, line=None))
            continue
        cls = [str(o)[len(NS):] for o in types if str(o).startswith(NS)]
        if not cls:
            continue
        if len(cls) > 1:
            raise InputError(f"node <{s}> has several cnkg types: {', '.join(sorted(cls))}", file=label)
        rec = {"id": _node_id(s, label), "type": cls[0]}
        names = {}
        aliases = []
        for p, o in pairs:
            if p == RDF.type or str(p) == NS + "id":
                continue
            if p == RDFS.label and isinstance(o, Literal):
                names[o.language or "en"] = str(o)
            elif p == SKOS.altLabel:
                aliases.append(str(o))
            elif str(p).startswith(NS):
                link = schema.links.get(str(p)[len(NS):])
                if link is not None and link.kind == "relation":
                    plain.append((rec["id"], link.graph_name, _node_id(o, label)))
                elif link is not None and link.kind == "role":
                    rec.setdefault(link.name, []).append(_node_id(o, label))
                else:
                    _put(rec, p, o, schema, label)
        if names:
            rec["name"] = names
        if aliases:
            rec["aliases"] = sorted(aliases)
        for key, value in list(rec.items()):
            if isinstance(value, list) and key != "aliases":
                rec[key] = sorted(value)
        records.append(Record(rec, file=label, line=None))
    for u, rel, v in sorted(plain):
        if (u, rel, v) not in reified:
            records.append(Record({"type": rel, "from": u, "to": v}, file=label, line=None))
    return records


def _put(rec: dict, p, o, schema: Schema, label: str) -> None:
    from rdflib import XSD, Literal

    name = str(p)[len(NS):] if str(p).startswith(NS) else None
    if name is None:
        return  # foreign vocabulary (comments, owl:sameAs, ...) is not part of the graph
    if name == "source":
        rec["source"] = _node_id(o, label)
        return
    if name in rec:
        raise InputError(f"property cnkg:{name} is given twice on one node", file=label)
    if isinstance(o, Literal) and o.datatype == XSD.boolean:
        rec[name] = o.toPython() if isinstance(o.toPython(), bool) else str(o)
    else:
        rec[name] = str(o)
