"""The bundled data captures the seed article's facts and figures, with sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import require

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_147be06d62552c20.txt"
ARTICLE = "src-article-000"
# Entities the article describes without naming them in so many words.
DESCRIBED_NOT_NAMED = {"china-cloud-market", "src-article-000"}


@pytest.fixture(scope="module")
def seed_lines():
    require(SEED.exists(), f"seed article not found at {SEED}")
    return SEED.read_text(encoding="utf-8").splitlines()


def _paragraphs(locator: str) -> list:
    return [int(n) for n in re.findall(r"¶(\d+)", locator)]


def _provenanced(kg):
    for n, d in kg.g.nodes(data=True):
        if d["type"] != "Source":
            yield n, d
    for _, _, d in kg.relations():
        yield d["id"], d


def test_everything_but_documents_has_a_source_and_locator(kg):
    for nid, d in _provenanced(kg):
        assert kg.node(d["source"])["type"] == "Source", nid
        assert d["locator"].strip(), nid


def test_article_locators_point_into_the_article_body(kg, seed_lines):
    # lines 1-3 are boilerplate and by-line, 48-57 unrelated link-bait titles
    for nid, d in _provenanced(kg):
        if d["source"] == ARTICLE:
            paras = _paragraphs(d["locator"])
            assert paras, nid
            assert all(2 <= p <= 47 for p in paras), (nid, d["locator"])
    assert len(seed_lines) == 57


def test_entities_are_named_in_the_paragraphs_they_cite(kg, seed_lines):
    from china_ai_kg.base.names import name_key

    for eid, d in kg.entities():
        if d.get("source") != ARTICLE or eid in DESCRIBED_NOT_NAMED:
            continue
        text = name_key(" ".join(seed_lines[p - 1] for p in _paragraphs(d["locator"]))).replace(" ", "")
        names = [d.get("name_en"), d.get("name_zh_hans"), *d["aliases"]]
        assert any(n and name_key(n).replace(" ", "") in text for n in names), eid


def test_nothing_from_the_link_bait_titles(kg, seed_lines):
    from china_ai_kg.base.names import name_key

    bait = name_key("".join(seed_lines[47:]))
    body = name_key("".join(seed_lines[:47]))
    for eid, d in kg.entities():
        for n in (d.get("name_zh_hans"), d.get("name_en"), *d["aliases"]):
            if n and len(n) >= 2 and name_key(n) in bait:
                assert name_key(n) in body, (eid, n)  # named by the article too (Baidu is)
    for word in ("抖音", "胡兵", "小红书", "游泳先生", "于毅"):
        assert word in bait
        assert all(word not in name_key(" ".join(map(str, d.values()))) for _, d in kg.g.nodes(data=True))


def _figure(kg, fid):
    d = dict(kg.node(fid))
    d["roles"] = kg.roles(fid)
    return d


def test_capex_figures(kg):
    rows = []
    for fid, d in kg.facts():
        if d["type"] == "FinancialFigure" and d["metric"] == "capex":
            subjects = sorted(v for r, v in kg.roles(fid) if r == "SUBJECT")
            rows.append((tuple(subjects), d.get("value"), d.get("low"), d.get("high"), d["currency"], d["period"]))
    assert sorted(rows) == [
        (("amazon",), 105_000_000_000, None, None, "USD", "2025"),
        (("amazon", "google", "meta", "microsoft"), None, 320_000_000_000, None, "USD", "2025"),
        (("google",), 75_000_000_000, None, None, "USD", "2025"),
        (("meta",), None, 60_000_000_000, 65_000_000_000, "USD", "2025"),
        (("microsoft",), 80_000_000_000, None, None, "USD", "2025"),
    ]


def test_benchmark_and_model_figures(kg):
    results = sorted(
        (d["category"], d.get("score"), d["rank"]) for _, d in kg.facts() if d["type"] == "BenchmarkResult"
    )
    assert results == [("coding", None, 1), ("math", None, 1), ("overall", 1332, 7)]
    m = kg.node("qwen2.5-max")
    assert (m["architecture"], m["pretrainingTokensMin"], m["releaseDate"]) == ("mixture-of-experts", 20 * 10**12, "2025-01-29")


def test_apple_figures_and_moves(kg):
    assert _figure(kg, "fig-apple-china-sales-fy2024")["value"] == -7.7
    assert _figure(kg, "fig-apple-china-sales-2024q4")["value"] == -11
    assert _figure(kg, "fig-apple-china-ios-users")["low"] == 200_000_000
    assert _figure(kg, "fig-alibaba-pe-before-rebound")["value"] == 10
    assert _figure(kg, "fig-us-tech-pe")["value"] == 20
    assert (_figure(kg, "move-alibaba-hk-week")["low"], _figure(kg, "move-hsi-week")["value"]) == (13, 5)
    assert _figure(kg, "move-alibaba-hk-from-low")["low"] == 40
    gap = _figure(kg, "fig-china-us-model-gap")
    assert (gap["low"], gap["high"], gap["unit"]) == (1.5, 2, "years")


def test_apple_partner_selection(kg):
    sel = _figure(kg, "sel-apple-china-ai-partner")
    assert sel["roles"] == [
        ("CANDIDATE", "alibaba"), ("CANDIDATE", "baidu"), ("CANDIDATE", "bytedance"), ("CANDIDATE", "deepseek"),
        ("CANDIDATE", "tencent"), ("CHOSEN", "alibaba"), ("CHOSEN_MODEL", "qwen"), ("EVALUATOR", "apple"),
        ("FOR_PRODUCT", "apple-intelligence"), ("FOR_PRODUCT", "iphone"), ("MARKET", "china"),
        ("PASSED_OVER", "deepseek"),
    ]
    assert sel["validFrom"] == "2023"
    assert "staff and experience" in sel["reason"]


def test_no_article_sentence_is_copied(seed_lines):
    """Descriptions paraphrase: no run of 12 Chinese characters from the article appears in the data."""
    from china_ai_kg.base.names import name_key
    from china_ai_kg.loaders import bundled_files

    article = name_key("".join(seed_lines))
    for _, path in bundled_files():
        text = name_key(path.read_text(encoding="utf-8"))
        for run in re.findall(r"[\u4e00-\u9fff]{12,}", text):
            for i in range(len(run) - 11):
                assert run[i : i + 12] not in article, (path.name, run)
