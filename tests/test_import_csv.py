"""cnkg import csv: a table and a mapping file to a JSON Lines fact file, row by row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from china_ai_kg.loaders.datasets import import_table, read_map

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "fixtures" / "csv" / "notable_models.csv"
MAP = ROOT / "docs" / "maps" / "epoch_notable_models.yaml"
HEADER = ("System,Domain,Organization,Country (of organization),Publication date,Parameters,"
          "Training compute (FLOP),Notability criteria\n")


def _records(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_rows_become_entities_and_relationships(cli, tmp_path):
    out = tmp_path / "epoch.jsonl"
    code, _, err = cli("import", "csv", str(TABLE), "--map", str(MAP), "-o", str(out))
    assert code == 0, err
    recs = _records(out)
    assert recs[0]["type"] == "Source" and recs[0]["id"] == "src-epoch-notable-models"
    models = {r["id"]: r for r in recs if r.get("type") == "ModelRelease"}
    assert sorted(models) == ["example-7b", "example-moe"]  # the US row is filtered out; Qwen2.5-Max is linked
    assert {k: models["example-7b"][k] for k in ("releaseDate", "parameters", "trainingCompute", "locator")} == {
        "releaseDate": "2024-01-05", "parameters": 7_000_000_000, "trainingCompute": 8.4e22,
        "locator": f"{TABLE} row 2 (Example-7B)"}
    assert "trainingCompute" not in models["example-moe"]  # an empty cell is no value
    rels = [(r["type"], r["from"], r["to"]) for r in recs if r.get("type") == "DEVELOPS"]
    assert rels == [("DEVELOPS", "deepseek", "example-7b"), ("DEVELOPS", "deepseek", "example-moe"),
                    ("DEVELOPS", "example-university", "example-moe"), ("DEVELOPS", "alibaba", "qwen2.5-max")]
    assert [r["id"] for r in recs if r.get("type") == "Organization"] == ["example-university"]
    assert cli("validate", "--with-bundled", str(out))[0] == 0


def test_the_same_table_gives_the_same_file(cli, tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (a, b):
        assert cli("import", "csv", str(TABLE), "--map", str(MAP), "-o", str(out))[0] == 0
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("rows, message", [
    ("Example-7B,Language,Deepseek AI,China,2024-01-05,7000000000\n", ":2: a ragged row: 6 fields, the header has 8"),
    ("Example-7B,Language,Deepseek AI,China,2024-01-05,lots,,x\n", ":2: column 'Parameters': "),
    ("Example-7B,Language,Deepseek AI,China,2024-02-30,7,,x\n", ":2: column 'Publication date': "),
    ("Example-7B,Language,Deepseek AI,China,2024,7,,x\nExample-7B,Language,Deepseek AI,China,2024,7,,x\n",
     ":3: 'Example-7B' (example-7b) is named twice"),
])
def test_bad_rows_are_one_line_and_nothing_is_written(cli, tmp_path, rows, message):
    table = tmp_path / "t.csv"
    table.write_text(HEADER + rows, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = cli("import", "csv", str(table), "--map", str(MAP), "-o", str(out))
    assert code == 1 and err.startswith(f"Error: {table}{message}") and len(err.splitlines()) == 1, err
    assert not out.exists() and not list(tmp_path.glob(".out.jsonl.*"))


def test_a_map_naming_a_missing_column_names_the_map_line(cli, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("System,Organization\nA,B\n", encoding="utf-8")
    code, _, err = cli("import", "csv", str(table), "--map", str(MAP))
    assert code == 1 and err.strip() == (f"Error: {MAP}:15: the map names a missing column 'Publication date' "
                                         "(the table has 2 columns)")


@pytest.mark.parametrize("map_text, message", [
    ("source: {id: s}\nclass: Nothing\nid: A\nname: A\n", ":2: 'Nothing' is not an entity class of the ontology"),
    ("source: {id: s}\nclass: ModelRelease\nid: A\nname: A\nproperties:\n  founded: B\n",
     ":6: 'founded' is not a property of ModelRelease"),
    ("source: {id: s}\nclass: ModelRelease\nid: A\nname: A\nproperties:\n  parameters: {column: B, datatype: date}\n",
     ":6: 'parameters' is a decimal in the ontology, not a date"),
    ("source: {id: s}\nclass: ModelRelease\nid: A\nname: A\ncolour: red\n", ":5: unknown key 'colour'"),
])
def test_bad_maps_are_one_line(cli, tmp_path, map_text, message):
    m = tmp_path / "m.yaml"
    m.write_text(map_text, encoding="utf-8")
    code, _, err = cli("import", "csv", str(TABLE), "--map", str(m))
    assert code == 1 and err.startswith(f"Error: {m}{message}"), err


def test_rows_stream_in_bounded_memory(kg, schema):
    import tracemalloc

    tmap = read_map(MAP.read_text(encoding="utf-8"), str(MAP), schema)

    def table(n):
        yield HEADER
        for i in range(n):
            yield f"Model-{i},Language,Lab {i % 50},China,2024-01-{1 + i % 28:02d},{i + 1}000000,1e20,x\n"

    def peak(n):
        tracemalloc.start()
        result = import_table(table(n), "t.csv", tmap, str(MAP), kg, schema, _Null())
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result, top

    small, p_small = peak(5_000)
    big, p_big = peak(30_000)
    assert (small.entities, big.entities, big.relationships) == (5_000, 30_000, 30_000)
    assert p_big < 6 * p_small + 6_000_000  # ids and names grow with the rows; the rows do not stay


class _Null:
    def write(self, text):
        return len(text)


def test_reimporting_a_changed_table_replaces_its_facts_and_keeps_the_ids_of_the_unchanged(cli, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(TABLE.read_text(encoding="utf-8"), encoding="utf-8")
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert cli("import", "csv", str(table), "--map", str(MAP), "-o", str(first))[0] == 0
    text = table.read_text(encoding="utf-8").replace("China,2024-01-05,", "China,2024-01-06,")
    table.write_text("".join(line for line in text.splitlines(True) if not line.startswith("Example-MoE")),
                     encoding="utf-8")
    assert cli("import", "csv", str(table), "--map", str(MAP), "-o", str(second))[0] == 0
    exports = []
    for n, data in enumerate((first, second, second)):
        out = tmp_path / f"g{n}.ttl"
        assert cli("export", "--format", "turtle", "--data", str(data), "-o", str(out))[0] == 0
        exports.append(out)
    assert exports[1].read_bytes() == exports[2].read_bytes()  # the same input, the same export
    code, out, err = cli("diff", str(exports[0]), str(exports[1]), "--format", "json")
    assert code == 0, err
    changes = {(c["change"], c["kind"], c["id"]) for c in json.loads(out)["changes"]}
    assert ("changed", "entity", "example-7b") in changes
    assert {("removed", "entity", "example-moe"), ("removed", "entity", "example-university")} <= changes
    assert not [c for c in changes if c[0] == "added"]
    unchanged_ids = {c[2] for c in changes if c[1] == "relationship" and c[0] == "changed"}
    assert unchanged_ids  # the Qwen2.5-Max row moved up a line: the same relationship id, a new locator
