"""SHACL shapes derived from the ontology, and a check of the RDF form.

The loaders already enforce the ontology on the property graph; the shapes
state the same rules for the RDF projection, so that anyone holding only
the Turtle export can validate it with any SHACL engine.  They are
generated, never written by hand: ``shapes.ttl`` beside this module is the
output of :func:`shapes_turtle`, and a test keeps the two equal.
"""

from __future__ import annotations

from .errors import ValidationError
from .schema import NS, RDF_STATEMENT, Schema

__all__ = ["shapes_graph", "shapes_turtle", "check_shacl"]

SH = "http://www.w3.org/ns/shacl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_OF = {"string": "string", "decimal": "decimal", "integer": "integer", "boolean": "boolean", "uri": "anyURI"}


def shapes_graph(schema: Schema):
    """Return an rdflib Graph of closed node shapes, one per concrete class."""
    from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import SKOS

    sh = Namespace(SH)
    xsd = Namespace(_XSD)
    cnkg = Namespace(NS)
    g = Graph()
    g.bind("sh", sh)
    g.bind("cnkg", cnkg)
    g.bind("xsd", xsd)

    counter = iter(range(1_000_000))

    def bnode():
        # deterministic blank node ids, so the file is stable
        return BNode(f"b{next(counter):04d}")

    def listing(items):
        head = bnode()
        Collection(g, head, items)
        return head

    def prop_shape(node, path, *, min_count=0, max_count=None):
        ps = bnode()
        g.add((node, sh.property, ps))
        g.add((ps, sh.path, path))
        if min_count:
            g.add((ps, sh.minCount, Literal(min_count)))
        if max_count is not None:
            g.add((ps, sh.maxCount, Literal(max_count)))
        return ps

    def classes_or(ps, classes):
        if len(classes) == 1:
            g.add((ps, sh["class"], cnkg[classes[0]]))
        else:
            alts = []
            for c in classes:
                alt = bnode()
                g.add((alt, sh["class"], cnkg[c]))
                alts.append(alt)
            g.add((ps, sh["or"], listing(alts)))

    def datatype(ps, attr):
        if attr.datatype == "enum":
            g.add((ps, sh["in"], listing([Literal(v) for v in attr.values])))
        elif attr.datatype == "date":
            alts = []
            for dt in ("date", "gYearMonth", "gYear"):
                alt = bnode()
                g.add((alt, sh.datatype, xsd[dt]))
                alts.append(alt)
            g.add((ps, sh["or"], listing(alts)))
        else:
            g.add((ps, sh.datatype, xsd[_XSD_OF[attr.datatype]]))

    targets = [c for c in sorted(schema.classes) if not schema.classes[c].abstract] + [RDF_STATEMENT]
    for cls in targets:
        is_stmt = cls == RDF_STATEMENT
        node = URIRef(NS + "shape-" + ("Statement" if is_stmt else cls))
        g.add((node, RDF.type, sh.NodeShape))
        g.add((node, sh.targetClass, RDF.Statement if is_stmt else cnkg[cls]))
        g.add((node, sh.closed, Literal(True)))
        ignored = [RDF.type, cnkg.id] + ([RDF.subject, RDF.predicate, RDF.object] if is_stmt else [RDFS.label, SKOS.altLabel])
        if not is_stmt:
            # a class shape also applies to instances of subclasses: let their own terms through
            ignored += [cnkg[n] for n in sorted(_own_terms(schema, cls, subclasses=True) - _own_terms(schema, cls))]
        g.add((node, sh.ignoredProperties, listing(ignored)))
        ps = prop_shape(node, cnkg.id, min_count=1, max_count=1)
        g.add((ps, sh.datatype, xsd.string))
        for name, attr in sorted(schema.attrs_for(cls).items()):
            required = attr.min and not (cls == "Source" and name == "locator")
            ps = prop_shape(node, cnkg[name], min_count=1 if required else 0, max_count=1)
            datatype(ps, attr)
        if cls != "Source":
            ps = prop_shape(node, cnkg.source, min_count=1, max_count=1)
            g.add((ps, sh["class"], cnkg.Source))
        if not is_stmt and schema.classes[cls].is_fact:
            for name, link in sorted(schema.roles_for(cls).items()):
                ps = prop_shape(node, cnkg[name], min_count=link.min, max_count=link.max)
                classes_or(ps, list(link.ranges))
        if is_stmt:
            ps = prop_shape(node, RDF.predicate, min_count=1, max_count=1)
            g.add((ps, sh["in"], listing([cnkg[link.name] for _, link in sorted(schema.relations.items())])))
            continue
        for _, link in sorted(schema.relations.items()):
            if any(schema.is_a(cls, d) for d in link.domains):
                ps = prop_shape(node, cnkg[link.name])
                classes_or(ps, list(link.ranges))
    return g


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


def check_shacl(kg, schema: Schema) -> None:
    """Validate the RDF projection of *kg* with the derived shapes.

    Raises :class:`ValidationError` naming the first failing node and rule.
    """
    import pyshacl
    from rdflib import Graph

    from ..graph.rdf import to_rdf
    from .schema import ontology_bytes

    data = to_rdf(kg, schema)
    ont = Graph().parse(data=ontology_bytes(), format="turtle")
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(schema), ont_graph=ont, inference="none", advanced=False, allow_warnings=False
    )
    if conforms:
        return
    from rdflib import Namespace

    sh = Namespace(SH)
    results = sorted(
        (str(report.value(r, sh.focusNode)), str(report.value(r, sh.resultPath)), str(report.value(r, sh.resultMessage)))
        for r in report.subjects(predicate=sh.focusNode)
    )
    focus, path, message = results[0]
    raise ValidationError(f"SHACL: {focus} {path}: {message} ({len(results)} violation(s) in all)")


if __name__ == "__main__":  # regenerate shapes.ttl: python -m china_ai_kg.ontology.shapes > ontology/shapes.ttl
    import sys

    from .schema import load_schema

    sys.stdout.write(shapes_turtle(load_schema()))
