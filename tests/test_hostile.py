"""Hostile and careless input: each hole a probe found is a test here (the Neo4j ones are in test_neo4j.py).

Every case must end in one line naming the file:line (or the argument), exit code 1 where it is a
command, no traceback, nothing fetched and nothing half-written.
"""

from __future__ import annotations

import os
import pickle
import random
import stat
import subprocess
import sys
import time

import pytest

from china_ai_kg.base import cache
from china_ai_kg.base.errors import EngineError, KGError, QueryError, RenderError
from china_ai_kg.base.files import write_atomic
from china_ai_kg.loaders import load
from china_ai_kg.queries import run_sparql_text

CLI = [sys.executable, "-c", "from china_ai_kg.cli import cli; cli()"]
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _run(*args, env=None, **kw):
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, **kw)


# -- 1. SERVICE cannot be hidden from the guard ---------------------------------------------------


def _service_queries(url):
    endpoint = f"<{url}/sparql>"
    return [
        f"SELECT ?s WHERE {{ # x\r SERVICE {endpoint} {{ ?s ?q ?r }}\n }}",  # a bare CR ends the comment for oxigraph
        f"SELECT ?s WHERE {{ # x\r\n SERVICE {endpoint} {{ ?s ?q ?r }} }}",
        f'SELECT ?s WHERE {{ ?s ?p \\u0022 . SERVICE {endpoint} {{ ?s ?q ?r }} # " }}',  # rdflib expands \u0022
        f"SELECT ?s WHERE {{ SERV\\u0049CE {endpoint} {{ ?s ?q ?r }} }}",
        f"SELECT ?s WHERE {{ # \\u000d SERVICE {endpoint} {{ ?s ?q ?r }}\n }}",
        f"SELECT ?s WHERE {{ SERVICE SILENT {endpoint} {{ ?s ?q ?r }} }}",
        f"SELECT ?s WHERE {{ BIND({endpoint} AS ?e) SERVICE ?e {{ ?s ?q ?r }} }}",
    ]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("case", range(7))
def test_service_is_never_called_however_it_is_hidden(kg, trap_server, engine, case):
    text = _service_queries(trap_server["url"])[case]
    try:
        result = run_sparql_text(text, kg, engine)
    except QueryError as e:
        assert "SERVICE is refused" in str(e) or "syntax error" in str(e)
    else:
        assert "http://fetched.example/" not in str(result.rows)
    assert trap_server["requests"] == []


def test_service_in_a_pack_query_on_a_large_graph_is_refused(tmp_path, trap_server, large_data):
    header = ("# name: sneaky\n# question.en: Sneaky?\n# question.zh: 偷偷？\n# description: x\n# columns: s\n")
    rq = header + f"SELECT ?s WHERE {{ # x\r SERVICE <{trap_server['url']}/sparql> {{ ?s ?q ?r }}\n }}\nORDER BY ?s\n"
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "sneaky.rq").write_text(rq, encoding="utf-8", newline="")
    (pack / "sneaky.cypher").write_text(header.replace("# ", "// ") + "RETURN 1 AS s\n", encoding="utf-8")
    run = _run("query", "run", "sneaky", "--pack", str(pack), "--no-bundled", "--data", str(large_data))
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == "Error: SERVICE is refused: queries run on the loaded graph only and never reach the network\n"
    assert trap_server["requests"] == []


# -- 3 and 14. The cache never runs code it did not write, and never crashes ---------------------------


class _Planted:
    """A pickle that, when loaded, leaves a file behind: proof that the cache ran foreign code."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.fixture(scope="module")
def filled_cache(tmp_path_factory):
    """A cache directory as three commands leave it: graph, schema, query pack, parsed query, verdict."""
    directory = tmp_path_factory.mktemp("filled") / "cache"
    env = {"CNKG_CACHE_DIR": str(directory)}
    for args in (["stats"], ["query", "list"], ["sparql", "--engine", "oxigraph", "ASK { ?s ?p ?o }"]):
        assert _run(*args, env=env).returncode == 0
    return directory


def _fill_cache(directory, filled):
    import shutil

    shutil.copytree(filled, directory)
    return sorted(p for p in directory.iterdir() if p.suffix == ".pickle")


def test_planted_pickles_are_never_loaded(tmp_path, trap_server, filled_cache):
    directory = tmp_path / "cache"
    entries = _fill_cache(directory, filled_cache)
    assert len(entries) >= 4
    marker = tmp_path / "ran"
    for entry in entries:  # an attacker's pickle, and a forged "query checked" verdict
        entry.write_bytes(pickle.dumps("SELECT") if "sparql-ok" in entry.name else pickle.dumps(_Planted(marker)))
    env = {"CNKG_CACHE_DIR": str(directory)}
    assert _run("stats", env=env).returncode == 0
    assert _run("query", "list", env=env).returncode == 0
    service = _service_queries(trap_server["url"])[0]
    run = _run("sparql", "--engine", "oxigraph", service, env=env)
    assert (run.returncode, run.stderr) == (1, "Error: SERVICE is refused: queries run on the loaded graph only and "
                                                "never reach the network\n")
    assert not marker.exists()
    assert trap_server["requests"] == []


def test_a_cache_others_can_write_to_is_not_used(tmp_path, filled_cache):
    directory = tmp_path / "shared"
    entries = _fill_cache(directory, filled_cache)
    key = (directory / ".cnkg-cache-key").read_bytes()
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(marker))
    import hashlib
    import hmac

    for entry in entries:  # correctly signed: only the directory's permissions can stop these now
        entry.write_bytes(b"cnkg-cache-1\n" + hmac.new(key, payload, hashlib.sha256).digest() + payload)
    os.chmod(directory, 0o777)
    cache._key_for.cache_clear()
    try:
        assert _run("stats", env={"CNKG_CACHE_DIR": str(directory)}).returncode == 0
        assert not marker.exists()
    finally:
        os.chmod(directory, 0o700)
    assert _run("stats", env={"CNKG_CACHE_DIR": str(directory)}).returncode == 0
    assert marker.exists()  # the same signed entries in a private directory are ours, and are read


def test_corrupt_or_wrongly_typed_entries_are_misses(tmp_path, monkeypatch):
    monkeypatch.setenv("CNKG_CACHE_DIR", str(tmp_path / "cache"))
    cache._key_for.cache_clear()
    expected = load().counts()
    entry = next(p for p in (tmp_path / "cache").iterdir() if p.name.startswith("graph-"))
    good = entry.read_bytes()
    rng = random.Random(7)
    for i in range(12):
        blob = bytearray(good)
        if i % 3 == 0:
            blob = blob[: rng.randrange(len(blob))]
        elif i % 3 == 1:
            blob[rng.randrange(len(blob))] ^= 0xFF
        else:
            blob = bytearray(rng.randbytes(len(good)))
        entry.write_bytes(bytes(blob))
        assert load().counts() == expected
    key = entry.name[: entry.name.index("-code")]
    cache.store(key, {"not": "a graph"})  # signed by us, but not a graph
    assert load().counts() == expected


# -- 4, 11, 12, 13. Limits on what a fact file can do ------------------------------------------------------


BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


def _error(path, **kw) -> str:
    with pytest.raises(KGError) as err:
        load([path], bundled=False, cache=False, **kw)
    return str(err.value)


def test_yaml_alias_bomb_is_refused_quickly(write):
    path = write("bomb.yaml", BOMB)
    start = time.perf_counter()
    assert _error(path) == f"{path}:1: more than 1000 YAML aliases"  # the anchor that is expanded too often
    assert time.perf_counter() - start < 2


def _figure(value: str) -> str:
    return f"""\
sources:
  - {{id: src, name: {{en: S}}}}
entities:
  - {{id: acme, type: Company, name: {{en: Acme}}, source: src, locator: "1"}}
facts:
  - {{id: f, type: FinancialFigure, subject: acme, metric: sales_change, unit: percent, source: src, locator: "2",
     value: {value}}}
"""


@pytest.mark.parametrize("value, outcome", [
    ("0b1010", 10), ("-0x10", -16), ("1_000", 1000),
    ("1:30", "{f}:7: bad number '1:30' for 'value'"),
    (".inf", "{f}:7: bad number inf for 'value'"),
    ("-.inf", "{f}:7: bad number -inf for 'value'"),
    (".nan", "{f}:7: bad number nan for 'value'"),
    ("1" * 5000, "{f}:7: bad YAML number '" + "1" * 40 + "...'"),
])
def test_yaml_numbers_never_crash_the_loader(write, value, outcome):
    path = write("numbers.yaml", _figure(value))
    if isinstance(outcome, int):
        assert load([path], bundled=False, cache=False).node("f")["value"] == outcome
    else:
        assert _error(path) == outcome.format(f=path)


def test_deep_nesting_is_refused_before_it_recurses(write, tmp_path):
    deep_yaml = write("deep.yaml", "entities:\n" + "".join("  " * i + "- \n" for i in range(1, 600)) + "  " * 600 + "- x\n")
    assert _error(deep_yaml) == f"{deep_yaml}:66: YAML nested deeper than 64 levels"
    jsonld = tmp_path / "deep.jsonld"
    jsonld.write_text('{"@context": {}, "x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert _error(jsonld) == f"{jsonld}: JSON nested deeper than 64 levels"
    jsonl = tmp_path / "deep.jsonl"
    jsonl.write_text('{"id": "x"}\n{"id": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    assert _error(jsonl) == f"{jsonl}:2: JSON nested deeper than 64 levels"


def test_deeply_nested_sparql_is_one_error(kg):
    nested = "(" * 60 + "1" + ")" * 60
    for engine in ("rdflib", "oxigraph"):
        with pytest.raises(QueryError) as err:
            run_sparql_text(f"SELECT ?s WHERE {{ ?s ?p ?o FILTER({nested}) }}", kg, engine)
        assert str(err.value) == "the query is nested too deeply"


def test_a_lone_surrogate_is_refused(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "src", "type": "Source", "name": {"en": "S\\ud800"}}\n', encoding="utf-8")
    assert _error(path) == f"{path}:1: invalid Unicode: a lone surrogate (\\ud800-\\udfff) in a string"
    pair = tmp_path / "ok.jsonl"
    pair.write_text('{"id": "src", "type": "Source", "name": {"en": "S\\ud83d\\ude00"}}\n', encoding="utf-8")
    assert load([pair], bundled=False, cache=False).node("src")["name_en"] == "S\U0001f600"


# -- 10. Every rule in the ontology, with file:line ---------------------------------------------------


@pytest.mark.parametrize("change, message", [
    (("metric: sales_change", "metric: capex", "value: 5", "value: -5"), "{f}:7: 'value' may not be below 0 when "
                                                                          "'metric' is capex, user_base or model_gap"),
    (("metric: sales_change", "metric: market_rank", "value: 5", "value: 0"),
     "{f}:7: 'value' may not be below 1 when 'metric' is market_rank"),
    (("value: 5", "value: -5"), None),  # a change in sales may be negative
    (("name: {en: S}", "name: {en: S}, published: '0000-01-01'"),
     "{f}:2: bad date '0000-01-01' for 'published' (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    (("name: {en: S}", "name: {en: S}, published: '0000'"),
     "{f}:2: bad date '0000' for 'published' (use YYYY, YYYY-MM or YYYY-MM-DD)"),
])
def test_value_rules_hold_with_file_and_line(write, change, message):
    text = _figure("5")
    for old, new in zip(change[::2], change[1::2]):
        text = text.replace(old, new)
    path = write("rules.yaml", text)
    if message is None:
        assert load([path], bundled=False, cache=False).node("f")["value"] == -5
    else:
        assert _error(path) == message.format(f=path)


def test_ranks_start_at_one(write):
    path = write("rank.yaml", """\
        sources:
          - {id: src, name: {en: S}}
        entities:
          - {id: m, type: ModelRelease, name: {en: M}, source: src, locator: "1"}
          - {id: board, type: Leaderboard, name: {en: B}, source: src, locator: "1"}
        facts:
          - {id: r, type: BenchmarkResult, model: m, leaderboard: board, rank: -3, source: src, locator: "2"}
        """)
    assert _error(path) == f"{path}:7: 'rank' must be at least 1"


# -- 5 and 6. Query texts are bounded in size and time ---------------------------------------------------


@pytest.mark.parametrize("command", ["sparql", "cypher"])
def test_query_files_are_bounded(cli, command):
    assert cli(command, "@/dev/zero") == (1, "", "Error: /dev/zero: query file is larger than 1 MiB\n")


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_queries_have_a_time_limit(kg, engine):
    start = time.perf_counter()
    with pytest.raises(EngineError) as err:
        run_sparql_text(CARTESIAN, kg, engine, timeout=0.5)
    assert str(err.value) == "query exceeded 0.5 s (give a longer --timeout, or --timeout 0 for none)"
    assert time.perf_counter() - start < 3


def test_the_cli_time_limit_is_one_line(cli):
    assert cli("sparql", "--timeout", "0.5", CARTESIAN) == (
        1, "", "Error: query exceeded 0.5 s (give a longer --timeout, or --timeout 0 for none)\n")
    assert cli("sparql", "--timeout", "-1", "ASK {}")[0] == 1


# -- 7, 8, 15, 16. Outputs respect what they write to ------------------------------------------------------


@pytest.mark.parametrize("target", ["/dev/stdout", "/dev/fd/1", "-"])
def test_special_output_paths_are_written_in_place(target, kg, schema):
    from china_ai_kg.outputs.export import export_text

    run = _run("export", "--format", "ntriples", "-o", target)
    assert run.returncode == 0 and run.stdout == export_text(kg, schema, "ntriples")
    assert os.readlink("/dev/stdout") == "/proc/self/fd/1"


def test_the_inputs_of_a_command_are_never_its_outputs(write):
    path = write("mine.yaml", """\
        sources:
          - {id: src-mine, name: {en: Mine}}
        """)
    before = path.read_bytes()
    for args in (["export", "-o", str(path)], ["render", "-o", str(path)]):
        run = _run(*args, "--data", str(path))
        assert (run.returncode, run.stdout) == (1, "")
        assert run.stderr == f"Error: refusing to overwrite {path}: it is one of this command's input files\n"
    assert path.read_bytes() == before


@pytest.mark.parametrize("args, message", [
    (["export", "-o", "/sys/x"], "Error: cannot write /sys/x: "),
    (["report", "-o", "/sys/site"], "Error: cannot create directory /sys/site/graphs: "),
    (["export", "-o", "/tmp/" + "x" * 300], "Error: cannot write /tmp/" + "x" * 300 + ": File name too long"),
])
def test_unwritable_outputs_are_one_line(args, message):
    run = _run(*args)
    assert run.returncode == 1 and run.stderr.startswith(message) and run.stderr.count("\n") == 1, run.stderr


def test_standard_output_failures_are_one_line():
    with open("/dev/full", "w") as full:
        run = subprocess.run([*CLI, "export"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert (run.returncode, run.stderr) == (1, "Error: cannot write standard output: No space left on device\n")
    run = subprocess.run([*CLI, "export"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         pass_fds=(), preexec_fn=lambda: os.close(1))
    assert (run.returncode, run.stderr) == (1, "Error: cannot write standard output: standard output is closed\n")


# -- 9 and 17. Damaged stores are rebuilt; dead writers' temp files are swept ------------------------------


def test_a_damaged_oxigraph_store_is_rebuilt(kg, tmp_path, monkeypatch):
    from china_ai_kg.queries import store

    monkeypatch.setenv("CNKG_CACHE_DIR", str(tmp_path / "cache"))
    cache._key_for.cache_clear()
    run1, run2 = pickle.loads(pickle.dumps(kg)), pickle.loads(pickle.dumps(kg))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = [s["n"] for s in store.oxigraph_store(run1, disk_threshold=0).query(count)]
    path = store.store_path(run1)
    for f in path.iterdir():
        if f.is_file() and f.name != "cnkg-complete":
            f.write_bytes(os.urandom(max(f.stat().st_size, 16)))
    assert [s["n"] for s in store.oxigraph_store(run2, disk_threshold=0).query(count)] == expected


def test_temp_files_of_dead_writers_are_swept(tmp_path, monkeypatch):
    dead = 2**22 + 12345  # above the kernel's default pid_max
    (tmp_path / f".out.nt.{dead}.abcd.tmp").write_bytes(b"x" * 1000)
    (tmp_path / f".out.nt.{os.getpid()}.live.tmp").write_bytes(b"live")  # a writer still running: kept
    write_atomic(tmp_path / "out.nt", "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".out.nt.{os.getpid()}.live.tmp", "out.nt"]
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("CNKG_CACHE_DIR", str(cache_dir))
    cache._key_for.cache_clear()
    cache_dir.mkdir(mode=0o700)
    (cache_dir / f".tmp-{dead}-abc").write_bytes(b"x")
    (cache_dir / f".tmp-{dead}-store").mkdir()
    cache._SWEPT.discard(cache_dir)
    cache.store("probe", 1)
    assert sorted(p.name for p in cache_dir.iterdir() if p.name.startswith(".tmp")) == []
    assert cache.load("probe", int) == 1


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    def refuse(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(RenderError) as err:
        write_atomic(tmp_path / "out.nt", "data")
    assert str(err.value) == f"cannot write {tmp_path / 'out.nt'}: No space left on device"
    assert list(tmp_path.iterdir()) == []
    assert stat.S_ISDIR(os.stat(tmp_path).st_mode)
