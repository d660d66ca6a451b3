"""The HTML render: exact content, escaping, determinism, and the page in a real Chromium.

Tests on the file need nothing but Python; tests on the page open it in
headless Chromium through :mod:`browser` (skipped without Chromium, except
on CI, where they fail instead).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from html import unescape
from pathlib import Path

import pytest

from bench.chromium import browser, chromium_or_skip, open_page
from china_ai_kg.base.errors import RenderError, UnknownEntityError
from china_ai_kg.loaders import bundled_files, load
from china_ai_kg.outputs.explorer import MAX_NODES, render_html

XSS = '<img src=x onerror="window.__xss=1;alert(1)">'
CLOSER = "</script><script>window.__xss=2;alert(2)</script>"

FACTS = textwrap.dedent(
    """\
    sources:
      - {id: src-a, name: "Reuters report", title: "Apple picks Alibaba", publisher: Reuters,
         published: 2025-02-12, url: "https://example.com/a"}
    entities:
      - {id: apple, type: Company, name: {en: Apple, zh-Hans: 苹果公司}, source: src-a, locator: "¶1"}
      - {id: alibaba, type: Company, name: {en: Alibaba Group, zh-Hans: 阿里巴巴集团}, aliases: [BABA],
         source: src-a, locator: "¶2"}
      - {id: baidu, type: Company, name: {en: Baidu, zh-Hans: 百度}, source: src-a, locator: "¶3"}
      - {id: qwen, type: ModelFamily, name: {en: Qwen, zh-Hans: 通义千问}, source: src-a, locator: "¶4"}
      - {id: evil, type: AILab, name: {en: '<img src=x onerror="window.__xss=1;alert(1)">'},
         source: src-a, locator: "¶5"}
      - {id: closer, type: Person, name: {en: "</script><script>window.__xss=2;alert(2)</script>"},
         source: src-a, locator: "¶6"}
    facts:
      - {type: DEVELOPS, from: alibaba, to: qwen, source: src-a, locator: "¶7", date: 2023-04}
      - {type: COMPETES_WITH, from: alibaba, to: baidu, source: src-a, locator: "¶8"}
      - {type: PARTNERS_WITH, from: alibaba, to: apple, source: src-a, locator: "¶8"}
      - {id: sel-1, type: PartnerSelection, evaluator: apple, candidate: [alibaba, baidu, evil], chosen: alibaba,
         source: src-a, locator: "¶9", date: 2025-02}
      - {type: CEO_OF, from: closer, to: evil, source: src-a, locator: "¶10"}
    """
)
# 7 entities + 1 fact hub; 4 relationships + 5 role edges
N_NODES, N_EDGES = 8, 9


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The graph of FACTS, loaded through the real loader."""
    path = tmp_path_factory.mktemp("facts") / "facts.yaml"
    path.write_text(FACTS, encoding="utf-8")
    return load([path], bundled=False, cache=False)


@pytest.fixture(scope="module")
def chromium():
    chromium_or_skip()
    with browser() as context:
        yield context


def page_data(path: Path) -> dict:
    """The JSON the page draws from, read back from the file."""
    html = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="cnkg-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


# -- the file -----------------------------------------------------------------


def test_counts_and_ids(tiny, schema, tmp_path):
    data = page_data(render_html(tiny, schema, tmp_path / "g.html"))
    assert len(data["nodes"]) == N_NODES
    assert len(data["edges"]) == N_EDGES
    assert [n["id"] for n in data["nodes"]] == sorted(tiny.g.nodes)
    role_edges = sorted(e["id"] for e in data["edges"] if ">" in e["id"])
    assert role_edges == [
        "sel-1>CANDIDATE>alibaba", "sel-1>CANDIDATE>baidu", "sel-1>CANDIDATE>evil",
        "sel-1>CHOSEN>alibaba", "sel-1>EVALUATOR>apple",
    ]


def test_the_page_is_readable_by_everyone_and_nothing_else_is_written(tiny, schema, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        path = render_html(tiny, schema, tmp_path / "g.html")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.html"]


def test_a_page_that_cannot_be_written_is_one_error(tiny, schema):
    with pytest.raises(RenderError) as err:
        render_html(tiny, schema, "/proc/cnkg-test.html")
    assert str(err.value).startswith("cannot write /proc/cnkg-test.html: ")


def test_colours_shapes_and_legend_come_from_the_ontology(tiny, schema, tmp_path):
    data = page_data(render_html(tiny, schema, tmp_path / "g.html"))
    for node in data["nodes"]:
        cls = schema.classes[tiny.node(node["id"])["type"]]
        assert (node["color"], node["shape"]) == (cls.color, cls.shape)
    legend = {item["cls"]: (item["color"], item["shape"], item["label"], item["count"]) for item in data["legend"]}
    assert legend == {
        "AILab": ("#d62728", "dot", "AI lab or start-up", 1),
        "Company": ("#1f77b4", "dot", "Company", 3),
        "ModelFamily": ("#b4781e", "diamond", "Model family", 1),
        "PartnerSelection": ("#ffb4b4", "dot", "Partner selection", 1),
        "Person": ("#e377c2", "star", "Person", 1),
        "Source": ("#393b79", "box", "Source document", 1),
    }
    assert [item["cls"] for item in data["legend"]][-1] == "PartnerSelection"  # facts after entities


def test_edge_labels_tooltips_and_provenance(tiny, schema, tmp_path):
    data = page_data(render_html(tiny, schema, tmp_path / "g.html"))
    edges = {e["id"]: e for e in data["edges"]}
    develops = next(e for e in data["edges"] if e.get("label") == "develops")
    assert (develops["from"], develops["to"], develops["arrows"]) == ("alibaba", "qwen", "to")
    competes = next(e for e in data["edges"] if e.get("label") == "competes with")
    assert competes["arrows"] == {"to": {"enabled": False}}  # symmetric
    assert edges["sel-1>EVALUATOR>apple"]["label"] == "evaluator"
    tip = data["nodeInfo"]["alibaba"]["tip"]
    assert tip["head"] == "Alibaba Group"
    assert tip["sub"] == "Company"
    assert tip["rows"] == [
        ["English", "Alibaba Group"],
        ["Simplified Chinese", "阿里巴巴集团"],
        ["Traditional Chinese", "阿里巴巴集團"],
        ["Aliases", "BABA"],
        ["ID", "alibaba"],
    ]
    assert tip["prov"] == [
        ["source", "Apple picks Alibaba (Reuters, 2025-02-12)"],
        ["URL", "https://example.com/a", "url"],
        ["evidence locator", "¶2"],
    ]
    fact = data["nodeInfo"]["sel-1"]["tip"]
    assert fact["head"] == "Partner selection"
    assert fact["rows"][:3] == [
        ["candidate", f"Alibaba Group, Baidu, {XSS}"],
        ["chosen", "Alibaba Group"],
        ["evaluator", "Apple"],
    ]
    assert ["date", "2025-02"] in fact["prov"] and ["status", "reported"] in fact["prov"]
    rel = data["edgeInfo"][develops["id"]]["tip"]
    assert rel["rows"][:2] == [["From", "Alibaba Group"], ["To", "Qwen"]]
    assert ["date", "2023-04"] in rel["prov"]
    assert data["nodeInfo"]["alibaba"]["find"].split("\n") == sorted(
        ["alibaba", "alibaba group", "阿里巴巴集团", "阿里巴巴集團", "baba"]
    )


def test_fact_hubs_are_small_and_size_grows_with_degree(tiny, schema, tmp_path):
    data = page_data(render_html(tiny, schema, tmp_path / "g.html"))
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert size["sel-1"] < size["qwen"] < size["alibaba"]  # hub < degree 1 < degree 5


def test_everything_is_inline_and_offline(tiny, schema, tmp_path):
    html = render_html(tiny, schema, tmp_path / "g.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|img|iframe|link|embed|object)\b[^>]*\b(src|href)\s*=", html, re.I)
    assert "<link" not in html and "@import" not in html and "sourceMappingURL" not in html
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html
    csp = unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html).group(1))
    assert csp.startswith("default-src 'none'; script-src 'sha256-")
    assert "unsafe-inline" not in csp.split(";")[1] and "unsafe-eval" not in csp
    assert html.count("\n<script>") == 2  # vis-network and the page script, both allowed by hash
    assert "vis-network" in html and "div.vis-network" in html  # its script and stylesheet are inlined


def test_text_is_escaped_in_the_file(tiny, schema, tmp_path):
    html = render_html(tiny, schema, tmp_path / "g.html", title=f"Graph {XSS}").read_text(encoding="utf-8")
    assert XSS not in html and "<img" not in html
    assert CLOSER not in html and "window.__xss=2" in html  # present, but only as escaped data
    assert "\\u003cimg src=x onerror=\\\"window.__xss=1;alert(1)\\\"\\u003e" in html
    assert "\\u003c/script\\u003e\\u003cscript\\u003e" in html
    assert "<title>Graph &lt;img src=x onerror=&#34;window.__xss=1;alert(1)&#34;&gt;</title>" in html
    # the data block is exactly one script element whose content holds no '<'
    data = re.search(r'<script type="application/json" id="cnkg-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data and ">" not in data and "&" not in data
    assert page_data(tmp_path / "g.html")["nodeInfo"]["evil"]["tip"]["head"] == XSS


def test_same_input_same_bytes(tiny, schema, tmp_path):
    a = render_html(tiny, schema, tmp_path / "a.html", highlight=["apple", "alibaba"]).read_bytes()
    b = render_html(tiny, schema, tmp_path / "b.html", highlight=["alibaba", "apple"]).read_bytes()
    assert a == b


def test_same_bytes_across_processes(tmp_path):
    """Hash randomisation (set and dict order) must not leak into the page."""
    facts = tmp_path / "facts.yaml"
    facts.write_text(FACTS, encoding="utf-8")
    script = (
        "import sys; from china_ai_kg.loaders import load; from china_ai_kg.ontology import load_schema; "
        "from china_ai_kg.outputs.explorer import render_html; "
        "render_html(load([sys.argv[1]], bundled=False, cache=False), load_schema(), sys.argv[2], lang='zh')"
    )
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"p{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(facts), str(out)], check=True, env=env, cwd=tmp_path)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_writes_only_the_output(tiny, schema, tmp_path, monkeypatch):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    out = render_html(tiny, schema, "graph.html")
    assert out == Path("graph.html")
    assert sorted(p.name for p in work.iterdir()) == ["graph.html"]
    render_html(tiny, schema, "graph.html")  # overwriting leaves no temporary file either
    assert sorted(p.name for p in work.iterdir()) == ["graph.html"]
    assert (work / "graph.html").read_bytes().startswith(b"<!DOCTYPE html>\n")


def test_unwritable_path_is_a_render_error(tiny, schema, tmp_path):
    with pytest.raises(RenderError, match="cannot write"):
        render_html(tiny, schema, tmp_path / "missing" / "g.html")
    target = tmp_path / "dir.html"
    target.mkdir()  # os.replace cannot put a file over a directory
    with pytest.raises(RenderError, match="cannot write"):
        render_html(tiny, schema, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.html"]


def test_chinese_labels(tiny, schema, tmp_path):
    path = render_html(tiny, schema, tmp_path / "zh.html", lang="zh")
    html = path.read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in html
    assert '<input id="cnkg-search" type="search" placeholder="搜索名称、别名或事实"' in html
    data = page_data(path)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["alibaba"] == "阿里巴巴集团" and labels["qwen"] == "通义千问"
    assert labels["baidu"] == "百度" and labels["evil"] == XSS  # no Chinese name: English
    assert labels["sel-1"] == "合作伙伴遴选"
    assert {e["label"] for e in data["edges"]} >= {"研发", "竞争", "评估方"}
    assert [i["label"] for i in data["legend"]] == ["人工智能实验室或初创企业", "公司", "模型系列", "人物", "来源文献", "合作伙伴遴选"]
    assert data["nodeInfo"]["alibaba"]["tip"]["prov"][-1] == ["出处位置", "¶2"]
    assert "阿里巴巴集团".encode() in path.read_bytes()  # UTF-8, not \\u escapes


def test_traditional_chinese(tiny, schema, tmp_path):
    data = page_data(render_html(tiny, schema, tmp_path / "zh.html", lang="zh-Hant"))
    assert {n["id"]: n["label"] for n in data["nodes"]}["alibaba"] == "阿里巴巴集團"
    with pytest.raises(RenderError, match="unknown language 'fr'"):
        render_html(tiny, schema, tmp_path / "fr.html", lang="fr")


def test_subgraph_and_highlight(tiny, schema, tmp_path):
    data = page_data(
        render_html(tiny, schema, tmp_path / "g.html", nodes=["apple", "alibaba", "qwen"], highlight=["apple", "alibaba", "x"])
    )
    assert [n["id"] for n in data["nodes"]] == ["alibaba", "apple", "qwen"]
    assert sorted(e["label"] for e in data["edges"]) == ["develops", "partners with"]
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["apple"]["color"] == {"background": "#1f77b4", "border": "#ffb300"}
    assert nodes["apple"]["shadow"]["enabled"] is True and "shadow" not in nodes["qwen"]
    widths = {e["label"]: e["width"] for e in data["edges"]}
    assert widths == {"partners with": 4, "develops": 1.5}  # only the edge between highlighted nodes
    assert [i["cls"] for i in data["legend"]] == ["Company", "ModelFamily"]
    with pytest.raises(UnknownEntityError, match="'nobody'"):
        render_html(tiny, schema, tmp_path / "g.html", nodes=["apple", "nobody"])


def test_parallel_edges_are_curved_apart(tiny, schema, tmp_path):
    data = page_data(render_html(tiny, schema, tmp_path / "g.html", nodes=["sel-1", "alibaba"]))
    # sel-1 -> alibaba twice: CANDIDATE and CHOSEN
    assert [e.get("smooth") for e in data["edges"]] == [None, {"enabled": True, "type": "curvedCW", "roundness": 0.2}]


def test_too_big_graph_is_refused(tiny, schema, tmp_path):
    assert MAX_NODES >= 1000
    with pytest.raises(RenderError, match=r"8 nodes are too many .*--depth.*Neo4j"):
        render_html(tiny, schema, tmp_path / "g.html", max_nodes=5)
    assert not (tmp_path / "g.html").exists()
    render_html(tiny, schema, tmp_path / "g.html", max_nodes=None)


def test_empty_graph(tiny, schema, tmp_path):
    data = page_data(render_html(tiny, schema, tmp_path / "g.html", nodes=[]))
    assert data["nodes"] == [] and data["edges"] == [] and data["legend"] == []


# -- the page in Chromium -------------------------------------------------------


def test_page_draws_offline_without_errors(tiny, schema, tmp_path, chromium):
    path = render_html(tiny, schema, tmp_path / "g.html", title="Test graph")
    report = open_page(path, "render-small.png", context=chromium)
    assert report.ready
    assert (report.nodes, report.edges) == (N_NODES, N_EDGES)
    assert report.console_errors == [] and report.page_errors == []
    assert report.requests == [] and report.dialogs == []
    assert report.screenshot.is_file()


def test_page_physics_stops_after_stabilising(tiny, schema, tmp_path, chromium):
    path = render_html(tiny, schema, tmp_path / "g.html")
    report = open_page(path, context=chromium, keep_open=True)
    page = report.page
    try:
        before = page.evaluate("() => cnkgNetwork.getPositions()")
        page.wait_for_timeout(400)
        assert page.evaluate("() => cnkgNetwork.getPositions()") == before
        assert page.evaluate("() => cnkgNetwork.physics.options.enabled") is False
    finally:
        page.close()


def test_xss_payload_stays_text(tiny, schema, tmp_path, chromium):
    path = render_html(tiny, schema, tmp_path / "g.html", title=f"Graph {XSS}")
    report = open_page(path, "render-xss.png", context=chromium, keep_open=True)
    page = report.page
    try:
        assert report.ready and (report.nodes, report.edges) == (N_NODES, N_EDGES)
        assert page.title() == f"Graph {XSS}"
        assert page.inner_text("#cnkg-title") == f"Graph {XSS}"
        # tooltip: hover the node with the mouse
        x, y = page.evaluate(
            """() => { const p = cnkgNetwork.canvasToDOM(cnkgNetwork.getPositions(['evil']).evil);
                       const b = document.getElementById('cnkg-canvas').getBoundingClientRect();
                       return [p.x + b.left, p.y + b.top]; }"""
        )
        page.mouse.move(x, y)
        page.wait_for_selector("#cnkg-tooltip", state="visible")
        assert page.inner_text("#cnkg-tooltip .cnkg-tip-head") == XSS
        # details panel on click
        page.mouse.click(x, y)
        assert page.inner_text("#cnkg-details .cnkg-tip-head") == XSS
        # search results
        page.fill("#cnkg-search", "onerror")
        assert page.inner_text("#cnkg-results .name") == XSS
        page.fill("#cnkg-search", "</script>")
        assert page.inner_text("#cnkg-results .name") == CLOSER
        assert page.evaluate("() => [document.images.length, document.scripts.length]") == [0, 3]
        assert page.evaluate("() => typeof window.__xss") == "undefined"
        assert report.dialogs == [] and report.console_errors == [] and report.page_errors == []
        page.screenshot(path=str(report.screenshot))
    finally:
        page.close()


def test_search_finds_any_script_and_alias(tiny, schema, tmp_path, chromium):
    path = render_html(tiny, schema, tmp_path / "g.html")
    report = open_page(path, context=chromium, keep_open=True)
    page = report.page
    try:
        for query in ("阿里巴巴集團", "阿里", "baba", "ALIBABA"):
            page.fill("#cnkg-search", query)
            assert page.inner_text("#cnkg-results button .name") == "Alibaba Group", query
            assert page.inner_text("#cnkg-results button .cls") == "Company", query
        page.fill("#cnkg-search", "nothing-like-this")
        assert page.inner_text("#cnkg-results") == "No match"
        page.fill("#cnkg-search", "baidu")
        page.press("#cnkg-search", "Enter")
        assert page.evaluate("() => cnkgNetwork.getSelectedNodes()") == ["baidu"]
        assert page.inner_text("#cnkg-details .cnkg-tip-head") == "Baidu"
    finally:
        page.close()


def test_legend_colours_and_class_filter(tiny, schema, tmp_path, chromium):
    path = render_html(tiny, schema, tmp_path / "g.html", lang="zh")
    report = open_page(path, "render-zh.png", context=chromium, keep_open=True)
    page = report.page
    try:
        legend = page.evaluate(
            """() => Array.from(document.querySelectorAll('#cnkg-legend li')).map(li => [
                 li.dataset.cls, li.querySelector('svg > *').getAttribute('fill'), li.querySelector('.name').textContent])"""
        )
        assert legend == [
            [cls, schema.classes[cls].color, schema.label(cls, "zh-Hans")]
            for cls in ("AILab", "Company", "ModelFamily", "Person", "Source", "PartnerSelection")
        ]
        assert page.inner_text("#cnkg-stats") == "8 个节点 · 9 条边"
        page.uncheck('#cnkg-legend li[data-cls="Company"] input')
        hidden_ids = "() => cnkgNetwork.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id).sort()"
        assert page.evaluate(hidden_ids) == ["alibaba", "apple", "baidu", "src-a"]  # src-a: cited by nothing drawn
        page.click("#cnkg-none")
        assert page.evaluate("() => cnkgNetwork.body.data.nodes.get({filter: n => !n.hidden}).length") == 0
        page.click("#cnkg-all")
        assert page.evaluate(hidden_ids) == ["src-a"]
        page.select_option("#cnkg-source", "src-a")  # what one source supports, and the source itself
        shown = page.evaluate("() => cnkgNetwork.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()")
        assert shown == sorted({"src-a", *(n for n, d in tiny.g.nodes(data=True) if d.get("source") == "src-a")})
        assert report.console_errors == [] and report.requests == []
    finally:
        page.close()


@pytest.mark.skipif(not bundled_files(), reason="no bundled fact files yet")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bundled_graph_page(kg, schema, tmp_path, chromium, lang):
    """The bundled graph (conftest's ``kg``) opens promptly and completely; screenshots for a human to look at."""
    path = render_html(kg, schema, tmp_path / f"bundled-{lang}.html", lang=lang)
    report = open_page(path, f"render-bundled-{lang}.png", context=chromium)
    assert report.ready and report.seconds < 10
    assert (report.nodes, report.edges) == (kg.g.number_of_nodes(), kg.g.number_of_edges())
    assert report.console_errors == [] and report.page_errors == [] and report.requests == []


def test_layout_is_the_same_on_every_load(tiny, schema, tmp_path, chromium):
    path = render_html(tiny, schema, tmp_path / "g.html")
    positions = []
    for _ in range(2):
        report = open_page(path, context=chromium, keep_open=True)
        positions.append(report.page.evaluate("() => cnkgNetwork.getPositions()"))
        report.page.close()
    assert positions[0] == positions[1]
    assert sorted(positions[0]) == sorted(n for n in tiny.g.nodes if n != "src-a")  # src-a: a source nothing cites


def test_large_graph_is_drawn_plainer(schema, tmp_path):
    from china_ai_kg.graph.model import KnowledgeGraph
    from china_ai_kg.outputs.explorer import LARGE

    big = KnowledgeGraph()
    for i in range(LARGE):
        big.add_entity(f"c{i:04d}", {"type": "Company", "name_en": f"Company {i}", "aliases": ()})
    for i in range(1, LARGE):
        big.add_relation(f"r{i:04d}", f"c{i:04d}", f"c{i // 2:04d}", "SUBSIDIARY_OF", {"source": "s", "locator": "1"})
    data = page_data(render_html(big, schema, tmp_path / "big.html"))
    assert (len(data["nodes"]), len(data["edges"])) == (LARGE, LARGE - 1)
    assert not any("label" in e for e in data["edges"])  # edge labels cost too much to draw
    assert data["edgeInfo"]["r0001"]["tip"]["head"] == "subsidiary of"  # still in the tooltip
    physics = data["options"]["physics"]
    assert physics["stabilization"]["iterations"] < 1000 and physics["forceAtlas2Based"]["theta"] == 1.0


# -- answer pages, hub labels, roles, palette ---------------------------------------------------------------


@pytest.fixture(scope="module")
def answer_page(kg, schema, tmp_path_factory):
    from china_ai_kg.queries import load_pack, nodes_of, run_query

    q = load_pack()["apple-china-partner-selection"]
    result = run_query(q, {}, kg, schema)
    path = tmp_path_factory.mktemp("answer") / "answer.html"
    render_html(kg, schema, path, nodes=nodes_of(result, kg), answer={"columns": result.columns, "rows": result.rows})
    return path


def test_roles_are_drawn_by_their_emphasis(answer_page):
    edges = {e["id"]: e for e in page_data(answer_page)["edges"]}
    chosen = edges["sel-apple-china-ai-partner>CHOSEN>alibaba"]
    passed = edges["sel-apple-china-ai-partner>PASSED_OVER>deepseek"]
    plain = edges["sel-apple-china-ai-partner>CANDIDATE>baidu"]
    assert (chosen["dashes"], chosen["width"]) == (False, 3)
    assert (passed["dashes"], passed["width"], passed["color"]) == ([3, 5], 1, {"color": "#d0d0d0"})
    assert plain["dashes"] is True
    tip = page_data(answer_page)["edgeInfo"]["sel-apple-china-ai-partner>PASSED_OVER>deepseek"]["tip"]
    assert tip["rows"][-1][0] == "reason passed over" and tip["rows"][-1][1].startswith("DeepSeek")


def test_fact_hubs_say_what_they_state(kg, schema, tmp_path):
    data = page_data(render_html(kg, schema, tmp_path / "g.html"))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["fig-capex-2025-amazon"] == "capex 2025: USD 105 bn"
    assert labels["fig-capex-2025-meta"] == "capex 2025: USD 60 bn–65 bn"
    assert labels["bench-qwen2.5-max-arena-overall"] == "overall #7 · 1332"
    assert "capex 2025: usd 105 bn" in data["nodeInfo"]["fig-capex-2025-amazon"]["find"]  # search finds facts


def test_answer_cells_read_as_names_values_and_grouped_numbers(kg, schema, tmp_path):
    from china_ai_kg.queries import load_pack, nodes_of, run_query

    q = load_pack()["capex-ranking"]
    result = run_query(q, {}, kg, schema)
    path = render_html(kg, schema, tmp_path / "capex.html", nodes=nodes_of(result, kg),
                       answer={"columns": result.columns, "rows": result.rows})
    answer = page_data(path)["answer"]
    first = dict(zip(answer["columns"], answer["rows"][0]))
    assert first["company"] == [{"text": "Amazon", "id": "amazon"}]
    assert first["low"] == [{"text": "105,000,000,000"}]
    assert first["fact"] == [{"text": "capex 2025: USD 105 bn", "id": "fig-capex-2025-amazon"}]
    assert first["rank"] == [{"text": "1"}]  # small numbers stay as they are


def test_an_answer_is_a_table_beside_the_graph(answer_page, chromium):
    report = open_page(answer_page, "answer-page.png", context=chromium, keep_open=True)
    page = report.page
    try:
        assert report.ready and report.console_errors == [] and report.requests == []
        assert page.evaluate("() => !document.getElementById('cnkg-answer').hidden")
        rows = page.evaluate("() => Array.from(document.querySelectorAll('#cnkg-answer tbody tr')).length")
        assert rows == 5
        box = page.evaluate("() => { const b = document.getElementById('cnkg-answer').getBoundingClientRect(); "
                            "const n = document.getElementById('cnkg-network').getBoundingClientRect(); "
                            "return [b.left >= n.right - 1, b.width > 300]; }")
        assert box == [True, True]  # side by side
        page.click("#cnkg-answer tbody tr:nth-child(4)")  # the DeepSeek row
        assert sorted(page.evaluate("() => cnkgNetwork.getSelectedNodes()")) == [
            "apple", "china", "deepseek", "sel-apple-china-ai-partner"]
        bounds = page.evaluate("() => { const ids = Object.keys(cnkgNetwork.getPositions()); "
                               "const b = ids.map(id => cnkgNetwork.getBoundingBox(id)); "
                               "return [Math.min(...b.map(x => x.left)), Math.max(...b.map(x => x.right))]; }")
        assert bounds[1] > bounds[0]
    finally:
        page.close()


def test_the_palette_keeps_every_class_apart(schema):
    from itertools import combinations

    from china_ai_kg.outputs.style import delta_e2000, to_lab

    # colour and shape tell classes apart: classes of one shape differ clearly in colour, any two visibly
    kinds = {c: (schema.classes[c].color, schema.classes[c].shape) for c in schema.classes
             if not schema.classes[c].abstract}
    pairs = [(delta_e2000(to_lab(kinds[a][0]), to_lab(kinds[b][0])), a, b) for a, b in combinations(kinds, 2)]
    same_shape = min(p for p in pairs if kinds[p[1]][1] == kinds[p[2]][1])
    assert same_shape[0] >= 15, same_shape
    assert min(pairs)[0] >= 10, min(pairs)


def test_large_graphs_are_coloured_and_placed_by_community(schema, tmp_path):
    from bench.bench_html import synthetic_graph

    data = page_data(render_html(synthetic_graph(400), schema, tmp_path / "g.html"))
    communities = {info["community"] for info in data["nodeInfo"].values()}
    assert len(communities) > 3 and data["communityColours"]
    assert all("x" in n and "y" in n for n in data["nodes"])
    small = page_data(render_html(synthetic_graph(100), schema, tmp_path / "s.html"))
    assert "communityColours" not in small and not any("x" in n for n in small["nodes"])


def test_the_time_slider_shows_what_holds_on_each_date(schema, chromium, tmp_path):
    """Each step of the slider draws what ``--as-of`` that date keeps (sources aside: the page keeps them all)."""
    from test_time import FIXTURE

    from china_ai_kg.graph.views import View, view_of

    kg = load([FIXTURE], bundled=False)
    every = view_of(kg, schema, View(all_claims=True))
    path = render_html(every, schema, tmp_path / "time.html")
    ticks = page_data(path)["timeline"]
    assert ticks == ["2015", "2019", "2024-03", "2024-05", "2024-06", "2024-06-15", "2024-08"]
    report = open_page(path, context=chromium, keep_open=True)
    page = report.page
    relations = {d["id"] for _, _, d in every.relations()}
    try:
        assert report.ready and report.console_errors == []
        for i, date in enumerate([*ticks, None]):
            page.evaluate(f"() => cnkgSetTime({i})")
            nodes, edges = page.evaluate(
                "() => { const ns = cnkgNetwork.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.id);"
                " const on = new Set(ns); const es = cnkgNetwork.body.data.edges.get({filter: e => !e.hidden &&"
                " on.has(e.from) && on.has(e.to)}).map(e => e.id); return [ns, es]; }")
            seen = view_of(kg, schema, View(as_of=date, all_claims=True)) if date else every
            assert sorted(n for n in nodes if every.node(n)["type"] != "Source") == sorted(
                n for n, d in seen.g.nodes(data=True) if d["type"] != "Source"), date
            assert sorted(e for e in edges if e in relations) == sorted(d["id"] for _, _, d in seen.relations()), date
        assert page.evaluate("() => document.getElementById('cnkg-when').textContent") == "all dates"
    finally:
        page.close()
