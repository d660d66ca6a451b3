"""Questions on a large built graph answered from its on-disk store, without reading the graph back."""

from __future__ import annotations

import json
import shutil

import pytest

from china_ai_kg.cli import options
from china_ai_kg.graph.alias_index import IndexedResolver, write_index
from china_ai_kg.graph.aliases import resolver_for
from china_ai_kg.queries import stored
from china_ai_kg.queries.store import store_path

QUESTION = ("query", "run", "partnerships", "-p", "company=org-1", "--format", "json")


@pytest.fixture
def large_copy(large_data, tmp_path):
    """The large synthetic file, copied so that a test may change it."""
    path = tmp_path / "large.jsonl"
    shutil.copyfile(large_data, path)
    return path


def _no_load(*args, **kwargs):
    raise AssertionError("the graph was loaded")


def test_the_second_question_opens_the_store_and_not_the_graph(cli, large_copy, monkeypatch):
    code, first, err = cli(*QUESTION, "--data", str(large_copy), "--no-bundled")
    assert code == 0, err
    assert json.loads(first)["engine"] == "oxigraph" and json.loads(first)["rows"]
    monkeypatch.setattr(options, "graph", _no_load)
    code, again, err = cli(*QUESTION, "--data", str(large_copy), "--no-bundled")
    assert code == 0, err
    assert again == first
    code, out, err = cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--data", str(large_copy),
                         "--no-bundled", "--format", "json")
    assert code == 0 and json.loads(out)["rows"][0][0] > 50_000
    code, out, err = cli("query", "run", "partnerships", "-p", "company=no-such-org", "--data", str(large_copy),
                         "--no-bundled")
    assert code == 1 and err.startswith("Error: parameter 'company': unknown entity 'no-such-org'")


def test_a_changed_file_is_loaded_again_never_answered_from_the_old_store(cli, large_copy, monkeypatch):
    code, first, err = cli(*QUESTION, "--data", str(large_copy), "--no-bundled")
    assert code == 0, err
    lines = large_copy.read_text(encoding="utf-8").splitlines(keepends=True)
    large_copy.write_text("".join(lines[:-1]), encoding="utf-8")  # one record fewer
    loaded = []
    real = options.graph
    monkeypatch.setattr(options, "graph", lambda spec, view=True: loaded.append(spec) or real(spec, view))
    code, out, err = cli(*QUESTION, "--data", str(large_copy), "--no-bundled")
    assert code == 0, err
    assert loaded, "the changed file was answered from the old store"


def test_a_half_written_or_foreign_store_is_not_trusted(cli, large_copy, monkeypatch):
    code, first, err = cli(*QUESTION, "--data", str(large_copy), "--no-bundled")
    assert code == 0, err
    kg = options.graph(options.GraphSpec((str(large_copy),), False, options.View()))
    path = store_path(kg)
    (path / "cnkg-complete").unlink()  # as if the builder had died before its last step
    key = stored.fingerprint([(str(large_copy), large_copy)], options.View().key)
    assert stored.open_stored(key) is None
    code, again, err = cli(*QUESTION, "--data", str(large_copy), "--no-bundled")  # rebuilds the store
    assert code == 0 and again == first
    assert stored.open_stored(key) is not None
    from china_ai_kg.base import cache

    monkeypatch.setattr(cache, "code_digest", lambda: "another-version")
    assert stored.open_stored(key) is None


def test_the_index_resolves_as_the_graph_resolver(large_data, tmp_path):
    from china_ai_kg.base.errors import UnknownEntityError
    from china_ai_kg.loaders import load

    kg = load([large_data], bundled=False)
    resolver = resolver_for(kg)
    write_index(resolver, tmp_path / "index.sqlite")
    index = IndexedResolver(tmp_path / "index.sqlite")
    names = ["org-1", "O1", "o1", "ｏ１", "org-10", "region-0", "f1", "nothing"]
    assert [index.get(n) for n in names] == [resolver.get(n) for n in names]
    assert index.get("O1") == "org-1"
    assert [index.types.get(i) for i in ("org-1", "nothing")] == [resolver.types.get(i) for i in ("org-1", "nothing")]
    some_fact = sorted(resolver.facts)[0]
    assert some_fact in index.facts and "nothing" not in index.facts
    with pytest.raises(UnknownEntityError) as a:
        resolver.resolve("org-1x")
    with pytest.raises(UnknownEntityError) as b:
        index.resolve("org-1x")
    assert str(a.value) == str(b.value)
