"""The graph as of a date, as known at a date, and with or without the claims that do not answer.

Every command reads the graph through a :class:`View`:

* ``as_of`` (valid time): the claims that hold on that date, and the entities that exist by then (a
  model released later is not there yet; a fact about it neither);
* ``known_at`` (record time): the claims reported by then, with the entities and sources they need, and
  the entities whose own source was out by then; a claim whose report date is unknown is left out;
* ``candidates``: also the statements article ingest proposed and no reviewer has accepted yet
  (``status: candidate``), which are otherwise left out, with the entities only they name;
* ``all_claims``: also the claims that do not answer by default (superseded, deprecated, outranked,
  less trusted; see :mod:`china_ai_kg.graph.claims`), which are otherwise left out.  Conflicts are
  decided after the time filters, so a correction reported later does not hide a claim from an
  earlier ``known_at``.

The default view (no dates, no ``all_claims``) of a graph without such claims is the graph itself.
A view is a new :class:`~china_ai_kg.graph.model.KnowledgeGraph` whose ``digest`` extends the graph's,
so the objects derived from it (RDF stores) are cached apart, and whose ``view`` names the view.
"""

from __future__ import annotations

from dataclasses import dataclass

from .claims import claims
from .derived import derived, graph_digest
from .model import KnowledgeGraph
from .time_axes import Axes, holds_at

__all__ = ["View", "DEFAULT", "view_of", "view_key", "has_candidates"]


@dataclass(frozen=True)
class View:
    """Which part of the graph a command sees; dates are checked strings (``2024``, ``2024-06-30``)."""

    as_of: str | None = None
    known_at: str | None = None
    all_claims: bool = False
    candidates: bool = False

    @property
    def key(self) -> str:
        """A short, stable name of the view, for caches and for the Neo4j copy's record of what it holds."""
        key = f"as-of={self.as_of or ''};known-at={self.known_at or ''};all-claims={str(self.all_claims).lower()}"
        return key + (";candidates=true" if self.candidates else "")

    def describe(self) -> str:
        """The view in words, as the command-line options that ask for it."""
        parts = [f"--as-of {self.as_of}" if self.as_of else "", f"--known-at {self.known_at}" if self.known_at else "",
                 "--all-claims" if self.all_claims else "", "--include-candidates" if self.candidates else ""]
        return " ".join(p for p in parts if p) or "the default view (no --as-of, --known-at or --all-claims)"

    @classmethod
    def from_key(cls, key: str) -> View:
        """The view named by :attr:`key` (as a Neo4j database records it)."""
        fields = dict(part.split("=", 1) for part in key.split(";") if "=" in part)
        return cls(fields.get("as-of") or None, fields.get("known-at") or None, fields.get("all-claims") == "true",
                   fields.get("candidates") == "true")


DEFAULT = View()


def view_key(kg) -> str:
    """The key of the view *kg* is (the default view for a graph straight from the loader)."""
    return getattr(kg, "view", DEFAULT).key


def has_candidates(kg) -> bool:
    """Whether *kg* holds any statement of ``status: candidate`` (memoised per graph)."""
    def build():
        return any(d.get("status") == "candidate" for _, d in kg.g.nodes(data=True)) or \
            any(d.get("status") == "candidate" for _, _, d in kg.g.edges(data=True))

    return derived(kg, "has-candidates", build, kind=bool)


def _keep(kg, schema, spec: View) -> tuple:
    """``(nodes, relationship ids)`` of *kg* that *spec* keeps, before the claims are decided."""
    axes = Axes(schema, kg)
    g = kg.g
    exists = set()
    def reviewed(attrs):
        return spec.candidates or attrs.get("status") != "candidate"

    for n, d in g.nodes(data=True):
        if d["kind"] == "entity" and reviewed(d) and (spec.as_of is None or holds_at(axes.valid(d), spec.as_of)):
            exists.add(n)

    def known(attrs, own=None):
        if spec.known_at is None:
            return True
        rec = axes.recorded(attrs, own)
        return rec is not None and rec[:len(spec.known_at)] <= spec.known_at[:len(rec)]

    def holds(attrs):
        return reviewed(attrs) and (spec.as_of is None or holds_at(axes.valid(attrs), spec.as_of))

    facts = set()
    for n, d in g.nodes(data=True):
        if d["kind"] == "fact" and holds(d) and known(d) and all(v in exists for v in g.successors(n)):
            facts.add(n)
    used = set(facts)
    relations, cited = set(), set()
    for u, v, d in g.edges(data=True):
        if d["kind"] == "relation":
            if u in exists and v in exists and holds(d) and known(d):
                relations.add(d["id"])
                used.update((u, v))
                cited.add(d.get("source"))
        elif u in facts:
            used.add(v)
    entities = {n for n in exists if n in used or known(g.nodes[n], n)}
    cited |= {g.nodes[n].get("source") for n in entities | facts}
    return entities | facts | (cited & exists), relations


def _subgraph(kg, schema, nodes: set, relations: set) -> KnowledgeGraph:
    """The graph of *nodes* and the relationships *relations* among them.

    A link to a claim left out (the ``supersedes`` of a correction whose original is hidden) is dropped from
    the copy, so that the view is a graph of its own: it loads, validates and exports without dangling ids.
    """
    import networkx as nx  # lazy: networkx costs ~200 ms, which `cnkg --help` must not pay

    refs = frozenset(schema.references)

    def trimmed(d: dict) -> dict:
        if refs.isdisjoint(d):
            return d
        return {k: v for k, v in d.items() if k not in refs or v in nodes or v in relations}

    g = nx.MultiDiGraph()
    g.add_nodes_from((n, trimmed(d)) for n, d in kg.g.nodes(data=True) if n in nodes)
    g.add_edges_from((u, v, k, trimmed(d)) for u, v, k, d in kg.g.edges(keys=True, data=True)
                     if u in nodes and v in nodes and (d["kind"] != "relation" or d["id"] in relations))
    return KnowledgeGraph(g)


def view_of(kg, schema, spec: View = DEFAULT) -> KnowledgeGraph:
    """The part of *kg* that *spec* shows (see the module docs); cached per graph and view."""
    filtering = View(spec.as_of, spec.known_at, True, spec.candidates)
    if spec.as_of is None and spec.known_at is None and (spec.candidates or not has_candidates(kg)):
        base = kg
    else:
        def build():
            nodes, relations = _keep(kg, schema, filtering)
            return _subgraph(kg, schema, nodes, relations)

        base = derived(kg, "view-" + filtering.key, build, kind=KnowledgeGraph)
        base.digest = f"{graph_digest(kg)}-{filtering.key}"
    if spec.all_claims:
        out = base
    else:
        hidden = derived(base, "claims-hidden", lambda: claims(base, schema).hidden, kind=frozenset)
        if not hidden:
            out = base
        else:
            def build():
                keep_nodes = {n for n in base.g if n not in hidden}
                keep_relations = {d["id"] for _, _, d in base.relations() if d["id"] not in hidden}
                return _subgraph(base, schema, keep_nodes, keep_relations)

            out = derived(base, "view-answering", build, kind=KnowledgeGraph)
            out.digest = f"{graph_digest(base)}-answering"
    if out is kg and spec == DEFAULT:
        return kg
    if out is kg:  # the view holds the whole graph: still say which view it is
        out = KnowledgeGraph(kg.g)
        out.digest = graph_digest(kg)
    out.view = spec
    out.inputs = kg.inputs
    out.whole = kg  # the graph the view is of: to tell "not in this view" from "not in the graph"
    return out
