"""Query packs: named questions as SPARQL and Cypher files, and the engines that answer them.

Each question is a pair of twin files, ``NAME.rq`` and ``NAME.cypher``,
with the same strict header (see :mod:`.header`); :func:`load_pack` reads
and checks them (against each other and against the ontology's
vocabulary), :func:`parse_params` turns ``-p key=value`` options into
typed values, and :func:`run_query` answers a question on the ``rdflib``,
``oxigraph`` or ``neo4j`` engine with identical, normalised rows.
"""

from __future__ import annotations

from .engines import ENGINES, choose_engine, read_text_arg, run, run_cypher_text, run_query, run_sparql_text
from .header import Param
from .pack import Query, load_dir, load_pack
from .params import coerce_params, parse_params
from .results import Result, nodes_of, normalize_value

__all__ = [
    "ENGINES",
    "Param",
    "Query",
    "Result",
    "choose_engine",
    "load_pack",
    "load_dir",
    "parse_params",
    "coerce_params",
    "run",
    "run_query",
    "run_sparql_text",
    "run_cypher_text",
    "read_text_arg",
    "nodes_of",
    "normalize_value",
]
