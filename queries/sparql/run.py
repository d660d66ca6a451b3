"""Running SPARQL on rdflib and on pyoxigraph, read-only and offline.

Both runners take the same text, the same typed bindings and the same
dataset (:mod:`china_ai_kg.queries.store`), refuse the same texts
(:mod:`.guard`) and return ``(columns, rows)`` of engine terms, which
:mod:`china_ai_kg.queries.results` normalises.
"""

from __future__ import annotations

from ...base.errors import EngineError, QueryError
from ...graph.rdf import PREFIXES
from ..store import oxigraph_store, rdflib_graph
from .plans import check_sparql, prepare
from .terms import rdflib_bindings, substitute

__all__ = ["run_rdflib", "run_oxigraph"]


def run_rdflib(text: str, bindings: dict, kg, schema=None) -> tuple:
    """Run *text* with rdflib; *bindings* maps a name to ``(type, value)``. Returns ``(columns, rows)``."""
    query = prepare(text, bindings)
    graph = rdflib_graph(kg, schema)
    try:
        result = graph.query(query, initBindings=rdflib_bindings(bindings))
        if result.type == "ASK":
            return ["ask"], [[bool(result.askAnswer)]]
        if result.type == "CONSTRUCT":
            return ["subject", "predicate", "object"], [[s, p, o] for s, p, o in result.graph]
        columns = [str(v) for v in result.vars]
        rows = [list(row) for row in result]
    except QueryError:
        raise
    except Exception as e:
        raise EngineError(f"rdflib failed to run the query: {type(e).__name__}: {e}") from e
    return columns, rows


def run_oxigraph(text: str, bindings: dict, kg, schema=None) -> tuple:
    """Run *text* with pyoxigraph (same checks, same dataset, same bindings as :func:`run_rdflib`)."""
    form = check_sparql(text)
    store = oxigraph_store(kg, schema)
    try:
        result = store.query(substitute(text, bindings) if bindings else text, prefixes=dict(PREFIXES))
        if form == "ASK":
            return ["ask"], [[bool(result)]]
        if form == "CONSTRUCT":
            return ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in result]
        columns = [v.value for v in result.variables]
        rows = [[solution[i] for i in range(len(columns))] for solution in result]
    except (SyntaxError, OSError, ValueError, TypeError) as e:
        raise EngineError(f"oxigraph failed to run the query: {type(e).__name__}: {e}") from e
    return columns, rows
