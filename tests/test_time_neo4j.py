"""Views of the graph on a real Neo4j: each view pushed, then the Cypher twins give the expected rows.

The expectations are those of ``test_time.py`` (rdflib and oxigraph); here the database holds the view
that a push wrote, and a query asked of another view is refused rather than answered from the wrong graph.
"""

from __future__ import annotations

import pytest
from test_time import ANSWERS, FIXTURE, PACK

from china_ai_kg.base.errors import QueryError
from china_ai_kg.graph.views import View, view_of
from china_ai_kg.loaders import load
from china_ai_kg.outputs.neo4j.push import push, status
from china_ai_kg.queries import run_query

SPECS = sorted({spec for _, _, spec, _ in ANSWERS}, key=lambda v: v.key)


@pytest.fixture(scope="module")
def fixture_graph():
    return load([FIXTURE], bundled=False)


@pytest.mark.parametrize("spec", SPECS, ids=[s.describe() for s in SPECS])
def test_each_pushed_view_answers_as_the_embedded_engines(neo4j_driver, fixture_graph, schema, spec):
    seen = view_of(fixture_graph, schema, spec)
    push(seen, schema, neo4j_driver)
    assert status(neo4j_driver)["view"] == spec.key
    for name, params, wanted, rows in ANSWERS:
        if wanted == spec:
            assert run_query(PACK[name], params, seen, schema, "neo4j", neo4j_driver).rows == rows, (name, params)


def test_a_query_of_another_view_is_refused(neo4j_driver, fixture_graph, schema):
    push(view_of(fixture_graph, schema, View(as_of="2024-07")), schema, neo4j_driver)
    with pytest.raises(QueryError, match=r"Neo4j holds the graph in --as-of 2024-07, not in the default view"):
        run_query(PACK["people"], {}, view_of(fixture_graph, schema), schema, "neo4j", neo4j_driver)
    seen = view_of(fixture_graph, schema, View(as_of="2024-07"))
    with neo4j_driver.session() as s:  # a push of another view replaced the previous one: nothing else is left
        nodes = sorted(r["id"] for r in s.run("MATCH (n:CnkgNode) RETURN n.id AS id"))
        rels = sorted(r["id"] for r in s.run("MATCH (:CnkgNode)-[r]->(:CnkgNode) WHERE r.id IS NOT NULL RETURN r.id AS id"))
    assert nodes == sorted(seen.g) and rels == sorted(d["id"] for _, _, d in seen.relations())
    assert "r-alice" not in rels and "r-bob" in rels


def test_the_command_line_pushes_and_asks_a_view(neo4j_server, cli, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server["password"])
    base = ["--no-bundled", "--data", str(FIXTURE), "--uri", neo4j_server["uri"], "--user", neo4j_server["user"]]
    code, _, _ = cli("neo4j", "push", *base, "--known-at", "2024-06")
    assert code == 0
    code, out, _ = cli("query", "run", "financial-figures", "-p", "metric=capex", "--engine", "neo4j", *base,
                       "--known-at", "2024-06", "--format", "csv")
    assert (code, out.splitlines()[1].split(",")[:2]) == (0, ["fig-capex-ledger", "ex-labs"])
    code, out, err = cli("query", "run", "financial-figures", "--engine", "neo4j", *base)
    assert code == 1 and err.startswith("Error: Neo4j holds the graph in --known-at 2024-06, not in the default view")
    code, out, _ = cli("neo4j", "status", *base, "--known-at", "2024-06", "--format", "json")
    assert code == 0 and '"in_sync": true' in out
