"""Finding entities by id or by any of their names, in any script.

The index folds every id, name and alias with
:func:`~china_ai_kg.ontology.names.name_key`, so ``阿里巴巴``, ``阿裏巴巴``
and ``alibaba`` reach the same entity.  A folded name that two entities
claim is an error: the graph would not know which one a fact meant.
"""

from __future__ import annotations

from ..ontology.errors import UnknownEntityError, ValidationError
from ..ontology.names import name_key, name_keys, suggest

__all__ = ["Resolver"]


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

