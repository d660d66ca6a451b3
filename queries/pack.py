"""Loading query packs: twin ``.rq``/``.cypher`` files with strict headers.

The bundled pack lives in this package and is read with
:mod:`importlib.resources`, so it works from an installed wheel; users add
packs with extra directories.  All files of all packs are checked before
any query is returned: every file has a twin, both twins declare the same
header, every ``$parameter`` in a body is declared and every declared one
is used, and no two queries share a name.  The first problem raises a
:class:`~china_ai_kg.base.errors.QueryError` whose message starts with
``file:line:``.  Each query's SPARQL and Cypher are also checked against the
ontology's vocabulary (:mod:`.vocabulary`): a misspelt class, property or
relationship type is an error, not an empty answer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..base import cache
from ..base.errors import QueryError
from ..base.files import read_text
from ..base.limits import MAX_QUERY_BYTES
from ..ontology.schema import load_schema, ontology_bytes
from .header import Header, parse_header
from .lexing import cypher_tokens, sparql_tokens
from .vocabulary import check_vocabulary

__all__ = ["Query", "load_pack", "load_dir", "read_query_files", "BUNDLED_LABEL"]

BUNDLED_LABEL = "queries"
_FORMAT = "2"
_MARKERS = {".rq": "#", ".cypher": "//"}


@dataclass(frozen=True)
class Query:
    """One named question with its SPARQL and Cypher twins."""

    name: str
    question: dict  # {"en": ..., "zh": ...}
    description: str
    params: tuple  # of header.Param
    columns: tuple  # column names, in order
    column_types: dict  # name -> "value" or "list"
    sparql: str
    cypher: str
    files: tuple  # (rq label, cypher label)
    pack: str = BUNDLED_LABEL
    lines: dict = field(default_factory=dict, compare=False)  # param name -> header line in the .rq
    name_line: int = 1

    def param(self, name: str):
        for p in self.params:
            if p.name == name:
                return p
        return None

    @property
    def list_columns(self) -> frozenset:
        return frozenset(c for c, t in self.column_types.items() if t == "list")


def _check_params_used(header: Header, text: str, suffix: str) -> None:
    declared = {p.name: p for p in header.params}
    used = {}
    if suffix == ".rq":
        for tok in sparql_tokens(text, kinds={"var"}):
            name = tok.text[1:]
            if tok.text.startswith("$"):
                if name not in declared:
                    raise QueryError(f"parameter ${name} is used but not declared", file=header.file, line=tok.line)
                used.setdefault(name, tok.line)
            elif name in declared:
                raise QueryError(
                    f"parameter '{name}' is written ?{name}; write parameters as ${name}",
                    file=header.file,
                    line=tok.line,
                )
    else:
        for tok in cypher_tokens(text, kinds={"param"}):
            if tok.kind == "param":
                if tok.text not in declared:
                    raise QueryError(f"parameter ${tok.text} is used but not declared", file=header.file, line=tok.line)
                used.setdefault(tok.text, tok.line)
    for name, p in declared.items():
        if name not in used:
            raise QueryError(f"parameter '{name}' is declared but not used", file=header.file, line=p.line)


def _same_header(rq: Header, cy: Header) -> None:
    a = [(k, v) for k, v, _ in rq.entries]
    b = [(k, v) for k, v, _ in cy.entries]
    for i in range(max(len(a), len(b))):
        if i >= len(b):
            key, _, line = rq.entries[i]
            raise QueryError(
                f"header line '{key}' is missing from the twin {cy.file}", file=rq.file, line=line
            )
        if i >= len(a) or a[i] != b[i]:
            key, _, line = cy.entries[i]
            where = f"{rq.file}:{rq.entries[i][2]}" if i < len(a) else rq.file
            raise QueryError(f"header differs from its twin ({where}) at '{key}'", file=cy.file, line=line)


def read_query_files(entries, pack: str) -> list:
    """Build queries from ``(label, traversable)`` pairs of one directory.

    A directory whose files parsed before (same names, same bytes, same
    ontology) is read from the on-disk cache: a valid pack is all a cache
    entry can hold, so the checks still hold.
    """
    by_stem: dict = {}
    for label, item in entries:
        suffix = Path(item.name).suffix
        by_stem.setdefault(item.name[: -len(suffix)], {})[suffix] = (label, item)
    for stem in sorted(by_stem):
        files = by_stem[stem]
        for have, want in ((".rq", ".cypher"), (".cypher", ".rq")):
            if have in files and want not in files:
                label = files[have][0]
                raise QueryError(f"no {'Cypher' if want == '.cypher' else 'SPARQL'} twin {stem}{want}", file=label, line=1)
    texts = {}
    digest = hashlib.sha256(f"{_FORMAT}\0{pack}\0".encode())
    for stem in sorted(by_stem):
        for suffix in (".rq", ".cypher"):
            label, item = by_stem[stem][suffix]
            texts[label] = text = read_text(item, label, QueryError, "query file", MAX_QUERY_BYTES)
            digest.update(f"{label}\0{text}\0".encode())
    digest.update(ontology_bytes())
    key = f"querypack-{digest.hexdigest()[:24]}"
    queries = cache.load(key, list)
    if queries is not None:
        return queries
    queries = [_build(stem, by_stem[stem], texts, pack) for stem in sorted(by_stem)]
    cache.store(key, queries)
    return queries


def _build(stem: str, files: dict, texts: dict, pack: str) -> Query:
    headers = {}
    for suffix in (".rq", ".cypher"):
        label = files[suffix][0]
        text = texts[label]
        header = parse_header(text, _MARKERS[suffix], label)
        if header.name != stem:
            raise QueryError(
                f"query name '{header.name}' does not match the file name '{stem}'",
                file=label,
                line=header.line_of("name"),
            )
        _check_params_used(header, text, suffix)
        check_vocabulary(text, suffix, label, load_schema())
        headers[suffix] = header
    rq, cy = headers[".rq"], headers[".cypher"]
    _same_header(rq, cy)
    return Query(
        name=rq.name,
        question=dict(rq.question),
        description=rq.description,
        params=tuple(rq.params),
        columns=tuple(rq.columns),
        column_types=dict(rq.column_types),
        sparql=texts[files[".rq"][0]],
        cypher=texts[files[".cypher"][0]],
        files=(files[".rq"][0], files[".cypher"][0]),
        pack=pack,
        lines={p.name: p.line for p in rq.params},
        name_line=rq.line_of("name"),
    )


def _bundled_entries() -> list:
    root = resources.files("china_ai_kg.queries")
    return sorted(
        (f"{BUNDLED_LABEL}/{item.name}", item)
        for item in root.iterdir()
        if item.name.endswith(tuple(_MARKERS)) and item.is_file()
    )


def load_dir(directory) -> list:
    """The queries of one user pack directory (not searched recursively)."""
    path = Path(directory)
    if not path.is_dir():
        raise QueryError("query pack directory not found", file=str(path))
    entries = sorted((str(f), f) for f in path.iterdir() if f.suffix in _MARKERS and f.is_file())
    return read_query_files(entries, str(path))


def load_pack(extra_dirs=()) -> dict:
    """All queries, bundled first then each extra directory, by name (sorted)."""
    found: dict = {}
    packs = [read_query_files(_bundled_entries(), BUNDLED_LABEL)]
    packs.extend(load_dir(d) for d in extra_dirs)
    for queries in packs:
        for q in queries:
            first = found.get(q.name)
            if first is not None:
                raise QueryError(
                    f"duplicate query name '{q.name}' (first in {first.files[0]}:{first.name_line})",
                    file=q.files[0],
                    line=q.name_line,
                )
            found[q.name] = q
    return dict(sorted(found.items()))
