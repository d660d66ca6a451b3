"""The whole pack on the ecosystem map, on a real Neo4j: every Cypher twin gives the rows of its SPARQL twin."""

from __future__ import annotations

import pytest
from test_map import NEW_QUESTIONS

from china_ai_kg.queries import load_pack, run_query

from conftest import pushed

PACK = load_pack()


@pytest.fixture(scope="module")
def map_db(neo4j_driver, map_kg, schema):
    return pushed(neo4j_driver, map_kg, schema)


@pytest.mark.parametrize("name", sorted(PACK))
def test_every_question_gives_the_sparql_rows_on_the_map(name, map_kg, map_db):
    expected = run_query(PACK[name], {}, map_kg, engine="rdflib")
    got = run_query(PACK[name], {}, map_kg, engine="neo4j", neo4j=map_db)
    assert (got.columns, got.rows) == (expected.columns, expected.rows)
    if name in NEW_QUESTIONS:
        assert got.rows, f"{name} answers nothing on the map"


@pytest.mark.parametrize("name, params", [
    ("funding-rounds", {"party": "moonshot-ai"}), ("funding-rounds", {"party": "hongshan"}),
    ("company-footprint", {"company": "huawei"}), ("company-footprint", {"company": "zhipu-ai"}),
    ("name-search", {"text": "Ascend"}), ("name-search", {"text": "智谱"}),
])
def test_map_questions_with_parameters(name, params, map_kg, map_db):
    expected = run_query(PACK[name], params, map_kg, engine="rdflib")
    got = run_query(PACK[name], params, map_kg, engine="neo4j", neo4j=map_db)
    assert got.rows and (got.columns, got.rows) == (expected.columns, expected.rows)
