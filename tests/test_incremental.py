"""Incremental build: changing, adding or removing one file rebuilds only its records, and the graph is the
one a full build gives."""

from __future__ import annotations

import pytest

from china_ai_kg.loaders import load

BASE = """\
sources:
  - {id: src-inc, name: {en: Inc}, publisher: P, url: "https://example.org/inc", retrieved: 2026-12}
entities:
  - {id: inc-lab, type: AILab, name: {en: Inc Lab}, source: src-inc, locator: ¶1}
  - {id: inc-model, type: ModelRelease, name: {en: Inc Model}, releaseDate: 2024-05, source: src-inc, locator: ¶2}
facts:
  - {type: DEVELOPS, from: inc-lab, to: inc-model, source: src-inc, locator: ¶3}
  - {type: INVESTS_IN, from: alibaba, to: inc-lab, source: src-inc, locator: ¶4}
"""
OTHER = """\
sources:
  - {id: src-other, name: {en: Other}, publisher: P, url: "https://example.org/other", retrieved: 2026-12}
facts:
  - {type: BASED_IN, from: deepseek, to: china, source: src-other, locator: ¶1}
"""


def _full(paths):
    return load(paths, cache=False)


@pytest.fixture
def full_builds(monkeypatch, tmp_path):
    """How many times the loader builds a graph from every record (not from a remembered one), with a cache
    of this test's own."""
    import china_ai_kg.loaders as loaders

    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    monkeypatch.setenv("CNKG_CACHE_DIR", str(cache))
    calls = []
    real = loaders.build_graph
    monkeypatch.setattr(loaders, "build_graph", lambda records, schema: calls.append(1) or real(records, schema))
    return calls


def test_changing_one_file_rebuilds_only_it_and_gives_the_full_graph(write, full_builds):
    a, b = write("a.yaml", BASE), write("b.yaml", OTHER)
    first = load([a, b])
    assert len(full_builds) == 1
    write("a.yaml", BASE.replace("releaseDate: 2024-05", "releaseDate: 2024-06").replace(
        "  - {type: INVESTS_IN, from: alibaba, to: inc-lab, source: src-inc, locator: ¶4}\n", ""))
    second = load([a, b])
    assert len(full_builds) == 1  # the change was built on the remembered graph of the other files
    assert second.node("inc-model")["releaseDate"] == "2024-06"
    assert second.canonical() == _full([a, b]).canonical()
    assert second.canonical() != first.canonical()
    assert set(second.by_file) >= {str(a), str(b)}


def test_adding_and_removing_a_file(write, full_builds):
    a, b = write("a.yaml", BASE), write("b.yaml", OTHER)
    load([a])
    both = load([a, b])
    assert len(full_builds) == 1
    assert both.canonical() == _full([a, b]).canonical()
    again = load([a])
    assert again.canonical() == _full([a]).canonical()


def test_a_change_that_breaks_another_file_is_still_refused(write, full_builds):
    from china_ai_kg.base.errors import KGError

    a = write("a.yaml", BASE)
    b = write("b.yaml", OTHER + "  - {type: DEVELOPS, from: inc-lab, to: qwen, source: src-other, locator: ¶2}\n")
    load([a, b])
    write("a.yaml", BASE.replace("inc-lab", "inc-lab-2"))
    with pytest.raises(KGError, match="unknown entity 'inc-lab'"):
        load([a, b])
    assert len(full_builds) == 2  # declined: another file names an entity of the changed one
