"""SHACL shapes derived from the ontology: every rule of ``cnkg.ttl``, for any SHACL engine.

The loaders enforce the ontology on the property graph; the shapes state
the same rules for the RDF projection, so that anyone holding only the
Turtle export (or writing Turtle by hand) can validate it with pyshacl,
Jena or TopBraid:

* one closed node shape per concrete class: its properties with their
  datatypes, enumerations, cardinalities and numeric bounds, its roles and
  relationships with the classes they may point at;
* one closed shape for relationship statements (``rdf:Statement``): the
  properties of any relationship, and a predicate that is a relationship;
* a shape per property scoped to some relationships (``schema:domainIncludes
  cnkg:investsIn``), targeting the nodes that carry it: it is refused on the
  statements of any other relationship;
* a shape per ``cnkg:atMost`` pair (``low`` <= ``high``, ``validFrom`` <=
  ``validTo``), targeting the nodes that carry the first property, with a
  SPARQL-based constraint; dates compare at the coarser precision, as
  :func:`~china_ai_kg.base.datatypes.date_not_after` does; likewise a shape
  per ``cnkg:atMostSource`` property (``reportedOn`` no later than the
  source's ``retrieved``);
* a shape per link between claims (``supersedes``): it names another fact
  or relationship, and no chain of them comes back to where it started.

Rules that apply to few nodes target those nodes only (``sh:targetSubjectsOf``),
so validation stays fast as the graph grows.

The shapes are generated, never written by hand: ``shapes.ttl`` beside this
module is the output of :func:`shapes_turtle`, and a test keeps the two equal.
"""

from __future__ import annotations

from ..base.datatypes import XSD
from .schema import NS, RDF_STATEMENT, Schema

__all__ = ["shapes_graph", "shapes_turtle", "SH"]

SH = "http://www.w3.org/ns/shacl#"
_DATE_AFTER = ("BIND (IF(STRLEN(STR(?value)) < STRLEN(STR(?bound)), STRLEN(STR(?value)), STRLEN(STR(?bound))) "
               "AS ?n)\n    FILTER (SUBSTR(STR(?value), 1, ?n) > SUBSTR(STR(?bound), 1, ?n))")
"""?value is after ?bound, compared at the coarser of the two precisions."""
_XSD_OF = {"string": "string", "decimal": "decimal", "integer": "integer", "boolean": "boolean", "uri": "anyURI"}


class _Writer:
    """Builds the shapes graph with deterministic blank nodes, so the file is stable."""

    def __init__(self, schema: Schema):
        from rdflib import Graph, Namespace  # lazy: rdflib costs ~150 ms; only validation needs shapes

        self.schema = schema
        self.sh = Namespace(SH)
        self.xsd = Namespace(XSD)
        self.cnkg = Namespace(NS)
        self.g = Graph()
        for prefix, ns in (("sh", self.sh), ("cnkg", self.cnkg), ("xsd", self.xsd)):
            self.g.bind(prefix, ns)
        self.counter = 0

    def bnode(self):
        from rdflib import BNode  # lazy: see __init__

        self.counter += 1
        return BNode(f"b{self.counter - 1:04d}")

    def listing(self, items):
        from rdflib.collection import Collection  # lazy: see __init__

        head = self.bnode()
        Collection(self.g, head, items)
        return head

    def supers(self) -> list:
        """Properties that RDFS inference adds from ours (``schema:description`` from ``cnkg:description``):
        closed shapes let them through, so the graph validates with and without inference."""
        from rdflib import URIRef  # lazy: see __init__

        return [URIRef(p) for p in self.schema.external_super_properties]

    def literal(self, value, datatype=None):
        from rdflib import Literal  # lazy: see __init__

        return Literal(value, datatype=datatype)

    def prop(self, node, path, *, min_count=0, max_count=None):
        ps = self.bnode()
        self.g.add((node, self.sh.property, ps))
        self.g.add((ps, self.sh.path, path))
        if min_count:
            self.g.add((ps, self.sh.minCount, self.literal(min_count)))
        if max_count is not None:
            self.g.add((ps, self.sh.maxCount, self.literal(max_count)))
        return ps

    def classes_or(self, ps, classes):
        """The value is of one of *classes*, or of a subclass: named concretely, so that a standalone export
        (without the ontology's ``rdfs:subClassOf`` triples) validates as well as one merged with it."""
        sh, g, schema = self.sh, self.g, self.schema
        classes = sorted({c for cls in classes for c in schema.subclasses(cls) if not schema.classes[c].abstract})
        if len(classes) == 1:
            g.add((ps, sh["class"], self.cnkg[classes[0]]))
            return
        alts = []
        for c in classes:
            alt = self.bnode()
            g.add((alt, sh["class"], self.cnkg[c]))
            alts.append(alt)
        g.add((ps, sh["or"], self.listing(alts)))

    def datatype(self, ps, attr):
        sh, g, xsd = self.sh, self.g, self.xsd
        if attr.datatype == "enum":
            g.add((ps, sh["in"], self.listing([self.literal(v) for v in attr.values])))
        elif attr.datatype == "date":
            alts = []
            for dt in ("date", "gYearMonth", "gYear"):
                alt = self.bnode()
                g.add((alt, sh.datatype, xsd[dt]))
                alts.append(alt)
            g.add((ps, sh["or"], self.listing(alts)))
        elif attr.datatype == "text":
            from rdflib import RDF  # lazy: see __init__

            g.add((ps, sh.datatype, RDF.langString))
        else:
            g.add((ps, sh.datatype, xsd[_XSD_OF[attr.datatype]]))
        for key, value in (("minInclusive", attr.minimum), ("maxInclusive", attr.maximum)):
            if value is not None:
                g.add((ps, sh[key], self.literal(str(value), xsd.decimal)))
        if attr.minimum is not None or attr.maximum is not None:
            g.add((ps, sh.message, self.literal(self.schema.bounds_message(attr.name))))

    def attributes(self, node, attrs: dict, required: bool = True):
        for name, attr in sorted(attrs.items()):
            ps = self.prop(node, self.cnkg[name], min_count=1 if required and attr.min else 0, max_count=1)
            self.datatype(ps, attr)

    def order_rule(self, a: str, b: str):
        """The nodes that carry *a*: its value may not exceed that of *b* (a SPARQL-based constraint)."""
        node = self._rule_node(f"rule-{a}-atMost-{b}", a)
        test = _DATE_AFTER if self.schema.attrs[a].datatype == "date" else "FILTER (?value > ?bound)"
        query = (f"SELECT $this ?value ?path WHERE {{\n    $this <{NS}{a}> ?value ; <{NS}{b}> ?bound .\n    {test}\n"
                 f"    BIND (<{NS}{a}> AS ?path)\n}}")
        self._sparql(node, self.schema.order_message(a, b), query)

    def _sparql(self, node, message: str, query: str):
        constraint = self.bnode()
        self.g.add((node, self.sh.sparql, constraint))
        self.g.add((constraint, self.sh.message, self.literal(message)))
        self.g.add((constraint, self.sh.select, self.literal(query)))

    def _rule_node(self, name: str, target: str):
        from rdflib import RDF, URIRef  # lazy: see __init__

        node = URIRef(f"{NS}shape-{name}")
        self.g.add((node, RDF.type, self.sh.NodeShape))
        self.g.add((node, self.sh.targetSubjectsOf, self.cnkg[target]))
        return node

    def source_rule(self, a: str, b: str):
        """The claims that carry date *a*: it may not be after property *b* of their source."""
        node = self._rule_node(f"rule-{a}-atMostSource-{b}", a)
        query = (f"SELECT $this ?value ?path WHERE {{\n    $this <{NS}{a}> ?value ; <{NS}source> ?source .\n"
                 f"    ?source <{NS}{b}> ?bound .\n    {_DATE_AFTER}\n    BIND (<{NS}{a}> AS ?path)\n}}")
        self._sparql(node, self.schema.source_order_message(a, b), query)

    def reference_rule(self, name: str):
        """The claims that carry the link *name* (``supersedes``): it names another claim, never in a circle."""
        schema = self.schema
        node = self._rule_node(f"rule-{name}", name)
        facts = ", ".join(f"<{NS}{c}>" for c in schema.fact_classes)
        rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        query = (f"SELECT $this ?value ?path WHERE {{\n    $this <{NS}{name}> ?value .\n"
                 f"    FILTER (?value = $this || NOT EXISTS {{ {{ ?value a <{rdf}Statement> }} UNION "
                 f"{{ ?value a ?class FILTER (?class IN ({facts})) }} }})\n    BIND (<{NS}{name}> AS ?path)\n}}")
        self._sparql(node, f"'{name}' must name another fact or relationship", query)
        query = (f"SELECT $this ?value ?path WHERE {{\n    $this <{NS}{name}> ?value .\n"
                 f"    ?value <{NS}{name}>+ $this .\n    FILTER (?value != $this)\n    BIND (<{NS}{name}> AS ?path)\n}}")
        self._sparql(node, f"'{name}' goes round in a circle", query)

    def references(self, node, statement: bool, cls: str = ""):
        """The links from a claim to other claims (``supersedes``): at most as many as their cardinality, IRIs."""
        schema, sh = self.schema, self.sh
        for name in schema.references:
            link = schema.links[name]
            if (RDF_STATEMENT in link.domains) if statement else schema.applies(link.domains, cls):
                ps = self.prop(node, self.cnkg[name], max_count=link.max)
                self.g.add((ps, sh.nodeKind, sh.IRI))

    def minimum_rule(self, rule):
        """The nodes that carry the rule's condition property: each bounded property at least the minimum."""
        node = self._rule_node(rule.name, rule.when)
        values = ", ".join(f'"{v}"' for v in rule.values)
        for prop in rule.bounds:
            query = (f"SELECT $this ?value ?path WHERE {{\n    $this <{NS}{rule.when}> ?when ; <{NS}{prop}> ?value .\n"
                     f"    FILTER (STR(?when) IN ({values}) && ?value < {rule.minimum})\n"
                     f"    BIND (<{NS}{prop}> AS ?path)\n}}")
            self._sparql(node, rule.message(prop), query)

    def class_shape(self, cls: str):
        from rdflib import OWL, RDF, RDFS, URIRef  # lazy: see __init__
        from rdflib.namespace import SKOS

        schema, sh, g, cnkg = self.schema, self.sh, self.g, self.cnkg
        node = URIRef(NS + "shape-" + cls)
        g.add((node, RDF.type, sh.NodeShape))
        g.add((node, sh.targetClass, cnkg[cls]))
        g.add((node, sh.closed, self.literal(True)))
        ignored = [RDF.type, cnkg.id, RDFS.label, SKOS.altLabel, OWL.sameAs, *self.supers()]
        # a class shape also applies to instances of subclasses: let their own terms through
        ignored += [cnkg[n] for n in sorted(_own_terms(schema, cls, subclasses=True) - _own_terms(schema, cls))]
        g.add((node, sh.ignoredProperties, self.listing(ignored)))
        ps = self.prop(node, cnkg.id, min_count=1, max_count=1)
        g.add((ps, sh.datatype, self.xsd.string))
        attrs = schema.attrs_for(cls)
        if cls == "Source":  # a source document is its own provenance: no locator, no source
            attrs = {k: v for k, v in attrs.items() if k != "locator"}
            self.attributes(node, attrs)
            ps = self.prop(node, cnkg.locator, max_count=1)
            self.datatype(ps, schema.attrs["locator"])
        else:
            self.attributes(node, attrs)
            ps = self.prop(node, cnkg.source, min_count=1, max_count=1)
            g.add((ps, sh["class"], cnkg.Source))
        if schema.classes[cls].is_fact:
            self.references(node, False, cls)
            for name, link in sorted(schema.roles_for(cls).items()):
                ps = self.prop(node, cnkg[name], min_count=link.min, max_count=link.max)
                self.classes_or(ps, list(link.ranges))
        for _, link in sorted(schema.relations.items()):
            if any(schema.is_a(cls, d) for d in link.domains):
                ps = self.prop(node, cnkg[link.name])
                self.classes_or(ps, list(link.ranges))

    def statement_shape(self):
        """Relationship statements: the properties of any relationship, and a relationship as predicate."""
        from rdflib import RDF, URIRef  # lazy: see __init__

        schema, sh, g, cnkg = self.schema, self.sh, self.g, self.cnkg
        node = URIRef(NS + "shape-Statement")
        g.add((node, RDF.type, sh.NodeShape))
        g.add((node, sh.targetClass, RDF.Statement))
        g.add((node, sh.closed, self.literal(True)))
        g.add((node, sh.ignoredProperties,
               self.listing([RDF.type, RDF.subject, RDF.predicate, RDF.object, cnkg.id, *self.supers()])))
        ps = self.prop(node, cnkg.id, min_count=1, max_count=1)
        g.add((ps, sh.datatype, self.xsd.string))
        ps = self.prop(node, cnkg.source, min_count=1, max_count=1)
        g.add((ps, sh["class"], cnkg.Source))
        ps = self.prop(node, RDF.predicate, min_count=1, max_count=1)
        g.add((ps, sh["in"], self.listing([cnkg[link.name] for _, link in sorted(schema.relations.items())])))
        every = {}
        for link in schema.relations.values():
            every.update(schema.attrs_for_relation(link.name))
        self.attributes(node, every)
        self.references(node, True)

    def scoped_shape(self, attr):
        """The nodes that carry a property scoped to some relationships must be statements of one of them."""
        from rdflib import RDF, URIRef  # lazy: see __init__

        schema, sh, g, cnkg = self.schema, self.sh, self.g, self.cnkg
        relations = sorted(d for d in attr.domains if d in schema.links)
        classes = sorted(d for d in attr.domains if d in schema.classes)
        node = URIRef(f"{NS}shape-scope-{attr.name}")
        g.add((node, RDF.type, sh.NodeShape))
        g.add((node, sh.targetSubjectsOf, cnkg[attr.name]))
        statement = self.bnode()
        ps = self.prop(statement, RDF.predicate, min_count=1)
        g.add((ps, sh["in"], self.listing([cnkg[r] for r in relations])))
        alternatives = [statement]
        for c in classes:
            alt = self.bnode()
            g.add((alt, sh["class"], cnkg[c]))
            alternatives.append(alt)
        g.add((node, sh["or"], self.listing(alternatives)))
        names = ", ".join(schema.links[r].graph_name for r in relations)
        g.add((node, sh.message, self.literal(f"'{attr.name}' belongs to {names} relationships only")))


def shapes_graph(schema: Schema):
    """Return an rdflib Graph of the shapes (see the module docs)."""
    w = _Writer(schema)
    for cls in sorted(schema.classes):
        if not schema.classes[cls].abstract:
            w.class_shape(cls)
    w.statement_shape()
    for _, attr in sorted(schema.attrs.items()):
        if any(d in schema.links for d in attr.domains):
            w.scoped_shape(attr)
    for a, b in schema.order_rules(schema.attrs):
        w.order_rule(a, b)
    for rule in schema.minimum_rules:
        w.minimum_rule(rule)
    for _, attr in sorted(schema.attrs.items()):
        if attr.at_most_source:
            w.source_rule(attr.name, attr.at_most_source)
    for name in schema.references:
        w.reference_rule(name)
    return w.g


def _own_terms(schema: Schema, cls: str, subclasses: bool = False) -> set:
    """Names of the properties a node of *cls* (or of any subclass) may carry."""
    classes = schema.subclasses(cls) if subclasses else {cls}
    terms = set()
    for c in classes:
        terms |= set(schema.attrs_for(c))
        if schema.classes[c].is_fact:
            terms |= set(schema.roles_for(c))
        terms |= {link.name for link in schema.relations.values() if any(schema.is_a(c, d) for d in link.domains)}
    return terms


def shapes_turtle(schema: Schema) -> str:
    header = "# Generated from cnkg.ttl by china_ai_kg.ontology.shapes; do not edit by hand.\n"
    return header + shapes_graph(schema).serialize(format="turtle")


if __name__ == "__main__":  # regenerate shapes.ttl: python -m china_ai_kg.ontology.shapes > ontology/shapes.ttl
    import sys

    from .schema import load_schema

    sys.stdout.write(shapes_turtle(load_schema()))
