"""Running SPARQL on rdflib and on pyoxigraph, read-only and offline.

Both runners take the same text, the same typed bindings and the same
dataset (:mod:`china_ai_kg.queries.store`), run the same canonical text,
which :mod:`.guard` has checked, and return ``(columns, rows)`` of engine terms, which
:mod:`china_ai_kg.queries.results` normalises.
"""

from __future__ import annotations

from ...base.errors import EngineError, QueryError
from ...base.limits import with_deadline
from ...graph.rdf import PREFIXES
from ..store import oxigraph_store, rdflib_graph
from .guard import canonical
from .plans import check_sparql, prepare
from .terms import rdflib_bindings, substitute

__all__ = ["run_rdflib", "run_oxigraph"]


def run_rdflib(text: str, bindings: dict, kg, schema=None, timeout: float | None = None) -> tuple:
    """Run *text* with rdflib; *bindings* maps a name to ``(type, value)``. Returns ``(columns, rows)``.

    The whole answer is computed within *timeout* seconds (``None``: no limit), or :class:`EngineError`.
    """
    query = prepare(canonical(text), bindings)
    graph = rdflib_graph(kg, schema)
    init = rdflib_bindings(bindings)

    def work():
        result = graph.query(query, initBindings=init)
        if result.type == "ASK":
            return ["ask"], [[bool(result.askAnswer)]]
        if result.type == "CONSTRUCT":
            return ["subject", "predicate", "object"], [[s, p, o] for s, p, o in result.graph]
        return [str(v) for v in result.vars], [list(row) for row in result]

    try:
        return with_deadline(work, timeout)
    except (QueryError, EngineError):
        raise
    except RecursionError as e:
        raise QueryError("the query is nested too deeply") from e
    except Exception as e:
        raise EngineError(f"rdflib failed to run the query: {type(e).__name__}: {e}") from e


def run_oxigraph(text: str, bindings: dict, kg, schema=None, timeout: float | None = None) -> tuple:
    """Run *text* with pyoxigraph (same checks, same dataset, same bindings, same deadline as :func:`run_rdflib`)."""
    text = canonical(text)  # the text the guard read is the text oxigraph runs
    form = check_sparql(text)
    store = oxigraph_store(kg, schema)
    runnable = substitute(text, bindings) if bindings else text

    def work():
        result = store.query(runnable, prefixes=dict(PREFIXES))
        if form == "ASK":
            return ["ask"], [[bool(result)]]
        if form == "CONSTRUCT":
            return ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in result]
        columns = [v.value for v in result.variables]
        return columns, [[solution[i] for i in range(len(columns))] for solution in result]

    try:
        return with_deadline(work, timeout)
    except (SyntaxError, OSError, ValueError, TypeError, RuntimeError) as e:
        raise EngineError(f"oxigraph failed to run the query: {type(e).__name__}: {e}") from e
