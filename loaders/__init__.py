"""Loading fact files into a validated graph.

>>> from china_ai_kg.loaders import load
>>> kg = load()                     # the bundled data
>>> kg.node("alibaba")["type"]
'Company'
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path

from ..base import cache as _cache
from ..base.errors import InputError, KGError
from ..graph.model import KnowledgeGraph
from ..ontology.schema import load_schema
from .build import build_graph
from .fact_files import FACT_SUFFIXES, RDF_SUFFIXES, read_fact_file
from .incremental import update_graph
from .rdf_files import read_rdf_file

__all__ = ["load", "load_files", "bundled_files", "expand_paths", "read_records", "check_new_file"]


def bundled_files() -> list:
    """The bundled fact files as ``(label, Path)``, sorted.

    ``CNKG_BUNDLED`` (file names, comma-separated) pins the bundled data to those files: the tests pin it to
    the article graph, whose answers are their contract, so that the map can grow without moving them."""
    root = resources.files("china_ai_kg.data")
    out = []
    for item in root.iterdir():
        if item.name.endswith(FACT_SUFFIXES):
            out.append((f"data/{item.name}", Path(str(item))))
    pinned = [n.strip() for n in os.environ.get("CNKG_BUNDLED", "").split(",") if n.strip()]
    if pinned:
        names = {label.split("/", 1)[1] for label, _ in out}
        unknown = sorted(set(pinned) - names)
        if unknown:
            raise InputError(f"CNKG_BUNDLED names {', '.join(unknown)}, not a bundled fact file "
                             f"(they are {', '.join(sorted(names))})")
        out = [(label, p) for label, p in out if label.split("/", 1)[1] in pinned]
    return sorted(out)


def expand_paths(paths) -> list:
    """Files and directories (searched recursively) -> sorted ``(label, Path)``."""
    out = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.suffix in FACT_SUFFIXES + RDF_SUFFIXES and f.is_file())
            out.extend((str(f), f) for f in found)
        elif p.is_file():
            out.append((str(p), p))
        else:
            raise InputError("no such file or directory", file=str(p))
    return out


def read_records(files, schema) -> list:
    records = []
    for label, path in files:
        if path.suffix in RDF_SUFFIXES:
            records.extend(read_rdf_file(path, schema, label))
        else:
            records.extend(read_fact_file(path, label))
    return records


def _digest(files) -> str:
    h = hashlib.sha256()
    for label, path in files:
        h.update(label.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
        h.update(b"\0")
    return h.hexdigest()[:24]


def load(paths=(), *, bundled: bool = True, cache: bool = True, refresh: bool = False):
    """Load, validate and build the graph from the bundled data plus *paths*.

    All or nothing: the first broken rule raises a
    :class:`~china_ai_kg.base.errors.KGError` naming ``file:line``.
    A graph built from the same bytes by the same code before is read from
    the cache, unless *refresh* asks for a fresh build (which is then cached).
    """
    files = (bundled_files() if bundled else []) + expand_paths(paths)
    return load_files(files, cache=cache, refresh=refresh)


def load_files(files, *, cache: bool = True, refresh: bool = False):
    """Load, validate and build the graph of *files*, ``(label, Path)`` pairs; errors name the labels."""
    schema = load_schema()
    key = f"graph-{schema.digest[:12]}-{_digest(files)}"
    inputs = tuple(str(path) for _, path in files)
    if cache and not refresh:
        kg = _cache.load(key, KnowledgeGraph)
        if kg is not None:
            kg.inputs = inputs
            return kg
    digests = {label: _digest([(label, path)]) for label, path in files}
    kg = _updated(files, digests, schema) if cache and not refresh else None
    if kg is None:
        kg = build_graph(read_records(files, schema), schema)
    kg.digest = key  # names this graph's inputs, so caches derived from it need not hash it again
    if cache:
        _cache.store(key, kg)
        _remember(schema, key, digests)
    kg.inputs = inputs  # the files it was read from: outputs must never overwrite them
    return kg


_MANIFESTS = 8  # the graphs remembered, newest first, for rebuilding only what changed


def _remember(schema, key: str, digests: dict) -> None:
    name = f"manifests-{schema.digest[:12]}"
    manifests = [m for m in (_cache.load(name, list) or []) if m["key"] != key]
    _cache.store(name, [{"key": key, "files": digests}, *manifests][:_MANIFESTS])


def _updated(files, digests: dict, schema):
    """The graph of *files* built from a remembered graph of nearly the same files, or ``None``."""
    best = None
    for m in _cache.load(f"manifests-{schema.digest[:12]}", list) or []:
        same = sum(1 for label, d in digests.items() if m["files"].get(label) == d)
        if same and (best is None or same > best[0]):
            best = (same, m)
    if best is None or best[0] < max(1, len(digests) // 2):
        return None
    m = best[1]
    changed = [label for label, d in digests.items() if m["files"].get(label) != d]
    removed = [label for label in m["files"] if label not in digests]
    if not changed and not removed:
        return None
    previous = _cache.load(m["key"], KnowledgeGraph)
    if previous is None:
        return None
    records = read_records([(label, path) for label, path in files if label in set(changed)], schema)
    return update_graph(previous, changed, removed, records, schema)


def check_new_file(text: str, name: str, spec_paths=()) -> None:
    """Build *text* (a fact file to be written as *name*) with the bundled data and *spec_paths* before it is
    written: a file this program writes and its loader refuses is a bug here, reported as such."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_text(text, encoding="utf-8")
        try:
            load_files(bundled_files() + expand_paths(list(spec_paths)) + expand_paths([path]), cache=False)
        except KGError as e:
            raise KGError(f"internal error: the file written as {name} does not validate ({e.message})") from e
