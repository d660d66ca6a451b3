"""Finding entities by id or by any of their names, in any script.

The index folds every id, name and alias with
:func:`~china_ai_kg.base.names.name_key`, so ``阿里巴巴``, ``阿裏巴巴``
and ``alibaba`` reach the same entity.  The loaders fill a
:class:`Resolver` as they read entities, and refuse a folded name that two
entities claim (the graph would not know which one a fact meant); a built
graph gets its own :class:`GraphResolver` (:func:`resolver_for`), which also
knows each entity's class and every fact id, for query parameters.
"""

from __future__ import annotations

from ..base.errors import UnknownEntityError, ValidationError
from ..base.names import name_key, name_keys, suggest
from .derived import derived
from .model import NAME_KEYS

__all__ = ["Resolver", "GraphResolver", "resolver_for"]


class Resolver:
    """An alias index over entities."""

    def __init__(self):
        self.ids: set = set()
        self.keys: dict = {}  # folded name -> entity id

    def add(self, eid: str, names: list, where: dict | None = None) -> None:
        """Index *eid* under its own id and *names*; refuse names of another entity."""
        self.ids.add(eid)
        for name, key in zip([eid, *names], name_keys([eid, *names])):
            owner = self.keys.setdefault(key, eid)
            if owner != eid:
                raise ValidationError(f"alias '{name}' is claimed by both {owner} and {eid}", **(where or {}))

    def get(self, name: str) -> str | None:
        if name in self.ids:
            return name
        return self.keys.get(name_key(name))

    def resolve(self, name: str, what: str = "entity") -> str:
        """Return the id of the entity called *name*, or raise with a suggestion."""
        eid = self.get(name) if isinstance(name, str) else None
        if eid is None:
            raise UnknownEntityError(f"unknown {what} '{name}'{suggest(str(name), sorted(self.ids))}")
        return eid


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
            if d["kind"] == "fact":
                r.facts.add(nid)
                continue
            r.ids.add(nid)
            r.types[nid] = d["type"]
            names = [nid, *(d[k] for k in NAME_KEYS.values() if d.get(k)), *d.get("aliases", ())]
            owners.extend([nid] * len(names))
            texts.extend(names)
        for owner, key in zip(owners, name_keys(texts)):
            r.keys.setdefault(key, owner)
        for _, _, d in kg.g.edges(data=True):
            if d["kind"] == "relation":
                r.facts.add(d["id"])
        return r


def resolver_for(kg) -> GraphResolver:
    """The (memoised, disk-cached) :class:`GraphResolver` of *kg*."""
    return derived(kg, "resolver", lambda: GraphResolver.from_graph(kg), kind=GraphResolver)
