"""The property graph: one networkx MultiDiGraph with a thin, typed API.

Layout (mirrored exactly by the RDF projection and by Neo4j):

* an **entity** is a node keyed by its id, with ``kind="entity"``, ``type``
  (its ontology class), ``name_en``, ``name_zh_hans``, ``name_zh_hant``,
  ``aliases`` (a sorted tuple) and its ontology properties;
* an **n-ary fact** is a small hub node with ``kind="fact"``, ``type``, its
  properties and its provenance, joined to each participant by a **role
  edge** ``fact -> participant`` keyed and typed by the role (``EVALUATOR``);
* a **binary relationship** is an edge ``u -> v`` keyed by its fact id, with
  ``kind="relation"``, ``type`` (``DEVELOPS``) and its provenance.

``kind`` follows from ``type`` through the ontology; the graph stores it so
that traversals need no schema, and sets it only here, in the three
``add_*`` methods.  The keys that are structure rather than ontology
properties are :data:`STRUCTURE` (nodes) and :data:`EDGE_STRUCTURE`
(edges); :func:`properties` is the one way to get a node's or an edge's
ontology properties.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..base.langs import canonical_lang

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "KnowledgeGraph",
    "NAME_KEYS",
    "STRUCTURE",
    "EDGE_STRUCTURE",
    "LARGE_GRAPH",
    "display_name",
    "properties",
    "stored",
]

NAME_KEYS = {"en": "name_en", "zh-Hans": "name_zh_hans", "zh-Hant": "name_zh_hant"}
STRUCTURE = frozenset({"kind", "type", "aliases", "merged_from", *NAME_KEYS.values()})
"""Node keys that are not ontology properties (the node id is the node's key, not an attribute)."""
EDGE_STRUCTURE = frozenset({"kind", "type", "id"})
"""Edge keys that are not ontology properties."""

LARGE_GRAPH = 20_000
"""Nodes plus edges from which a graph counts as large: queries move to oxigraph (bench/bench_query.py
measured it 5-30x faster at 100k facts), its store to disk, and long jobs show progress."""


def display_name(attrs: dict, lang: str = "en") -> str:
    """The name to show for a node: its name in *lang* (any tag), else English, else its id.

    >>> display_name({"name_en": "Alibaba", "name_zh_hans": "阿里巴巴"}, "zh")
    '阿里巴巴'
    """
    key = NAME_KEYS.get(canonical_lang(lang) or "en")
    return attrs.get(key) or attrs.get("name_en") or attrs.get("id", "")


def properties(attrs: dict, edge: bool = False) -> dict:
    """The ontology properties (provenance included) of a node's or an edge's attributes, sorted.

    >>> properties({"kind": "entity", "type": "Company", "name_en": "Acme", "aliases": (), "founded": "1999"})
    {'founded': '1999'}
    """
    skip = EDGE_STRUCTURE if edge else STRUCTURE
    return {k: v for k, v in sorted(attrs.items()) if k not in skip}


def stored(attrs: dict) -> dict:
    """Everything a node or an edge holds but the derivable ``kind``, sorted: what a store needs to keep."""
    return {k: v for k, v in sorted(attrs.items()) if k != "kind"}


class KnowledgeGraph:
    """A validated graph of entities, n-ary facts and relationships.

    Build one with :func:`china_ai_kg.loaders.load`; it is not meant to be
    filled by hand, since the loaders are what enforce the ontology.
    """

    inputs: tuple = ()
    """The files the graph was loaded from (set by the loader); commands refuse to write over them."""

    def __init__(self, g: nx.MultiDiGraph | None = None):
        if g is None:
            import networkx as nx  # lazy: networkx costs ~200 ms, which `cnkg --help` must not pay

            g = nx.MultiDiGraph()
        self.g = g
        self.by_file: dict = {}  # file label -> {"nodes", "edges", "global"}: what each file put in (loaders)

    # -- building (used by the loaders) ----------------------------------
    def add_entity(self, eid: str, attrs: dict) -> None:
        self.g.add_node(eid, kind="entity", **attrs)

    def add_fact(self, fid: str, attrs: dict, roles: list) -> None:
        self.g.add_node(fid, kind="fact", **attrs)
        for role, target in roles:
            self.g.add_edge(fid, target, key=role, kind="role", type=role)

    def add_relation(self, rid: str, u: str, v: str, rel: str, attrs: dict) -> None:
        self.g.add_edge(u, v, key=rid, kind="relation", type=rel, id=rid, **attrs)

    # -- reading ------------------------------------------------------------
    def __contains__(self, node) -> bool:
        return node in self.g

    def node(self, nid: str) -> dict:
        return self.g.nodes[nid]

    def entities(self):
        """Entity ids with their attributes, sorted by id."""
        return sorted((n, d) for n, d in self.g.nodes(data=True) if d["kind"] == "entity")

    def facts(self):
        """N-ary fact ids with their attributes, sorted by id."""
        return sorted((n, d) for n, d in self.g.nodes(data=True) if d["kind"] == "fact")

    def relations(self):
        """Binary relationships as ``(u, v, attrs)``, sorted by fact id."""
        rels = [(u, v, d) for u, v, d in self.g.edges(data=True) if d["kind"] == "relation"]
        return sorted(rels, key=lambda t: t[2]["id"])

    def roles(self, fid: str):
        """``(role, participant)`` pairs of an n-ary fact, sorted."""
        return sorted((d["type"], v) for _, v, d in self.g.out_edges(fid, data=True) if d["kind"] == "role")

    def size(self) -> int:
        """Nodes plus edges: the measure that :data:`LARGE_GRAPH` is compared with."""
        return self.g.number_of_nodes() + self.g.number_of_edges()

    @property
    def large(self) -> bool:
        return self.size() > LARGE_GRAPH

    def counts(self) -> dict:
        """Numbers of entities, facts, relationships and role edges, and per type."""
        by_type: dict = {}
        n_entities = n_facts = n_rel = n_role = 0
        for _, d in self.g.nodes(data=True):
            by_type[d["type"]] = by_type.get(d["type"], 0) + 1
            if d["kind"] == "entity":
                n_entities += 1
            else:
                n_facts += 1
        for _, _, d in self.g.edges(data=True):
            if d["kind"] == "relation":
                n_rel += 1
                by_type[d["type"]] = by_type.get(d["type"], 0) + 1
            else:
                n_role += 1
        return {
            "entities": n_entities,
            "facts": n_facts,
            "relationships": n_rel,
            "role_edges": n_role,
            "by_type": dict(sorted(by_type.items())),
        }

    def canonical(self) -> tuple:
        """A hashable, order-free form of the whole graph, for exact comparisons."""
        nodes = tuple(sorted((n, _freeze(d)) for n, d in self.g.nodes(data=True)))
        edges = tuple(sorted((u, v, k, _freeze(d)) for u, v, k, d in self.g.edges(keys=True, data=True)))
        return nodes, edges

    def __eq__(self, other) -> bool:
        return isinstance(other, KnowledgeGraph) and self.canonical() == other.canonical()

    __hash__ = None


def _freeze(d: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in d.items()))
