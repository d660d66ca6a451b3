"""Answering from the on-disk store alone, without reading the graph back.

A large graph's oxigraph store lives in the cache (:func:`~.store.oxigraph_store`).  Once a command has
queried it, :func:`remember` writes a small manifest naming it, under a key made of the *fingerprint* of
the inputs (each file's path, size, modification time and inode, and the view) and the code digest the
cache adds.  The next ``cnkg query run`` or ``cnkg sparql`` on the same, unchanged files opens the manifest
and the store read-only (:func:`open_stored`) and never unpickles the graph: a :class:`StoredGraph` stands
in for it, with its size, its digest, the open store and an alias index in SQLite
(:mod:`china_ai_kg.graph.alias_index`), so that entity parameters resolve without the graph.

Nothing is trusted that could be stale or broken: a changed file changes the fingerprint, other code
changes the key, and a store without its completion mark or that RocksDB cannot open is a miss, after
which the caller loads the graph (which rebuilds the store).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from ..base import cache
from ..graph.alias_index import IndexedResolver, write_index
from ..graph.aliases import resolver_for
from ..graph.derived import graph_digest, memo
from .store import complete_store, open_checked, store_path

__all__ = ["StoredGraph", "fingerprint", "remember", "open_stored"]

_FORMAT = "1"


class StoredGraph:
    """What a query needs of a graph whose store is on disk: its size, its digest, the open store."""

    def __init__(self, digest: str, size: int, inputs: tuple):
        self.digest = digest
        self._size = size
        self.inputs = inputs

    def size(self) -> int:
        return self._size

    def __repr__(self) -> str:
        return f"StoredGraph({self.digest!r}, size={self._size})"


def fingerprint(files, view: str) -> str | None:
    """A digest of *files* (``(label, Path)`` pairs) by path, size, modification time and inode, and *view*;
    ``None`` when a file cannot be stat'ed."""
    h = hashlib.sha256(f"{_FORMAT}\0{view}\0".encode())
    for label, path in files:
        try:
            st = os.stat(path)
        except OSError:
            return None
        h.update(f"{label}\0{Path(path).resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\0".encode())
    return h.hexdigest()[:32]


def remember(key: str | None, kg, schema=None) -> None:
    """Name *kg*'s complete on-disk store (and cache its resolver) under the fingerprint *key*."""
    if key is None:
        return
    path = store_path(kg, schema)
    if path is None or not complete_store(path):
        return
    digest = graph_digest(kg)
    index = cache.entry_path(f"alias-index-{_FORMAT}-{digest}", suffix=".sqlite")
    if not index.exists():
        write_index(resolver_for(kg), index)
    cache.store(f"stored-{key}", {"digest": digest, "size": kg.size(), "store": str(path), "index": str(index)})


def open_stored(key: str | None, inputs: tuple = ()) -> StoredGraph | None:
    """The stand-in for the graph remembered under *key*, its store open read-only; ``None`` on any miss."""
    if key is None:
        return None
    entry = cache.load(f"stored-{key}", dict)
    if entry is None:
        return None
    path, index = Path(entry["store"]), Path(entry["index"])
    if not complete_store(path) or not index.is_file():
        return None
    store = open_checked(path)
    if store is None:
        return None
    stand_in = StoredGraph(entry["digest"], entry["size"], inputs)
    try:
        resolver = IndexedResolver(index)
    except sqlite3.Error:
        return None
    memo(stand_in).update(oxigraph=store, resolver=resolver)
    return stand_in
