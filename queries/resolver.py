"""An alias resolver for a built graph, for entity parameters.

The built graph does not keep the loader's resolver, so this one is rebuilt
from the nodes' ids, names and aliases with one bulk name-folding call,
and cached with the graph's other derived data (:mod:`.store`).
"""

from __future__ import annotations

from ..loaders.resolve import Resolver
from ..ontology.names import name_keys

__all__ = ["GraphResolver", "resolver_for"]


class GraphResolver(Resolver):
    """An alias resolver over a built graph that also knows entity classes and fact ids."""

    def __init__(self):
        super().__init__()
        self.types: dict = {}  # entity id -> class
        self.facts: set = set()  # n-ary fact ids and relationship ids

    @classmethod
    def from_graph(cls, kg) -> GraphResolver:
        r = cls()
        owners, texts = [], []
        for nid, d in kg.g.nodes(data=True):
            if d.get("kind") == "fact":
                r.facts.add(nid)
                continue
            r.ids.add(nid)
            r.types[nid] = d.get("type")
            names = [nid, *(d[k] for k in ("name_en", "name_zh_hans", "name_zh_hant") if d.get(k)), *d.get("aliases", ())]
            owners.extend([nid] * len(names))
            texts.extend(names)
        for owner, key in zip(owners, name_keys(texts)):
            r.keys.setdefault(key, owner)
        for _, _, d in kg.g.edges(data=True):
            if d.get("kind") == "relation":
                r.facts.add(d["id"])
        return r


def resolver_for(kg) -> GraphResolver:
    """The (memoised, disk-cached) :class:`GraphResolver` of *kg*."""
    from .store import derived

    return derived(kg, "resolver", lambda: GraphResolver.from_graph(kg))
