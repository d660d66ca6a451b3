"""The cnkg command line: exact output on a tiny literal graph and on the bundled one."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

MINI = """
sources:
  - {id: src-m, name: {en: Mini source}, published: 2025-02-01}
entities:
  - {id: acme, type: Company, name: {en: Acme, zh-Hans: 阿克米}, aliases: [ACME Corp], source: src-m, locator: ¶1}
  - {id: acme-cloud, type: CloudProvider, name: {en: Acme Cloud, zh-Hans: 阿克米云}, source: src-m, locator: ¶2}
  - {id: rocket, type: ModelRelease, name: {en: Rocket-1}, architecture: dense, source: src-m, locator: ¶2}
  - {id: beta, type: Company, name: {en: Beta}, source: src-m, locator: ¶3}
  - {id: cn, type: Region, name: {en: China, zh-Hans: 中国}, source: src-m, locator: ¶3}
facts:
  - {type: DEVELOPS, from: acme-cloud, to: rocket, source: src-m, locator: ¶2, id: r1}
  - {type: SUBSIDIARY_OF, from: acme-cloud, to: acme, source: src-m, locator: ¶2, id: r2, status: confirmed}
  - {id: p1, type: Partnership, party: [acme, beta], market: cn, source: src-m, locator: ¶4, validFrom: "2024"}
"""


@pytest.fixture
def mini(write):
    return ["--no-bundled", "--data", str(write("mini.yaml", MINI))]


def out(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_stats(cli, mini):
    assert cli("stats", *mini) == (0, out("""
        item           count
        -------------  -----
        entities       6
        facts          1
        relationships  2
        role_edges     3
        CloudProvider  1
        Company        2
        DEVELOPS       1
        ModelRelease   1
        Partnership    1
        Region         1
        SUBSIDIARY_OF  1
        Source         1
        """), "")


def test_show_by_alias_in_traditional_script(cli, mini):
    assert cli("show", "阿剋米", *mini) == (0, out("""
        acme  (Company)
          name[en]: Acme
          name[zh-Hans]: 阿克米
          name[zh-Hant]: 阿克米
          aliases: ACME Corp
          locator: ¶1
          source: src-m
        relationships:
          <- SUBSIDIARY_OF acme-cloud (Acme Cloud)  [src-m ¶2, confirmed]
        facts:
          Partnership p1 as PARTY  [src-m ¶4, reported, 2024..]
        """), "")


def test_show_json(cli, mini):
    code, stdout, _ = cli("show", "acme corp", "--format", "json", *mini)
    assert code == 0
    assert json.loads(stdout) == {
        "id": "acme", "type": "Company", "class": "Company",
        "names": {"en": "Acme", "zh-Hans": "阿克米", "zh-Hant": "阿克米"},
        "aliases": ["ACME Corp"], "properties": {"locator": "¶1", "source": "src-m"},
        "relationships": [{"direction": "in", "type": "SUBSIDIARY_OF", "other": "acme-cloud", "name": "Acme Cloud",
                           "source": "src-m", "locator": "¶2", "status": "confirmed"}],
        "facts": [{"fact": "p1", "type": "Partnership", "role": "PARTY", "source": "src-m", "locator": "¶4",
                   "status": "reported", "valid": "2024.."}],
    }


def test_neighbors_pass_through_facts(cli, mini):
    assert cli("neighbors", "Beta", "--depth", "2", *mini) == (0, out("""
        distance  id          type           name
        --------  ----------  -------------  ----------
        0         beta        Company        Beta
        1         acme        Company        Acme
        1         cn          Region         China
        2         acme-cloud  CloudProvider  Acme Cloud
        """), "")


def test_neighbors_in_chinese(cli, mini):
    code, stdout, _ = cli("neighbors", "中國", "--lang", "zh", *mini)
    assert code == 0
    assert stdout.splitlines()[2:] == ["0         cn    Region   中国", "1         acme  Company  阿克米", "1         beta  Company  Beta"]


def test_path(cli, mini):
    assert cli("path", "rocket", "beta", *mini) == (0, (
        "Rocket-1 -[<-DEVELOPS]- Acme Cloud -[->SUBSIDIARY_OF]- Acme -[<-PARTY]- Partnership:p1 -[->PARTY]- Beta\n"
    ), "")


def test_no_path(cli, write):
    path = write("lone.yaml", MINI.replace("entities:\n", "entities:\n  - {id: lone, type: Company, name: {en: Lone}, source: src-m, locator: ¶5}\n"))
    assert cli("path", "lone", "acme", "--no-bundled", "--data", str(path)) == (0, "no path between lone and acme\n", "")


def test_centrality(cli, mini):
    assert cli("centrality", "--top", "3", *mini) == (0, out("""
        rank  id          type           name        score
        ----  ----------  -------------  ----------  ------
        1     acme        Company        Acme        0.3333
        2     acme-cloud  CloudProvider  Acme Cloud  0.3333
        3     beta        Company        Beta        0.1667
        """), "")


def test_build(cli, mini):
    assert cli("build", "--format", "json", *mini) == (
        0, json.dumps({"entities": 6, "facts": 1, "relationships": 2, "role_edges": 3}, indent=2) + "\n", "")


def test_validate_bundled(cli):
    assert cli("validate") == (0, "ok: 45 entities, 38 facts, 35 relationships\n", "")


def test_export_writes_file(cli, mini, tmp_path):
    target = tmp_path / "g.nt"
    code, stdout, stderr = cli("export", "--format", "ntriples", "-o", str(target), *mini)
    assert (code, stdout, stderr) == (0, "", f"wrote {target}\n")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert ('<https://w3id.org/cnkg/id/r2> <https://w3id.org/cnkg/ontology#status> "confirmed" .') in lines


@pytest.mark.parametrize("args,message", [
    (["show", "nobody"], "Error: ENTITY: no entity called 'nobody'\n"),
    (["show", "alibba"], "Error: ENTITY: no entity called 'alibba' (did you mean alibaba?)\n"),
    (["neighbors", "apple", "--depth", "9"], "Error: Invalid value for '--depth' / '-d': 9 is not in the range 0<=x<=6.\n"),
    (["export", "--format", "nope"],
     "Error: Invalid value for '--format': 'nope' is not one of 'turtle', 'jsonld', 'ntriples', 'rdfxml', 'graphml', 'gexf', "
     "'json', 'cypher'.\n"),
    (["stats", "--data", "/nonexistent/x.yaml"], "Error: /nonexistent/x.yaml: no such file or directory\n"),
    (["nonsense"], "Error: No such command 'nonsense'.\n"),
])
def test_bad_arguments_are_one_line_and_exit_1(cli, args, message):
    assert cli(*args) == (1, "", message)


def test_click_runner_sees_the_one_line_error():
    """The group itself translates errors: any click caller gets exit 1 and one line, not a traceback."""
    from click.testing import CliRunner

    from china_ai_kg.cli import cli as group

    result = CliRunner().invoke(group, ["show", "nobody"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "Error: ENTITY: no entity called 'nobody'\n")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_debug_shows_the_whole_chain_of_causes(write):
    bad = write("bad.yaml", """\
        sources:
          - {id: src-x, name: {en: X}, published: 2025-13}
        """)
    run = subprocess.run([sys.executable, "-c", "from china_ai_kg.cli import cli; cli()", "--debug", "validate",
                          str(bad)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "ValueError: expected a date YYYY, YYYY-MM or YYYY-MM-DD, got '2025-13'" in run.stderr
    assert run.stderr.count("The above exception was the direct cause of the following exception") == 2
    assert run.stderr.rstrip().endswith(f"ValidationError: {bad}:2: bad date '2025-13' for 'published' "
                                        "(use YYYY, YYYY-MM or YYYY-MM-DD)")


@pytest.mark.parametrize("target, message", [
    ("/sys/cnkg-test.ttl", "Error: cannot write /sys/cnkg-test.ttl: "),
    ("/nonexistent-dir/g.ttl", "Error: cannot write /nonexistent-dir/g.ttl: directory /nonexistent-dir does not exist\n"),
])
def test_export_to_an_unwritable_place_is_one_line(cli, mini, target, message):
    code, stdout, stderr = cli("export", "-o", target, *mini)
    assert (code, stdout) == (1, "")
    assert stderr.startswith(message) and stderr.count("\n") == 1


def test_the_command_registry_matches_the_commands():
    import click

    from china_ai_kg.cli import (
        COMMANDS,
        claim_commands,
        entity_commands,
        graph_commands,
        import_commands,
        ingest_commands,
        neo4j_commands,
        query_commands,
        report_commands,
        sparql_store_commands,
    )
    from china_ai_kg.cli import cli as group

    defined = {c.name: m.__name__.rsplit(".", 1)[1]
               for m in (graph_commands, query_commands, neo4j_commands, claim_commands, ingest_commands,
                         import_commands, entity_commands, sparql_store_commands, report_commands)
               for c in m.COMMANDS}
    assert {name: module for name, (module, _) in COMMANDS.items()} == defined
    ctx = click.Context(group)
    for name, (_, summary) in COMMANDS.items():
        assert summary == " ".join(group.get_command(ctx, name).help.split("\n\n")[0].split()), name


def test_every_command_is_documented_with_an_example():
    import click

    from china_ai_kg.cli import cli as group

    ctx = click.Context(group)

    def walk(cmd, prefix=""):
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                yield from walk(cmd.get_command(ctx, name), f"{prefix}{name} ")
        else:
            yield prefix.strip(), cmd

    commands = dict(walk(group))
    assert len(commands) == 29
    for name, cmd in commands.items():
        assert cmd.help and "Example:" in cmd.help, name


def test_console_script_runs_without_traceback(tmp_path):
    exe = [sys.executable, "-c", "from china_ai_kg.cli import cli; cli()"]
    run = subprocess.run([*exe, "show", "阿裏巴巴", "--format", "json"], capture_output=True, text=True)
    assert run.returncode == 0 and json.loads(run.stdout)["id"] == "alibaba"
    bad = tmp_path / "bad.yaml"
    bad.write_text("facts:\n  - {type: DEVELOPS, from: x}\n", encoding="utf-8")
    run = subprocess.run([*exe, "validate", str(bad)], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr == f"Error: {bad}:2: DEVELOPS has no 'to'\n"
    assert "Traceback" not in run.stderr
