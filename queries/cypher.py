"""Running Cypher on Neo4j through the official driver, read-only.

Queries run in a read transaction (``session.execute_read``), so the
server itself refuses any write; values travel only as ``$parameters``.
Reading files or URLs from Cypher (``LOAD CSV``, APOC's load/import/export
procedures) is refused before the text is sent, for ad-hoc and pack queries
alike.

The connection is given by the caller, either as an open ``neo4j.Driver``
or as a mapping (or object) with ``uri``, ``user`` (or ``username``),
``password`` and an optional ``database``.  Error messages name the URI, never the password.
"""

from __future__ import annotations

from ..base.errors import EngineError, QueryError, ServerError
from .lexing import cypher_tokens

__all__ = ["check_cypher", "run_neo4j", "connection"]

_REFUSED_PROCEDURES = ("apoc.load", "apoc.import", "apoc.export", "apoc.periodic", "apoc.cypher", "apoc.util")


def check_cypher(text: str) -> None:
    """Refuse Cypher that would read files or URLs."""
    words = cypher_tokens(text, kinds={"word"})
    for a, b in zip(words, words[1:]):
        if a.text.upper() == "LOAD" and b.text.upper() == "CSV":
            raise QueryError(f"LOAD CSV is refused (line {a.line}): queries never read files or URLs")
    for w in words:
        if w.text.lower().startswith(_REFUSED_PROCEDURES):
            raise QueryError(f"procedure {w.text} is refused (line {w.line}): queries never read or write files or URLs")


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


def run_neo4j(text: str, params: dict, neo4j) -> tuple:
    """Run *text* with ``$params`` in a read transaction; return ``(columns, rows)``."""
    check_cypher(text)
    from neo4j import exceptions as nx  # lazy: see connection

    driver, database, owned, uri = connection(neo4j)

    def work(tx):
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
        raise QueryError(f"Neo4j refused the query: {e.message}") from e
    except nx.Neo4jError as e:
        raise EngineError(f"Neo4j failed to run the query: {e.message}") from e
    finally:
        if owned:
            driver.close()
