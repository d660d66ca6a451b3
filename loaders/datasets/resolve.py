"""Resolving the names a dataset uses to the graph's entities: exactly (any script, width or case) within a
kind of entity, and organisations also by their name without "AI", "Inc.", "Lab" and the like."""

from __future__ import annotations

from ...graph.aliases import resolver_for
from ...graph.dupes import org_key

__all__ = ["GraphNames"]


class GraphNames:
    """What the import resolves against: the graph's entities by name, by class."""

    def __init__(self, kg, schema):
        self.kg, self.schema = kg, schema
        self.resolver = resolver_for(kg)
        self.orgs: dict = {}  # org_key -> set of ids
        for nid, d in kg.g.nodes(data=True):
            if d["kind"] == "entity" and schema.is_a(d["type"], "Organization"):
                for name in (nid, *(d.get(k) for k in ("name_en", "name_zh_hans", "name_zh_hant")), *d.get("aliases", ())):
                    if name:
                        self.orgs.setdefault(org_key(name), set()).add(nid)

    def entity(self, name: str, root: str) -> str | None:
        eid = self.resolver.get(name)
        if eid and eid in self.kg.g and self.schema.is_a(self.kg.g.nodes[eid]["type"], root):
            return eid
        return None

    def organisation(self, name: str) -> str | None:
        exact = self.entity(name, "Organization")
        if exact:
            return exact
        ids = self.orgs.get(org_key(name), set())
        return next(iter(ids)) if len(ids) == 1 else None
