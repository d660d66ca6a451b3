"""What the graph looks like in Neo4j: labels, relationship types and property keys.

The Neo4j form mirrors the property graph exactly.  Every node carries the
label :data:`MARK` (the mark of what this tool wrote, and the target of the
uniqueness constraint on ``id``) plus its class and the class's ancestors
(``:Company:Organization:Entity``); relationships are typed by their
property-graph name (``DEVELOPS``, role edges ``EVALUATOR``) and carry
``cnkg: true`` (:data:`EDGE_MARK`); every entity and fact also has a ``SOURCE`` relationship to its Source
node.  The push writes this form
(:mod:`china_ai_kg.outputs.neo4j.push`), and the query pack's Cypher twins
are checked against it (:mod:`china_ai_kg.queries.vocabulary`).
"""

from __future__ import annotations

from .model import NAME_KEYS

__all__ = ["MARK", "EDGE_MARK", "VIEW_LABEL", "node_labels", "labels", "relationship_types", "property_keys"]

MARK = "CnkgNode"
EDGE_MARK = "cnkg"
VIEW_LABEL = "CnkgView"
"""The label of the one node that records which view of the graph the database holds (``key``: a
:attr:`~china_ai_kg.graph.views.View.key`); without it, the database holds the default view."""


def node_labels(schema, cls: str) -> tuple:
    """The labels of a node of class *cls*, most specific first (the mark is added by the writer)."""
    return schema.classes[cls].lineage


def labels(schema) -> frozenset:
    """Every node label the Neo4j form uses."""
    return frozenset({MARK, *schema.classes})


def relationship_types(schema) -> frozenset:
    """Every relationship type: binary relationships, n-ary roles, and ``SOURCE`` (to a node's Source).

    A link between claims (``supersedes``) stays a property holding the other claim's id, since a
    relationship cannot point at a relationship."""
    return frozenset(link.graph_name for link in schema.links.values() if link.kind != "reference")


def property_keys(schema) -> frozenset:
    """Every node or relationship property key: structure, names, provenance and the ontology's properties."""
    return frozenset({"id", "type", "aliases", "merged_from", "source", EDGE_MARK, *NAME_KEYS.values(), *schema.attrs,
                      *schema.references})
