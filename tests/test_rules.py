"""The ontology's value rules hold everywhere: in the loaders (file:line) and in the SHACL shapes
(for RDF that never went through the loaders), with dates compared at their own precision."""

from __future__ import annotations

from string import Template

import pytest
from rdflib import Literal, URIRef

from china_ai_kg.base.errors import KGError
from china_ai_kg.graph.rdf import to_rdf
from china_ai_kg.loaders import load
from china_ai_kg.loaders.shacl import shacl_violations

FACTS = """\
sources:
  - {id: src-x, name: {en: Test source}, published: 2025-02-01}
entities:
  - {id: acme, type: Company, name: {en: Acme}, source: src-x, locator: ¶1}
  - {id: bolt, type: Company, name: {en: Bolt}, source: src-x, locator: ¶1}
facts:
  - id: fig
    type: FinancialFigure
    subject: acme
    metric: capex
    unit: money
    low: $low
    high: $high
    confidence: $confidence
    validFrom: "$valid_from"
    validTo: "$valid_to"
    source: src-x
    locator: ¶2
  - id: rel
    type: PARTNERS_WITH
    from: acme
    to: bolt
    validFrom: "$rel_from"
    validTo: "2025"
    source: src-x
    locator: ¶3
"""
GOOD = {"low": 1, "high": 2, "confidence": 0.5, "valid_from": "2024-06", "valid_to": "2024", "rel_from": "2025-03"}

XSD = "http://www.w3.org/2001/XMLSchema#"
NS = "https://w3id.org/cnkg/ontology#"
ID = "https://w3id.org/cnkg/id/"


def _load(write, **changes):
    path = write("rules.yaml", Template(FACTS).substitute({**GOOD, **changes}))
    return load([path], bundled=False, cache=False), path


def test_values_within_the_rules_load(write):
    kg, _ = _load(write)
    assert kg.node("fig")["low"] == 1 and kg.node("fig")["validFrom"] == "2024-06"


@pytest.mark.parametrize("changes, message", [
    ({"low": 3}, "{f}:12: 'low' is greater than 'high'"),
    ({"confidence": 1.5}, "{f}:14: 'confidence' must be between 0 and 1"),
    ({"confidence": -0.1}, "{f}:14: 'confidence' must be between 0 and 1"),
    ({"valid_from": "2025", "valid_to": "2024-12"}, "{f}:15: 'validFrom' is after 'validTo'"),
    ({"valid_from": "2024-07", "valid_to": "2024-06-30"}, "{f}:15: 'validFrom' is after 'validTo'"),
    ({"rel_from": "2026-01"}, "{f}:23: 'validFrom' is after 'validTo'"),
])
def test_the_loader_refuses_what_breaks_a_rule(write, changes, message):
    with pytest.raises(KGError) as err:
        _load(write, **changes)
    assert str(err.value) == message.format(f=write("rules.yaml", "").as_posix())


@pytest.fixture
def good_rdf(write, schema):
    kg, _ = _load(write)
    return to_rdf(kg, schema)


def test_shapes_accept_the_good_graph(good_rdf, schema):
    assert shacl_violations(good_rdf, schema) == []


def _set(g, node, prop, value, datatype):
    g.set((URIRef(ID + node), URIRef(NS + prop), Literal(value, datatype=URIRef(XSD + datatype))))


@pytest.mark.parametrize("node, prop, value, datatype, message", [
    ("fig", "low", "3", "decimal", "'low' is greater than 'high'"),
    ("fig", "confidence", "1.5", "decimal", "'confidence' must be between 0 and 1"),
    ("fig", "validFrom", "2025", "gYear", "'validFrom' is after 'validTo'"),
    ("rel", "validFrom", "2026-01", "gYearMonth", "'validFrom' is after 'validTo'"),
])
def test_shapes_refuse_rdf_that_breaks_a_rule(good_rdf, schema, node, prop, value, datatype, message):
    _set(good_rdf, node, prop, value, datatype)
    assert shacl_violations(good_rdf, schema) == [(ID + node, NS + prop, message)]


def test_shapes_compare_dates_at_their_precision(good_rdf, schema):
    _set(good_rdf, "fig", "validFrom", "2024-12-31", "date")
    _set(good_rdf, "fig", "validTo", "2024", "gYear")
    assert shacl_violations(good_rdf, schema) == []


def test_rules_come_from_the_ontology(schema):
    assert schema.order_rules(schema.attrs) == [("low", "high"), ("published", "retrieved"), ("validFrom", "validTo")]
    assert (schema.attrs["confidence"].minimum, schema.attrs["confidence"].maximum) == (0, 1)
    assert [(n, a.minimum, a.maximum) for n, a in sorted(schema.attrs.items())
            if a.minimum is not None or a.maximum is not None] == [("activeParameters", 0, None), ("amount", 0, None), ("confidence", 0, 1), ("parameters", 0, None), ("rank", 1, None), ("trainingCompute", 0, None), ("trust", 1, None), ("valuation", 0, None)]
    assert [(r.when, r.values, r.bounds, r.minimum) for r in schema.minimum_rules] == [
        ("metric", ("capex", "user_base", "model_gap"), ("high", "low", "value"), 0),
        ("metric", ("market_rank",), ("high", "low", "value"), 1),
    ]
