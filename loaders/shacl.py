"""Checking a loaded graph's RDF form with the SHACL shapes derived from the ontology.

``cnkg validate`` runs this after the loaders' own checks: the shapes are
the ontology's rules as any SHACL engine reads them, so a rule the loaders
and the shapes disagree on shows up here.
"""

from __future__ import annotations

from ..base.errors import ValidationError
from ..graph.rdf import to_rdf
from ..ontology.schema import Schema, ontology_bytes
from ..ontology.shapes import SH, shapes_graph

__all__ = ["check_shacl", "shacl_violations"]


def shacl_violations(data, schema: Schema) -> list:
    """``(focus, path, message)`` of every violation of an rdflib graph *data*, sorted."""
    import pyshacl  # lazy: pyshacl and rdflib cost ~1 s; only validation needs them
    from rdflib import Graph, Namespace

    ont = Graph().parse(data=ontology_bytes(), format="turtle")
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(schema), ont_graph=ont, inference="none", advanced=False, allow_warnings=False
    )
    if conforms:
        return []
    sh = Namespace(SH)
    return sorted(
        (str(report.value(r, sh.focusNode)), str(report.value(r, sh.resultPath)), str(report.value(r, sh.resultMessage)))
        for r in report.subjects(predicate=sh.focusNode)
    )


def check_shacl(kg, schema: Schema) -> None:
    """Validate the RDF projection of *kg*; raise :class:`ValidationError` naming the first failing node and rule."""
    results = shacl_violations(to_rdf(kg, schema), schema)
    if results:
        focus, path, message = results[0]
        raise ValidationError(f"SHACL: {focus} {path}: {message} ({len(results)} violation(s) in all)")
