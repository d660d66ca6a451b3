"""One interface over the three query engines.

>>> from china_ai_kg.loaders import load
>>> from china_ai_kg.queries import load_pack, run_query
>>> kg = load()
>>> q = load_pack()["apple-china-partner-selection"]
>>> result = run_query(q, {"company": "蘋果"}, kg)
>>> [row[3:5] for row in result.rows if row[4] != "considered"]
[['alibaba', 'chosen'], ['deepseek', 'passed_over']]

``rdflib`` (the default) and ``oxigraph`` run a query's SPARQL twin over
the RDF projection of the graph; ``sparql`` runs it on a SPARQL 1.1 server
that ``cnkg sparql-store push`` filled (:mod:`.sparql.remote`); ``neo4j``
runs its Cypher twin on a server holding the same graph; ``auto`` (:func:`choose_engine`) picks rdflib for a
tiny graph, where its start-up is cheapest, and oxigraph from :data:`OXIGRAPH_FROM` nodes plus edges,
where its speed pays.  Every engine's cells pass through
:func:`~china_ai_kg.queries.results.normalize_value`, and every pack query
has a total ``ORDER BY``, so all engines give the same rows in the same
order.
"""

from __future__ import annotations

from ..base.errors import EngineError, QueryError
from ..base.files import read_text
from ..base.limits import MAX_QUERY_BYTES, default_timeout
from ..base.names import suggest
from ..graph.aliases import resolver_for
from ..graph.views import view_key
from .cypher import run_neo4j
from .params import coerce_params
from .results import Result, normalize_rows
from .sparql.guard import canonical
from .sparql.plans import check_sparql
from .sparql.remote import check_pushed, run_remote
from .sparql.run import run_oxigraph, run_rdflib

__all__ = ["ENGINES", "OXIGRAPH_FROM", "choose_engine", "run", "run_query", "run_sparql_text", "run_cypher_text", "read_text_arg"]

ENGINES = ("rdflib", "oxigraph", "sparql", "neo4j")


OXIGRAPH_FROM = 1_000
"""Nodes plus edges from which ``auto`` picks oxigraph.  Measured cold, one ``cnkg query run`` each: on the
bundled map (3.5k) company-footprint 0.44 s on oxigraph, 2.3 s on rdflib; at 10k synthetic facts (23k)
partnerships 0.39 s and 1.54 s.  Below it (the article graph, 0.3k) the two are within a tenth of a second."""


def choose_engine(kg, engine: str = "auto") -> str:
    """*engine*, with ``auto`` resolved: oxigraph from :data:`OXIGRAPH_FROM` nodes plus edges, else rdflib."""
    if engine == "auto":
        return "oxigraph" if kg.size() >= OXIGRAPH_FROM else "rdflib"
    _check_engine(engine)
    return engine


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise EngineError(f"unknown engine '{engine}'{suggest(engine, ENGINES) or ' (use ' + ', '.join(ENGINES) + ')'}")


def read_text_arg(text: str) -> str:
    """A query text as given on the command line: ``@path`` reads the file (at most 1 MiB)."""
    if not isinstance(text, str) or not text.strip():
        raise QueryError("empty query text")
    if text.startswith("@"):
        text = read_text(text[1:], error=QueryError, what="query file", max_bytes=MAX_QUERY_BYTES)
    if len(text) > MAX_QUERY_BYTES:
        raise QueryError(f"the query text is longer than {MAX_QUERY_BYTES // 1024} KiB")
    return text


def _sparql_runner(engine: str):
    return run_rdflib if engine == "rdflib" else run_oxigraph


def _timeout(timeout):
    return default_timeout() if timeout is None else timeout


_CHECKED: set = set()  # the endpoints seen to hold a complete push, in this process


def _remote(endpoint, text, bindings, timeout, check: bool):
    if endpoint is None:
        raise EngineError("the sparql engine needs the URL of a SPARQL endpoint (--endpoint URL)")
    if check and endpoint.url not in _CHECKED:
        check_pushed(endpoint, timeout)
        _CHECKED.add(endpoint.url)
    return run_remote(text, bindings, endpoint, timeout)


def run_query(query, params, kg, schema=None, engine: str = "rdflib", neo4j=None, timeout: float | None = None,
              endpoint=None) -> Result:
    """Run a pack query with *params* (``name -> value``; strings are converted by declared type).

    *timeout* is in seconds (``None``: :func:`~china_ai_kg.base.limits.default_timeout`; ``0``: no limit).
    *endpoint* (an :class:`~.sparql.remote.Endpoint`) is where the ``sparql`` engine asks; it must hold a
    complete push.
    """
    _check_engine(engine)
    timeout = _timeout(timeout)
    resolver = resolver_for(kg) if any(p.type in ("entity", "fact") for p in query.params) else None
    values = coerce_params(query, params, resolver, schema)
    if engine == "neo4j":
        columns, rows = run_neo4j(query.cypher, values, neo4j, timeout, view=view_key(kg))
        file = query.files[1]
    elif engine == "sparql":
        bindings = {name: (query.param(name).type, value) for name, value in values.items()}
        columns, rows = _remote(endpoint, query.sparql, bindings, timeout, check=True)
        file = query.files[0]
    else:
        bindings = {name: (query.param(name).type, value) for name, value in values.items()}
        columns, rows = _sparql_runner(engine)(query.sparql, bindings, kg, schema, timeout)
        file = query.files[0]
    if list(columns) != list(query.columns):
        raise EngineError(
            f"returns columns {', '.join(columns)} but the header declares {', '.join(query.columns)}", file=file
        )
    return Result(query.name, engine, list(columns), normalize_rows(rows, columns, query.list_columns))


def run_sparql_text(text: str, kg, engine: str = "rdflib", schema=None, timeout: float | None = None,
                    endpoint=None) -> Result:
    """Run ad-hoc SPARQL (or ``@file``) read-only and offline (or on *endpoint* with the ``sparql`` engine);
    see :mod:`.sparql.guard` for what is refused."""
    _check_engine(engine)
    if engine == "neo4j":
        raise EngineError("SPARQL runs on the rdflib, oxigraph or sparql engine; give Cypher to the neo4j engine")
    text = read_text_arg(text)
    if engine == "sparql":
        columns, rows = _remote(endpoint, text, {}, _timeout(timeout), check=False)
    else:
        columns, rows = _sparql_runner(engine)(text, {}, kg, schema, _timeout(timeout))
    rows = normalize_rows(rows, columns)
    if columns == ["subject", "predicate", "object"] and check_sparql(canonical(text)) == "CONSTRUCT":
        rows.sort(key=lambda r: tuple(str(c) for c in r))
    return Result(None, engine, list(columns), rows)


def run_cypher_text(text: str, neo4j, params: dict | None = None, timeout: float | None = None) -> Result:
    """Run ad-hoc Cypher (or ``@file``) in a read transaction, with optional ``$params``."""
    text = read_text_arg(text)
    columns, rows = run_neo4j(text, dict(params or {}), neo4j, _timeout(timeout))
    return Result(None, "neo4j", list(columns), normalize_rows(rows, columns))


def run(query_or_text, params=None, *, kg=None, schema=None, engine: str = "rdflib", neo4j=None,
        timeout: float | None = None, endpoint=None) -> Result:
    """Run a pack :class:`~.pack.Query` or an ad-hoc text (SPARQL, or Cypher on ``neo4j``)."""
    if isinstance(query_or_text, str):
        if engine == "neo4j":
            return run_cypher_text(query_or_text, neo4j, params, timeout)
        if params:
            raise QueryError("ad-hoc SPARQL takes no parameters; write the values into a pack query's header instead")
        if kg is None and engine != "sparql":
            raise EngineError("an embedded SPARQL engine needs the graph (kg=...)")
        return run_sparql_text(query_or_text, kg, engine, schema, timeout, endpoint)
    if engine != "neo4j" and kg is None:
        raise EngineError("a SPARQL engine needs the graph (kg=...)")
    return run_query(query_or_text, params, kg, schema, engine, neo4j, timeout, endpoint)
