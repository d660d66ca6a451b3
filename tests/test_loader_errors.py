"""Every kind of bad input gets one exact ``file:line: message`` and loads nothing."""

from __future__ import annotations

import pytest

from china_ai_kg.base.errors import KGError
from china_ai_kg.loaders import load

BASE = """\
sources:
  - id: src-x
    name: {en: Test source}
    published: 2025-02-01
entities:
  - id: acme
    type: Company
    name: {en: Acme, zh-Hans: 阿克米}
    source: src-x
    locator: ¶1
  - id: acme-model
    type: ModelRelease
    name: {en: Acme-1}
    source: src-x
    locator: ¶2
  - id: arena
    type: Leaderboard
    name: {en: Arena}
    source: src-x
    locator: ¶3
"""

CASES = {
    "malformed-yaml": (
        "entities: [\n  {id: a\n",
        "{f}:3: malformed YAML: did not find expected ',' or '}}'",
    ),
    "duplicate-key": (
        BASE + "facts:\n  - type: DEVELOPS\n    from: acme\n    from: acme\n",
        "{f}:24: duplicate key 'from' (first at line 23)",
    ),
    "yaml-tag": (
        "entities:\n  - !!python/object/apply:os.system ['echo hi']\n",
        "{f}:2: YAML tag '!!python/object/apply:os.system' is not allowed",
    ),
    "custom-tag": (
        BASE.replace("name: {en: Acme-1}", "name: !secret {en: Acme-1}"),
        "{f}:13: YAML tag '!secret' is not allowed",
    ),
    "unknown-type": (
        BASE.replace("type: Company", "type: Compnay"),
        "{f}:7: unknown type 'Compnay' (did you mean Company?)",
    ),
    "unknown-property": (
        BASE.replace("locator: ¶1", "locator: ¶1\n    foundd: '1999'"),
        "{f}:11: unknown property 'foundd' for Company (did you mean founded?)",
    ),
    "unknown-relationship": (
        BASE + "facts:\n  - {type: DEVELOPES, from: acme, to: acme-model, source: src-x, locator: ¶4}\n",
        "{f}:22: unknown relationship 'DEVELOPES' (did you mean DEVELOPS?)",
    ),
    "domain-violation": (
        BASE + "facts:\n  - {type: DEVELOPS, from: acme-model, to: acme, source: src-x, locator: ¶4}\n",
        "{f}:22: DEVELOPS 'from' must be Organization, not ModelRelease 'acme-model'",
    ),
    "range-violation": (
        BASE + "facts:\n  - {type: BenchmarkResult, model: acme-model, leaderboard: acme, source: src-x, locator: ¶4}\n",
        "{f}:22: 'leaderboard' must be Benchmark or Leaderboard, not Company 'acme'",
    ),
    "relation-without-source": (
        BASE + "facts:\n  - {type: DEVELOPS, from: acme, to: acme-model, locator: ¶4}\n",
        "{f}:22: DEVELOPS has no source",
    ),
    "fact-without-source": (
        BASE + "facts:\n  - {type: BenchmarkResult, model: acme-model, leaderboard: arena, locator: ¶4}\n",
        "{f}:22: BenchmarkResult has no source",
    ),
    "entity-without-source": (
        BASE.replace("    source: src-x\n    locator: ¶1\n", "    locator: ¶1\n"),
        "{f}:6: Company has no source",
    ),
    "bad-date": (
        BASE + "facts:\n  - {type: DEVELOPS, from: acme, to: acme-model, source: src-x, locator: ¶4, date: 2025-02-30}\n",
        "{f}:22: bad date '2025-02-30' for 'date' (use YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    "bad-number": (
        BASE + "facts:\n  - {type: BenchmarkResult, model: acme-model, leaderboard: arena, source: src-x, locator: ¶4,\n"
        "     score: high}\n",
        "{f}:23: bad number 'high' for 'score'",
    ),
    "bad-enum": (
        BASE + "facts:\n  - {type: DEVELOPS, from: acme, to: acme-model, source: src-x, locator: ¶4, status: reportd}\n",
        "{f}:22: 'reportd' is not an allowed status (did you mean reported?)",
    ),
    "duplicate-id": (
        BASE + "  - {id: acme, type: Person, name: {en: Someone}, source: src-x, locator: ¶5}\n",
        "{f}:21: duplicate id 'acme' (first defined at {f}:6)",
    ),
    "alias-claimed-twice": (
        BASE + "  - {id: other, type: Company, name: {en: Other}, aliases: [阿剋米], source: src-x, locator: ¶5}\n",
        "{f}:21: alias '阿剋米' is claimed by both acme and other",
    ),
    "unknown-entity": (
        BASE + "facts:\n  - {type: DEVELOPS, from: akme, to: acme-model, source: src-x, locator: ¶4}\n",
        "{f}:22: unknown entity 'akme' in 'from' (did you mean acme?)",
    ),
    "source-not-a-document": (
        BASE + "facts:\n  - {type: DEVELOPS, from: acme, to: acme-model, source: acme, locator: ¶4}\n",
        "{f}:22: 'source' must be a Source document, not Company 'acme'",
    ),
    "too-few-roles": (
        BASE + "facts:\n  - {type: Partnership, party: [acme], source: src-x, locator: ¶4}\n",
        "{f}:22: Partnership needs at least 2 'party'",
    ),
    "abstract-type": (
        BASE.replace("type: Company", "type: Entity"),
        "{f}:7: type 'Entity' is abstract; use one of its subclasses",
    ),
    "unknown-section": (
        "entitys: []\n",
        "{f}:1: unknown section 'entitys' (did you mean entities?)",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_names_file_and_line(case, write):
    text, expected = CASES[case]
    path = write(f"{case}.yaml", text)
    with pytest.raises(KGError) as err:
        load([path], bundled=False, cache=False)
    assert str(err.value) == expected.format(f=path)


def test_base_file_is_valid(write):
    kg = load([write("base.yaml", BASE)], bundled=False, cache=False)
    assert kg.counts()["entities"] == 4


def test_cli_reports_one_line_and_exit_1(cli, write):
    path = write("bad.yaml", CASES["unknown-relationship"][0])
    code, out, err = cli("validate", str(path))
    assert code == 1
    assert out == ""
    assert err == f"Error: {path}:22: unknown relationship 'DEVELOPES' (did you mean DEVELOPS?)\n"


def test_an_error_in_one_file_loads_nothing_and_writes_nothing(cli, write, tmp_path):
    good = write("good.yaml", BASE)
    bad = write("more/bad.yaml", "facts:\n  - {type: DEVELOPS, from: acme, to: nobody, source: src-x, locator: ¶9}\n")
    target = tmp_path / "graph.ttl"
    code, out, err = cli("export", "--no-bundled", "--data", str(good), "--data", str(bad), "-o", str(target))
    assert code == 1
    assert err.startswith(f"Error: {bad}:2: unknown entity 'nobody' in 'to'")
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_jsonl_errors_name_the_line(write):
    path = write(
        "bulk.jsonl",
        '{"id": "src-x", "type": "Source", "name": {"en": "S"}}\n'
        '{"id": "a", "type": "Company", "name": {"en": "A"}, "source": "src-x", "locator": "1", "source": "src-x"}\n',
    )
    with pytest.raises(KGError) as err:
        load([path], bundled=False, cache=False)
    assert str(err.value) == f"{path}:2: duplicate key 'source'"


def test_jsonl_malformed(write):
    path = write("bulk.jsonl", '{"id": "src-x", "type": "Source", "name": {"en": "S"}}\n{"id": \n')
    with pytest.raises(KGError) as err:
        load([path], bundled=False, cache=False)
    assert str(err.value) == f"{path}:2: malformed JSON: Expecting value"


def test_missing_file(tmp_path):
    with pytest.raises(KGError) as err:
        load([tmp_path / "nope.yaml"], bundled=False, cache=False)
    assert str(err.value) == f"{tmp_path / 'nope.yaml'}: no such file or directory"


def test_json_ld_remote_context_is_refused(write):
    path = write("remote.jsonld", '{"@context": "https://example.org/context.jsonld", "@id": "x"}')
    with pytest.raises(KGError) as err:
        load([path], bundled=False, cache=False)
    assert str(err.value) == f"{path}: remote JSON-LD contexts are not allowed; put the @context inline"


def test_turtle_without_provenance_is_refused(write):
    ttl = write(
        "facts.ttl",
        """
        @prefix cnkg: <https://w3id.org/cnkg/ontology#> .
        @prefix id: <https://w3id.org/cnkg/id/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        id:src-t a cnkg:Source ; rdfs:label "T"@en .
        id:acme a cnkg:Company ; rdfs:label "Acme"@en ; cnkg:source id:src-t ; cnkg:locator "p1" .
        id:m a cnkg:ModelRelease ; rdfs:label "M"@en ; cnkg:source id:src-t ; cnkg:locator "p1" .
        id:acme cnkg:develops id:m .
        """,
    )
    with pytest.raises(KGError) as err:
        load([ttl], bundled=False, cache=False)
    assert str(err.value) == f"{ttl}: DEVELOPS has no source"
