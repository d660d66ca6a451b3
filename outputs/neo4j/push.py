"""Pushing the graph into Neo4j: constraints first, then batched MERGEs.

The Neo4j form (:mod:`china_ai_kg.graph.neo4j_form`) mirrors the property
graph exactly:

* every node carries the label ``CnkgNode`` (the mark of what this tool
  wrote, and the target of the uniqueness constraint on ``id``) plus its
  class and the class's ancestors (``:Company:Organization:Entity``; n-ary
  facts ``:PartnerSelection:Fact``);
* properties are the graph's own (``aliases`` a list); ``source`` is the id
  of the Source node;
* binary relationships are typed edges keyed by their fact ``id``; role
  edges go from the fact to the participant; every edge carries
  ``cnkg: true``, the mark that ``--replace`` looks for.

Labels and relationship types come only from the ontology and pass through
:func:`quote_name`; every value is a ``$parameter``.  Writes are
``UNWIND $rows AS row MERGE ...`` in managed transactions, so a retried or
repeated batch changes nothing: pushing twice, or again after a push that
was killed half-way, ends with exactly the graph.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ...base.batching import batched
from ...base.errors import ServerError
from ...graph.model import KnowledgeGraph, stored
from ...graph.neo4j_form import EDGE_MARK, MARK, VIEW_LABEL, node_labels
from ...graph.views import view_key
from ...queries.cypher import held_view

__all__ = [
    "quote_name",
    "schema_statements",
    "neo4j_rows",
    "row_counts",
    "connect",
    "push",
    "status",
    "sync_report",
    "ensure_schema",
    "replace_previous",
    "write_groups",
    "node_query",
    "relation_query",
    "role_query",
]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote_name(name: str) -> str:
    """Backtick-quote a label or relationship type; refuse anything unusual."""
    if not _NAME.match(name):
        raise ServerError(f"refusing label or type {name!r}")
    return f"`{name}`"


def schema_statements(schema) -> list:
    """Constraints and indexes derived from the ontology, idempotent (IF NOT EXISTS)."""
    out = [f"CREATE CONSTRAINT cnkg_node_id IF NOT EXISTS FOR (n:{quote_name(MARK)}) REQUIRE n.id IS UNIQUE"]
    for cls in sorted(schema.entity_classes):
        out.append(f"CREATE INDEX cnkg_{cls.lower()}_name IF NOT EXISTS FOR (n:{quote_name(cls)}) ON (n.name_en)")
    for rel in sorted(schema.relations):
        out.append(f"CREATE INDEX cnkg_rel_{rel.lower()}_id IF NOT EXISTS FOR ()-[r:{quote_name(rel)}]-() ON (r.id)")
    return out


def _plain(d: dict) -> dict:
    out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}
    if "merged_from" in out:  # (old id, source, locator) triples; Neo4j keeps the old ids, a list of strings
        out["merged_from"] = [m[0] for m in out["merged_from"]]
    return out


def neo4j_rows(kg: KnowledgeGraph, schema) -> dict:
    """Rows to write, grouped so that each group has one query text.

    Returns ``{"nodes": {labels: [row]}, "relations": {type: [row]}, "roles": {type: [row]}}``.  Besides the
    n-ary roles, ``roles`` holds the ``SOURCE`` edges from every entity and fact to its Source node, so
    that Neo4j can follow provenance as a relationship (the ``source`` property stays too).
    """
    nodes = defaultdict(list)
    roles = defaultdict(list)
    source_type = schema.links["source"].graph_name
    for nid, d in sorted(kg.g.nodes(data=True)):
        nodes[node_labels(schema, d["type"])].append({"id": nid, "props": {"id": nid, **_plain(stored(d))}})
        if d.get("source"):
            roles[source_type].append({"f": nid, "e": d["source"]})
    relations = defaultdict(list)
    for u, v, _key, d in sorted(kg.g.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])):
        if d["kind"] == "relation":
            props = {k: v for k, v in stored(d).items() if k != "type"}  # the type is the relationship's own
            relations[d["type"]].append({"u": u, "v": v, "id": d["id"], "props": _plain(props)})
        else:
            roles[d["type"]].append({"f": u, "e": v})
    return {"nodes": dict(sorted(nodes.items())), "relations": dict(sorted(relations.items())),
            "roles": dict(sorted(roles.items()))}


def row_counts(rows: dict) -> dict:
    """Numbers of nodes and relationships (binary, role and SOURCE edges) in :func:`neo4j_rows` output."""
    return {
        "nodes": sum(len(r) for r in rows["nodes"].values()),
        "relationships": sum(len(r) for r in rows["relations"].values()) + sum(len(r) for r in rows["roles"].values()),
    }


def write_groups(rows: dict) -> list:
    """``(query, rows)`` pairs in write order: nodes first, then relationships, then roles."""
    groups = [(node_query(labels), r) for labels, r in rows["nodes"].items()]
    groups += [(relation_query(t), r) for t, r in rows["relations"].items()]
    groups += [(role_query(t), r) for t, r in rows["roles"].items()]
    return groups


def node_query(labels) -> str:
    extra = "".join(f":{quote_name(label)}" for label in labels)
    return (f"UNWIND $rows AS row MERGE (n:{quote_name(MARK)} {{id: row.id}}) "
            f"ON CREATE SET n{extra}, n = row.props ON MATCH SET n{extra}, n += row.props")


def relation_query(rel: str) -> str:
    mark = quote_name(MARK)
    return (
        f"UNWIND $rows AS row MATCH (a:{mark} {{id: row.u}}) MATCH (b:{mark} {{id: row.v}}) "
        f"MERGE (a)-[r:{quote_name(rel)} {{id: row.id}}]->(b) SET r += row.props SET r.{EDGE_MARK} = true"
    )


def role_query(role: str) -> str:
    mark = quote_name(MARK)
    return (
        f"UNWIND $rows AS row MATCH (f:{mark} {{id: row.f}}) MATCH (e:{mark} {{id: row.e}}) "
        f"MERGE (f)-[r:{quote_name(role)}]->(e) SET r.{EDGE_MARK} = true"
    )


def view_query() -> str:
    """Record which view of the graph the database holds (``$key``), in the one :data:`VIEW_LABEL` node."""
    return f"MERGE (v:{quote_name(VIEW_LABEL)} {{id: 'view'}}) SET v.key = $key"


def connect(uri: str, user: str, password: str, database: str | None = None, timeout: float = 5.0):
    """Open a driver and check that the server and the database answer.

    Unreachable servers, bad credentials and missing databases become one
    clear :class:`Neo4jError` within a few seconds.
    """
    import neo4j  # lazy: the driver costs ~200 ms, and only Neo4j commands need it
    from neo4j import exceptions as ne

    if not password:
        raise ServerError("no Neo4j password: set NEO4J_PASSWORD")
    try:
        driver = neo4j.GraphDatabase.driver(
            uri, auth=(user, password), connection_timeout=timeout, connection_acquisition_timeout=timeout * 2,
            max_transaction_retry_time=15.0, user_agent="china-ai-kg",
        )
    except (ValueError, ne.ConfigurationError) as e:
        raise ServerError(f"bad Neo4j URI {uri!r}: {e}") from e
    try:
        driver.verify_connectivity()
        with driver.session(database=database) as session:
            session.run("RETURN 1").consume()
    except ne.AuthError as e:
        driver.close()
        raise ServerError(f"Neo4j at {uri} refused user '{user}': wrong password? (NEO4J_PASSWORD)") from e
    except (ne.ServiceUnavailable, ne.SessionExpired, OSError) as e:
        driver.close()
        raise ServerError(f"cannot reach Neo4j at {uri} (no answer within {timeout:g} s): is the server running?") from e
    except ne.ClientError as e:
        driver.close()
        if "DatabaseNotFound" in (e.code or ""):
            raise ServerError(f"Neo4j at {uri} has no database '{database}'") from e
        raise ServerError(f"Neo4j at {uri}: {_first_line(e)}") from e
    return driver


def _first_line(e) -> str:
    text = str(getattr(e, "message", None) or e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _transactions(groups, size):
    """Pack ``(query, rows)`` groups into transactions of about *size* rows each.

    A small graph goes in one transaction; a large one in many, each still
    idempotent, so a retry or a re-run never duplicates anything.
    """
    tx, count = [], 0
    for query, rows in groups:
        for chunk in batched(rows, size):
            if count and count + len(chunk) > size:
                yield tx
                tx, count = [], 0
            tx.append((query, chunk))
            count += len(chunk)
    if tx:
        yield tx


def _write(driver, database, pieces):
    def work(tx):
        for query, rows in pieces:
            tx.run(query, rows=rows).consume()

    with driver.session(database=database) as session:
        session.execute_write(work)


def ensure_schema(driver, schema, database=None) -> int:
    """Create the missing constraints and indexes; return how many were created."""
    wanted = schema_statements(schema)
    with driver.session(database=database) as session:
        have = {r["name"] for r in session.run("SHOW INDEXES YIELD name RETURN name")}
        have |= {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name RETURN name")}
        missing = [stmt for stmt in wanted if stmt.split()[2] not in have]
        for stmt in missing:
            session.run(stmt).consume()
    return len(missing)


def remove_stale(driver, rows: dict, database=None) -> dict:
    """Delete what this tool wrote before and the graph no longer has (by id): relationships, role edges,
    then nodes that nothing else points at.  What is still in the graph is not touched."""
    mark = quote_name(MARK)
    nodes = {r["id"] for group in rows["nodes"].values() for r in group}
    rels = {r["id"] for group in rows["relations"].values() for r in group}
    roles = {(t, r["f"], r["e"]) for t, group in rows["roles"].items() for r in group}
    with driver.session(database=database) as session:
        held_rels = [r["id"] for r in session.run(
            f"MATCH (:{mark})-[r]->(:{mark}) WHERE r.{EDGE_MARK} = true AND r.id IS NOT NULL RETURN r.id AS id")]
        held_roles = [(r["t"], r["f"], r["e"]) for r in session.run(
            f"MATCH (f:{mark})-[r]->(e:{mark}) WHERE r.{EDGE_MARK} = true AND r.id IS NULL "
            "RETURN type(r) AS t, f.id AS f, e.id AS e")]
        held_nodes = [r["id"] for r in session.run(f"MATCH (n:{mark}) RETURN n.id AS id")]
        stale_rels = sorted(set(held_rels) - rels)
        stale_roles = sorted(set(held_roles) - roles)
        stale_nodes = sorted(set(held_nodes) - nodes)
        if stale_rels:
            session.run(f"UNWIND $ids AS x MATCH (:{mark})-[r {{id: x}}]->(:{mark}) WHERE r.{EDGE_MARK} = true DELETE r",
                        ids=stale_rels).consume()
        for t in sorted({t for t, _, _ in stale_roles}):
            pairs = [{"f": f, "e": e} for tt, f, e in stale_roles if tt == t]
            session.run(f"UNWIND $pairs AS p MATCH (:{mark} {{id: p.f}})-[r:{quote_name(t)}]->(:{mark} {{id: p.e}}) "
                        f"WHERE r.{EDGE_MARK} = true DELETE r", pairs=pairs).consume()
        if stale_nodes:
            session.run(f"UNWIND $ids AS x MATCH (n:{mark} {{id: x}}) OPTIONAL MATCH (n)-[r]-() WHERE r.{EDGE_MARK} = true "
                        "DELETE r", ids=stale_nodes).consume()
            session.run(f"UNWIND $ids AS x MATCH (n:{mark} {{id: x}}) WHERE NOT EXISTS {{ (n)--() }} DELETE n",
                        ids=stale_nodes).consume()
    return {"nodes": len(stale_nodes), "relationships": len(stale_rels) + len(stale_roles)}


def replace_previous(driver, database=None) -> None:
    """Delete what this tool wrote before, and nothing else.

    Our relationships carry ``cnkg: true``; our nodes the ``CnkgNode``
    label.  A node of ours that someone else's relationship still points
    at is kept (the push MERGEs onto it again), so foreign data survives.
    """
    mark = quote_name(MARK)
    with driver.session(database=database) as session:
        # CALL ... IN TRANSACTIONS needs an implicit transaction: large graphs delete in chunks
        session.run(f"MATCH (:{mark})-[r]->(:{mark}) WHERE r.{EDGE_MARK} = true "
                    "CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run(f"MATCH (n:{mark}) WHERE NOT EXISTS {{ (n)--() }} "
                    "CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def push(kg: KnowledgeGraph, schema, driver, database=None, *, batch_size: int = 5000, replace: bool = False,
         progress=None) -> dict:
    """Write *kg* to Neo4j; return the counts written.

    *progress*, if given, is called with the number of rows done after each
    batch (the CLI draws a progress bar from it).  ``batch_size=1`` writes
    one MERGE per transaction (the benchmark's baseline).
    """
    from neo4j import exceptions as ne  # lazy: see connect

    rows = neo4j_rows(kg, schema)
    key = view_key(kg)
    try:
        ensure_schema(driver, schema, database)
        with driver.session(database=database) as session:
            held = session.execute_read(held_view)
        replaced = replace or held != key
        if replaced:  # another view of the graph: what it holds beyond this one must go
            replace_previous(driver, database)
        for pieces in _transactions(write_groups(rows), batch_size):
            _write(driver, database, pieces)
            if progress is not None:
                progress(sum(len(r) for _, r in pieces))
        if not replaced:  # the same view of changed data (a retracted source, a re-import): drop what is gone
            remove_stale(driver, rows, database)
        with driver.session(database=database) as session:
            session.execute_write(lambda tx: tx.run(view_query(), key=key).consume())
    except ne.Neo4jError as e:
        raise ServerError(f"Neo4j refused the push: {_first_line(e)}") from e
    except (ne.ServiceUnavailable, ne.SessionExpired) as e:
        raise ServerError(f"lost the connection to Neo4j: {_first_line(e)}") from e
    return row_counts(rows)


def status(driver, database=None) -> dict:
    """Server version, the counts of this tool's nodes and relationships, and the view of the graph it holds."""
    mark = quote_name(MARK)
    with driver.session(database=database) as session:
        view = session.execute_read(held_view)
        comp = session.run("CALL dbms.components() YIELD name, versions, edition "
                           "RETURN name, versions[0] AS version, edition").single()
        nodes = session.run(f"MATCH (n:{mark}) RETURN count(n) AS c").single()["c"]
        rels = session.run(f"MATCH (:{mark})-[r]->(:{mark}) WHERE r.{EDGE_MARK} = true RETURN count(r) AS c").single()["c"]
    return {"version": comp["version"], "edition": comp["edition"], "nodes": nodes, "relationships": rels, "view": view}


def sync_report(kg: KnowledgeGraph, schema, driver, uri: str, database=None) -> dict:
    """Is the server's copy the local build? Version, and node and relationship counts on both sides."""
    local = {**row_counts(neo4j_rows(kg, schema)), "view": view_key(kg)}
    remote = status(driver, database)
    server = {"nodes": remote["nodes"], "relationships": remote["relationships"], "view": remote["view"]}
    return {"uri": uri, "reachable": True, "version": remote["version"], "edition": remote["edition"],
            "server": server, "local": local, "in_sync": server == local}
