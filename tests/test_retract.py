"""Sources as units: a retraction removes exactly what only the retracted source supported."""

from __future__ import annotations

import pytest

from china_ai_kg.loaders import load

RETRACT_ARXIV = "retractions:\n  - {source: src-arxiv-deepseek-r1, date: 2026-12, reason: withdrawn}\n"
RETRACT_ARTICLE = "retractions:\n  - {source: src-article-000, date: 2026-12-04}\n"


def _cites(kg, sid):
    nodes = {n for n, d in kg.g.nodes(data=True) if d.get("source") == sid}
    edges = {(a, b, d["type"]) for a, b, d in kg.g.edges(data=True) if d.get("source") == sid}
    return nodes, edges


def test_retracting_a_source_removes_its_statements_and_the_source(kg, write):
    before = _cites(kg, "src-arxiv-deepseek-r1")
    assert before == (set(), {("deepseek", "deepseek-r1", "DEVELOPS")})
    after = load([write("r.yaml", RETRACT_ARXIV)], cache=False)
    assert _cites(after, "src-arxiv-deepseek-r1") == (set(), set())
    assert "src-arxiv-deepseek-r1" not in after.g  # nothing cites it any more
    assert "deepseek-r1" in after.g and "deepseek" in after.g  # other sources support them
    assert after.counts()["relationships"] == kg.counts()["relationships"] - 1


def test_entities_other_sources_support_stay_and_the_rest_goes(kg, write):
    after = load([write("r.yaml", RETRACT_ARTICLE)], cache=False)
    assert after.counts()["facts"] == 0  # every n-ary fact was the article's
    nodes, edges = _cites(after, "src-article-000")
    assert edges == set()
    kept = {n for n in nodes if after.g.degree(n) > 0}
    assert nodes == kept and {"alibaba", "alibaba-cloud", "deepseek", "qwen"} <= kept
    assert "shen-siqi" not in after.g and "tim-cook" not in after.g  # only the article named them
    assert after.node("src-article-000")["retracted"] == "2026-12-04"
    survivors = {(a, b, d["type"]) for a, b, d in after.relations()}
    assert ("alibaba-cloud", "alibaba", "SUBSIDIARY_OF") in survivors


@pytest.mark.parametrize("text, message", [
    ("retractions:\n  - {source: src-nowhere, date: 2026-12}\n", ":2: unknown entity 'src-nowhere'"),
    ("retractions:\n  - {source: src-article-000}\n", ":2: a retraction needs 'date'"),
    ("retractions:\n  - {source: src-article-000, date: 2026-12}\n  - {source: src-article-000, date: 2026-12}\n",
     ":3: 'src-article-000' is retracted twice"),
    ("retractions:\n  - {source: alibaba, date: 2026-12}\n", ":2: 'source' must be a Source document"),
    ("facts:\n  - {type: retraction, source: src-article-000}\n", ":2: 'retraction' records go in the 'retractions'"),
])
def test_bad_retractions_are_one_line(cli, write, text, message):
    path = write("bad.yaml", text)
    code, _, err = cli("validate", "--with-bundled", str(path))
    assert code == 1 and err.startswith(f"Error: {path}{message}") and len(err.splitlines()) == 1, err
