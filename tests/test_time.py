"""Time and truth: the graph as of a date, as known at a date, conflicts kept and decided.

The fixture ``fixtures/time_and_claims.yaml`` is a made-up graph whose header says what each claim is for;
the expected rows below follow from it by hand.  Every query runs on rdflib and oxigraph here, and on
Neo4j in ``test_time_neo4j.py``, against the same expectations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from china_ai_kg.graph.claims import claim_table, claims
from china_ai_kg.graph.time_axes import holds_at, overlaps, window_overlaps
from china_ai_kg.graph.views import View, view_of
from china_ai_kg.loaders import load
from china_ai_kg.queries import load_pack, run_query

FIXTURE = Path(__file__).parent / "fixtures" / "time_and_claims.yaml"
PACK = load_pack()
ALL_CLAIMS = ["evt-launch", "fig-capex-ledger", "fig-capex-wire", "fig-pe-blog", "fig-pe-forum", "fig-sales-ledger",
              "fig-sales-wire", "fig-users-forum", "fig-users-wire", "pship-old", "r-alice", "r-bob", "r-carol",
              "r-develops"]
ANSWERING = ["evt-launch", "fig-capex-wire", "fig-pe-blog", "fig-pe-forum", "fig-sales-ledger", "fig-users-wire",
             "r-alice", "r-bob", "r-develops"]

# the claims each view shows
VIEWS = [
    (View(), ANSWERING),
    (View(all_claims=True), ALL_CLAIMS),
    (View(as_of="2024-06"), ANSWERING),  # Alice's term ends in the month Bob's begins: both hold
    (View(as_of="2024-07"), [c for c in ANSWERING if c != "r-alice"]),
    (View(as_of="2024-02"), ["fig-capex-wire", "fig-sales-ledger", "fig-users-wire", "r-alice"]),  # no model yet
    (View(as_of="2018"), ["fig-capex-wire", "fig-sales-ledger", "fig-users-wire"]),
    (View(as_of="2014"), []),  # before Example Labs was founded, nothing about it holds
    (View(known_at="2024-06"), ["evt-launch", "fig-capex-ledger", "fig-pe-forum", "fig-sales-ledger",
                                "fig-users-forum", "r-alice", "r-bob", "r-develops"]),  # Bob's start was reported
    (View(known_at="2024-02"), ["fig-capex-ledger", "fig-sales-ledger", "r-alice"]),
    (View(known_at="2024-02", all_claims=True), ["fig-capex-ledger", "fig-sales-ledger", "pship-old", "r-alice"]),
    (View(as_of="2024-07", known_at="2024-07"), ["evt-launch", "fig-capex-ledger", "fig-pe-forum", "fig-sales-ledger",
                                                 "fig-users-forum", "r-bob", "r-develops"]),
]

# exact rows of pack questions on views of the fixture: (question, parameters, view, rows)
ANSWERS = [
    ("people", {}, View(), [
        ["ex-alice", "Alice Example", "CEO_OF", "out", "ex-labs"],
        ["ex-bob", "Bob Example", "CEO_OF", "out", "ex-labs"],
    ]),
    ("people", {}, View(as_of="2024-07"), [["ex-bob", "Bob Example", "CEO_OF", "out", "ex-labs"]]),
    ("people", {}, View(as_of="2018"), []),
    ("people", {}, View(all_claims=True), [
        ["ex-alice", "Alice Example", "CEO_OF", "out", "ex-labs"],
        ["ex-bob", "Bob Example", "CEO_OF", "out", "ex-labs"],
        ["ex-carol", "Carol Example", "CEO_OF", "out", "ex-labs"],
    ]),
    ("financial-figures", {"metric": "capex"}, View(), [
        ["fig-capex-wire", ["ex-labs"], None, None, "2024", None, None, 12, None, "money", "USD", None, "reported"],
    ]),
    ("financial-figures", {"metric": "capex"}, View(known_at="2024-06"), [
        ["fig-capex-ledger", ["ex-labs"], None, None, "2024", None, None, 10, None, "money", "USD", None, "reported"],
    ]),
    ("financial-figures", {"metric": "capex"}, View(all_claims=True), [
        ["fig-capex-ledger", ["ex-labs"], None, None, "2024", None, None, 10, None, "money", "USD", None, "reported"],
        ["fig-capex-wire", ["ex-labs"], None, None, "2024", None, None, 12, None, "money", "USD", None, "reported"],
    ]),
    ("financial-figures", {"metric": "pe_ratio"}, View(), [  # unresolved: both answer
        ["fig-pe-blog", ["ex-labs"], None, None, None, "2024-05", None, 30, None, "multiple", None, None, "reported"],
        ["fig-pe-forum", ["ex-labs"], None, None, None, "2024-05", None, 35, None, "multiple", None, None, "reported"],
    ]),
    ("financial-figures", {"metric": "user_base"}, View(), [
        ["fig-users-wire", ["ex-labs"], None, None, None, None, None, 2000000, None, "count", None, None, "reported"],
    ]),
    ("financial-figures", {"metric": "user_base"}, View(known_at="2024-06"), [  # the correction was not out yet
        ["fig-users-forum", ["ex-labs"], None, None, None, None, None, 1000000, None, "count", None, None, "reported"],
    ]),
    ("facts-in-window", {"from": "2024-06", "to": "2024-06"}, View(), [
        ["2019", "2024-06", "r-alice", "CEO_OF", None],
        ["2024-06-15", None, "r-bob", "CEO_OF", None],
    ]),
    ("facts-in-window", {"from": "2024-06", "to": "2024-06"}, View(all_claims=True), [
        ["2019", "2024-06", "r-alice", "CEO_OF", None],
        ["2024-06", "2024-06", "pship-old", "Partnership", None],
        ["2024-06-15", None, "r-bob", "CEO_OF", None],
    ]),
    ("facts-in-window", {"from": "2024-08", "to": "2025"}, View(all_claims=True), [
        ["2024-06-15", None, "r-bob", "CEO_OF", None],
        ["2024-08", None, "r-carol", "CEO_OF", None],
    ]),
    ("facts-in-window", {"from": "2024", "to": "2024"}, View(as_of="2024-04"), [  # what had happened by April
        ["2019", "2024-06", "r-alice", "CEO_OF", None],
        ["2024-03", "2024-03", "evt-launch", "Event", None],
        ["2024-03", "2024-03", "r-develops", "DEVELOPS", None],
    ]),
]


@pytest.fixture(scope="module")
def fixture_graph():
    return load([FIXTURE], bundled=False)


def claim_ids(kg) -> list:
    return sorted([n for n, _ in kg.facts()] + [d["id"] for _, _, d in kg.relations()])


@pytest.mark.parametrize("spec, expected", VIEWS, ids=[v.describe() for v, _ in VIEWS])
def test_each_view_shows_the_claims_it_should(fixture_graph, schema, spec, expected):
    seen = view_of(fixture_graph, schema, spec)
    assert claim_ids(seen) == expected
    participants = {v for n, _ in seen.facts() for _, v in seen.g.out_edges(n)}
    participants |= {x for u, v, _ in seen.relations() for x in (u, v)}
    assert participants <= set(seen.g)  # no claim points outside its view
    assert all(d.get("source") in seen.g for n, d in seen.g.nodes(data=True) if n != d.get("source") and
               d["type"] != "Source")
    claims_here = set(claim_ids(seen))
    assert all(d["supersedes"] in claims_here for _, d in seen.facts() if "supersedes" in d)


@pytest.mark.parametrize("spec", [View(), View(as_of="2024-07"), View(known_at="2024-06", all_claims=True)],
                         ids=lambda v: v.describe())
def test_a_view_exports_as_a_graph_of_its_own(fixture_graph, schema, spec, tmp_path):
    from china_ai_kg.outputs.export import export_text

    seen = view_of(fixture_graph, schema, spec)
    path = tmp_path / "view.ttl"
    path.write_text(export_text(seen, schema, "turtle"), encoding="utf-8")
    assert load([path], bundled=False) == seen


def test_entities_come_and_go_with_valid_and_record_time(fixture_graph, schema):
    def entities(**kw):
        return sorted(n for n, d in view_of(fixture_graph, schema, View(**kw)).entities() if d["type"] != "Source")

    everyone = ["ex-alice", "ex-bob", "ex-carol", "ex-labs", "ex-later", "ex-model"]
    assert entities() == everyone
    assert entities(as_of="2024-04") == ["ex-alice", "ex-bob", "ex-carol", "ex-labs", "ex-model"]  # no Later Co yet
    assert entities(as_of="2014") == ["ex-alice", "ex-bob", "ex-carol"]  # people without a date always exist
    # known by mid-2024: the blog (no date) is not; Bob is, through the report of his start; Later Co through a
    # partnership that the ledger reported (a deprecated claim, but a reported one)
    assert entities(known_at="2024-06") == ["ex-alice", "ex-bob", "ex-labs", "ex-later", "ex-model"]


def test_a_view_is_cached_apart_and_the_default_view_of_a_plain_graph_is_the_graph(kg, schema, fixture_graph):
    assert view_of(kg, schema) is kg
    a = view_of(fixture_graph, schema, View(as_of="2024-07"))
    assert view_of(fixture_graph, schema, View(as_of="2024-07")).g is a.g
    assert a.digest != fixture_graph.digest and a.view == View(as_of="2024-07")
    assert view_of(fixture_graph, schema, View(as_of="2024-06")).digest != a.digest


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("name, params, spec, rows", ANSWERS,
                         ids=[f"{n}-{i}" for i, (n, _, _, _) in enumerate(ANSWERS)])
def test_pack_questions_answer_each_view_exactly(fixture_graph, schema, engine, name, params, spec, rows):
    result = run_query(PACK[name], params, view_of(fixture_graph, schema, spec), schema, engine)
    assert result.rows == rows


def test_conflicts_are_kept_with_their_sources_and_decided(fixture_graph, schema):
    rows = claim_table(fixture_graph, schema, claims(fixture_graph, schema))
    assert [(r["conflict"], r["claim"], r["value"], r["source"], r["reported"], r["rank"], r["trust"], r["outcome"])
            for r in rows] == [
        ("CEO_OF to=ex-labs", "r-bob", "from=ex-bob", "src-wire", "2024-06-20", "normal", 1, "answers"),
        ("CEO_OF to=ex-labs", "r-carol", "from=ex-carol", "src-blog", None, "normal", None, "less trusted"),
        ("FinancialFigure subject=ex-labs metric=capex period=2024", "fig-capex-ledger",
         "value=10 unit=money currency=USD", "src-ledger", "2024-01", "normal", 2, "less trusted"),
        ("FinancialFigure subject=ex-labs metric=capex period=2024", "fig-capex-wire",
         "value=12 unit=money currency=USD", "src-wire", "2024-09", "normal", 1, "answers"),
        ("FinancialFigure subject=ex-labs metric=pe_ratio date=2024-05", "fig-pe-blog", "value=30 unit=multiple",
         "src-blog", None, "normal", None, "unresolved"),
        ("FinancialFigure subject=ex-labs metric=pe_ratio date=2024-05", "fig-pe-forum", "value=35 unit=multiple",
         "src-forum", "2024-03", "normal", None, "unresolved"),
        ("FinancialFigure subject=ex-labs metric=sales_change period=2024-Q1", "fig-sales-ledger",
         "value=-5 unit=percent", "src-ledger", "2024-01", "preferred", 2, "answers"),
        ("FinancialFigure subject=ex-labs metric=sales_change period=2024-Q1", "fig-sales-wire",
         "value=-7 unit=percent", "src-wire", "2024-09", "normal", 1, "outranked"),
        ("FinancialFigure subject=ex-labs metric=user_base", "fig-users-forum", "value=1000000 unit=count",
         "src-forum", "2024-03", "normal", None, "superseded by fig-users-wire"),
        ("FinancialFigure subject=ex-labs metric=user_base", "fig-users-wire", "value=2000000 unit=count",
         "src-wire", "2024-09", "normal", 1, "answers"),
    ]
    assert claims(fixture_graph, schema).outcomes["pship-old"] == "deprecated"


def test_claims_that_agree_corroborate_and_the_bundled_graph_has_no_conflict(kg, schema, write):
    found = claims(kg, schema)
    assert (found.conflicts, found.outcomes) == ([], {})
    path = write("agree.yaml", """
        sources: [{id: s1, name: {en: One}}, {id: s2, name: {en: Two}}]
        facts:
          - {type: FinancialFigure, subject: amazon, metric: capex, period: "2025", value: 105000000000, unit: money,
             currency: USD, source: s1, locator: p1}
          - {type: FinancialFigure, subject: amazon, metric: capex, period: "2025", value: 105000000000, unit: money,
             currency: USD, source: s2, locator: p9}
    """)
    assert claims(load([path]), schema).conflicts == []


def test_partial_dates_compare_at_their_precision():
    assert holds_at(("2024", None), "2024-06") and not holds_at(("2024-06", "2024-06"), "2024-07")
    assert window_overlaps(("2024-06", "2024-06"), "2024", "2024")
    assert not window_overlaps(("2024-06", "2024-06"), "2024-07", "2024-12")
    assert overlaps(("2024", None), ("2024-06", None)) and not overlaps(("2019", "2024-06"), ("2024-06-15", None))


def test_the_command_line_takes_both_time_axes(cli):
    base = ["--no-bundled", "--data", str(FIXTURE)]
    code, out, _ = cli("query", "run", "people", *base, "--as-of", "2024-07", "--format", "json")
    assert code == 0 and json.loads(out)["rows"] == [["ex-bob", "Bob Example", "CEO_OF", "out", "ex-labs"]]
    code, out, _ = cli("conflicts", *base, "--format", "json")
    assert code == 0 and [r["outcome"] for r in json.loads(out)] == [
        "answers", "less trusted", "less trusted", "answers", "unresolved", "unresolved", "answers", "outranked",
        "superseded by fig-users-wire", "answers"]
    code, out, _ = cli("conflicts", *base, "--known-at", "2024-06", "--format", "json")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = cli("show", "ex-labs", *base, "--as-of", "2024-06")
    assert "<- CEO_OF ex-alice (Alice Example)  [src-ledger p2, reported, 2019..2024-06]" in out
    code, out, _ = cli("show", "ex-labs", *base, "--all-claims")
    assert "FinancialFigure fig-users-forum as SUBJECT  [src-forum p2, reported]  (superseded by fig-users-wire)" in out
    code, out, _ = cli("stats", *base, "--as-of", "2014", "--format", "json")
    assert (code, json.loads(out)["facts"], json.loads(out)["relationships"]) == (0, 0, 0)
    code, out, _ = cli("export", *base, "--as-of", "2024-07", "--format", "ntriples")
    assert code == 0 and "/r-bob>" in out and "/r-alice>" not in out


def test_bundled_facts_for_2023(cli):
    code, out, _ = cli("query", "run", "facts-in-window", "-p", "from=2023", "-p", "to=2023", "--format", "json")
    assert code == 0 and [r[:3] for r in json.loads(out)["rows"]] == [["2023", None, "sel-apple-china-ai-partner"]]
    # DeepSeek-R1 (January 2025) and Qwen2.5-Max (29 January 2025) were not out at the end of 2024
    code, out, _ = cli("query", "run", "model-developers-and-clouds", "--as-of", "2024-12", "--format", "json")
    assert code == 0 and [r[0] for r in json.loads(out)["rows"]] == ["qwen"]
    code, out, _ = cli("query", "run", "model-developers-and-clouds", "--as-of", "2025-01", "--format", "json")
    assert code == 0 and [r[0] for r in json.loads(out)["rows"]] == ["deepseek-r1", "qwen", "qwen2.5-max"]


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2024-13"], "Error: Invalid value for '--as-of': '2024-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    (["--known-at", "2025-02-30"],
     "Error: Invalid value for '--known-at': '2025-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    (["--as-of", "yesterday"], "Error: Invalid value for '--as-of': 'yesterday' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
])
def test_a_bad_date_argument_is_one_line(cli, args, message):
    code, out, err = cli("stats", *args)
    assert (code, out, err.strip()) == (1, "", message)


@pytest.mark.parametrize("line, message", [
    ("{id: f, type: Event, subject: co, eventKind: report, validFrom: 2025-03, validTo: 2025-01, source: s1, locator: p}",
     "'validFrom' is after 'validTo'"),
    ("{id: f, type: Event, subject: co, eventKind: report, date: 2025-02-30, source: s1, locator: p}",
     "bad date '2025-02-30' for 'date' (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("{id: f, type: Event, subject: co, eventKind: report, reportedOn: 2025-04, source: s1, locator: p}",
     "'reportedOn' is after the source's 'retrieved'"),
    ("{id: f, type: Event, subject: co, eventKind: report, claimRank: best, source: s1, locator: p}",
     "'best' is not an allowed claimRank (allowed: preferred, normal, deprecated)"),
    ("{id: f, type: Event, subject: co, eventKind: report, supersedes: nothing-here, source: s1, locator: p}",
     "'supersedes' names nothing ('nothing-here'); it takes the id of a fact or relationship"),
    ("{id: f, type: Event, subject: co, eventKind: report, supersedes: f, source: s1, locator: p}", "'supersedes' names the fact itself"),
    ("{id: f, type: Event, subject: co, eventKind: report, supersedes: co, source: s1, locator: p}",
     "'supersedes' names an entity ('co'); it takes the id of a fact or relationship"),
    ("{type: CEO_OF, from: pe, to: co, supersedes: [f], source: s1, locator: p}",
     "'supersedes' must be the id of a fact or relationship"),
])
def test_bad_time_and_claim_input_is_one_line_naming_the_place(cli, write, line, message):
    path = write("bad.yaml", f"""
        sources: [{{id: s1, name: {{en: One}}, published: 2025-02, retrieved: 2025-03}}]
        entities:
          - {{id: co, type: Company, name: {{en: Co}}, source: s1, locator: p}}
          - {{id: pe, type: Person, name: {{en: Pe}}, source: s1, locator: p}}
        facts:
          - {line}
    """)
    code, out, err = cli("validate", str(path))
    assert (code, out, err.strip()) == (1, "", f"Error: {path}:6: {message}")


def _broken_fixture(schema, fixture_graph):
    """The fixture's RDF with four broken claims: a self-supersede, a supersede of an entity, a circle, and a
    report after the source was retrieved."""
    from rdflib import Literal, URIRef

    from china_ai_kg.graph.rdf import to_rdf
    from china_ai_kg.ontology.schema import ID_NS, NS

    g = to_rdf(fixture_graph, schema)
    sup, rep = URIRef(NS + "supersedes"), URIRef(NS + "reportedOn")
    g.add((URIRef(ID_NS + "fig-pe-blog"), sup, URIRef(ID_NS + "fig-pe-blog")))
    g.add((URIRef(ID_NS + "fig-pe-forum"), sup, URIRef(ID_NS + "ex-labs")))
    g.add((URIRef(ID_NS + "fig-users-forum"), sup, URIRef(ID_NS + "fig-users-wire")))
    g.add((URIRef(ID_NS + "fig-capex-ledger"), rep,
           Literal("2025-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth"))))
    return g


def test_the_shapes_hold_the_same_rules(fixture_graph, schema):
    from china_ai_kg.graph.rdf import to_rdf
    from china_ai_kg.loaders.shacl import shacl_violations
    from china_ai_kg.ontology.schema import ID_NS, NS

    assert shacl_violations(to_rdf(fixture_graph, schema), schema) == []
    found = [(f[len(ID_NS):], p[len(NS):], m) for f, p, m in shacl_violations(_broken_fixture(schema, fixture_graph),
                                                                              schema)]
    assert found == [
        ("fig-capex-ledger", "reportedOn", "'reportedOn' is after the source's 'retrieved'"),
        ("fig-pe-blog", "supersedes", "'supersedes' must name another fact or relationship"),
        ("fig-pe-forum", "supersedes", "'supersedes' must name another fact or relationship"),
        ("fig-users-forum", "supersedes", "'supersedes' goes round in a circle"),
        ("fig-users-wire", "supersedes", "'supersedes' goes round in a circle"),
    ]


def test_jena_shacl_holds_them_too(fixture_graph, schema, jena, tmp_path):
    from china_ai_kg.ontology.shapes import shapes_graph

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(shapes_graph(schema).serialize(format="turtle"), encoding="utf-8")
    data = tmp_path / "broken.ttl"
    data.write_text(_broken_fixture(schema, fixture_graph).serialize(format="turtle"), encoding="utf-8")
    report = jena("shacl", shapes, data)
    for message in ("is after the source's 'retrieved'", "must name another fact or relationship",
                    "goes round in a circle"):
        assert message in report, report
