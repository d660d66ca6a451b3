"""One place to add a type: a relationship type and a class added to a copy of the ontology reach
validation, the RDF mapping, the SHACL shapes, the Neo4j constraints, the legend and styles,
`cnkg show` and (with twin query files) the pack, with no other edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from test_layers import _copy_package

from china_ai_kg.base.errors import QueryError
from china_ai_kg.queries import load_dir

EXTENSION = """
cnkg:VentureFund a owl:Class ;
    rdfs:subClassOf cnkg:Organization ;
    rdfs:label "Venture fund"@en , "风险投资基金"@zh-Hans , "風險投資基金"@zh-Hant ;
    cnkg:color "#123456" ; cnkg:shape "hexagon" .

cnkg:fundsVia a owl:ObjectProperty ;
    cnkg:kind "relation" ;
    rdfs:label "funds via"@en , "投资"@zh-Hans , "投資"@zh-Hant ;
    schema:domainIncludes cnkg:Organization ;
    schema:rangeIncludes cnkg:Organization .

cnkg:stake a owl:DatatypeProperty ;
    rdfs:label "stake"@en , "持股比例"@zh-Hans , "持股比例"@zh-Hant ;
    schema:domainIncludes cnkg:fundsVia ;
    rdfs:range [ a rdfs:Datatype ; owl:onDatatype xsd:decimal ;
                 owl:withRestrictions ( [ xsd:minInclusive 0 ] [ xsd:maxInclusive 1 ] ) ] .
"""

FACTS = """\
sources:
  - {id: src-test, name: A test source, publisher: Test, published: "2025"}
entities:
  - {id: fund-a, type: VentureFund, name: {en: Fund A, zh-Hans: 甲基金}, source: src-test, locator: "¶1"}
facts:
  - {id: rel-fund-a-alibaba, type: FUNDS_VIA, from: fund-a, to: alibaba, stake: 0.1, source: src-test, locator: "¶2"}
"""

HEADER = """\
{m} name: investments
{m} question.en: Who funds via whom, and for what stake?
{m} question.zh: 谁投资了谁，持股多少？
{m} description: One row per investment.
{m} columns: investor, target, stake
"""
SPARQL = """\
PREFIX cnkg: <https://w3id.org/cnkg/ontology#>
SELECT ?investor ?target ?stake WHERE {
  ?s a rdf:Statement ; rdf:predicate cnkg:fundsVia ; rdf:subject/cnkg:id ?investor ;
     rdf:object/cnkg:id ?target ; cnkg:stake ?stake .
}
ORDER BY ?investor ?target
"""
CYPHER = """\
MATCH (a:VentureFund)-[r:FUNDS_VIA]->(b:CnkgNode)
RETURN a.id AS investor, b.id AS target, r.stake AS stake
ORDER BY investor, target
"""

SCRIPT = r"""
import json, sys
from pathlib import Path
from china_ai_kg.loaders import load
from china_ai_kg.loaders.shacl import shacl_violations
from china_ai_kg.ontology import load_schema
from china_ai_kg.graph.rdf import to_rdf
from china_ai_kg.graph.card import entity_card
from china_ai_kg.outputs.neo4j.push import schema_statements
from china_ai_kg.outputs.neo4j.browser_kit import grass
from china_ai_kg.outputs.explorer.payload import payload
from china_ai_kg.base.errors import KGError
from china_ai_kg.queries import load_pack, run_query
from rdflib import URIRef

work = Path(sys.argv[1])
schema = load_schema()
kg = load([work / "facts.yaml"])
out = {"counts": kg.counts()["by_type"].get("FUNDS_VIA"), "class": kg.node("fund-a")["type"]}
errors = {}
for name in ("too-big.yaml", "wrong-relation.yaml"):
    try:
        load([work / name], cache=False)
    except KGError as e:
        errors[name] = str(e).replace(str(work) + "/", "")
out["errors"] = errors
g = to_rdf(kg, schema)
ns, ids = "https://w3id.org/cnkg/ontology#", "https://w3id.org/cnkg/id/"
out["triple"] = (URIRef(ids + "fund-a"), URIRef(ns + "fundsVia"), URIRef(ids + "alibaba")) in g
out["shacl"] = shacl_violations(g, schema)
rid = next(d["id"] for _, _, d in kg.relations() if d["type"] == "DEVELOPS")
g.add((URIRef(ids + rid), URIRef(ns + "stake"), __import__("rdflib").Literal("0.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
out["shacl_scoped"] = [m for _, _, m in shacl_violations(g, schema)]
out["neo4j"] = [s for s in schema_statements(schema) if "funds_via" in s or "venturefund" in s]
style = grass(schema).splitlines()
start = style.index("node.VentureFund {")
out["grass"] = [line.strip() for line in style[start + 1 : style.index("}", start)]]
sub = kg.g.subgraph(["fund-a", "alibaba"])
data = payload(kg, sub, schema, "zh-Hans", frozenset())
out["legend"] = [(i["cls"], i["label"], i["color"]) for i in data["legend"]]
out["edge_labels"] = sorted({e.get("label") for e in data["edges"]})
card = entity_card(kg, schema, "fund-a")
out["card"] = [(r["direction"], r["type"], r["other"]) for r in card["relationships"]]
q = load_pack([work / "pack"])["investments"]
out["rows"] = run_query(q, {}, kg, schema).rows
out["rows_oxigraph"] = run_query(q, {}, kg, schema, engine="oxigraph").rows
from click.testing import CliRunner
from china_ai_kg.cli import cli
shown = CliRunner().invoke(cli, ["show", "fund-a", "--data", str(work / "facts.yaml")])
out["show"] = [shown.exit_code, shown.stdout, shown.stderr]
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def extended(tmp_path_factory):
    root = tmp_path_factory.mktemp("extended")
    pkg = _copy_package(root / "copy")
    ttl = pkg / "ontology" / "cnkg.ttl"
    ttl.write_text(ttl.read_text(encoding="utf-8") + EXTENSION, encoding="utf-8")
    work = root / "work"
    (work / "pack").mkdir(parents=True)
    (work / "facts.yaml").write_text(FACTS, encoding="utf-8")
    (work / "too-big.yaml").write_text(FACTS.replace("stake: 0.1", "stake: 1.5"), encoding="utf-8")
    (work / "wrong-relation.yaml").write_text(
        FACTS.replace("type: FUNDS_VIA, from: fund-a, to: alibaba", "type: DEVELOPS, from: alibaba, to: qwen"),
        encoding="utf-8")
    (work / "pack" / "investments.rq").write_text(HEADER.format(m="#") + SPARQL, encoding="utf-8")
    (work / "pack" / "investments.cypher").write_text(HEADER.format(m="//") + CYPHER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{pkg.parent}", "CNKG_CACHE_DIR": str(root / "cache")}
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(work)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    return {"work": work, "out": out, "show": tuple(out["show"])}


def test_validation_knows_the_new_types(extended):
    out = extended["out"]
    assert (out["counts"], out["class"]) == (1, "VentureFund")
    assert out["errors"] == {
        "too-big.yaml": "too-big.yaml:6: 'stake' must be between 0 and 1",
        "wrong-relation.yaml": "wrong-relation.yaml:6: unknown property 'stake' for DEVELOPS",
    }


def test_rdf_mapping_and_shapes_know_the_new_types(extended):
    out = extended["out"]
    assert out["triple"] is True
    assert out["shacl"] == []
    assert out["shacl_scoped"] == ["'stake' belongs to FUNDS_VIA relationships only"]


def test_neo4j_legend_and_styles_know_the_new_types(extended):
    out = extended["out"]
    assert out["neo4j"] == [
        "CREATE INDEX cnkg_venturefund_name IF NOT EXISTS FOR (n:`VentureFund`) ON (n.name_en)",
        "CREATE INDEX cnkg_rel_funds_via_id IF NOT EXISTS FOR ()-[r:`FUNDS_VIA`]-() ON (r.id)",
    ]
    assert out["grass"] == ["color: #123456;", "border-color: #123456;", "text-color-internal: #FFFFFF;",
                            "diameter: 55px;", "caption: '{name_en}';"]
    assert out["legend"] == [["Company", "公司", "#1f77b4"], ["VentureFund", "风险投资基金", "#123456"]]
    assert out["edge_labels"] == ["投资"]


def test_show_and_the_pack_know_the_new_types(extended):
    out = extended["out"]
    assert out["card"] == [["out", "FUNDS_VIA", "alibaba"]]
    assert out["rows"] == out["rows_oxigraph"] == [["fund-a", "alibaba", 0.1]]
    code, stdout, stderr = extended["show"]
    assert (code, stderr) == (0, "")
    assert "  -> FUNDS_VIA alibaba (Alibaba Group)  [src-test ¶2, reported]\n" in stdout


def test_the_bundled_ontology_refuses_the_new_pack(extended):
    with pytest.raises(QueryError) as err:
        load_dir(extended["work"] / "pack")
    assert str(err.value) == (f"{extended['work'] / 'pack' / 'investments.rq'}:8: unknown ontology term "
                              "cnkg:fundsVia")


def test_facts_file_fixture_is_valid_yaml():
    import yaml

    assert yaml.safe_load(textwrap.dedent(FACTS))["facts"][0]["stake"] == 0.1
