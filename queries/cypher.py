"""Running Cypher on Neo4j through the official driver, read-only.

Queries run in a read transaction (``session.execute_read``), so the
server itself refuses any write; values travel only as ``$parameters``.
Reading files or URLs from Cypher (``LOAD CSV``, APOC's load/import/export
procedures) is refused by Neo4j's own reading of the text: in the same
transaction, the query is first planned with ``EXPLAIN`` and the plan's
operators are checked (:func:`check_plan`), so no comment, line break or
escape can make the guard and the server read different queries.  The
transaction has a timeout, which the server enforces.

The connection is given by the caller, either as an open ``neo4j.Driver``
or as a mapping (or object) with ``uri``, ``user`` (or ``username``),
``password`` and an optional ``database``.  Error messages name the URI, never the password.
"""

from __future__ import annotations

from ..base.errors import EngineError, QueryError, ServerError
from ..graph.neo4j_form import VIEW_LABEL
from ..graph.views import DEFAULT, View

__all__ = ["check_plan", "run_neo4j", "connection", "held_view"]

_REFUSED_PROCEDURES = ("apoc.load", "apoc.import", "apoc.export", "apoc.periodic", "apoc.cypher", "apoc.util")
_TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOut"


def check_plan(plan: dict | None) -> None:
    """Refuse a query whose ``EXPLAIN`` plan reads files or URLs (``LoadCSV``, file/URL procedures)."""
    if plan is None:
        raise QueryError("Neo4j gave no plan for the query; only queries that it can EXPLAIN are run")
    stack = [plan]
    while stack:
        op = stack.pop()
        name = str(op.get("operatorType", "")).split("@", 1)[0]
        details = str(op.get("args", {}).get("Details", ""))
        if name == "LoadCSV":
            raise QueryError("LOAD CSV is refused: queries never read files or URLs")
        if name.startswith("ProcedureCall") and details.lower().startswith(_REFUSED_PROCEDURES):
            procedure = details.split("(", 1)[0]
            raise QueryError(f"procedure {procedure} is refused: queries never read or write files or URLs")
        stack.extend(op.get("children", ()))


def _get(conf, key, default=None):
    if isinstance(conf, dict):
        return conf.get(key, default)
    return getattr(conf, key, default)


def connection(neo4j):
    """``(driver, database, owned, uri)`` for a Driver or a connection mapping."""
    if neo4j is None:
        raise EngineError("the neo4j engine needs a connection (uri, user, password)")
    if hasattr(neo4j, "session") and hasattr(neo4j, "close"):
        return neo4j, None, False, "the given driver"
    uri = _get(neo4j, "uri")
    if not uri:
        raise EngineError("the neo4j engine needs a connection URI")
    from neo4j import GraphDatabase  # lazy: the driver costs ~200 ms, and only the neo4j engine needs it
    user = _get(neo4j, "user") or _get(neo4j, "username") or "neo4j"
    password = _get(neo4j, "password")
    try:
        driver = GraphDatabase.driver(uri, auth=(user, password) if password is not None else None)
    except Exception as e:
        raise ServerError(f"cannot connect to Neo4j at {uri}: {type(e).__name__}") from e
    return driver, _get(neo4j, "database"), True, uri


def held_view(tx) -> str:
    """The key of the view of the graph the database holds (the default view if it records none)."""
    record = tx.run(f"MATCH (v:{VIEW_LABEL}) RETURN v.key AS key LIMIT 1").single()
    return record["key"] if record is not None and record["key"] else DEFAULT.key


def _check_view(held: str, wanted: str) -> None:
    if held != wanted:
        raise QueryError(f"Neo4j holds the graph in {View.from_key(held).describe()}, not in "
                         f"{View.from_key(wanted).describe()}: push that view first (cnkg neo4j push with the same "
                         "options), or ask with the options the database holds")


def run_neo4j(text: str, params: dict, neo4j, timeout: float | None = None, view: str | None = None) -> tuple:
    """Run *text* with ``$params`` in a read transaction of at most *timeout* seconds; return ``(columns, rows)``.

    With *view* (a :attr:`~china_ai_kg.graph.views.View.key`), the database must hold that view of the graph,
    as a push records it; otherwise the answer would be of another graph, and the query is refused.
    """
    from neo4j import exceptions as nx  # lazy: see connection
    from neo4j import unit_of_work  # lazy: see connection

    driver, database, owned, uri = connection(neo4j)

    @unit_of_work(timeout=timeout or None)
    def work(tx):
        if view is not None:
            _check_view(held_view(tx), view)
        check_plan(tx.run("EXPLAIN " + text, params).consume().plan)
        result = tx.run(text, params)
        keys = list(result.keys())
        return keys, [list(record.values()) for record in result]

    try:
        with driver.session(database=database) as session:
            return session.execute_read(work)
    except nx.CypherSyntaxError as e:
        raise QueryError(f"Cypher syntax error: {e.message}") from e
    except nx.AuthError as e:
        raise ServerError(f"Neo4j at {uri} refused the credentials") from e
    except nx.ServiceUnavailable as e:
        raise ServerError(f"Neo4j at {uri} cannot be reached: {type(e).__name__}") from e
    except nx.ClientError as e:
        if (e.code or "").startswith(_TIMED_OUT):
            raise EngineError(f"query exceeded {timeout:g} s (give a longer --timeout, or --timeout 0 for none)") from e
        raise QueryError(f"Neo4j refused the query: {e.message}") from e
    except nx.Neo4jError as e:
        raise EngineError(f"Neo4j failed to run the query: {e.message}") from e
    finally:
        if owned:
            driver.close()
