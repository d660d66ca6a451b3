"""Query packs: named questions as SPARQL and Cypher files.

Each question is a pair of twin files, ``NAME.rq`` and ``NAME.cypher``,
with the same strict header (see :mod:`.header`); :func:`load_pack` reads
and checks them, :func:`parse_params` turns ``-p key=value`` options into
typed values, and :func:`run_query` answers a question on the ``rdflib``,
``oxigraph`` or ``neo4j`` engine with identical, normalised rows.

The names below are imported on first use, so that listing the pack does
not pay for the query engines.
"""

from __future__ import annotations

import importlib

__all__ = [
    "ENGINES",
    "Param",
    "Query",
    "Result",
    "GraphResolver",
    "load_pack",
    "load_dir",
    "parse_params",
    "coerce_params",
    "resolver_for",
    "run",
    "run_query",
    "run_sparql_text",
    "run_cypher_text",
    "read_text_arg",
    "nodes_of",
    "normalize_value",
]

_HOME = {
    "ENGINES": "engines",
    "Param": "header",
    "Query": "pack",
    "Result": "results",
    "GraphResolver": "resolver",
    "load_pack": "pack",
    "load_dir": "pack",
    "parse_params": "params",
    "coerce_params": "params",
    "resolver_for": "resolver",
    "run": "engines",
    "run_query": "engines",
    "run_sparql_text": "engines",
    "run_cypher_text": "engines",
    "read_text_arg": "engines",
    "nodes_of": "results",
    "normalize_value": "results",
}


def __getattr__(name: str):
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
