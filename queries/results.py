"""One result shape for every engine, and the one function that normalises cells.

Engines return different Python objects for the same answer (rdflib terms,
pyoxigraph terms, Neo4j driver values).  :func:`normalize_value` turns each
into plain JSON-able data so that all engines give identical rows:

* an IRI of a graph node -> the node id; an IRI of an ontology term -> the
  term's property-graph name (``Company``, ``DEVELOPS``, ``EVALUATOR``);
  any other IRI -> the IRI text;
* a number -> ``int`` when integral, else ``float`` rounded to 9 decimals;
* a boolean -> ``bool``; a date (xsd:date, gYear, gYearMonth, dateTime,
  Neo4j temporal) -> its ISO text; any other literal -> its text;
* unbound / null -> ``None``.

A ``list`` column (``columns: models:list``) becomes a sorted list of
distinct strings: SPARQL delivers it as a ``|``-separated
``GROUP_CONCAT``, Cypher as a list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from ..base.datatypes import XSD
from ..base.names import upper_snake
from ..graph.rdf import node_id
from ..ontology.schema import NS
from .header import LIST_SEPARATOR

__all__ = ["Result", "normalize_value", "normalize_rows", "nodes_of", "iri_value", "cell_text"]

_NUMERIC = {
    XSD + t
    for t in (
        "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
        "nonPositiveInteger", "negativeInteger", "positiveInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
}
_BOOLEAN = XSD + "boolean"


@dataclass
class Result:
    """The answer of one query on one engine."""

    query: str | None  # pack query name; None for an ad-hoc query
    engine: str
    columns: list
    rows: list

    def to_json(self) -> dict:
        return {"query": self.query, "engine": self.engine, "columns": list(self.columns), "rows": self.rows}


def iri_value(iri: str) -> str:
    """A node IRI -> its id; an ontology IRI -> its graph name; else the IRI."""
    nid = node_id(iri)
    if nid is not None:
        return nid
    if iri.startswith(NS):
        local = iri[len(NS):]
        return upper_snake(local) if local[:1].islower() else local
    return iri


def _number(value):
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        if value == value.to_integral_value():
            return int(value)
        return round(float(value), 9)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return int(value)
        return round(value, 9)
    return value


def _lexical_number(text: str):
    try:
        return _number(Decimal(text.strip()))
    except ArithmeticError:
        lowered = text.strip().upper()
        if lowered in ("INF", "+INF", "-INF", "NAN"):
            return lowered
        return text


def _literal(text: str, datatype: str | None):
    if datatype in _NUMERIC:
        return _lexical_number(text)
    if datatype == _BOOLEAN:
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
    return text


def normalize_value(value):
    """Normalise one cell from any engine (see the module docs)."""
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind in (int, float, Decimal):
        return _number(value)
    if kind in (list, tuple):
        return [normalize_value(v) for v in value]
    if kind is dict:
        return {str(k): normalize_value(value[k]) for k in sorted(value)}
    module = kind.__module__ or ""  # engine terms first: rdflib's subclass str
    if module.startswith("rdflib"):
        from rdflib import BNode, Literal, URIRef  # lazy: costs nothing here, rdflib made the value

        if isinstance(value, URIRef):
            return iri_value(str(value))
        if isinstance(value, Literal):
            return _literal(str(value), str(value.datatype) if value.datatype else None)
        if isinstance(value, BNode):
            return f"_:{value}"
    if module.startswith("pyoxigraph"):
        name = type(value).__name__
        if name == "NamedNode":
            return iri_value(value.value)
        if name == "Literal":
            return _literal(value.value, value.datatype.value if value.datatype is not None else None)
        if name == "BlankNode":
            return f"_:{value.value}"
    if module.startswith("neo4j"):
        if hasattr(value, "iso_format"):
            return value.iso_format()
        if hasattr(value, "element_id") and hasattr(value, "get"):
            ident = value.get("id")
            return ident if ident is not None else getattr(value, "type", None)
        if hasattr(value, "nodes") and hasattr(value, "relationships"):
            return [normalize_value(n) for n in value.nodes]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, (float, Decimal)):
        return _number(value)
    return str(value)


def _list_cell(value) -> list:
    value = normalize_value(value)
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(LIST_SEPARATOR) if value else []
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    out = set()
    for item in items:
        if item is None or item == "":
            continue
        if isinstance(item, bool):
            item = "true" if item else "false"
        out.add(item if isinstance(item, str) else str(item))
    return sorted(out)


def normalize_rows(rows, columns, list_columns=frozenset()) -> list:
    """Normalise every cell; list columns become sorted lists of distinct strings."""
    listed = [c in list_columns for c in columns]
    out = []
    for row in rows:
        out.append([_list_cell(v) if lst else normalize_value(v) for v, lst in zip(row, listed)])
    return out


def nodes_of(result: Result, kg) -> set:
    """The ids of the graph nodes an answer mentions (in any cell or list item), for rendering it."""
    found = set()
    for row in result.rows:
        for cell in row:
            for item in cell if isinstance(cell, list) else (cell,):
                if isinstance(item, str) and item and item in kg:
                    found.add(item)
    return found


def cell_text(value) -> str:
    """A result cell as text: lists joined by commas, None empty, booleans lower-case."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(cell_text(v) for v in value)
    return str(value)
