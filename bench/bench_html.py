"""How big a graph can the HTML render draw?

Builds synthetic graphs (entities of every class, n-ary fact hubs with role
edges, binary relationships, about 2.2 edges per node like the bundled
data), renders each with :func:`china_ai_kg.outputs.explorer.render_html`
and opens it in headless Chromium until the layout has stabilised.

    python bench/bench_html.py               # 500, 2,000, 5,000, 10,000 nodes
    python bench/bench_html.py 1000 3000     # other sizes
    python bench/bench_html.py --no-search   # skip the bisection

Prints one row per size: render time, file size, time for Chromium to open
the page until the layout has stabilised; then bisects (to 500 nodes)
between the largest size that opened in under 5 s and the smallest that
did not.  Runs in one to two minutes.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from china_ai_kg.graph.model import KnowledgeGraph
from china_ai_kg.ontology import load_schema
from china_ai_kg.outputs.explorer import MAX_NODES, render_html

from .chromium import browser, open_page

SIZES = (500, 2000, 5000, 10000)
BUDGET = 5.0  # seconds for Chromium to open and settle a page
_ENTITY_MIX = [
    ("Company", 30), ("AILab", 10), ("Person", 12), ("ModelFamily", 8), ("ModelRelease", 15),
    ("Product", 12), ("Region", 3), ("Security", 6), ("StockIndex", 2), ("CloudProvider", 2),
]
_RELATIONS = [
    ("DEVELOPS", "Company", "ModelRelease"), ("RELEASE_OF", "ModelRelease", "ModelFamily"),
    ("CEO_OF", "Person", "Company"), ("COMPETES_WITH", "AILab", "Company"), ("BASED_IN", "Company", "Region"),
    ("SECURITY_OF", "Security", "Company"), ("INTEGRATED_INTO", "ModelRelease", "Product"),
    ("SERVED_BY", "Product", "CloudProvider"), ("CONSTITUENT_OF", "Security", "StockIndex"),
]


def synthetic_graph(n: int, seed: int = 1, clusters: int = 0) -> KnowledgeGraph:
    """A graph of *n* nodes (85% entities, 15% fact hubs) with about 2.2 edges per node.

    With *clusters*, entities fall into that many groups and nine relationships in ten stay inside
    a group, as an ecosystem's do; without, endpoints are drawn uniformly.
    """
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    n_sources = max(1, n // 100)
    n_facts = int(n * 0.15)
    n_entities = n - n_sources - n_facts
    for i in range(n_sources):
        kg.add_entity(f"src-{i}", {"type": "Source", "name_en": f"Report {i}", "aliases": (), "title": f"Report {i}"})
    by_type: dict = {}
    by_group: dict = {}
    group = {}
    classes = [c for c, _ in _ENTITY_MIX]
    weights = [w for _, w in _ENTITY_MIX]
    for i in range(n_entities):
        cls = rng.choices(classes, weights)[0] if i >= len(classes) else classes[i]
        eid = f"{cls.lower()}-{i}"
        kg.add_entity(eid, {
            "type": cls, "name_en": f"{cls} {i}", "name_zh_hans": f"实体{i}", "name_zh_hant": f"實體{i}",
            "aliases": (f"E{i}",), "source": f"src-{i % n_sources}", "locator": f"¶{i % 40}",
        })
        by_type.setdefault(cls, []).append(eid)
        if clusters:
            group[eid] = i % clusters
            by_group.setdefault((cls, group[eid]), []).append(eid)
    n_rel = int(n * 1.6)
    for i in range(n_rel):
        rel, a, b = _RELATIONS[i % len(_RELATIONS)]
        u = rng.choice(by_type[a])
        inside = clusters and rng.random() < 0.9
        v = rng.choice(by_group.get((b, group.get(u)), by_type[b]) if inside else by_type[b])
        kg.add_relation(f"rel-{i}", u, v, rel, {"source": f"src-{i % n_sources}", "locator": "¶1", "status": "reported"})
    companies = by_type["Company"] + by_type["AILab"]
    for i in range(n_facts):
        fid = f"fact-{i}"
        pool = [c for c in companies if group.get(c) == i % clusters] if clusters else companies
        parties = rng.sample(pool if len(pool) >= 3 else companies, 3)
        kg.add_fact(fid, {"type": "PartnerSelection", "source": f"src-{i % n_sources}", "locator": "¶2",
                          "status": "reported"},
                    [("EVALUATOR", parties[0]), ("CANDIDATE", parties[1]), ("CHOSEN", parties[2])])
    return kg


def measure(n: int, schema, folder: Path, context) -> tuple:
    """Render a synthetic graph of *n* nodes and open it: ``(n, edges, seconds to render, bytes, report)``."""
    kg = synthetic_graph(n)
    path = folder / f"bench-{n}.html"
    start = time.perf_counter()
    render_html(kg, schema, path, max_nodes=None)
    gen = time.perf_counter() - start
    report = open_page(path, context=context, timeout=60)
    size = path.stat().st_size
    path.unlink()
    status = f"{report.seconds:.2f} s" if report.ready else "timeout"
    print(f"  {n:>6} nodes: rendered in {gen:.2f} s, opened in {status}", file=sys.stderr)
    return n, kg.g.number_of_edges(), gen, size, report


def opens_in_time(row) -> bool:
    report = row[4]
    return report.ready and report.seconds < BUDGET and not (report.console_errors or report.page_errors)


def main(sizes, search: bool = True) -> None:
    schema = load_schema()
    with tempfile.TemporaryDirectory() as tmp, browser() as context:
        rows = [measure(n, schema, Path(tmp), context) for n in sizes]
        # Narrow down the largest size that still opens in time, to the nearest 500 nodes.
        ok = max((r[0] for r in rows if opens_in_time(r)), default=None)
        too_big = min((r[0] for r in rows if not opens_in_time(r) and (ok is None or r[0] > ok)), default=None)
        while search and ok is not None and too_big is not None and too_big - ok > 500:
            row = measure((ok + too_big) // 1000 * 500, schema, Path(tmp), context)
            rows.append(row)
            ok, too_big = (row[0], too_big) if opens_in_time(row) else (ok, row[0])
    print(f"{'nodes':>7} {'edges':>7} {'render s':>9} {'size MB':>8} {'Chromium s':>11} {'(layout s)':>10}  errors")
    for n, m, gen, size, r in sorted(rows, key=lambda row: row[0]):
        opened = f"{r.seconds:11.2f}" if r.ready else f"{'timeout':>11}"
        layout = (r.marks.get("cnkg-stabilized", 0) - r.marks.get("cnkg-network", 0)) / 1000
        errors = len(r.console_errors) + len(r.page_errors) + len(r.requests)
        print(f"{n:>7,} {m:>7,} {gen:>9.2f} {size / 1e6:>8.2f} {opened} {layout:>10.2f}  {errors}")
    if ok is None:
        print(f"no size opened in under {BUDGET:.0f} s")
    else:
        print(f"largest graph that opened in under {BUDGET:.0f} s: {ok:,} nodes"
              + (f" ({too_big:,} did not)" if too_big else ""))
    print(f"render_html refuses more than {MAX_NODES:,} nodes unless max_nodes=None")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--no-search"]
    main([int(a) for a in args] or SIZES, search="--no-search" not in sys.argv)
