"""Standards-grade linked data, checked with independent tools: pyoxigraph, Apache Jena, pyshacl, networkx."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from china_ai_kg.graph.rdf import to_rdf
from china_ai_kg.loaders import load
from china_ai_kg.loaders.build import build_graph
from china_ai_kg.loaders.rdf_files import records_from_rdf
from china_ai_kg.loaders.shacl import shacl_violations
from china_ai_kg.ontology.schema import ontology_bytes
from china_ai_kg.outputs.export import export_text

RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
               "rdfxml": ox.RdfFormat.RDF_XML}
SUFFIX = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf"}
NS = "https://w3id.org/cnkg/ontology#"
ID = "https://w3id.org/cnkg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def exports(kg, schema, tmp_path_factory):
    d = tmp_path_factory.mktemp("exports")
    out = {}
    for fmt in RDF_FORMATS:
        path = d / f"graph{SUFFIX[fmt]}"
        path.write_text(export_text(kg, schema, fmt), encoding="utf-8")
        out[fmt] = path
    return out


def _oxigraph_triples(data: bytes, fmt) -> set:
    return {str(q.triple) for q in ox.parse(data, format=fmt)}


@pytest.fixture(scope="module")
def built_triples(kg, schema):
    return _oxigraph_triples(export_text(kg, schema, "ntriples").encode(), ox.RdfFormat.N_TRIPLES)


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_pyoxigraph_reads_every_format_as_the_same_triples(fmt, exports, built_triples):
    assert _oxigraph_triples(exports[fmt].read_bytes(), RDF_FORMATS[fmt]) == built_triples


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_an_export_parsed_by_pyoxigraph_is_the_build(fmt, exports, kg, schema):
    g = Graph()
    for q in ox.parse(exports[fmt].read_bytes(), format=RDF_FORMATS[fmt]):
        g.add(tuple(_rdflib(t) for t in (q.subject, q.predicate, q.object)))
    assert build_graph(records_from_rdf(g, schema, "x"), schema) == kg


def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_jena_reads_every_format_as_the_same_triples(fmt, exports, built_triples, jena):
    nt = jena("ntriples", exports[fmt])
    assert _oxigraph_triples(nt.encode(), ox.RdfFormat.N_TRIPLES) == built_triples


def test_json_ld_that_jena_wrote_loads_as_the_same_graph(exports, kg, jena, tmp_path):
    again = tmp_path / "by-jena.jsonld"
    jena("jsonld", exports["turtle"], again)
    assert again.read_text(encoding="utf-8") != exports["jsonld"].read_text(encoding="utf-8")
    assert load([again], bundled=False, cache=False) == kg


def test_language_tags_match_in_any_case(exports, kg, tmp_path):
    text = exports["jsonld"].read_text(encoding="utf-8")
    assert '"@language": "zh-Hans"' in text
    lowered = tmp_path / "lower.jsonld"
    lowered.write_text(text.replace('"@language": "zh-Hans"', '"@language": "zh-hans"')
                       .replace('"@language": "zh-Hant"', '"@language": "ZH-HANT"'), encoding="utf-8")
    assert load([lowered], bundled=False, cache=False) == kg


def test_jena_rdfs_reasoner_finds_the_export_valid_and_a_broken_one_not(exports, jena, tmp_path):
    ontology = tmp_path / "cnkg.ttl"
    ontology.write_bytes(ontology_bytes())
    assert jena("rdfs", ontology, exports["turtle"]) == "valid\n"
    broken = tmp_path / "broken.ttl"
    broken.write_text(exports["turtle"].read_text(encoding="utf-8")
                      + f"\n<{ID}alibaba-hk-shares> <{NS}ticker> 9988 .\n", encoding="utf-8")
    report = jena("rdfs", ontology, broken)
    assert report != "valid\n" and "ticker" in report


def test_shapes_hold_standalone_with_the_ontology_and_under_rdfs_inference(kg, schema, exports, jena):
    import pyshacl

    from china_ai_kg.ontology.shapes import shapes_graph

    data, shapes = to_rdf(kg, schema), shapes_graph(schema)
    ontology = Graph().parse(data=ontology_bytes(), format="turtle")
    for kw in ({}, {"ont_graph": ontology}, {"ont_graph": ontology, "inference": "rdfs"}):
        conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, **kw)
        assert conforms, (kw.keys(), text[:2000])
    shapes_file = exports["turtle"].with_name("shapes.ttl")
    shapes_file.write_text(shapes.serialize(format="turtle"), encoding="utf-8")
    assert jena("shacl", shapes_file, exports["turtle"]) == "conforms\n"


def test_jena_shacl_sees_a_violation_too(kg, schema, exports, jena):
    from china_ai_kg.ontology.shapes import shapes_graph

    shapes_file = exports["turtle"].with_name("shapes-for-broken.ttl")
    shapes_file.write_text(shapes_graph(schema).serialize(format="turtle"), encoding="utf-8")
    broken = exports["turtle"].with_name("broken.ttl")
    fig = next(n for n, d in kg.facts() if d["type"] == "FinancialFigure")
    broken.write_text(exports["turtle"].read_text(encoding="utf-8")
                      + f'\n<{ID}{fig}> <{NS}confidence> "1.5"^^<{XSD}decimal> .\n', encoding="utf-8")
    report = jena("shacl", shapes_file, broken)
    assert report != "conforms\n" and fig in report and "confidence" in report
    data = Graph().parse(broken)
    assert [(f, p) for f, p, _ in shacl_violations(data, schema)] == [(ID + fig, NS + "confidence")]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_symmetric_relationships_answer_from_both_ends(kg, engine):
    from china_ai_kg.queries import run_sparql_text

    pairs = [(u, v) for u, v, d in kg.relations() if d["type"] == "COMPETES_WITH"]
    assert pairs
    for u, v in pairs:
        for a, b in ((u, v), (v, u)):
            text = f"ASK {{ <{ID}{a}> cnkg:competesWith <{ID}{b}> }}"
            assert run_sparql_text(text, kg, engine).rows == [[True]]


def test_wikidata_items_are_linked_as_iris(kg, schema):
    g = to_rdf(kg, schema)
    same = sorted((str(s)[len(ID):], str(o)) for s, _, o in g.triples((None, URIRef("http://www.w3.org/2002/07/owl#sameAs"), None)))
    expected = sorted((n, f"http://www.wikidata.org/entity/{d['wikidata']}") for n, d in kg.entities() if d.get("wikidata"))
    assert same == expected and len(same) >= 10


def test_alt_labels_and_prose_carry_language_tags(kg, schema):
    g = to_rdf(kg, schema)
    alt = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
    tags = {str(o): o.language for o in g.objects(None, alt)}
    assert tags["阿里巴巴"] == "zh-Hans" and tags["BABA"] == "en"
    assert all(tags.values())
    descriptions = list(g.objects(None, URIRef(NS + "description")))
    assert descriptions and all(d.language == "en" for d in descriptions)


def test_statement_ids_survive_edits_of_provenance(write):
    def rel_id(**fields):
        text = FACTS.format(**{"locator": "¶2", "status": "reported", "source": "src-a", **fields})
        kg = load([write("ids.yaml", text)], bundled=False, cache=False)
        return [d["id"] for _, _, d in kg.relations()][0]

    first = rel_id()
    assert rel_id(locator="¶9", status="confirmed") == first
    assert rel_id(source="src-b") != first


FACTS = """\
sources:
  - {{id: src-a, name: {{en: A}}}}
  - {{id: src-b, name: {{en: B}}}}
entities:
  - {{id: acme, type: Company, name: {{en: Acme}}, source: src-a, locator: "1"}}
  - {{id: bolt, type: Company, name: {{en: Bolt}}, source: src-a, locator: "1"}}
facts:
  - {{type: PARTNERS_WITH, from: acme, to: bolt, source: {source}, locator: "{locator}", status: {status}}}
"""


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_have_unique_edge_ids_keys_and_labels(fmt, kg, schema, tmp_path):
    import xml.etree.ElementTree as ET

    import networkx as nx

    path = tmp_path / f"g.{fmt}"
    path.write_text(export_text(kg, schema, fmt), encoding="utf-8")
    g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
    assert (g.number_of_nodes(), g.number_of_edges()) == (kg.g.number_of_nodes(), kg.g.number_of_edges())
    root = ET.parse(path).getroot()
    edge_ids = [e.get("id") for e in root.iter() if e.tag.endswith("}edge")]
    assert len(edge_ids) == len(set(edge_ids)) == kg.g.number_of_edges()
    if fmt == "graphml":
        keys = [(k.get("id"), k.get("for"), k.get("attr.name")) for k in root.iter() if k.tag.endswith("}key")]
        assert len({k[0] for k in keys}) == len(keys)
        assert len({(k[1], k[2]) for k in keys}) == len(keys)
        assert g.nodes["alibaba"]["label"] == "Alibaba Group"
    else:
        assert g.nodes["alibaba"]["label"] == "Alibaba Group"


def test_node_link_json_round_trips_in_networkx(kg, schema):
    import networkx as nx

    data = json.loads(export_text(kg, schema, "json"))
    again = nx.node_link_data(nx.node_link_graph(data, edges="edges"), edges="edges")
    key = lambda e: (e["source"], e["target"], e["key"])  # noqa: E731
    assert sorted(again["nodes"], key=lambda n: n["id"]) == data["nodes"]
    assert sorted(again["edges"], key=key) == sorted(data["edges"], key=key)


def test_every_term_is_declared_with_labels_and_comments_in_three_scripts(kg, schema):
    from rdflib import OWL, RDFS

    ontology = Graph().parse(data=ontology_bytes(), format="turtle")
    data = to_rdf(kg, schema)
    used = {str(p) for p in data.predicates()} | {str(o) for _, p, o in data if str(p).endswith("#type")}
    used = sorted(t for t in used if t.startswith(NS))
    defined = sorted(str(s) for s in set(ontology.subjects()) if str(s).startswith(NS))
    missing = [t for t in used if t not in defined]
    assert missing == []
    for term in defined:
        for prop in (RDFS.label, RDFS.comment):
            langs = {lit.language for lit in ontology.objects(URIRef(term), prop)}
            if prop == RDFS.label and not langs and str(term).split("#")[1].startswith("rule-"):
                continue  # a rule is explained by its comment
            assert {"en", "zh-Hans", "zh-Hant"} <= langs, (term, prop)
    head = URIRef("https://w3id.org/cnkg/ontology")
    assert ontology.value(head, OWL.versionIRI) is not None
    assert ontology.value(head, URIRef("http://purl.org/dc/terms/license")) is not None


def test_date_filters_at_the_real_precision_agree_on_both_engines(kg):
    from china_ai_kg.queries import run_sparql_text

    text = ("SELECT ?f WHERE { ?f cnkg:date ?d . FILTER(STR(?d) >= \"2025\" && SUBSTR(STR(?d), 1, 4) <= \"2025\") } "
            "ORDER BY ?f")
    a, b = (run_sparql_text(text, kg, engine).rows for engine in ("rdflib", "oxigraph"))
    assert a == b
    expected = sorted([n] for n, d in kg.facts() if d.get("date", "")[:4] == "2025")
    expected = sorted(expected + [[d["id"]] for _, _, d in kg.relations() if d.get("date", "")[:4] == "2025"])
    assert a == expected


def test_exports_are_written_for_everyone_to_read(tmp_path):
    out = tmp_path / "g.ttl"
    old = os.umask(0o022)
    try:
        subprocess.run([sys.executable, "-c", "from china_ai_kg.cli import cli; cli()", "export", "-o", str(out)],
                       check=True, capture_output=True)
    finally:
        os.umask(old)
    assert oct(out.stat().st_mode & 0o777) == "0o644"
