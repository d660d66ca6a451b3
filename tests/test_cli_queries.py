"""The query commands of the CLI, and the static report site in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest

from bench.chromium import browser, chromium_or_skip, open_page


def test_query_list_json(cli):
    code, out, err = cli("query", "list", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    from test_queries import NAMES

    assert [d["name"] for d in data] == NAMES
    assert data[1] == {
        "name": "apple-china-partner-selection",
        "question": {"en": "Whom did Apple consider as its AI partner in China, whom did it choose, and whom did it "
                           "pass over and why?",
                     "zh": "苹果在中国考虑过哪些人工智能合作伙伴，选择了谁，放弃了谁，为什么？"},
        "params": [{"name": "company", "type": "entity(Organization)", "default": "apple", "allowed": None,
                    "doc": "the evaluator; any id, name or alias in any script"}],
    }


def test_query_run_json_is_the_documented_shape(cli):
    code, out, err = cli("query", "run", "capex-ranking", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "query": "capex-ranking",
        "engine": "rdflib",
        "columns": ["currency", "rank", "company", "low", "high", "fact", "total_low", "total_high"],
        "rows": [
            ["USD", 1, "amazon", 105000000000, 105000000000, "fig-capex-2025-amazon", 320000000000, 325000000000],
            ["USD", 2, "microsoft", 80000000000, 80000000000, "fig-capex-2025-microsoft", 320000000000, 325000000000],
            ["USD", 3, "google", 75000000000, 75000000000, "fig-capex-2025-google", 320000000000, 325000000000],
            ["USD", 4, "meta", 60000000000, 65000000000, "fig-capex-2025-meta", 320000000000, 325000000000],
        ],
    }


def test_query_run_with_alias_parameter_and_csv(cli):
    code, out, _ = cli("query", "run", "apple-china-partner-selection", "-p", "company=蘋果", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "selection,evaluator,market,candidate,outcome,reason,models"
    assert lines[1] == "sel-apple-china-ai-partner,apple,china,alibaba,chosen,,qwen"
    assert lines[4].startswith("sel-apple-china-ai-partner,apple,china,deepseek,passed_over,DeepSeek's team lacked")


def test_query_run_oxigraph_engine_matches(cli):
    a = json.loads(cli("query", "run", "stock-vs-index", "--format", "json")[1])
    b = json.loads(cli("query", "run", "stock-vs-index", "--format", "json", "--engine", "oxigraph")[1])
    assert a["rows"] == b["rows"] and a["columns"] == b["columns"] and b["engine"] == "oxigraph"


def test_query_run_html(cli, tmp_path):
    target = tmp_path / "answer.html"
    code, out, err = cli("query", "run", "mixture-of-experts-models", "--html", str(target))
    assert code == 0 and err == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answer.html"]


def test_query_show(cli):
    code, out, _ = cli("query", "show", "valuation-gap")
    assert code == 0
    assert out.splitlines()[0] == "valuation-gap"
    assert "-- queries/valuation-gap.rq" in out and "-- queries/valuation-gap.cypher" in out


@pytest.mark.parametrize("args,message", [
    (["query", "run", "capex-rankin"], "Error: no query named 'capex-rankin' (did you mean capex-ranking?) (see: cnkg query list)\n"),
    (["query", "run", "capex-ranking", "-p", "nope"], "Error: bad parameter 'nope' (expected key=value)\n"),
    (["sparql", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], None),
    (["sparql", "LOAD <http://example.org/data.ttl>"], None),
])
def test_query_errors_are_one_line(cli, args, message):
    code, out, err = cli(*args)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("Error: ")
    if message:
        assert err == message
    else:
        assert re.search(r"SERVICE|LOAD", err)


def test_ad_hoc_sparql(cli):
    text = ("PREFIX cnkg: <https://w3id.org/cnkg/ontology#> "
            "SELECT ?id WHERE { ?x a cnkg:AILab ; cnkg:id ?id } ORDER BY ?id")
    assert cli("sparql", text, "--format", "csv") == (0, "id\ndeepseek\nopenai\n", "")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The report site of the bundled graph, written once for the tests below."""
    from click.testing import CliRunner

    from china_ai_kg.cli import cli as group

    site = tmp_path_factory.mktemp("report") / "site"
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(group, ["report", "-o", str(site)], catch_exceptions=False)
    finally:
        os.umask(old)
    assert (result.exit_code, result.stdout) == (0, f"wrote {site / 'index.html'}\n")
    return site


def _expected_graphs(kg):
    from china_ai_kg.queries import load_pack, nodes_of, run_query

    pack = load_pack()
    return pack, {name: nodes_of(run_query(q, {}, kg), kg) for name, q in pack.items()
                  if all(p.default is not None for p in q.params)}


def test_report_site_files(site, kg):
    """Every page is checked as a file; the browser test below opens one page of each kind."""
    from test_render_html import page_data

    pack, expected = _expected_graphs(kg)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert [name for name in pack if f'id="{name}"' not in index] == []
    links = sorted(re.findall(r'href="graphs/([^"]+)\.html"', index))
    assert links == sorted(n for n, nodes in expected.items() if nodes)
    assert sorted(p.name for p in (site / "graphs").iterdir()) == [f"{n}.html" for n in links]
    for name in links:
        data = page_data(site / "graphs" / f"{name}.html")
        assert sorted(n["id"] for n in data["nodes"]) == sorted(expected[name]), name
    assert len(page_data(site / "explorer.html")["nodes"]) == kg.g.number_of_nodes()
    modes = {p.relative_to(site).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_file()}
    assert set(modes.values()) == {0o644}, modes
    assert "Content-Security-Policy" in index and "<script" not in index
    # names and links instead of raw ids, the sources behind each row, the query text, a way back
    assert '<a href="explorer.html#alibaba" title="alibaba">Alibaba Group</a>' in index
    assert index.count("<th>sources</th>") == len(expected)
    assert index.count("<summary>SPARQL and Cypher</summary>") == len(pack)
    assert 'title="src-article-000">Chinese tech re-rating' in index
    timeline = (site / "timeline.html").read_text(encoding="utf-8")
    dated = sum(1 for n, d in kg.g.nodes(data=True) if d["type"] != "Source" and
                any(d.get(k) for k in ("validFrom", "validTo", "date", "releaseDate", "founded")))
    dated += sum(1 for _, _, d in kg.relations() if any(d.get(k) for k in ("validFrom", "validTo", "date")))
    assert timeline.count("<tr><td>") == dated and f"the timeline</a> ({dated} dated items)" in index
    assert ('<tr><td>2023</td><td></td><td><a href="explorer.html#sel-apple-china-ai-partner" '
            'title="sel-apple-china-ai-partner">Partner selection</a></td>') in timeline
    assert ('<tr><td>2025-01-29</td><td>2025-01-29</td><td><a href="explorer.html#rel-7180fc08588d" '
            'title="rel-7180fc08588d">Alibaba Cloud develops Qwen2.5-Max</a></td>') in timeline
    assert '<td>105,000,000,000</td>' in index  # big figures grouped, and the figure's hub by its value:
    assert '<a href="explorer.html#fig-capex-2025-amazon" title="fig-capex-2025-amazon">capex 2025: USD 105 bn</a>' in index
    assert index.count('<a href="#top">') == len(pack)
    page = page_data(site / "graphs" / "apple-china-partner-selection.html")
    assert page["back"] == {"href": "../index.html#apple-china-partner-selection", "text": "all questions"}
    assert page["answer"]["columns"][:4] == ["selection", "evaluator", "market", "candidate"]
    assert page["answer"]["rows"][0][1] == [{"text": "Apple", "id": "apple"}]


@pytest.mark.browser
def test_report_site_opens_offline(site, kg):
    """One page of each kind in Chromium: the index, an answer graph, the whole-graph explorer."""
    _, expected = _expected_graphs(kg)
    name = "apple-china-partner-selection"
    chromium_or_skip()
    with browser() as ctx:
        report = open_page(site / "index.html", "report-index.png", context=ctx, timeout=10)
        assert report.console_errors == [] and report.page_errors == [] and report.requests == []
        page = open_page(site / "graphs" / f"{name}.html", None, context=ctx)
        assert (page.ready, page.nodes, page.console_errors, page.requests) == (True, len(expected[name]), [], [])
        whole = open_page(site / "explorer.html", "report-explorer.png", context=ctx, keep_open=True)
        assert whole.ready and whole.nodes == kg.g.number_of_nodes()
        whole.page.goto(whole.url + "#deepseek")  # a link from a table cell opens the explorer on that entity
        whole.page.reload()
        for _ in range(200):
            if whole.page.evaluate("() => window.cnkgReady === true && cnkgNetwork.getSelectedNodes().length > 0"):
                break
            whole.page.wait_for_timeout(25)
        assert whole.page.evaluate("() => cnkgNetwork.getSelectedNodes()") == ["deepseek"]
        whole.page.close()


def test_auto_engine_picks_oxigraph_for_large_graphs(cli, large_data):
    data = large_data
    code, out, _ = cli("query", "run", "graph-overview", "--no-bundled", "--data", str(data), "--format", "json")
    assert code == 0 and json.loads(out)["engine"] == "oxigraph"
    small = json.loads(cli("query", "run", "graph-overview", "--format", "json")[1])
    assert small["engine"] == "rdflib"
