"""A small on-disk cache of derived objects (schema, built graphs, query plans, stores).

Commands such as ``cnkg query run`` must not pay for re-reading the
ontology and the fact files on every run.  Entries are pickles named by a
key that the caller makes from a digest of every input, to which this
module adds the digest of the package's own code
(:func:`~china_ai_kg.base.layout.code_digest`): changing a fact file, the
ontology *or the code that computed the object* changes the key, so an
entry is never stale.  The cache is only ever an optimisation; when it
cannot be read or written, the caller rebuilds and carries on.

The directory is ``$CNKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/china-ai-kg``,
else ``~/.cache/china-ai-kg``.  ``CNKG_CACHE_DIR=off`` disables it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path

from .layout import code_digest

__all__ = ["cache_dir", "entry_path", "load", "store", "CACHE_ENV"]

CACHE_ENV = "CNKG_CACHE_DIR"


def cache_dir() -> Path | None:
    """The cache directory, or ``None`` when the cache is off."""
    env = os.environ.get(CACHE_ENV)
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "china-ai-kg"


def entry_path(key: str, suffix: str = ".pickle") -> Path | None:
    """Where the entry *key* lives (its name holds the code digest), or ``None`` when the cache is off."""
    d = cache_dir()
    return None if d is None else d / f"{key}-code{code_digest()}{suffix}"


def load(key: str):
    """Return the cached object for *key*, or ``None``."""
    path = entry_path(key)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError):
        return None


def store(key: str, obj) -> None:
    """Write *obj* under *key* atomically; failures are ignored (it is a cache)."""
    path = entry_path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
