"""Neighbourhoods, paths and centrality on a tiny literal graph, with exact expected values.

    a -PARTNERS_WITH-> b <-PARTY- f (Partnership) -PARTY-> c        d (alone)
"""

from __future__ import annotations

import math

import pytest

from china_ai_kg.base.errors import KGError
from china_ai_kg.graph.analytics import centrality, edge_types, neighbourhood, shortest_paths
from china_ai_kg.graph.model import KnowledgeGraph


@pytest.fixture
def tiny():
    kg = KnowledgeGraph()
    for eid in "abcd":
        kg.add_entity(eid, {"type": "Company", "name_en": eid.upper(), "aliases": ()})
    kg.add_relation("r1", "a", "b", "PARTNERS_WITH", {})
    kg.add_fact("f", {"type": "Partnership"}, [("PARTY", "b"), ("PARTY", "c")])
    return kg


def test_neighbourhoods_count_a_shared_fact_as_one_hop(tiny):
    assert neighbourhood(tiny, "a", 0) == {"entities": {"a": 0}, "facts": set()}
    assert neighbourhood(tiny, "a", 1) == {"entities": {"a": 0, "b": 1}, "facts": set()}
    assert neighbourhood(tiny, "a", 2) == {"entities": {"a": 0, "b": 1, "c": 2}, "facts": {"f"}}
    assert neighbourhood(tiny, "c", 1) == {"entities": {"c": 0, "b": 1}, "facts": {"f"}}
    assert neighbourhood(tiny, "d", 3) == {"entities": {"d": 0}, "facts": set()}
    with pytest.raises(KGError):
        neighbourhood(tiny, "a", -1)


def test_shortest_paths_pass_through_fact_hubs(tiny):
    assert shortest_paths(tiny, "a", "c") == [["a", "b", "f", "c"]]
    assert shortest_paths(tiny, "c", "a", limit=1) == [["c", "f", "b", "a"]]
    assert shortest_paths(tiny, "a", "d") == []
    assert edge_types(tiny, "a", "b") == ["->PARTNERS_WITH"]
    assert edge_types(tiny, "b", "f") == ["<-PARTY"]
    assert edge_types(tiny, "a", "c") == []


def _scores(kg, measure):
    return [(r["id"], r["score"]) for r in centrality(kg, measure, top=10)]


def test_degree_centrality_ranks_entities_only_with_ties_by_id(tiny):
    # 5 nodes (f included): degree / (n - 1)
    assert _scores(tiny, "degree") == [("b", 0.5), ("a", 0.25), ("c", 0.25), ("d", 0.0)]


def test_betweenness_centrality(tiny):
    # b lies on the shortest paths a-f and a-c: 2 pairs, normalised by (n-1)(n-2)/2 = 6
    assert _scores(tiny, "betweenness") == [("b", round(2 / 6, 6)), ("a", 0.0), ("c", 0.0), ("d", 0.0)]


def test_eigenvector_centrality(tiny):
    # the path a-b-f-c has the principal eigenvector (1, phi, phi, 1), normalised; d has none
    phi = (1 + math.sqrt(5)) / 2
    end, middle = 1 / math.sqrt(2 + 2 * phi**2), phi / math.sqrt(2 + 2 * phi**2)
    assert _scores(tiny, "eigenvector") == [("b", round(middle, 6)), ("a", round(end, 6)), ("c", round(end, 6)),
                                           ("d", 0.0)]


def test_unknown_measure(tiny):
    with pytest.raises(KGError) as err:
        centrality(tiny, "pagerank")
    assert str(err.value) == "unknown centrality measure 'pagerank' (use degree, betweenness or eigenvector)"
