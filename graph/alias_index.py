"""A graph's alias resolver on disk, in SQLite: looked up in a millisecond however large the graph.

:class:`~.aliases.GraphResolver` is a dict of every folded name; reading it back costs time in proportion to
the graph (about 45 ms per 100k facts).  A query that binds one entity parameter needs one lookup, so a
graph answered from its store alone (:mod:`china_ai_kg.queries.stored`) gets an :class:`IndexedResolver`
over the same tables instead: the same answers, from an index written once by :func:`write_index`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from ..base.errors import UnknownEntityError
from ..base.names import name_key, suggest

__all__ = ["write_index", "IndexedResolver"]

_TABLES = ("CREATE TABLE ids (id TEXT PRIMARY KEY, cls TEXT) WITHOUT ROWID",
           "CREATE TABLE names (key TEXT PRIMARY KEY, id TEXT) WITHOUT ROWID",
           "CREATE TABLE facts (id TEXT PRIMARY KEY) WITHOUT ROWID")


def write_index(resolver, path: Path) -> None:
    """Write *resolver* (a :class:`~.aliases.GraphResolver`) to the SQLite file *path*, atomically."""
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    db = sqlite3.connect(tmp)
    try:
        for statement in _TABLES:
            db.execute(statement)
        db.executemany("INSERT INTO ids VALUES (?, ?)", ((i, resolver.types.get(i)) for i in sorted(resolver.ids)))
        db.executemany("INSERT INTO names VALUES (?, ?)", sorted(resolver.keys.items()))
        db.executemany("INSERT INTO facts VALUES (?)", ((f,) for f in sorted(resolver.facts)))
        db.commit()
    finally:
        db.close()
    os.replace(tmp, path)


class _Types:
    def __init__(self, db):
        self.db = db

    def get(self, eid, default=None):
        row = self.db.execute("SELECT cls FROM ids WHERE id = ?", (eid,)).fetchone()
        return default if row is None or row[0] is None else row[0]


class _Facts:
    def __init__(self, db):
        self.db = db

    def __contains__(self, fid) -> bool:
        return self.db.execute("SELECT 1 FROM facts WHERE id = ?", (fid,)).fetchone() is not None

    def __iter__(self):
        return (row[0] for row in self.db.execute("SELECT id FROM facts ORDER BY id"))


class IndexedResolver:
    """The lookups of :class:`~.aliases.GraphResolver` (``get``, ``resolve``, ``types``, ``facts``) on the index."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.types = _Types(self.db)
        self.facts = _Facts(self.db)

    @property
    def ids(self) -> list:
        return [row[0] for row in self.db.execute("SELECT id FROM ids ORDER BY id")]

    def get(self, name: str) -> str | None:
        if self.db.execute("SELECT 1 FROM ids WHERE id = ?", (name,)).fetchone():
            return name
        row = self.db.execute("SELECT id FROM names WHERE key = ?", (name_key(name),)).fetchone()
        return None if row is None else row[0]

    def resolve(self, name: str, what: str = "entity") -> str:
        eid = self.get(name) if isinstance(name, str) else None
        if eid is None:
            raise UnknownEntityError(f"unknown {what} '{name}'{suggest(str(name), self.ids)}")
        return eid
