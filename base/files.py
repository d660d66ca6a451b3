"""Reading and writing files: the one atomic writer and the one UTF-8 reader.

Every file the tool writes (exports, HTML pages, the report site, the
Browser kit) goes through :func:`write_atomic`: a temporary file in the
same directory, then a rename, so a reader never sees half a file and a
failed write leaves the old file (or nothing) in place; the temporary file
is removed on every failure, and one left by a writer that was killed is
swept away by the next write.  Devices and pipes are written in place, and
a command's own inputs are never overwritten.  The new file gets
the mode a plain ``open()`` would give it (``0666`` less the umask), not
the ``0600`` of a temporary file.  Every failure is one
:class:`~china_ai_kg.base.errors.RenderError` naming the path.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from functools import cache
from pathlib import Path

from .errors import InputError, KGError, RenderError

__all__ = ["write_atomic", "ensure_dir", "read_text", "file_mode", "pid_alive"]


@cache
def file_mode() -> int:
    """``0666`` less the process umask: the mode ``open(path, "w")`` would give a new file."""
    mask = os.umask(0o022)  # read the umask (there is no way to read it without setting it)
    os.umask(mask)
    return 0o666 & ~mask


def _same_file(a: Path, b) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _sweep_temps(parent: Path, name: str) -> None:
    """Remove temporary files of earlier writes of *name* whose writer died (``.NAME.PID.XXXX.tmp``)."""
    prefix = f".{name}."
    try:
        entries = [e for e in os.scandir(parent) if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def pid_alive(pid: int) -> bool:
    """Whether process *pid* still runs (a process of another user counts as running): is its temp file live?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(path, data, protect=()) -> Path:
    """Write *data* (``str`` as UTF-8, or ``bytes``) to *path* atomically; return the path.

    A path that is not a regular file (``/dev/stdout``, ``/dev/fd/1``, a pipe) is written in place, since
    it cannot be renamed onto; a symlink to a regular file is followed, and the file it names is replaced.
    A path that is the same file as one in *protect* (the command's own input files) is refused.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    for other in protect:
        if _same_file(path, other):
            raise RenderError(f"refusing to overwrite {path}: it is one of this command's input files")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise RenderError(f"cannot write {path}: {e.strerror}") from e
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise RenderError(f"cannot write {path}: it is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(path, "wb") as f:
                f.write(payload)
        except OSError as e:
            raise RenderError(f"cannot write {path}: {e.strerror}") from e
        return path
    target = path.resolve() if path.is_symlink() else path
    parent = target.parent
    if not parent.is_dir():
        raise RenderError(f"cannot write {path}: directory {parent} does not exist")
    _sweep_temps(parent, target.name)
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp")
    except OSError as e:
        raise RenderError(f"cannot write {path}: {e.strerror}") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.chmod(tmp, file_mode())
        os.replace(tmp, target)
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


def read_text(path, label: str | None = None, error: type[KGError] = InputError, what: str = "file",
              max_bytes: int | None = None) -> str:
    """The UTF-8 text of *path* (at most *max_bytes*); an unreadable, oversized or non-UTF-8 file is one *error*."""
    label = label or str(path)
    try:
        with path.open("rb") if hasattr(path, "open") else open(path, "rb") as f:  # a Path or a package resource
            data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    except OSError as e:
        raise error(f"cannot read {what}: {e.strerror}", file=label) from e
    if max_bytes is not None and len(data) > max_bytes:
        raise error(f"{what} is larger than {_size(max_bytes)}", file=label)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise error(f"not UTF-8 text ({e.reason} at byte {e.start})", file=label) from e


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:g} {unit}"
    return f"{n} bytes"
