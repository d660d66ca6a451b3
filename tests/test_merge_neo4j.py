"""A merged id keeps resolving on Neo4j: pack parameters naming the old id answer about the merged entity."""

from __future__ import annotations

import pytest
from test_merge import DUPLICATE, MERGE

from china_ai_kg.loaders import load
from china_ai_kg.queries import load_pack, run_query

from conftest import pushed

PACK = load_pack()


@pytest.fixture(scope="module")
def merged_db(neo4j_driver, schema, tmp_path_factory):
    path = tmp_path_factory.mktemp("merge") / "m.yaml"
    path.write_text(DUPLICATE + MERGE, encoding="utf-8")
    kg = load([path], cache=False)
    return kg, pushed(neo4j_driver, kg, schema)


@pytest.mark.parametrize("name, params", [
    ("entity-profile", {"entity": "deep-seek-ai"}), ("entity-profile", {"entity": "DSK"}),
    ("company-footprint", {"company": "deep-seek-ai"}),
])
def test_the_old_id_answers_about_the_merged_entity(merged_db, name, params):
    kg, driver = merged_db
    expected = run_query(PACK[name], params, kg, engine="rdflib")
    got = run_query(PACK[name], params, kg, engine="neo4j", neo4j=driver)
    assert got.rows and (got.columns, got.rows) == (expected.columns, expected.rows)
    assert ("investor", "alibaba") in {(r[0], r[1]) for r in got.rows} or name != "company-footprint"


def test_a_push_after_a_retraction_removes_only_what_the_source_alone_supported(neo4j_driver, kg, schema, tmp_path):
    from test_retract import RETRACT_ARTICLE

    from china_ai_kg.outputs.neo4j.push import push

    push(kg, schema, neo4j_driver, replace=True)
    path = tmp_path / "r.yaml"
    path.write_text(RETRACT_ARTICLE, encoding="utf-8")
    after = load([path], cache=False)
    with neo4j_driver.session() as s:
        before_ids = {r["id"] for r in s.run("MATCH (n:CnkgNode) RETURN n.id AS id")}
        kept = {r["id"]: r["p"] for r in s.run("MATCH (n:CnkgNode) RETURN n.id AS id, properties(n) AS p")}
    push(after, schema, neo4j_driver)
    with neo4j_driver.session() as s:
        ids = {r["id"] for r in s.run("MATCH (n:CnkgNode) RETURN n.id AS id")}
        rels = s.run("MATCH (:CnkgNode)-[r]->(:CnkgNode) WHERE r.cnkg AND r.id IS NOT NULL RETURN count(r) AS c").single()["c"]
        survivor = s.run("MATCH (n:CnkgNode {id: 'alibaba'}) RETURN properties(n) AS p").single()["p"]
    assert ids == set(after.g.nodes) and ids < before_ids
    assert before_ids - ids >= {"shen-siqi", "tim-cook", "sel-apple-china-ai-partner"}
    assert rels == after.counts()["relationships"]
    assert survivor == kept["alibaba"]  # what stays is not rewritten differently
