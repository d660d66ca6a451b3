"""The ecosystem map: the bundled topic files together with the article graph, at the size and with the
provenance the map promises, and the pack's new questions answering on it."""

from __future__ import annotations

import json

import pytest

from china_ai_kg.graph.coverage import coverage, source_kind
from china_ai_kg.graph.rdf import to_rdf
from china_ai_kg.loaders.shacl import shacl_violations
from china_ai_kg.queries import load_pack, run_query

PACK = load_pack()
NEW_QUESTIONS = ["chips-and-makers", "company-footprint", "export-control-listings", "funding-rounds",
                 "model-release-events", "name-search", "open-weight-models"]


def _of(kg, schema, root):
    return [n for n, d in kg.g.nodes(data=True) if schema.is_a(d["type"], root)]


def test_the_map_holds_what_it_promises(map_kg, schema):
    kg = map_kg
    totals = coverage(kg, schema)["totals"]
    assert totals["entities"] >= 400
    assert totals["facts"] + totals["relationships"] >= 1500
    assert totals["sources cited"] >= 80
    chinese = {a for a, b, d in kg.g.edges(data=True) if d["type"] == "BASED_IN" and b in ("china", "hong-kong")}
    assert len(chinese & set(_of(kg, schema, "Organization"))) >= 40
    dated_models = [n for n in _of(kg, schema, "ModelRelease") if kg.g.nodes[n].get("releaseDate")]
    assert len(dated_models) >= 120
    assert len(_of(kg, schema, "Chip")) >= 12
    assert len(_of(kg, schema, "CloudProvider")) >= 10
    invests = sum(1 for _, _, d in kg.g.edges(data=True) if d["type"] == "INVESTS_IN")
    assert len(_of(kg, schema, "FundingRound")) + invests >= 40
    assert len(_of(kg, schema, "Partnership")) >= 25
    rules = [n for n in _of(kg, schema, "Event") if kg.g.nodes[n]["eventKind"] in ("regulation", "export_rule")]
    assert len(_of(kg, schema, "ExportControl")) + len(_of(kg, schema, "ModelFiling")) + len(rules) >= 15


def test_every_statement_of_the_map_has_a_source_and_a_locator(map_kg):
    g = map_kg.g
    missing = [n for n, d in g.nodes(data=True) if d["type"] != "Source" and not (d.get("source") and d.get("locator"))]
    missing += [(a, b, d["type"]) for a, b, d in g.edges(data=True)
                if d["kind"] == "relation" and not (d.get("source") and d.get("locator"))]
    # the article graph's own entities are described by the article as a whole (no locator on a few of them)
    assert [m for m in missing if not isinstance(m, str) or g.nodes[m].get("source") != "src-article-000"
            and g.nodes[m].get("source")] == []


def test_every_source_of_the_map_has_a_publisher_and_a_url_or_is_the_article(map_kg):
    bad = [n for n, d in map_kg.g.nodes(data=True) if d["type"] == "Source" and n != "src-article-000"
           and not (d.get("url") and d.get("publisher") and d.get("retrieved"))]
    assert bad == []


def test_nothing_in_the_map_comes_from_the_link_bait_tail(map_kg):
    import re

    def paragraphs(locator):
        return {int(x) for x in re.findall(r"¶(\d+)", str(locator or ""))}

    g = map_kg.g
    cited = [paragraphs(d.get("locator")) for _, d in g.nodes(data=True) if d.get("source") == "src-article-000"]
    cited += [paragraphs(d.get("locator")) for _, _, d in g.edges(data=True) if d.get("source") == "src-article-000"]
    assert cited and max(max(p) for p in cited if p) <= 47


@pytest.mark.parametrize("name", NEW_QUESTIONS)
def test_the_new_questions_answer_on_the_map_alike_on_both_embedded_engines(name, map_kg, schema):
    a = run_query(PACK[name], {}, map_kg, schema, engine="rdflib")
    b = run_query(PACK[name], {}, map_kg, schema, engine="oxigraph")
    assert a.rows and a.rows == b.rows


def test_funding_chips_and_listings_answer_with_what_the_sources_say(map_kg, schema):
    rounds = run_query(PACK["funding-rounds"], {"party": "Moonshot AI"}, map_kg, schema)
    assert {r[2] for r in rounds.rows} == {"moonshot-ai"}
    assert any("alibaba" in r[3] for r in rounds.rows)
    chips = {r[0]: r for r in run_query(PACK["chips-and-makers"], {}, map_kg, schema).rows}
    assert "huawei" in chips["ascend-910c"][2] or "hisilicon" in chips["ascend-910c"][2]
    assert "deepseek-v3" in chips["nvidia-h800"][4]
    listed = {(r[1], r[2]) for r in run_query(PACK["export-control-listings"], {}, map_kg, schema).rows}
    assert {("huawei", "entity_list"), ("smic", "entity_list"), ("zhipu-ai", "entity_list")} <= listed
    footprint = {(r[0], r[1]) for r in run_query(PACK["company-footprint"], {"company": "月之暗面"}, map_kg, schema).rows}
    assert ("investor", "alibaba") in footprint and ("model_or_product", "kimi-k2-instruct") in footprint


def test_name_search_finds_names_aliases_and_descriptions(kg, schema):
    rows = run_query(PACK["name-search"], {"text": "通义"}, kg, schema).rows
    assert [(r[0], r[3]) for r in rows] == [("qwen", ["alias", "name"]), ("qwen2.5-max", ["alias", "name"]),
                                            ("src-article-000", ["name"]), ("src-wikipedia-qwen", ["name"])]
    assert run_query(PACK["name-search"], {"text": "QWEN2.5-max"}, kg, schema).rows[0][:3] == \
        ["qwen2.5-max", "ModelRelease", "Qwen2.5-Max"]


def test_coverage_of_the_article_graph(kg, schema):
    report = coverage(kg, schema)
    assert report["totals"] == {
        "entities": 37, "facts": 38, "relationships": 35, "sources": 8, "sources cited": 7,
        "share with a Wikidata QID": 0.4595, "share with a Chinese name": 0.8108, "share with a date": 0.6757,
    }
    assert report["classes"]["Company"] == {"count": 9, "wikidata": 0.8889, "chinese_name": 1.0, "dated": 0.7778}
    assert report["classes"]["Assessment"] == {"count": 9, "dated": 1.0}  # a fact has no names of its own
    assert report["sources"] == {"code repository or model card": 1, "document": 1, "encyclopedia": 5, "paper": 1}
    assert report["topics"]["organisations"] == {"entities": 16, "facts": 0, "relationships": 26}
    assert sum(t["entities"] for t in report["topics"].values()) == 37


def test_stats_coverage_on_the_command_line(cli):
    code, out, err = cli("stats", "--coverage", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["totals"]["entities"] == 37 and data["topics"]["organisations"]["entities"] == 16


def test_source_kinds():
    assert source_kind("https://en.wikipedia.org/wiki/Qwen") == "encyclopedia"
    assert source_kind("https://arxiv.org/abs/2501.12948") == "paper"
    assert source_kind("https://www.bis.gov/press-release/x") == "official register or government"
    assert source_kind("https://learn.microsoft.com./azure/x") == "news or other web page"


def test_the_map_passes_the_shacl_shapes(map_kg, schema):
    assert shacl_violations(to_rdf(map_kg, schema), schema) == []
