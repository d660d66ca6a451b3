"""A small on-disk cache of derived objects (schema, built graphs, query plans, stores).

Commands such as ``cnkg query run`` must not pay for re-reading the
ontology and the fact files on every run.  Entries are named by a key that
the caller makes from a digest of every input, to which this module adds
the digest of the package's own code
(:func:`~china_ai_kg.base.layout.code_digest`): changing a fact file, the
ontology *or the code that computed the object* changes the key, so an
entry is never stale.  The cache is only ever an optimisation; when it
cannot be read or written, the caller rebuilds and carries on.

An entry is a pickle, and a pickle can run code when it is read, so an
entry is read only if it is signed: each file holds an HMAC-SHA256 of its
bytes under a random key that lives in the cache directory, readable by
its owner only.  The cache is used only in a directory that belongs to the
current user and that nobody else may write to (and whose key nobody else
may read); anywhere else it is off.  An entry that is unsigned, signed with
another key, truncated, corrupt, or of an unexpected type is a miss, never
a crash.  Temporary files of writers that died are swept away.

The directory is ``$CNKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/china-ai-kg``,
else ``~/.cache/china-ai-kg``.  ``CNKG_CACHE_DIR=off`` disables it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import logging
import os
import pickle
import secrets
import shutil
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

from .files import pid_alive
from .layout import code_digest

__all__ = ["CACHE_ENV", "cache_dir", "entry_path", "load", "store", "sweep"]

CACHE_ENV = "CNKG_CACHE_DIR"
_MAGIC = b"cnkg-cache-1\n"
_KEY_FILE = ".cnkg-cache-key"
_MAC_SIZE = 32
log = logging.getLogger(__name__)


def _default_dir() -> Path | None:
    env = os.environ.get(CACHE_ENV)
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "china-ai-kg"


def _private(st: os.stat_result, writable_only: bool) -> bool:
    """Owned by us, and writable (or, for the key, readable) by nobody else."""
    others = 0o022 if writable_only else 0o077
    return st.st_uid == os.geteuid() and not st.st_mode & others


@lru_cache(maxsize=8)
def _key_for(directory: str) -> bytes | None:
    """The signing key of *directory*, made on first use; ``None`` when the directory is not safe to use."""
    path = Path(directory)
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
        if not stat.S_ISDIR(st.st_mode) or not _private(st, writable_only=True):
            log.warning("cache off: %s is not a directory of yours that only you may write to", path)
            return None
        key_path = path / _KEY_FILE
        try:
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(32))
        fd = os.open(key_path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            key = f.read(64)
        if not stat.S_ISREG(st.st_mode) or not _private(st, writable_only=False) or len(key) != 32:
            log.warning("cache off: the key in %s is not private to you", path)
            return None
        return key
    except OSError as e:
        log.warning("cache off: %s: %s", path, e.strerror)
        return None


def cache_dir() -> Path | None:
    """The cache directory, or ``None`` when the cache is off or the directory is not safe to use."""
    d = _default_dir()
    if d is None or _key_for(str(d)) is None:
        return None
    return d


def entry_path(key: str, suffix: str = ".pickle") -> Path | None:
    """Where the entry *key* lives (its name holds the code digest), or ``None`` when the cache is off."""
    d = cache_dir()
    return None if d is None else d / f"{key}-code{code_digest()}{suffix}"


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()


def load(key: str, kind: type | tuple | None = None):
    """The cached object for *key* (of type *kind*, when given), or ``None``."""
    path = entry_path(key)
    if path is None:
        return None
    secret = _key_for(str(path.parent))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as f:
            if not _private(os.fstat(f.fileno()), writable_only=True):
                return None
            blob = f.read()
    except OSError:
        return None
    head = len(_MAGIC) + _MAC_SIZE
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    payload = memoryview(blob)[head:]
    if not hmac.compare_digest(blob[len(_MAGIC):head], _mac(secret, payload)):
        return None
    collecting = gc.isenabled()
    gc.disable()  # a big graph unpickles millions of objects: the cycle collector would walk them again and again
    try:
        obj = pickle.loads(payload)
    except Exception:  # signed by us, so only a version skew of a library can land here: rebuild
        return None
    finally:
        if collecting:
            gc.enable()
    if kind is not None and not isinstance(obj, kind):
        return None
    return obj


def store(key: str, obj) -> None:
    """Write *obj* under *key*, signed and atomically; failures are ignored (it is a cache)."""
    path = entry_path(key)
    if path is None:
        return
    try:
        payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    secret = _key_for(str(path.parent))
    sweep(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".tmp-{os.getpid()}-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + _mac(secret, payload) + payload)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


_SWEPT: set = set()


def sweep(directory: Path) -> None:
    """Remove temporary files and directories (``.tmp-PID-...``) that writers which died left in *directory*."""
    if directory in _SWEPT:
        return
    _SWEPT.add(directory)
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        parts = entry.name.split("-", 2)
        if len(parts) < 3 or parts[0] != ".tmp" or not parts[1].isdigit():
            continue
        pid = int(parts[1])
        if pid == os.getpid() or pid_alive(pid):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
