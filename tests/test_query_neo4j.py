"""The Cypher twins on a real Neo4j 5 give exactly the rows of the SPARQL twins.

The bundled graph is pushed with :func:`china_ai_kg.outputs.neo4j.push.push`
(the documented mapping) into the session's Neo4j (see ``conftest.py``),
every pack query runs on the ``neo4j`` engine with its defaults and with
the parameter variations of ``test_queries.py``, and the rows must equal
the ``rdflib`` rows cell for cell.  Every Cypher twin must also run without
a deprecation warning from the server.
"""

from __future__ import annotations

import pytest
from test_map import NEW_QUESTIONS as MAP_QUESTIONS
from test_queries import VARIATIONS

from china_ai_kg.base.errors import QueryError
from china_ai_kg.graph.aliases import resolver_for
from china_ai_kg.queries import load_pack, run_cypher_text, run_query
from china_ai_kg.queries.params import coerce_params

from conftest import pushed

PACK = load_pack()


@pytest.fixture(scope="module")
def graph_db(neo4j_driver, kg, schema):
    return pushed(neo4j_driver, kg, schema)


@pytest.mark.parametrize("name", sorted(PACK))
def test_cypher_twin_gives_the_sparql_rows(name, kg, graph_db):
    query = PACK[name]
    expected = run_query(query, {}, kg, engine="rdflib")
    got = run_query(query, {}, kg, engine="neo4j", neo4j=graph_db)
    assert (got.columns, got.rows) == (expected.columns, expected.rows)
    # the questions of the ecosystem map answer nothing on the article graph; test_map_neo4j runs them on the map
    assert got.rows or name in MAP_QUESTIONS, f"{name} answers nothing on the bundled data"


@pytest.mark.parametrize("name, params", VARIATIONS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(VARIATIONS)])
def test_cypher_twin_with_parameters(name, params, kg, graph_db):
    query = PACK[name]
    expected = run_query(query, params, kg, engine="rdflib")
    got = run_query(query, params, kg, engine="neo4j", neo4j=graph_db)
    assert (got.columns, got.rows) == (expected.columns, expected.rows)


@pytest.mark.parametrize("name", sorted(PACK))
def test_cypher_twin_uses_no_deprecated_syntax(name, kg, graph_db):
    query = PACK[name]
    values = coerce_params(query, {}, resolver_for(kg))
    with graph_db.session() as s:
        summary = s.run(query.cypher, values).consume()
    # a label, relationship type or property the article graph never uses (01N50-01N52) is no deprecation: the
    # map's questions name the map's types, and a fresh server has not seen them yet
    notes = [f"{st.gql_status}: {st.status_description}" for st in summary.gql_status_objects
             if st.is_notification and st.gql_status not in ("01N50", "01N51", "01N52")]
    assert notes == []


def test_aliases_in_any_script_resolve_on_neo4j(kg, graph_db):
    query = PACK["apple-china-partner-selection"]
    answers = [run_query(query, {"company": v}, kg, engine="neo4j", neo4j=graph_db).rows for v in ("蘋果", "苹果", "Apple")]
    assert answers[0] == answers[1] == answers[2]
    assert [r[3:5] for r in answers[0]] == [
        ["alibaba", "chosen"], ["baidu", "considered"], ["bytedance", "considered"],
        ["deepseek", "passed_over"], ["tencent", "considered"],
    ]


def test_injection_through_a_parameter_is_just_a_value(kg, graph_db):
    query = PACK["facts-from-source"]
    with pytest.raises(QueryError, match="unknown entity"):
        run_query(query, {"source": "x'}) MATCH (n) DETACH DELETE n //"}, kg, engine="neo4j", neo4j=graph_db)
    query = PACK["capex-ranking"]
    result = run_query(query, {"period": "2025' OR 1=1 //"}, kg, engine="neo4j", neo4j=graph_db)
    assert result.rows == []
    with graph_db.session() as s:
        assert s.run("MATCH (n:CnkgNode) RETURN count(n) AS c").single()["c"] == 83


def test_adhoc_cypher_is_read_only(graph_db):
    result = run_cypher_text("MATCH (n:Company) RETURN n.id AS id ORDER BY id LIMIT 2", graph_db)
    assert (result.query, result.engine, result.columns, result.rows) == (None, "neo4j", ["id"], [["alibaba"], ["amazon"]])
    with pytest.raises(QueryError, match="Neo4j refused the query"):
        run_cypher_text("CREATE (:Company {id: 'x'})", graph_db)
    with pytest.raises(QueryError, match="LOAD CSV is refused"):
        run_cypher_text("LOAD CSV FROM 'http://example.org/x.csv' AS row RETURN row", graph_db)
    with graph_db.session() as s:
        assert s.run("MATCH (n:Company {id: 'x'}) RETURN count(n) AS c").single()["c"] == 0


def test_adhoc_cypher_takes_parameters(graph_db):
    result = run_cypher_text("MATCH (n:CnkgNode {id: $id}) RETURN n.name_zh_hant AS name", graph_db, {"id": "alibaba"})
    assert result.rows == [["阿里巴巴集團"]]


def _bypasses(url):
    return [
        f"RETURN 1 AS x // c\rUNION LOAD CSV FROM '{url}/x.csv' AS row RETURN row[0] AS x",  # a bare CR ends `//`
        f"RETURN 1 AS x /* c */ UNION LOAD CSV FROM '{url}/y.csv' AS row RETURN row[0] AS x",
        f"CALL {{ LOAD CSV FROM '{url}/z.csv' AS row RETURN row[0] AS x }} RETURN x",
    ]


@pytest.mark.parametrize("case", range(3))
def test_load_csv_is_refused_by_neo4j_own_plan(graph_db, trap_server, case):
    with pytest.raises(QueryError) as err:
        run_cypher_text(_bypasses(trap_server["url"])[case], graph_db)
    assert str(err.value) == "LOAD CSV is refused: queries never read files or URLs"
    assert trap_server["requests"] == []


def test_load_csv_in_a_pack_query_is_refused(graph_db, trap_server, tmp_path, kg):
    from china_ai_kg.queries import load_dir

    header = "# name: csv\n# question.en: CSV?\n# question.zh: CSV？\n# description: x\n# columns: x\n"
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "csv.rq").write_text(header + "SELECT ?x WHERE { BIND(1 AS ?x) } ORDER BY ?x\n", encoding="utf-8")
    cypher = header.replace("# ", "// ") + _bypasses(trap_server["url"])[0] + "\n"
    (pack / "csv.cypher").write_text(cypher, encoding="utf-8", newline="")
    (q,) = load_dir(pack)
    with pytest.raises(QueryError, match="LOAD CSV is refused"):
        run_query(q, {}, kg, engine="neo4j", neo4j=graph_db)
    assert trap_server["requests"] == []


def test_neo4j_queries_have_a_time_limit(graph_db):
    import time

    from china_ai_kg.base.errors import EngineError

    start = time.perf_counter()
    with pytest.raises(EngineError) as err:
        run_cypher_text("UNWIND range(1, 1000000000) AS i WITH i WHERE i % 7 = 3 RETURN count(*) AS n", graph_db, timeout=1)
    assert str(err.value) == "query exceeded 1 s (give a longer --timeout, or --timeout 0 for none)"
    assert time.perf_counter() - start < 10
