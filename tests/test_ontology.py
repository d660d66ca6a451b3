"""The ontology parses, is complete in three scripts, and governs the data."""

from __future__ import annotations

from importlib import resources

import pytest

from china_ai_kg.base.langs import LANGS


def test_counts_of_terms(schema):
    assert len(schema.entity_classes) == 27
    assert schema.fact_classes == [
        "AIStackLayer", "Assessment", "BenchmarkResult", "Event", "ExportControl", "FinancialFigure", "FundingRound",
        "MarketMove", "ModelFiling", "PartnerSelection", "Partnership", "Position",
    ]
    assert sorted(schema.relations) == [
        "AUTHOR_OF", "AVAILABLE_ON", "BASED_IN", "BASED_ON", "CEO_OF", "COMPETES_WITH", "CONSTITUENT_OF", "DESIGNS",
        "DEVELOPS", "FOUNDED_BY", "INTEGRATED_INTO", "INVESTS_IN", "LICENSED_UNDER", "LISTED_ON", "MANUFACTURES",
        "MEMBER_OF", "OPERATES_IN", "PARTNERS_WITH", "PUBLISHED_BY", "RELEASE_OF", "SECURITY_OF", "SERVED_BY",
        "SUBSIDIARY_OF", "TRAINED_ON", "USES_DATASET",
    ]


def test_every_term_has_three_labels(schema):
    for table in (schema.classes, schema.links, schema.attrs):
        for name, term in table.items():
            assert set(term.labels) == set(LANGS), name
            assert all(term.labels[lang].strip() for lang in LANGS), name


def test_subclass_lineage_and_neo4j_labels(schema):
    assert schema.classes["CloudProvider"].lineage == ("CloudProvider", "Organization", "Entity")
    assert schema.classes["PartnerSelection"].lineage == ("PartnerSelection", "Fact")
    assert schema.is_a("ModelRelease", "AIModel")
    assert not schema.is_a("AIModel", "ModelRelease")


def test_roles_with_cardinalities(schema):
    roles = schema.roles_for("PartnerSelection")
    assert sorted(roles) == [
        "candidate", "chosen", "chosenModel", "evaluator", "forProduct", "market", "passedOver", "reportedBy",
    ]
    assert (roles["evaluator"].min, roles["evaluator"].max) == (1, 1)
    assert (roles["candidate"].min, roles["candidate"].max) == (1, None)
    assert schema.links["partnersWith"].symmetric


def test_every_type_and_relationship_used_by_data_is_declared(kg, schema):
    node_types = sorted({d["type"] for _, d in kg.g.nodes(data=True)})
    edge_types = sorted({d["type"] for _, _, d in kg.g.edges(data=True)})
    assert [t for t in node_types if t not in schema.classes or schema.classes[t].abstract] == []
    assert [t for t in edge_types if t not in schema.by_graph_name or schema.by_graph_name[t].kind == "provenance"] == []
    assert kg.counts()["by_type"] == {
        "AILab": 2, "AIStackLayer": 4, "AUTHOR_OF": 1, "AVAILABLE_ON": 1, "Assessment": 9, "BASED_IN": 10,
        "BenchmarkResult": 3, "CEO_OF": 1, "COMPETES_WITH": 2, "CONSTITUENT_OF": 1, "CloudProvider": 1, "Company": 9,
        "DEVELOPS": 6, "Event": 4, "Feature": 1, "FinancialFigure": 12, "FinancialInstitution": 3, "LISTED_ON": 2,
        "Leaderboard": 1, "MEMBER_OF": 5, "Market": 2, "MarketMove": 3, "MediaOutlet": 1, "ModelFamily": 1,
        "ModelRelease": 2, "OPERATES_IN": 2, "PartnerSelection": 1, "Partnership": 2, "Person": 2, "Product": 2,
        "RELEASE_OF": 1, "Region": 2, "SECURITY_OF": 1, "SERVED_BY": 1, "SUBSIDIARY_OF": 1, "Security": 1,
        "SecurityGroup": 3, "Source": 8, "StockIndex": 1, "StockMarket": 3,
    }


def test_alignment_to_public_vocabularies():
    from rdflib import OWL, RDFS, Graph, URIRef

    g = Graph().parse(data=resources.files("china_ai_kg.ontology").joinpath("cnkg.ttl").read_bytes(), format="turtle")
    cnkg = "https://w3id.org/cnkg/ontology#"
    assert (URIRef(cnkg + "Organization"), RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in g
    assert (URIRef(cnkg + "Person"), OWL.equivalentClass, URIRef("http://www.wikidata.org/entity/Q5")) in g
    assert (URIRef(cnkg + "source"), RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) in g


def test_shapes_file_is_generated_from_the_ontology(schema):
    from china_ai_kg.ontology.shapes import shapes_turtle

    committed = resources.files("china_ai_kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")
    assert committed == shapes_turtle(schema), "run: python -m china_ai_kg.ontology.shapes > ontology/shapes.ttl"


def test_shacl_conforms_on_bundled_data(kg, schema):
    from china_ai_kg.loaders.shacl import check_shacl

    check_shacl(kg, schema)


def test_shacl_catches_a_broken_rdf_graph(kg, schema):
    import pyshacl
    from rdflib import Graph, Literal, URIRef

    from china_ai_kg.graph.rdf import to_rdf
    from china_ai_kg.ontology.schema import ontology_bytes
    from china_ai_kg.ontology.shapes import shapes_graph

    data = to_rdf(kg, schema)
    fact = URIRef("https://w3id.org/cnkg/id/bench-qwen2.5-max-arena-overall")
    data.remove((fact, URIRef("https://w3id.org/cnkg/ontology#source"), None))
    data.add((fact, URIRef("https://w3id.org/cnkg/ontology#stance"), Literal("positive")))
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(schema), ont_graph=Graph().parse(data=ontology_bytes(), format="turtle")
    )
    assert not conforms
    paths = sorted(str(o) for o in report.objects(predicate=URIRef("http://www.w3.org/ns/shacl#resultPath")))
    assert paths == ["https://w3id.org/cnkg/ontology#source", "https://w3id.org/cnkg/ontology#stance"]


@pytest.mark.parametrize("text", ["阿裏巴巴", "阿里巴巴", "Alibaba", "ＡＬＩＢＡＢＡ", "alibaba group", "阿里巴巴集團"])
def test_alias_resolution_across_scripts_width_and_case(kg, text):
    from china_ai_kg.graph.aliases import resolver_for

    assert resolver_for(kg).get(text) == "alibaba"


@pytest.mark.parametrize("text,expected", [("穀歌", "google"), ("谷歌", "google"), ("Google", "google"),
                                           ("通義千問", "qwen"), ("庫克", "tim-cook"), ("大摩", "morgan-stanley"),
                                           ("DeepSeek RI", "deepseek-r1"), ("騰訊", "tencent")])
def test_article_spellings_resolve(kg, text, expected):
    from china_ai_kg.graph.aliases import resolver_for

    assert resolver_for(kg).get(text) == expected
