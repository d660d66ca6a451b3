"""Neo4j Browser, served by the local server at /browser/, loads, connects, runs a pack query and plays our guide."""

from __future__ import annotations

import html
import re
import threading

import pytest

from bench.chromium import ARTIFACTS, browser, chromium_or_skip
from china_ai_kg.outputs.neo4j.browser_kit import grass, guide_html, kit_server, write_kit
from china_ai_kg.outputs.neo4j.push import push


def test_grass_takes_colours_from_the_ontology(schema):
    text = grass(schema)
    for cls, c in schema.classes.items():
        assert f"node.{cls} {{\n  color: {c.color};" in text
    # general before specific, so that the most specific class wins in Browser
    assert text.index("node.Entity {") < text.index("node.Organization {") < text.index("node.Company {")


def test_guide_has_a_slide_per_question_and_escapes_text():
    from china_ai_kg.queries import load_pack

    queries = list(load_pack().values())
    page = guide_html(queries)
    assert page.count("<slide ") == len(queries) + 1
    assert page.count('class="pre-scrollable code runnable">MATCH') + page.count("runnable\">WITH") + \
        page.count("runnable\">OPTIONAL") + page.count("runnable\">UNWIND") + page.count("runnable\">CALL") >= 1
    assert "<script" not in page


def test_grass_in_every_language_tag(schema):
    assert grass(schema, "zh-Hans") == grass(schema, "zh")
    assert "caption: '{name_zh_hans}';" in grass(schema, "zh")
    assert "caption: '{name_zh_hant}';" in grass(schema, "zh-hant")
    assert "caption: '{name_en}';" in grass(schema, "en")


def test_guide_params_are_the_typed_defaults():
    from china_ai_kg.queries import load_pack

    page = guide_html(list(load_pack().values()))
    blocks = sorted({html.unescape(b) for b in re.findall(r'runnable">(:params [^<]*)</pre>', page)})
    assert blocks == [  # the header defaults, typed: max_hops is the integer 2, dates and ids are strings
        ":params {`architecture`: 'mixture-of-experts'}",
        ":params {`board`: 'chatbot-arena'}",
        ":params {`company`: 'alibaba'}",
        ":params {`company`: 'apple', `market`: 'china'}",
        ":params {`company`: 'apple'}",
        ":params {`entity`: 'alibaba'}",
        ":params {`from`: '2025-01', `to`: '2025-01'}",
        ":params {`from`: 'apple', `to`: 'deepseek', `max_hops`: 2}",
        ":params {`group`: 'alibaba'}",
        ":params {`group`: 'mag7', `period`: '2025'}",
        ":params {`id`: 'sel-apple-china-ai-partner'}",
        ":params {`kind`: 'model_release'}",
        ":params {`metric`: 'capex'}",
        ":params {`party`: 'alibaba'}",
        ":params {`period`: '2025'}",
        ":params {`region`: 'china'}",
        ":params {`source`: 'src-article-000'}",
        ":params {`stance`: 'turned_positive'}",
        ":params {`stock`: 'alibaba-hk-shares'}",
        ":params {`subject`: 'deepseek'}",
        ":params {`text`: 'qwen'}",
    ]


def test_kit_files_are_readable_by_everyone(schema, tmp_path):
    import os
    import stat

    from china_ai_kg.queries import load_pack

    old = os.umask(0o022)
    try:
        files = write_kit(schema, list(load_pack().values()), tmp_path / "kit")
    finally:
        os.umask(old)
    assert sorted((os.path.basename(f), stat.S_IMODE(os.stat(f).st_mode)) for f in files) == [
        ("README.md", 0o644), ("guide.html", 0o644), ("style.grass", 0o644)]


@pytest.fixture(scope="module")
def kit(tmp_path_factory, schema):
    from china_ai_kg.queries import load_pack

    d = tmp_path_factory.mktemp("kit")
    write_kit(schema, list(load_pack().values()), d)
    server = kit_server(d, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_browser_connects_runs_a_pack_query_and_plays_the_guide(neo4j_server, empty_db, kg, schema, kit):
    chromium_or_skip()
    from china_ai_kg.queries import load_pack

    push(kg, schema, empty_db)
    query = load_pack()["apple-china-partner-selection"]
    body = "\n".join(line for line in query.cypher.splitlines() if not line.startswith("//"))
    allowed = ("http://127.0.0.1", "ws://127.0.0.1", "http://localhost", "data:", "blob:")
    blocked = []
    with browser() as ctx:
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(allowed)
                   else (blocked.append(r.request.url), r.abort()))
        page.goto(neo4j_server["http_url"] + "/browser/", wait_until="load", timeout=60_000)
        assert page.title() == "Neo4j Browser"
        page.locator('[data-testid="boltaddress"]').fill(neo4j_server["uri"])
        page.locator('[data-testid="username"]').fill(neo4j_server["user"])
        page.locator('[data-testid="password"]').fill(neo4j_server["password"])
        page.locator('[data-testid="connect"]').click()
        page.get_by_text("You are connected as user").first.wait_for(timeout=30_000)

        def run(text, expect):
            page.locator(".monaco-editor").first.click()
            page.keyboard.insert_text(text)
            page.locator('[data-testid="editor-Run"]').click()
            if expect is None:
                page.wait_for_timeout(1500)
            else:
                page.get_by_text(expect).first.wait_for(timeout=30_000)

        run(":param company => 'apple'", None)  # the query below answers only if this took
        run(body, '"passed_over"')
        text = page.inner_text("body")
        assert "DeepSeek's team lacked the staff and experience" in text
        run(f":play http://localhost:{kit}/guide.html", "china-ai-kg query pack")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "neo4j-browser.png"))
    # Browser's own bundle asks third parties for web fonts, analytics and a feedback widget (which ones
    # varies with its feature flags); every such request was blocked by the route above, and none of them
    # carried anything of ours: no credentials, no query, no graph data
    assert not [url for url in blocked if url.startswith(("http://127.0.0.1", "http://localhost"))]
    for url in blocked:
        for secret in (neo4j_server["password"], "PartnerSelection", "apple", "guide.html"):
            assert secret not in url, url
