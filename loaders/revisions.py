"""The graph of a file, a directory, or a git revision of the data: the two sides of ``cnkg diff``.

A side is named as the user would name it:

* a fact file or a directory of them (an export such as ``graph.ttl`` is a fact file too);
* ``REV`` (any git revision: ``HEAD~1``, a tag, a commit) for the bundled data as it was at that revision
  of the repository the package lives in;
* ``REV:PATH`` for the file or directory ``PATH`` at revision ``REV`` of the git repository of the
  current directory.

A revision is read with ``git archive`` into a temporary directory, and its files are labelled
``REV:PATH`` so that an error names the revision and the file.  Git runs locally; nothing is fetched.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from ..base.errors import InputError
from ..graph.model import KnowledgeGraph
from . import expand_paths, load, load_files

__all__ = ["graph_of"]

_PACKAGE = Path(__file__).resolve().parent.parent


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    git = shutil.which("git")
    if git is None:
        raise InputError("git is needed to read a revision, and it is not installed")
    return subprocess.run([git, "-C", str(repo), *args], capture_output=True, timeout=60)


def _top(directory: Path) -> Path | None:
    done = _git(directory, "rev-parse", "--show-toplevel")
    return Path(done.stdout.decode().strip()) if done.returncode == 0 else None


def _at_revision(what: str, repo: Path, rev: str, path: str) -> KnowledgeGraph:
    if _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise InputError(f"{what}: '{rev}' is not a file, a directory or a git revision of {repo}")
    done = _git(repo, "archive", "--format=tar", rev, "--", path)
    if done.returncode != 0:
        raise InputError(f"{what}: {rev} has no '{path}' in {repo}")
    with tempfile.TemporaryDirectory(prefix="cnkg-rev-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
            archive.extractall(tmp, filter="data")
        root = Path(tmp)
        files = [(f"{rev}:{Path(label).relative_to(root).as_posix()}", p) for label, p in expand_paths([root / path])]
        if not files:
            raise InputError(f"{what}: {rev}:{path} holds no fact files")
        return load_files(files)


def graph_of(what: str, side: str) -> KnowledgeGraph:
    """The graph that *side* names (see the module docs); *what* (``OLD``, ``NEW``) names it in errors."""
    if Path(side).exists():
        return load([side], bundled=False)
    if ":" in side and not side.startswith(":"):
        rev, path = side.split(":", 1)
        repo = _top(Path.cwd())
        if repo is None:
            raise InputError(f"{what}: '{side}' names a git revision, but {Path.cwd()} is not in a git repository")
        try:
            inside = (Path.cwd() / (path or ".")).resolve().relative_to(repo.resolve()).as_posix()
        except ValueError:
            raise InputError(f"{what}: '{path}' is outside the git repository {repo}") from None
        return _at_revision(what, repo, rev, inside)
    repo = _top(_PACKAGE)
    if repo is None:
        raise InputError(f"{what}: no such file or directory '{side}' (and the package is not a git checkout, "
                         "so it cannot be a revision)")
    return _at_revision(what, repo, side, (_PACKAGE / "data").relative_to(repo).as_posix())
