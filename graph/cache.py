"""A small on-disk cache of derived objects (schema, built graphs).

Commands such as ``cnkg query run`` must not pay for re-reading the
ontology and the fact files on every run.  Entries are pickles named by a
key that already contains a digest of every input, so an entry is never
stale: changing the ontology or a fact file changes the key.  The cache is
only ever an optimisation; when it cannot be read or written, the caller
rebuilds and carries on.

The directory is ``$CNKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/china-ai-kg``,
else ``~/.cache/china-ai-kg``.  ``CNKG_CACHE_DIR=off`` disables it.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

__all__ = ["cache_dir", "load", "store"]

_VERSION = "1"


def cache_dir() -> Path | None:
    env = os.environ.get("CNKG_CACHE_DIR")
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "china-ai-kg"


def _path(key: str) -> Path | None:
    d = cache_dir()
    return None if d is None else d / f"{key}.v{_VERSION}.pickle"


def load(key: str):
    """Return the cached object for *key*, or ``None``."""
    path = _path(key)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def store(key: str, obj) -> None:
    """Write *obj* under *key* atomically; failures are ignored (it is a cache)."""
    path = _path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        return
