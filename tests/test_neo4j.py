"""Pushing to a real Neo4j 5.26: idempotent, provenanced, replace-safe, kill-safe, script parity."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from china_ai_kg.base.errors import ServerError
from china_ai_kg.outputs.neo4j.push import connect, neo4j_rows, push, row_counts
from china_ai_kg.outputs.neo4j.script import cypher_script, split_statements


def dump(driver) -> tuple:
    """Everything in the database, sorted: nodes with labels and properties, then relationships."""
    with driver.session() as s:
        nodes = sorted(
            (r["id"], tuple(sorted(r["labels"])), tuple(sorted((k, repr(v)) for k, v in r["props"].items())))
            for r in s.run("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
        )
        rels = sorted(
            (r["a"], r["t"], r["b"], tuple(sorted((k, repr(v)) for k, v in r["props"].items())))
            for r in s.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props")
        )
    return nodes, rels


def local_counts(kg, schema) -> tuple:
    counts = row_counts(neo4j_rows(kg, schema))
    return counts["nodes"], counts["relationships"]


def test_push_twice_gives_the_same_graph(empty_db, kg, schema):
    first = push(kg, schema, empty_db)
    snapshot = dump(empty_db)
    second = push(kg, schema, empty_db)
    assert first == second == {"nodes": 83, "relationships": 206}
    assert dump(empty_db) == snapshot
    views = [n for n in snapshot[0] if n[1] == ("CnkgView",)]  # the one record of which view the database holds
    assert views == [("view", ("CnkgView",), (("id", "'view'"), ("key", "'as-of=;known-at=;all-claims=false'")))]
    assert (len(snapshot[0]) - 1, len(snapshot[1])) == local_counts(kg, schema)


def test_every_node_and_relationship_carries_provenance(empty_db, kg, schema):
    push(kg, schema, empty_db)
    with empty_db.session() as s:
        missing = s.run("MATCH (n:CnkgNode) WHERE n.type <> 'Source' AND (n.source IS NULL OR n.locator IS NULL) "
                        "RETURN count(n) AS c").single()["c"]
        assert missing == 0
        rels = s.run("MATCH (:Entity)-[r]->(:Entity) WHERE NOT r:SOURCE RETURN count(r) AS all, "
                     "count(r.source) AS src, count(r.locator) AS loc, count(r.status) AS st").single()
        assert rels["all"] == rels["src"] == rels["loc"] == rels["st"] == 35
        linked = s.run("MATCH (n:CnkgNode)-[r:SOURCE]->(src:Source) WHERE src.id = n.source AND r.cnkg "
                       "RETURN count(r) AS c").single()["c"]
        assert linked == sum(1 for _, d in kg.g.nodes(data=True) if d.get("source")) == 75
        row = s.run("MATCH (n:CnkgNode {id: 'alibaba-cloud'}) RETURN labels(n) AS l, n.name_zh_hant AS z").single()
        assert sorted(row["l"]) == ["CloudProvider", "CnkgNode", "Entity", "Organization"]
        assert row["z"] == "阿里雲"
        roles = s.run("MATCH (:PartnerSelection {id: 'sel-apple-china-ai-partner'})-[r:PASSED_OVER]->(e) "
                      "RETURN e.id AS id").values()
        assert roles == [["deepseek"]]


def test_replace_removes_only_what_we_wrote(empty_db, kg, schema, write):
    from china_ai_kg.loaders import load

    old = load([write("old.yaml", """
        sources: [{id: src-o, name: {en: Old}}]
        entities:
          - {id: gone-co, type: Company, name: {en: Gone Co}, source: src-o, locator: x}
          - {id: apple, type: Company, name: {en: Apple}, source: src-o, locator: x}
        facts:
          - {type: PARTNERS_WITH, from: gone-co, to: apple, source: src-o, locator: x, id: old-rel}
        """)], bundled=False, cache=False)
    push(old, schema, empty_db)
    with empty_db.session() as s:
        s.run("CREATE (:Analyst {name: 'mine'})-[:WATCHES]->(:Note {text: 'keep me'})").consume()
        s.run("MATCH (a:CnkgNode {id: 'apple'}) CREATE (:Analyst {name: 'fan'})-[:LIKES]->(a)").consume()
    push(kg, schema, empty_db, replace=True)
    with empty_db.session() as s:
        assert s.run("MATCH (n:CnkgNode {id: 'gone-co'}) RETURN count(n) AS c").single()["c"] == 0
        assert s.run("MATCH ()-[r {id: 'old-rel'}]->() RETURN count(r) AS c").single()["c"] == 0
        assert s.run("MATCH (:Analyst {name: 'mine'})-[:WATCHES]->(:Note {text: 'keep me'}) "
                     "RETURN count(*) AS c").single()["c"] == 1
        assert s.run("MATCH (:Analyst {name: 'fan'})-[:LIKES]->(a:CnkgNode {id: 'apple'}) "
                     "RETURN a.name_zh_hans AS z").single()["z"] == "苹果公司"
        assert s.run("MATCH (n:CnkgNode) RETURN count(n) AS c").single()["c"] == 83


def test_cypher_script_recreates_the_pushed_graph(empty_db, kg, schema):
    push(kg, schema, empty_db)
    pushed = dump(empty_db)
    with empty_db.session() as s:
        s.run("MATCH (n) DETACH DELETE n").consume()
    with empty_db.session() as s:
        for stmt in split_statements(cypher_script(kg, schema)):
            s.run(stmt).consume()
    assert dump(empty_db) == pushed


def test_neo4j_routing_uri_works(neo4j_server, empty_db, kg, schema):
    uri = neo4j_server["uri"].replace("bolt://", "neo4j://")
    driver = connect(uri, neo4j_server["user"], neo4j_server["password"])
    try:
        assert push(kg, schema, driver) == {"nodes": 83, "relationships": 206}
    finally:
        driver.close()


@pytest.mark.parametrize("case", ["password", "unreachable", "database"])
def test_connection_errors_are_clear_and_quick(case, neo4j_server):
    uri, user, password, db = neo4j_server["uri"], neo4j_server["user"], neo4j_server["password"], None
    if case == "password":
        password = "not-the-password"
        expected = f"Neo4j at {uri} refused user 'neo4j': wrong password? (NEO4J_PASSWORD)"
    elif case == "unreachable":
        uri = "bolt://127.0.0.1:9"
        expected = "cannot reach Neo4j at bolt://127.0.0.1:9 (no answer within 5 s): is the server running?"
    else:
        db = "nosuchdb"
        expected = f"Neo4j at {uri} has no database 'nosuchdb'"
    start = time.monotonic()
    with pytest.raises(ServerError) as err:
        connect(uri, user, password, db)
    assert str(err.value) == expected
    assert time.monotonic() - start < 10


def _cnkg(args, env, **kw):
    return subprocess.Popen([sys.executable, "-c", "from china_ai_kg.cli import cli; cli()",
                             *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_cli_push_and_status_never_print_the_password(neo4j_server, empty_db):
    env = {**os.environ, "NEO4J_URI": neo4j_server["uri"], "NEO4J_USERNAME": neo4j_server["user"],
           "NEO4J_PASSWORD": neo4j_server["password"]}
    p = _cnkg(["neo4j", "push"], env)
    out, err = p.communicate(timeout=120)
    assert (p.returncode, out, err) == (0, f"pushed 83 nodes and 206 relationships to {neo4j_server['uri']}\n", "")
    p = _cnkg(["neo4j", "status", "--format", "json"], env)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0 and neo4j_server["password"] not in out + err
    assert '"in_sync": true' in out
    p = _cnkg(["neo4j", "push"], {**env, "NEO4J_PASSWORD": "wrong-password"})
    out, err = p.communicate(timeout=60)
    assert (p.returncode, out) == (1, "")
    assert err == f"Error: Neo4j at {neo4j_server['uri']} refused user 'neo4j': wrong password? (NEO4J_PASSWORD)\n"


def test_push_killed_halfway_then_rerun_ends_with_exactly_the_graph(neo4j_server, empty_db, schema, tmp_path):
    from bench.synth import generate
    from china_ai_kg.loaders import load

    data = generate(6000, tmp_path / "synth.jsonl")
    env = {**os.environ, "NEO4J_URI": neo4j_server["uri"], "NEO4J_USERNAME": neo4j_server["user"],
           "NEO4J_PASSWORD": neo4j_server["password"]}
    args = ["neo4j", "push", "--no-bundled", "--data", str(data), "--batch-size", "50"]
    p = _cnkg(args, env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with empty_db.session() as s:
            written = s.run("MATCH (n:CnkgNode) RETURN count(n) AS c").single()["c"]
        if written >= 100:
            break
        time.sleep(0.02)
    p.send_signal(signal.SIGKILL)
    p.wait()
    kg = load([data], bundled=False, cache=False)
    nodes, rels = local_counts(kg, schema)
    assert 0 < written < nodes, "the push must be caught half-way"
    p = _cnkg(args, env)
    assert p.wait(timeout=300) == 0
    with empty_db.session() as s:
        assert s.run("MATCH (n:CnkgNode) RETURN count(n) AS c").single()["c"] == nodes
        assert s.run("MATCH ()-[r]->() WHERE r.cnkg RETURN count(r) AS c").single()["c"] == rels
        dupes = s.run("MATCH ()-[r]->() WHERE r.id IS NOT NULL WITH r.id AS id, count(*) AS c WHERE c > 1 "
                      "RETURN count(id) AS d").single()["d"]
        assert dupes == 0
    before = dump(empty_db)
    assert push(kg, schema, empty_db, batch_size=100)["nodes"] == nodes
    assert dump(empty_db) == before


def test_a_retried_transaction_duplicates_nothing(empty_db, kg, schema):
    """The driver retries a transaction whose commit it could not confirm; running a batch twice is harmless."""
    from neo4j.exceptions import TransientError

    from china_ai_kg.outputs.neo4j.push import _transactions, node_query, relation_query

    push(kg, schema, empty_db)
    before = dump(empty_db)
    rows = neo4j_rows(kg, schema)
    groups = [(node_query(labels), r) for labels, r in rows["nodes"].items()]
    groups += [(relation_query(t), r) for t, r in rows["relations"].items()]
    attempts = []

    def work(tx, pieces):
        for query, batch in pieces:
            tx.run(query, rows=batch).consume()
        attempts.append(1)
        if len(attempts) == 1:
            raise TransientError("simulated: the commit was not confirmed")

    for pieces in _transactions(groups, 10_000):
        with empty_db.session() as s:
            s.execute_write(work, pieces)
    assert len(attempts) >= 2  # the driver did retry
    assert dump(empty_db) == before
