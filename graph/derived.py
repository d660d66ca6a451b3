"""Objects derived from a graph, built once per graph and kept in memory and on disk.

A cold ``cnkg query run`` must cost little more than importing its
libraries, so nothing that depends only on the graph (its alias resolver,
its RDF projection, an oxigraph store) is rebuilt per run.  :func:`derived`
memoises each object for the life of the graph object and stores it in the
cache (:mod:`china_ai_kg.base.cache`) under a key made of the graph's
digest, the object's name and, where the object holds a library's own
types, that library's version.
"""

from __future__ import annotations

import hashlib
import pickle
import weakref

from ..base import cache

__all__ = ["graph_digest", "derived_key", "derived", "memo"]

_FORMAT = "3"
_MEMO: dict = {}  # id(kg) -> (weakref to kg, {what: object})


def graph_digest(kg) -> str:
    """A digest of the graph's content: ``kg.digest`` if the loader set one, else a hash of its pickle.

    Pickling preserves the sharing of equal objects, so a graph read back
    from the loader's cache hashes like the one that was stored.
    """
    digest = getattr(kg, "digest", None)
    if isinstance(digest, str) and digest:
        return digest
    return hashlib.sha256(pickle.dumps(kg.g, protocol=4)).hexdigest()[:24]


def _forget(key):
    return lambda _ref: _MEMO.pop(key, None)


def memo(kg) -> dict:
    """The in-memory table of objects derived from *kg*; it goes when *kg* is collected."""
    entry = _MEMO.get(id(kg))
    if entry is None or entry[0]() is not kg:
        entry = (weakref.ref(kg, _forget(id(kg))), {})
        _MEMO[id(kg)] = entry
    return entry[1]


def derived_key(kg, what: str, versions: str = "") -> str:
    """The cache key of the object *what* derived from *kg* (*versions* names the libraries it holds)."""
    objects = memo(kg)
    if "digest" not in objects:
        objects["digest"] = graph_digest(kg)
    return f"derived-{what}-{_FORMAT}{versions}-{objects['digest']}"


def derived(kg, what: str, build, versions: str = "", kind: type | None = None):
    """Return the object *what* derived from *kg*: memoised, then disk-cached (if of type *kind*), else ``build()``."""
    objects = memo(kg)
    if what in objects:
        return objects[what]
    key = derived_key(kg, what, versions)
    obj = cache.load(key, kind)
    if obj is None:
        obj = build()
        cache.store(key, obj)
    objects[what] = obj
    return obj
