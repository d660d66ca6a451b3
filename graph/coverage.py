"""Where the map is thin: counts per class and per topic, and the share of entities with a Wikidata QID, with
a Chinese name and with a date; the sources by kind.

A *topic* gathers the ontology's classes under the first of :data:`TOPICS` that they are a kind of (a
cloud provider is an organisation, a model release a model).  A *dated* entity has a valid-time date of its
own (founded, releaseDate) or takes part in a relationship or fact that has one.  A source's *kind* comes
from its URL, by the first rule of :data:`SOURCE_KINDS` whose host pattern matches; a source without a URL is a
document (like the seed article).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .model import NAME_KEYS, KnowledgeGraph

__all__ = ["coverage", "TOPICS", "SOURCE_KINDS", "source_kind"]

TOPICS = (
    ("organisations", ("Organization",)),
    ("people", ("Person", "Position")),
    ("models", ("AIModel",)),
    ("chips", ("Chip",)),
    ("products", ("Product",)),
    ("funding", ("FundingRound",)),
    ("export controls and regulation", ("ExportControl", "ModelFiling")),
    ("partnerships", ("Partnership", "PartnerSelection")),
    ("benchmarks", ("Benchmark", "Leaderboard", "BenchmarkResult")),
    ("licences and datasets", ("Licence", "Dataset")),
    ("events", ("Event",)),
    ("markets and figures", ("Market", "Region", "Security", "SecurityGroup", "StockIndex", "StockMarket",
                             "FinancialFigure", "MarketMove", "Assessment", "AIStackLayer")),
)

SOURCE_KINDS = (
    ("code repository or model card", r"(^|\.)(github\.com|gitee\.com|huggingface\.co|modelscope\.cn)$"),
    ("paper", r"(^|\.)(arxiv\.org|aclanthology\.org|openreview\.net)$"),
    ("official register or government", r"(^|\.)(gov|gov\.cn|federalregister\.gov|europa\.eu|hkexnews\.hk)$"),
    ("encyclopedia", r"(^|\.)(wikipedia\.org|wikidata\.org|baike\.baidu\.com)$|wiki"),
)


def source_kind(url: str | None) -> str:
    """The kind of a source by its URL.

    >>> source_kind("https://github.com/QwenLM/Qwen3"), source_kind("https://www.federalregister.gov/d/2019-10616")
    ('code repository or model card', 'official register or government')
    >>> source_kind("https://www.reuters.com/technology/x"), source_kind(None)
    ('news or other web page', 'document')
    """
    if not url:
        return "document"
    host = (urlsplit(str(url)).hostname or "").rstrip(".").lower()
    for kind, pattern in SOURCE_KINDS:
        if re.search(pattern, host):
            return kind
    return "news or other web page"


def _topic(schema, cls: str) -> str:
    for topic, roots in TOPICS:
        if any(schema.is_a(cls, root) for root in roots):
            return topic
    return "other"


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def coverage(kg: KnowledgeGraph, schema) -> dict:
    """Counts and shares of *kg*: ``{"totals", "classes", "topics", "sources"}`` (see the module's text)."""
    g = kg.g
    valid_dates = {n for n, a in schema.attrs.items() if a.time_axis in ("valid-at", "valid-from", "valid-to")}
    dated = set()
    for n, d in g.nodes(data=True):
        if any(d.get(k) for k in valid_dates):
            dated.add(n)
            if d["kind"] == "fact":
                dated.update(g.successors(n))
    for a, b, d in g.edges(data=True):
        if d["kind"] == "relation" and any(d.get(k) for k in valid_dates):
            dated.update((a, b))
    classes: dict = {}
    topics: dict = {}
    sources: dict = {}
    cited = set()
    for n, d in g.nodes(data=True):
        if d.get("source"):
            cited.add(d["source"])
        if d["type"] == "Source":
            kind = source_kind(d.get("url"))
            sources[kind] = sources.get(kind, 0) + 1
            continue
        row = classes.setdefault(d["type"], {"count": 0, "wikidata": 0, "chinese_name": 0, "dated": 0})
        row["count"] += 1
        row["wikidata"] += bool(d.get("wikidata"))
        row["chinese_name"] += bool(d.get(NAME_KEYS["zh-Hans"]) or d.get(NAME_KEYS["zh-Hant"]))
        row["dated"] += n in dated
        t = topics.setdefault(_topic(schema, d["type"]), {"entities": 0, "facts": 0, "relationships": 0})
        t["entities" if d["kind"] == "entity" else "facts"] += 1
    for a, _, d in g.edges(data=True):
        if d["kind"] == "relation":
            if d.get("source"):
                cited.add(d["source"])
            t = topics.setdefault(_topic(schema, g.nodes[a]["type"]), {"entities": 0, "facts": 0, "relationships": 0})
            t["relationships"] += 1
    entity_rows = [r for c, r in classes.items() if schema.classes[c].lineage[-1] == "Entity"]
    n_entities = sum(r["count"] for r in entity_rows)
    counts = kg.counts()
    totals = {
        "entities": n_entities,
        "facts": counts["facts"],
        "relationships": counts["relationships"],
        "sources": sum(sources.values()),
        "sources cited": len(cited),
        "share with a Wikidata QID": _share(sum(r["wikidata"] for r in entity_rows), n_entities),
        "share with a Chinese name": _share(sum(r["chinese_name"] for r in entity_rows), n_entities),
        "share with a date": _share(sum(r["dated"] for r in entity_rows), n_entities),
    }
    for c, r in classes.items():
        for k in ("wikidata", "chinese_name", "dated"):
            r[k] = _share(r[k], r["count"])
        if schema.classes[c].lineage[-1] != "Entity":  # a fact has no names of its own
            del r["wikidata"], r["chinese_name"]
    return {"totals": totals, "classes": dict(sorted(classes.items())), "topics": dict(sorted(topics.items())),
            "sources": dict(sorted(sources.items()))}
