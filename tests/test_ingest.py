"""cnkg ingest: paragraphs, mentions, proposals, candidate facts, off-topic rejection, drafts and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from test_render_html import chromium  # noqa: F401, F811 - the shared Chromium fixture

from china_ai_kg.cli import cli
from china_ai_kg.loaders.articles import NameIndex, article_from_text, ingest, open_article
from china_ai_kg.ontology import load_schema

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED = SHARED / "seeds" / "000_147be06d62552c20.txt"
ARTICLES = SHARED / "articles"


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


def test_seed_paragraphs_locators_and_cut(kg, schema):
    result = ingest(open_article(SEED), kg, schema, "src-t")
    assert result.paragraphs == 57
    assert result.accepted == (1, 47) and result.rejected == [(48, 57)]
    assert result.languages == {"zh-Hans": 1, "zh-Hant": 46}
    # nothing from the cut range: no mention or candidate points at ¶48-57 (¶55 names Baidu)
    assert all(n <= 47 for m in result.mentions.values() for n in m["paragraphs"])
    assert all(n <= 47 for c in result.candidates for n in c.paragraphs)
    text = SEED.read_text(encoding="utf-8")
    for c in result.candidates:
        for a, b in c.spans:
            assert 0 <= a < b <= len(text)


def test_mentions_in_any_script_width_and_case(kg):
    index = NameIndex(kg)
    found = index.find("阿裏雲與阿里云、ＡＬＩＢＡＢＡ和穀歌", 0, 1)
    assert [(m.surface, m.entities, m.nested) for m in found if not m.nested] == [
        ("阿裏雲", ("alibaba-cloud",), False), ("阿里云", ("alibaba-cloud",), False),
        ("ＡＬＩＢＡＢＡ", ("alibaba",), False), ("穀歌", ("google",), False)]


def test_english_word_boundaries_and_capital_acronyms(kg):
    index = NameIndex(kg)
    assert [m.entities for m in index.find("metadata about Meta and the US, thus us", 0, 1)] == [("meta",),
                                                                                                 ("united-states",)]


def test_longest_match_wins_and_nested_names_are_kept(kg):
    found = NameIndex(kg).find("通義Qwen2.5-Max", 0, 1)
    assert [(m.entities, m.nested) for m in found] == [(("qwen2.5-max",), False), (("qwen",), True)]


def test_a_shared_name_is_ambiguous_never_guessed(kg):
    import networkx as nx

    from china_ai_kg.graph.model import KnowledgeGraph

    g = nx.MultiDiGraph()
    g.add_node("a", kind="entity", type="Company", name_en="Kimi Labs", aliases=("Kimi",))
    g.add_node("b", kind="entity", type="Product", name_en="Kimi Chat", aliases=("Kimi",))
    found = NameIndex(KnowledgeGraph(g)).find("Kimi grew fast", 0, 1)
    assert [(m.entities, m.ambiguous) for m in found] == [(("a", "b"), True)]


def test_new_entities_with_their_class_rule(kg, schema):
    result = ingest(open_article(ARTICLES / "en_06_huawei_ascend_910c_h20.txt"), kg, schema, "src-t")
    got = {eid: (p.cls, p.rule) for eid, p in result.proposals.items()}
    assert got["jensen-huang"] == ("Person", "person-cue")
    assert got["ren-hongbin"] == ("Person", "pinyin-name")
    assert got["nvidia"] == ("Company", "org-before-title")
    assert got["huawei-technologies"] == ("Company", "org-suffix")


def test_candidate_facts_with_rule_locator_and_confidence(kg, schema):
    result = ingest(open_article(SEED), kg, schema, "src-t")
    by = {(c.type, tuple(sorted((k, v) for k, v in c.roles.items()))): c for c in result.candidates}
    dev = by["DEVELOPS", (("from", ("alibaba-cloud",)), ("to", ("qwen2.5-max",)))]
    assert (dev.paragraphs, dev.rule, dev.confidence) == ([17], "from 发布 to", 0.68)
    ceo = by["CEO_OF", (("from", ("tim-cook",)), ("to", ("apple",)))]
    assert ceo.paragraphs == [30]
    sel = [c for c in result.candidates if c.type == "PartnerSelection"]
    assert [c.roles for c in sel] == [{"evaluator": ("apple",), "candidate": ("baidu", "tencent", "bytedance",
                                                                              "alibaba", "deepseek")}]
    author = by["AUTHOR_OF", (("from", ("shen-siqi",)), ("to", ("src-t",)))]
    assert author.paragraphs == [2]


def test_off_topic_page_is_rejected_with_one_line(runner, tmp_path):
    r = run(runner, "ingest", str(ARTICLES / "off_01_alibaba_trade_assurance.txt"), "-o", str(tmp_path / "d"))
    assert r.exit_code == 1
    assert r.output.splitlines()[-1].startswith(
        f"Error: {ARTICLES / 'off_01_alibaba_trade_assurance.txt'}: rejected: no AI-ecosystem content")
    assert not (tmp_path / "d").exists() or not list((tmp_path / "d").iterdir())


def test_draft_validates_and_candidates_stay_out_of_answers(runner, tmp_path):
    out = tmp_path / "drafts"
    r = run(runner, "ingest", str(SEED), "-o", str(out), "--source-id", "src-seed-draft")
    assert r.exit_code == 0, r.output
    draft = out / "src-seed-draft.yaml"
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert data["sources"][0]["id"] == "src-seed-draft"
    assert {f["status"] for f in data["facts"]} == {"candidate"}
    assert all(f["extractedBy"].startswith("pattern ") and f["span"] for f in data["facts"])
    assert run(runner, "validate", "--with-bundled", str(draft)).exit_code == 0
    assert run(runner, "validate", str(draft)).exit_code == 1  # it names bundled entities
    plain = run(runner, "query", "run", "people", "--data", str(out), "--format", "json")
    rows = json.loads(plain.output)["rows"]
    assert not any(row[-1] == "src-seed-draft" for row in rows)
    both = run(runner, "show", "tim-cook", "--data", str(out), "--include-candidates")
    assert "src-seed-draft ¶30, candidate" in both.output
    assert "src-seed-draft" not in run(runner, "show", "tim-cook", "--data", str(out)).output
    page = (out / "src-seed-draft.review.html").read_text(encoding="utf-8")
    assert 'id="cut"' in page and 'class="par rejected" id="p48"' in page
    assert "Content-Security-Policy" in page


def test_the_same_article_gives_the_same_draft(runner, tmp_path):
    for d in ("a", "b"):
        assert run(runner, "ingest", str(ARTICLES / "en_02_moonshot_funding.txt"), "-o", str(tmp_path / d)).exit_code == 0
    name = "src-en-02-moonshot-funding.yaml"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_html_scripts_and_handlers_are_stripped_and_escaped(runner, tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><head><title>T</title><script>alert(1)</script></head><body><nav>Menu Alibaba</nav>"
                    "<p onclick=\"evil()\">Alibaba released a new AI model &lt;b&gt; for cloud users.</p>"
                    "<style>p{}</style><p>DeepSeek trains large language model chips.</p></body></html>",
                    encoding="utf-8")
    a = open_article(page)
    assert [p.text for p in a.paragraphs] == ["Alibaba released a new AI model <b> for cloud users.",
                                              "DeepSeek trains large language model chips."]
    r = run(runner, "ingest", str(page), "-o", str(tmp_path / "d"))
    assert r.exit_code == 0, r.output
    review = next((tmp_path / "d").glob("*.review.html")).read_text(encoding="utf-8")
    assert "alert(1)" not in review and "evil()" not in review and "&lt;b&gt;" in review


@pytest.mark.parametrize("content, message", [
    (b"", "empty file: no text to read"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file (NUL bytes), not an article"),
    (b"\xff" * 16, "not text in UTF-8, GB18030/GBK or Big5 (byte 0xff at offset 0 decodes in none of them)"),
])
def test_bad_articles_are_one_line(runner, tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = run(runner, "ingest", str(f), "-o", str(tmp_path / "d"))
    assert r.exit_code == 1
    assert r.output.strip().splitlines()[-1] == f"Error: {f}: {message}"
    assert not (tmp_path / "d").exists() or not list((tmp_path / "d").iterdir())


def test_gbk_and_big5_are_decoded(kg, schema, tmp_path):
    for enc, text in (("gbk", "阿里云发布通义千问大模型，人工智能芯片。"), ("big5", "阿里雲發布通義千問大模型，人工智能晶片。")):
        f = tmp_path / f"{enc}.txt"
        f.write_bytes(text.encode(enc))
        a = open_article(f)
        assert a.encoding in ("gb18030", "big5")
        assert [p.text for p in a.paragraphs] == [text]


def test_draft_directory_that_is_a_file(runner, tmp_path):
    f = tmp_path / "drafts"
    f.write_text("x")
    r = run(runner, "ingest", str(SEED), "-o", str(f))
    assert r.exit_code == 1 and r.output.strip() == f"Error: {f}: is a file, not a draft directory"


def test_a_large_article_streams(kg, schema, tmp_path):
    import tracemalloc

    body = "\n".join(SEED.read_text(encoding="utf-8").splitlines()[:47]) + "\n"
    f = tmp_path / "big.txt"
    with open(f, "w", encoding="utf-8") as out:
        for _ in range(200):
            out.write(body)
    tracemalloc.start()
    result = ingest(open_article(f), kg, schema, "src-big")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.paragraphs == 47 * 200
    assert peak < 40 * f.stat().st_size  # per-paragraph state, not the whole text many times over


def _peak_rss_of(args, cwd) -> tuple:
    """Run ``cnkg ARGS`` in a process of its own: (exit code, stderr, its peak resident memory in bytes)."""
    import subprocess
    import sys

    code = ("import resource, sys\nfrom china_ai_kg.cli import cli\n"
            "try:\n    cli.main(sys.argv[1:], prog_name='cnkg', standalone_mode=True)\nfinally:\n"
            "    sys.stderr.write('RSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    p = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True)
    err, _, rss = p.stderr.rpartition("RSS ")
    return p.returncode, err, int(rss) * 1024


@pytest.mark.slow
def test_a_50_mb_article_streams_to_its_draft_and_review_page(tmp_path):
    body = "\n".join(SEED.read_text(encoding="utf-8").splitlines()[:47]) + "\n"
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(body * 20, encoding="utf-8")
    with open(big, "w", encoding="utf-8") as out:
        while out.tell() < 50_000_000:
            out.write(body)
    size = big.stat().st_size
    rc, err, rss_small = _peak_rss_of(["ingest", str(small), "-o", str(tmp_path / "d1")], tmp_path)
    assert rc == 0, err
    rc, err, rss_big = _peak_rss_of(["ingest", str(big), "-o", str(tmp_path / "d2")], tmp_path)
    assert rc == 0, err
    assert (tmp_path / "d2" / "src-big.yaml").stat().st_size > 0
    page = (tmp_path / "d2" / "src-big.review.html").read_text(encoding="utf-8")
    assert page.count('<p class="par accepted"') == size // len(body.encode()) * 47
    # what grows with the article is the evidence list of each fact, not the text or its paragraphs
    assert rss_big - rss_small < 2 * size, (rss_small, rss_big)


def test_a_line_longer_than_a_megabyte_is_one_line(runner, tmp_path):
    f = tmp_path / "long.txt"
    f.write_text("AI " * 400_000, encoding="utf-8")
    r = runner.invoke(cli, ["ingest", str(f)])
    assert r.exit_code == 1
    assert r.output.strip() == f"Error: {f}:1: a line longer than 1,048,576 characters: not an article's paragraph"


def test_a_long_run_of_off_topic_lines_is_cut_where_it_stands(kg, schema):
    from china_ai_kg.loaders.articles import MAX_HELD

    seed = "\n".join(SEED.read_text(encoding="utf-8").splitlines()[:47])
    bait = "\n".join(f"Ten places to visit in spring, number {i}" for i in range(MAX_HELD + 5))
    result = ingest(article_from_text(f"{seed}\n{bait}\n{seed}\n"), kg, schema, "src-x")
    assert result.rejected == [(48, 47 + MAX_HELD)]
    assert result.accepted == (1, 47 * 2 + MAX_HELD + 5)
    assert result.paragraphs == 47 * 2 + MAX_HELD + 5


def test_a_new_relationship_with_its_patterns_in_one_place_is_proposed(tmp_path, monkeypatch, kg):
    from china_ai_kg.ontology import schema as schema_module

    ttl = schema_module.ontology_bytes().decode("utf-8") + '''
cnkg:acquired a owl:ObjectProperty ;
    cnkg:kind "relation" ;
    cnkg:pattern "from 收购 to"@zh , "from acquired to"@en ;
    rdfs:label "acquired"@en , "收购"@zh-Hans , "收購"@zh-Hant ;
    rdfs:comment "Links an organization to one it bought."@en , "将组织关联到其收购的组织。"@zh-Hans ,
        "將組織關聯到其收購的組織。"@zh-Hant ;
    schema:domainIncludes cnkg:Organization ;
    schema:rangeIncludes cnkg:Organization .
'''
    extended = schema_module._parse(ttl.encode("utf-8"))
    article = article_from_text("Tencent acquired Baidu in a surprise AI deal, investors said.\n", "x.txt")
    result = ingest(article, kg, extended, "src-x")
    assert [(c.type, c.roles) for c in result.candidates] == [("ACQUIRED", {"from": ("tencent",), "to": ("baidu",)})]
    plain = ingest(article_from_text("Tencent acquired Baidu in a surprise AI deal, investors said.\n"), kg,
                   load_schema(), "src-x")
    assert plain.candidates == []


def test_a_pattern_naming_a_missing_slot_is_refused():
    from china_ai_kg.base.errors import OntologyError
    from china_ai_kg.ontology import schema as schema_module

    ttl = schema_module.ontology_bytes().decode("utf-8").replace('"from 发布 to"@zh', '"from 发布 target:AIModel"@zh')
    with pytest.raises(OntologyError, match="'target' is not a slot of this type"):
        schema_module._parse(ttl.encode("utf-8"))


def test_the_review_page_runs_only_its_own_script(runner, tmp_path, chromium):  # noqa: F811
    """In Chromium: no errors (a CSP violation would be one), no request, no dialog; hovering a candidate fact
    lights its evidence; the article's own script and handler never run."""
    from bench.chromium import open_page

    page_file = tmp_path / "evil.html"
    page_file.write_text("<html><body><p onmouseover=\"alert('x')\">Alibaba Cloud released Qwen2.5-Max, an AI model "
                         "for cloud users.</p><script>alert('article')</script><img src=x onerror=alert(1)>"
                         "<p>Tencent CEO Pony Ma said AI chips matter.</p></body></html>", encoding="utf-8")
    out = tmp_path / "d"
    for article in (SEED, page_file):
        assert run(runner, "ingest", str(article), "-o", str(out)).exit_code == 0
    for review in sorted(out.glob("*.review.html")):
        report = open_page(review, context=chromium, keep_open=True, drawn=False)
        page = report.page
        try:
            assert report.ready and report.console_errors == [] and report.page_errors == []
            assert report.requests == [] and report.dialogs == []
            n = page.evaluate("() => document.querySelectorAll('[data-fact]').length")
            assert n >= 1
            page.hover("[data-fact='1']")
            assert page.evaluate("() => document.querySelectorAll('.f1.lit').length") >= 1
            page.mouse.move(0, 0)
            assert page.evaluate("() => document.querySelectorAll('.lit').length") == 0
            page.hover("p.par")
            assert report.dialogs == []
        finally:
            page.close()


def test_candidate_facts_carry_the_date_their_sentence_gives(kg, schema):
    result = ingest(open_article(SEED), kg, schema, "src-s")
    dev = [c for c in result.candidates if c.type == "DEVELOPS" and c.roles["to"] == ("qwen2.5-max",)]
    assert dev and dev[0].date == "2025-01-29"
    english = ingest(article_from_text("On January 29, 2025, Alibaba Cloud released Qwen2.5-Max, an AI model.\n"),
                     kg, schema, "src-e")
    assert [(c.type, c.date) for c in english.candidates if c.type == "DEVELOPS"] == [("DEVELOPS", "2025-01-29")]
    undated = ingest(article_from_text("Alibaba Cloud released Qwen2.5-Max, an AI model.\n"), kg, schema, "src-u")
    assert all(c.date is None for c in undated.candidates)
