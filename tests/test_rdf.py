"""The RDF projection is exact in both directions, and exports are deterministic."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from china_ai_kg.graph.rdf import to_rdf
from china_ai_kg.loaders import load
from china_ai_kg.loaders.build import build_graph
from china_ai_kg.loaders.rdf_files import records_from_rdf
from china_ai_kg.outputs.export import export_text


def test_round_trip_is_exact(kg, schema):
    g = to_rdf(kg, schema)
    back = build_graph(records_from_rdf(g, schema, "mem.ttl"), schema)
    assert back == kg
    assert back.counts() == kg.counts()


def test_round_trip_detects_a_change(kg, schema):
    from rdflib import Literal, URIRef

    g = to_rdf(kg, schema)
    s = URIRef("https://w3id.org/cnkg/id/bench-qwen2.5-max-arena-overall")
    score = URIRef("https://w3id.org/cnkg/ontology#score")
    g.set((s, score, Literal("1333", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    assert build_graph(records_from_rdf(g, schema, "mem.ttl"), schema) != kg


def test_projection_shape(kg, schema):
    g = to_rdf(kg, schema)
    ask = """
    PREFIX cnkg: <https://w3id.org/cnkg/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?locator ?status WHERE {
      ?x cnkg:id "alibaba-cloud" . ?y cnkg:id "qwen" .
      ?st a rdf:Statement ; rdf:subject ?x ; rdf:predicate cnkg:develops ; rdf:object ?y ;
          cnkg:locator ?locator ; cnkg:status ?status .
      ?x cnkg:develops ?y .
    }"""
    assert [(str(a), str(b)) for a, b in g.query(ask)] == [("lead section", "confirmed")]


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "ntriples"])
def test_exported_rdf_loads_back_as_user_data(fmt, kg, schema, tmp_path):
    suffix = {"turtle": ".ttl", "jsonld": ".jsonld", "ntriples": ".nt"}[fmt]
    path = tmp_path / f"graph{suffix}"
    path.write_text(export_text(kg, schema, fmt), encoding="utf-8")
    assert load([path], bundled=False, cache=False) == kg


def test_node_link_json_is_networkx_readable(kg, schema):
    import networkx as nx

    data = json.loads(export_text(kg, schema, "json"))
    g = nx.node_link_graph(data, edges="edges")
    assert g.number_of_nodes() == kg.g.number_of_nodes()
    assert g.number_of_edges() == kg.g.number_of_edges()
    assert g.nodes["qwen2.5-max"]["architecture"] == "mixture-of-experts"
    # every edge runs from its subject to its object, with every attribute (provenance renamed) kept
    expected = sorted((u, v, k, tuple(sorted(("provenance" if a == "source" else a, list(b) if isinstance(b, tuple)
                                             else b) for a, b in d.items())))
                      for u, v, k, d in kg.g.edges(keys=True, data=True))
    got = sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in g.edges(keys=True, data=True))
    assert got == expected
    relations = sorted((u, v, d["id"]) for u, v, d in kg.relations())
    assert sorted((u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d["kind"] == "relation") == relations
    assert not any(g.nodes[u]["type"] == "Source" for u, _, d in g.edges(data=True) if d["type"] != "AUTHOR_OF")
    assert g.nodes["qwen2.5-max"]["provenance"] == kg.node("qwen2.5-max")["source"]


def test_graphml_has_every_node_and_edge(kg, schema, tmp_path):
    import networkx as nx

    path = tmp_path / "g.graphml"
    path.write_text(export_text(kg, schema, "graphml"), encoding="utf-8")
    g = nx.read_graphml(path, force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (kg.g.number_of_nodes(), kg.g.number_of_edges())
    assert g.nodes["alibaba"]["aliases"] == "Alibaba|BABA|阿里|阿里巴巴"


@pytest.fixture(scope="module")
def exports_in_other_processes():
    """Every export format, made by two fresh processes with different hash seeds."""
    import os

    from china_ai_kg.outputs.export import FORMATS

    code = (
        "import json, sys; from china_ai_kg.loaders import load; from china_ai_kg.ontology import load_schema;"
        "from china_ai_kg.outputs.export import export_text; kg, s = load(cache=False), load_schema();"
        f"sys.stdout.write(json.dumps({{f: export_text(kg, s, f) for f in {FORMATS!r}}}))"
    )
    return [json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True,
                                      env={**os.environ, "PYTHONHASHSEED": seed}).stdout) for seed in ("1", "2")]


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "ntriples", "graphml", "json", "cypher"])
def test_exports_are_byte_identical_across_processes(fmt, kg, schema, exports_in_other_processes):
    first, second = (run[fmt] for run in exports_in_other_processes)
    assert first == second == export_text(kg, schema, fmt)


def test_user_turtle_adds_facts_and_resolves_aliases(write):
    ttl = write(
        "extra.ttl",
        """
        @prefix cnkg: <https://w3id.org/cnkg/ontology#> .
        @prefix id: <https://w3id.org/cnkg/id/> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        id:src-user a cnkg:Source ; rdfs:label "User note"@en .
        id:qwen-x a cnkg:ModelRelease ; rdfs:label "Qwen-X"@en , "通义X"@zh-Hans ;
            cnkg:source id:src-user ; cnkg:locator "p1" .
        id:qwen-x cnkg:releaseOf id:qwen .
        id:stmt-1 a rdf:Statement ; rdf:subject id:qwen-x ; rdf:predicate cnkg:releaseOf ; rdf:object id:qwen ;
            cnkg:source id:src-user ; cnkg:locator "p2" .
        """,
    )
    kg = load([ttl], cache=False)
    assert kg.node("qwen-x")["name_zh_hant"] == "通義X"
    assert [(u, v, d["id"]) for u, v, d in kg.relations() if d["source"] == "src-user"] == [
        ("qwen-x", "qwen", "stmt-1")
    ]
