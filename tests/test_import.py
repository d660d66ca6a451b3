"""cnkg import ecosystem-graphs: asset files to a fact file, organisations resolved, what is dropped named;
cnkg sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from china_ai_kg.loaders.datasets import import_assets

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ecosystem_graphs"
ASSETS = FIXTURES / "example_labs.yaml"
LABEL = "tests/fixtures/ecosystem_graphs/example_labs.yaml"


def _import(kg, schema, **kw):
    return import_assets([(LABEL, ASSETS)], kg, schema, **kw)


def test_assets_become_entities_and_relationships(kg, schema):
    result = _import(kg, schema, countries=["China"])
    assert (result.assets, result.skipped) == (5, 1)
    entities = {e["id"]: e for e in result.entities}
    assert sorted(entities) == ["apache-2.0", "example-coder", "example-corpus", "example-moe", "example-university",
                                "mit"]
    assert {k: entities["example-coder"][k] for k in ("type", "releaseDate", "parameters", "architecture", "access",
                                                      "modality")} == {
        "type": "ModelRelease", "releaseDate": "2024-03-05", "parameters": 6_700_000_000, "architecture": "dense",
        "access": "open", "modality": "text; code"}
    moe = entities["example-moe"]
    assert (moe["releaseDate"], moe["parameters"], moe["activeParameters"], moe["architecture"], moe["access"]) == \
        ("2024", 16_000_000_000, 2_400_000_000, "mixture-of-experts", "limited")
    assert "releaseDate" not in entities["example-corpus"] and entities["example-corpus"]["type"] == "Dataset"
    assert "description" not in entities["example-coder"]  # prose is not imported
    assert entities["example-coder"]["locator"] == \
        f"{LABEL}:2, asset 'Example Coder' (cites https://example.org/example-coder)"
    assert [(f["type"], f["from"], f["to"]) for f in result.facts] == [
        ("BASED_ON", "example-coder", "deepseek-r1"),
        ("BASED_ON", "example-moe", "example-coder"),
        ("DEVELOPS", "alibaba", "qwen2.5-max"),  # an asset the graph has is linked, not copied
        ("DEVELOPS", "deepseek", "example-coder"),  # "Deepseek AI", "DeepSeek-AI" and "DeepSeek" are one
        ("DEVELOPS", "deepseek", "example-corpus"),
        ("DEVELOPS", "deepseek", "example-moe"),
        ("DEVELOPS", "example-university", "example-moe"),
        ("LICENSED_UNDER", "example-coder", "apache-2.0"),
        ("LICENSED_UNDER", "example-corpus", "mit"),
        ("USES_DATASET", "example-coder", "example-corpus"),
    ]
    assert result.linked == {"Qwen2.5-Max": "qwen2.5-max"}
    assert result.new_organisations == ["example-university"]
    assert {(d["asset"], d["field"]) for d in result.dropped} == {
        ("Example Coder", "dependencies"), ("Example Coder", "training_hardware"), ("Example MoE", "license"),
        ("Qwen2.5-Max", "license")}
    assert all(f["source"] == "src-ecosystem-graphs-assets" and f["status"] == "reported" for f in result.facts)


def test_org_filter_takes_any_spelling(kg, schema):
    kept = {e["id"] for e in _import(kg, schema, orgs=["DeepSeek"]).entities if e["type"] != "Licence"}
    assert kept == {"example-coder", "example-corpus", "example-moe", "example-university"}


def test_on_the_map_chips_and_licences_resolve_to_the_graphs(map_kg, schema):
    result = _import(map_kg, schema)
    facts = {(f["type"], f["from"], f["to"]) for f in result.facts}
    assert ("TRAINED_ON", "example-coder", "nvidia-h800") in facts
    assert ("LICENSED_UNDER", "example-coder", "apache-2.0") in facts
    assert ("LICENSED_UNDER", "example-corpus", "mit-license") in facts
    assert not {"apache-2.0", "mit-license"} & {e["id"] for e in result.entities}


def test_the_written_file_validates_loads_and_is_the_same_twice(cli, tmp_path):
    out1, out2 = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert cli("import", "ecosystem-graphs", str(FIXTURES), "-o", str(out1))[0] == 0
    assert cli("import", "ecosystem-graphs", str(FIXTURES), "-o", str(out2))[0] == 0
    assert out1.read_bytes() == out2.read_bytes()
    code, out, err = cli("validate", "--with-bundled", str(out1))
    assert code == 0, err
    code, out, err = cli("show", "example-moe", "--data", str(out1))
    assert code == 0 and "<- DEVELOPS deepseek" in out and "-> BASED_ON example-coder" in out


def test_the_report_names_what_was_dropped(cli, tmp_path):
    code, out, err = cli("import", "ecosystem-graphs", str(FIXTURES), "-o", str(tmp_path / "x.yaml"),
                         "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["assets"] == 5 and report["new_organisations"] == ["example-university", "example-overseas-lab"]
    assert {"where": f"{FIXTURES}/example_labs.yaml:2", "asset": "Example Coder", "field": "dependencies",
            "reason": "'Nothing Known' names nothing known"} in report["dropped"]


@pytest.mark.parametrize("content, message", [
    ("<!DOCTYPE html><html><body>Rate limited</body></html>\n", ":1: an HTML page, not an Ecosystem Graphs asset file"),
    ("- type: model\n  name: A\n  name: B\n", ":3: duplicate key 'name'"),
    ("- !!python/object:os.system\n  type: model\n", ":1: "),
    ("type: model\nname: A\n", ":1: an asset file must be a YAML list of assets"),
    ("- type: model\n  organization: X\n", ":1: an asset needs a 'name'"),
])
def test_bad_asset_files_are_one_line(cli, tmp_path, content, message):
    f = tmp_path / "bad.yaml"
    f.write_text(content, encoding="utf-8")
    out = tmp_path / "out.yaml"
    code, stdout, err = cli("import", "ecosystem-graphs", str(f), "-o", str(out))
    assert code == 1 and err.startswith(f"Error: {f}{message}") and len(err.strip().splitlines()) == 1, err
    assert not out.exists()


def test_a_source_id_already_in_the_graph_is_refused(cli, tmp_path):
    code, _, err = cli("import", "ecosystem-graphs", str(FIXTURES), "--source-id", "src-article-000")
    assert code == 1 and "source id 'src-article-000' is already in the graph" in err


def test_sources_lists_each_source_with_what_rests_on_it(cli):
    code, out, err = cli("sources", "--format", "json")
    assert code == 0
    rows = {r["source"]: r for r in json.loads(out)}
    assert rows["src-article-000"]["entities"] == 36
    assert rows["src-arxiv-deepseek-r1"]["relationships"] == 1
    assert all(set(r) == {"source", "publisher", "published", "entities", "facts", "relationships", "url"}
               for r in rows.values())


def test_imported_yaml_is_plain(kg, schema):
    text = yaml.safe_dump(_import(kg, schema).as_file(), sort_keys=False)
    assert "!!" not in text
