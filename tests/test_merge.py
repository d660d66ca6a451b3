"""Entity resolution: a fact file merges two ids into one (the old one keeps resolving), and likely
duplicates are listed for a curator."""

from __future__ import annotations

import pytest

from china_ai_kg.graph.dupes import likely_duplicates
from china_ai_kg.graph.rdf import to_rdf
from china_ai_kg.loaders import load
from china_ai_kg.queries import load_pack, run_query

SOURCE = """\
sources:
  - {id: src-m, name: {en: M}, publisher: P, url: "https://example.org/m", retrieved: 2026-12}
"""
DUPLICATE = SOURCE + """\
entities:
  - {id: deep-seek-ai, type: AILab, name: {en: DeepSeek-AI, zh-Hans: 深度求索公司}, aliases: [DSK], source: src-m, locator: ¶1}
facts:
  - {type: INVESTS_IN, from: alibaba, to: deep-seek-ai, source: src-m, locator: ¶2}
"""
MERGE = """\
merges:
  - {id: deep-seek-ai, into: deepseek, source: src-m, locator: ¶3}
"""


@pytest.fixture
def merged(write, schema):
    return load([write("m.yaml", DUPLICATE + MERGE)], cache=False)


def test_a_merged_id_and_its_names_resolve_to_the_entity_it_is_merged_into(merged, schema):
    assert "deep-seek-ai" not in merged.g
    node = merged.node("deepseek")
    assert node["merged_from"] == (("deep-seek-ai", "src-m", "¶3"),)
    assert {"deep-seek-ai", "DeepSeek-AI", "DSK", "深度求索公司"} <= set(node["aliases"])
    assert [(a, b, d["type"]) for a, b, d in merged.relations() if d.get("source") == "src-m"] == \
        [("alibaba", "deepseek", "INVESTS_IN")]
    profile = run_query(load_pack()["entity-profile"], {"entity": "deep-seek-ai"}, merged, schema)
    assert profile.rows and all(r[0] != "deep-seek-ai" for r in profile.rows)
    assert profile.rows == run_query(load_pack()["entity-profile"], {"entity": "深度求索公司"}, merged, schema).rows


def test_the_merge_is_visible_in_show_and_in_rdf(merged, schema, cli, write):
    path = write("m2.yaml", DUPLICATE + MERGE)
    code, out, err = cli("show", "DSK", "--data", str(path))
    assert code == 0 and out.startswith("deepseek  (AILab") and "  merged from: deep-seek-ai  [src-m ¶3]" in out
    g = to_rdf(merged, schema)
    same = [str(o) for s, p, o in g if str(p).endswith("#sameAs") and str(s).endswith("/deepseek")]
    assert any(o.endswith("/deep-seek-ai") for o in same)


@pytest.mark.parametrize("merges, message", [
    ("  - {id: deep-seek-ai, into: deep-seek-ai, source: src-m, locator: ¶3}\n", "merges 'deep-seek-ai' into itself"),
    ("  - {id: deep-seek-ai, into: deepseek, source: src-m, locator: ¶3}\n"
     "  - {id: deepseek, into: deep-seek-ai, source: src-m, locator: ¶3}\n", "merges go round in a circle"),
    ("  - {id: deep-seek-ai, into: deepseek, source: src-m, locator: ¶3}\n"
     "  - {id: deep-seek-ai, into: alibaba, source: src-m, locator: ¶3}\n", "'deep-seek-ai' is merged twice"),
    ("  - {id: nobody, into: deepseek, source: src-m, locator: ¶3}\n", "merges 'nobody', which names no entity"),
    ("  - {id: deep-seek-ai, into: nothing-here, source: src-m, locator: ¶3}\n",
     "merges into 'nothing-here', which names no entity"),
    ("  - {id: deep-seek-ai, into: qwen, source: src-m, locator: ¶3}\n",
     "cannot merge AILab 'deep-seek-ai' into ModelFamily 'qwen'"),
    ("  - {id: deep-seek-ai, into: deepseek, source: src-m}\n", "a merge needs a 'locator'"),
    ("  - {id: deep-seek-ai, into: deepseek, source: src-nowhere, locator: ¶3}\n", "unknown entity 'src-nowhere'"),
])
def test_bad_merges_are_one_line_naming_file_and_line(cli, write, merges, message):
    path = write("bad.yaml", DUPLICATE + "merges:\n" + merges)
    code, out, err = cli("validate", "--with-bundled", str(path))
    assert code == 1 and err.startswith(f"Error: {path}:") and message in err and len(err.splitlines()) == 1, err


def test_a_merge_record_belongs_in_the_merges_section(cli, write):
    path = write("bad.yaml", SOURCE + "facts:\n  - {type: merge, id: a, into: b}\n")
    code, _, err = cli("validate", "--with-bundled", str(path))
    assert code == 1 and err.strip() == f"Error: {path}:4: 'merge' records go in the 'merges' section"


def test_likely_duplicates_are_listed_until_merged(write, schema):
    kg = load([write("d.yaml", DUPLICATE)], cache=False)
    rows = likely_duplicates(kg, schema)
    assert rows[0] == {"score": 100.0, "a": "deep-seek-ai", "b": "deepseek", "kind": "Organization",
                       "form_a": "deepseek", "form_b": "deepseek"}
    merged = load([write("e.yaml", DUPLICATE + MERGE)], cache=False)
    assert not [r for r in likely_duplicates(merged, schema) if {r["a"], r["b"]} == {"deep-seek-ai", "deepseek"}]


def test_versions_and_variants_are_not_duplicates(map_kg, schema):
    pairs = {(r["a"], r["b"]) for r in likely_duplicates(map_kg, schema, threshold=80)}
    assert ("qwen2.5-72b", "qwen2.5-7b") not in pairs and ("ascend-910", "ascend-910b") not in pairs
    assert ("minicpm-o-2.6", "minicpm-v-2.6") not in pairs


def test_entities_dupes_on_the_command_line(cli, write):
    path = write("d.yaml", DUPLICATE)
    code, out, err = cli("entities", "dupes", "--data", str(path), "--kind", "Organization")
    assert code == 0 and out.splitlines()[2].split()[:4] == ["100.0", "deep-seek-ai", "deepseek", "Organization"]
    code, _, err = cli("entities", "dupes", "--kind", "Nothing")
    assert code == 1 and "'Nothing' is not a class of the ontology" in err and len(err.splitlines()) == 1
