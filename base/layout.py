"""The package's layers, bottom first, and a digest of its own code.

Each layer is one sub-package and may import only from the layers before
it (a test walks every import and holds the code to that):

========  =====================================================================
base      errors, name folding, language tags, the datatype codec, files, cache
ontology  the Schema read from ``cnkg.ttl`` and the SHACL shapes derived from it
graph     the in-memory graph, its RDF projection, aliases and analytics
loaders   fact files (YAML, JSON Lines, Turtle, JSON-LD) -> validated graph
queries   query packs, parameters and the rdflib, oxigraph and Neo4j engines
outputs   exports, HTML explorer, report site, Neo4j push, Browser kit, server
cli       the ``cnkg`` command line
========  =====================================================================

``data`` holds the bundled fact files and no code.

:func:`code_digest` hashes the package's own source files, so that a cache
entry made by other code is never served (:mod:`.cache` puts it in every
key).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

__all__ = ["LAYERS", "ROOT", "source_files", "code_digest"]

LAYERS = ("base", "ontology", "graph", "loaders", "queries", "outputs", "cli")
ROOT = Path(__file__).resolve().parent.parent
_CODE_SUFFIXES = (".py", ".html")  # templates are code too: they decide what a page holds


def source_files() -> list:
    """The package's code files (``.py`` and templates) under its layers, sorted, as paths."""
    files = [ROOT / "__init__.py"]
    for layer in LAYERS:
        files.extend(p for p in (ROOT / layer).rglob("*") if p.suffix in _CODE_SUFFIXES and p.is_file())
    return sorted(files)


@cache
def code_digest() -> str:
    """A digest of every code file's path and bytes, computed once per process (about a millisecond)."""
    h = hashlib.sha256()
    for path in source_files():
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]
