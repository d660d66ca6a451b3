"""Reading and writing files: the one atomic writer and the one UTF-8 reader.

Every file the tool writes (exports, HTML pages, the report site, the
Browser kit) goes through :func:`write_atomic`: a temporary file in the
same directory, then a rename, so a reader never sees half a file and a
failed write leaves the old file (or nothing) in place.  The new file gets
the mode a plain ``open()`` would give it (``0666`` less the umask), not
the ``0600`` of a temporary file.  Every failure is one
:class:`~china_ai_kg.base.errors.RenderError` naming the path.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from functools import cache
from pathlib import Path

from .errors import InputError, KGError, RenderError

__all__ = ["write_atomic", "ensure_dir", "read_text", "file_mode"]


@cache
def file_mode() -> int:
    """``0666`` less the process umask: the mode ``open(path, "w")`` would give a new file."""
    mask = os.umask(0o022)  # read the umask (there is no way to read it without setting it)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path, data) -> Path:
    """Write *data* (``str`` as UTF-8, or ``bytes``) to *path* atomically; return the path."""
    path = Path(path)
    if path.is_dir():
        raise RenderError(f"cannot write {path}: it is a directory")
    parent = path.parent
    if not parent.is_dir():
        raise RenderError(f"cannot write {path}: directory {parent} does not exist")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise RenderError(f"cannot write {path}: {e.strerror}") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise RenderError(f"cannot write {path}: {e.strerror}") from e
        raise
    return path


def ensure_dir(path) -> Path:
    """Create directory *path* (and its parents) if needed; a failure is one :class:`RenderError`."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RenderError(f"cannot create directory {path}: {e.strerror}") from e
    return path


def read_text(path, label: str | None = None, error: type[KGError] = InputError, what: str = "file") -> str:
    """The UTF-8 text of *path*; an unreadable or non-UTF-8 file is one *error* naming *label*."""
    label = label or str(path)
    try:
        return Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise error(f"not UTF-8 text ({e.reason} at byte {e.start})", file=label) from e
    except OSError as e:
        raise error(f"cannot read {what}: {e.strerror}", file=label) from e
