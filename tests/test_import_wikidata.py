"""cnkg import wikidata: entity JSON (wbgetentities or dump) to a fact file; QIDs link, ranks, qualifiers and
references are kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from china_ai_kg.loaders.datasets import import_wikidata

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wikidata"


def _files(*names):
    return [(f"wikidata/{n}", FIXTURES / n) for n in names]


def test_items_become_entities_with_their_qids_names_and_statements(kg, schema):
    result = import_wikidata(_files("wbgetentities.json", "dump.json"), kg, schema)
    entities = {e["id"]: e for e in result.entities}
    assert sorted(entities) == ["example-founder", "example-frontier-lab", "example-holding-group"]
    lab = entities["example-frontier-lab"]
    assert (lab["type"], lab["wikidata"], lab["name"], lab["aliases"], lab["founded"], lab["website"]) == (
        "Company", "Q990000001", {"en": "Example Frontier Lab", "zh-Hans": "示例前沿实验室"}, ["EFL", "前沿实验室"],
        "2019", "https://example.org/efl")
    assert entities["example-founder"]["type"] == "Person"
    facts = {(f["type"], f["from"], f["to"]): f for f in result.facts}
    assert sorted(facts) == [
        ("BASED_IN", "baidu", "china"), ("BASED_IN", "example-frontier-lab", "china"),
        ("BASED_IN", "example-holding-group", "china"), ("BASED_IN", "example-holding-group", "united-states"),
        ("FOUNDED_BY", "example-frontier-lab", "example-founder"),
        ("SUBSIDIARY_OF", "example-frontier-lab", "example-holding-group")]
    assert facts[("SUBSIDIARY_OF", "example-frontier-lab", "example-holding-group")]["validFrom"] == "2021-06"
    old = facts[("BASED_IN", "example-holding-group", "united-states")]
    assert (old["claimRank"], old["validTo"]) == ("deprecated", "2015-03-02")
    assert facts[("BASED_IN", "example-holding-group", "china")]["claimRank"] == "preferred"
    assert facts[("BASED_IN", "example-frontier-lab", "china")]["locator"] == \
        "Q990000001 P17 P17-s; references: https://example.org/efl-about"
    assert result.linked == {"Q14772": "baidu"}  # a QID the graph has is that entity
    assert {(d["item"], d["what"]) for d in result.dropped} == {
        ("Q990000004", "labels"), ("Q990000005", "P31"), ("Q990000001", "P159")}
    assert {s["url"] for s in result.sources} >= {"https://www.wikidata.org/wiki/Q990000001"}


def test_a_qid_wins_over_a_name(kg, schema, tmp_path):
    item = {"id": "Q14772", "labels": {"en": {"language": "en", "value": "Alibaba"}},
            "claims": {"P31": [{"mainsnak": {"snaktype": "value", "datavalue": {"value": {"id": "Q4830453"}}}}]}}
    f = tmp_path / "e.json"
    f.write_text(json.dumps({"entities": {"Q14772": item}}), encoding="utf-8")
    assert import_wikidata([("e.json", f)], kg, schema).linked == {"Q14772": "baidu"}
    item["id"] = "Q990000077"
    f.write_text(json.dumps({"entities": {"Q990000077": item}}), encoding="utf-8")
    assert import_wikidata([("e.json", f)], kg, schema).linked == {"Q990000077": "alibaba"}  # then the name


def test_the_written_file_validates_and_links_in_show(cli, tmp_path):
    out = tmp_path / "wd.yaml"
    code, _, err = cli("import", "wikidata", str(FIXTURES), "-o", str(out))
    assert code == 0, err
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["entities"]
    code, shown, _ = cli("show", "EFL", "--data", str(out))
    assert code == 0 and "wikidata: Q990000001" in shown and "-> SUBSIDIARY_OF example-holding-group" in shown


@pytest.mark.parametrize("content, message", [
    ("<!DOCTYPE html><html><title>Wikimedia Error</title></html>", ":1: an HTML page, not Wikidata entity JSON"),
    ('{"error": {"code": "maxlag"}}', ":1: a wbgetentities answer has an 'entities' mapping"),
    ('[\n{"id": "Q1", "labels": \n]\n', ":2: not an entity of a Wikidata dump"),
])
def test_bad_wikidata_files_are_one_line(cli, tmp_path, content, message):
    f = tmp_path / "bad.json"
    f.write_text(content, encoding="utf-8")
    out = tmp_path / "out.yaml"
    code, _, err = cli("import", "wikidata", str(f), "-o", str(out))
    assert code == 1 and err.startswith(f"Error: {f}{message}") and len(err.splitlines()) == 1, err
    assert not out.exists()
