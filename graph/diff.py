"""What changed between two graphs: entities, facts and relationships added, removed and changed, per source.

Items are matched by id (facts and relationships given without one have ids made from what they state,
so editing a locator changes an item rather than replacing it).  A change lists each property whose
value differs, and for a fact each role whose participants differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import KnowledgeGraph, stored

__all__ = ["Change", "diff_graphs", "summary", "merged", "neighbourhood_of_changes"]

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass
class Change:
    """One item that differs: how, what kind of item, its id, type and source, and what differs."""

    change: str  # added, removed or changed
    kind: str  # entity, fact or relationship
    id: str
    type: str
    source: str | None
    fields: list = field(default_factory=list)  # (name, old, new) of every property or role that differs

    def details(self) -> str:
        """The differences in words: ``value: 10 → 12; locator: p3 → p4``."""
        def text(v):
            return "—" if v is None else "|".join(v) if isinstance(v, tuple) else str(v)

        return "; ".join(f"{name}: {text(old)} → {text(new)}" for name, old, new in self.fields)

    def to_json(self) -> dict:
        return {"change": self.change, "kind": self.kind, "id": self.id, "type": self.type, "source": self.source,
                "fields": [{"name": n, "old": _plain(o), "new": _plain(w)} for n, o, w in self.fields]}


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _items(kg: KnowledgeGraph) -> dict:
    """id -> (kind, comparable attributes) of every entity, fact and relationship."""
    out = {}
    for nid, d in kg.g.nodes(data=True):
        attrs = dict(stored(d))
        if d["kind"] == "fact":
            roles: dict = {}
            for role, target in kg.roles(nid):
                roles.setdefault(role, []).append(target)
            attrs.update({f"role {r}": tuple(sorted(t)) for r, t in roles.items()})
        out[nid] = ("entity" if d["kind"] == "entity" else "fact", attrs)
    for u, v, d in kg.relations():
        out[d["id"]] = ("relationship", {**{k: w for k, w in stored(d).items() if k != "id"}, "from": u, "to": v})
    return out


def diff_graphs(old: KnowledgeGraph, new: KnowledgeGraph) -> list:
    """Every :class:`Change` from *old* to *new*, sorted by source, change, kind and id."""
    a, b = _items(old), _items(new)
    changes = []
    for cid in sorted(set(a) | set(b)):
        if cid not in a:
            kind, attrs = b[cid]
            changes.append(Change(ADDED, kind, cid, attrs["type"], attrs.get("source")))
        elif cid not in b:
            kind, attrs = a[cid]
            changes.append(Change(REMOVED, kind, cid, attrs["type"], attrs.get("source")))
        else:
            (kind, before), (_, after) = a[cid], b[cid]
            fields = [(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after))
                      if before.get(k) != after.get(k)]
            if fields:
                changes.append(Change(CHANGED, kind, cid, after["type"], after.get("source") or before.get("source"),
                                      fields))
    order = {ADDED: 0, CHANGED: 1, REMOVED: 2}
    return sorted(changes, key=lambda c: (c.source or "", order[c.change], c.kind, c.id))


def summary(changes: list) -> dict:
    """Counts of added, changed and removed items, per kind: ``{"added": {"entity": 2, ...}, ...}``."""
    out: dict = {ADDED: {}, CHANGED: {}, REMOVED: {}}
    for c in changes:
        out[c.change][c.kind] = out[c.change].get(c.kind, 0) + 1
    return {k: dict(sorted(v.items())) for k, v in out.items()}


def merged(old: KnowledgeGraph, new: KnowledgeGraph, changes: list) -> tuple:
    """*new* plus what *old* had and *new* lost, to draw both; and ``{id: change}`` of the items that differ."""
    import networkx as nx  # lazy: networkx costs ~200 ms, which `cnkg --help` must not pay

    g = nx.MultiDiGraph(new.g)
    gone = {c.id for c in changes if c.change == REMOVED}
    for nid, d in old.g.nodes(data=True):
        if nid in gone:
            g.add_node(nid, **d)
    for u, v, k, d in old.g.edges(keys=True, data=True):
        if (d["kind"] == "relation" and d["id"] in gone) or (d["kind"] == "role" and u in gone):
            for end in (u, v):
                if end not in g:
                    g.add_node(end, **old.g.nodes[end])
            g.add_edge(u, v, key=k, **d)
    return KnowledgeGraph(g), {c.id: c.change for c in changes}


def neighbourhood_of_changes(kg: KnowledgeGraph, marks: dict) -> set:
    """The nodes to draw for a diff: the changed nodes, the ends of changed relationships, the participants
    of changed facts, and the entities and facts next to a changed entity (sources left out)."""
    g = kg.g
    nodes = {n for n in marks if n in g}
    nodes |= {x for u, v, d in kg.relations() if d["id"] in marks for x in (u, v)}
    for n in list(nodes):
        nodes |= set(g.successors(n)) | set(g.predecessors(n))
    return {n for n in nodes if g.nodes[n]["type"] != "Source" or n in marks}
