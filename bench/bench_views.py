"""Views of a large graph, as ratios to a networkx copy of the same graph, measured in the same process.

A view (``--as-of``, ``--known-at``, the default view that leaves out the claims that do not answer) is a
filtered copy of the graph, so its baseline is ``networkx.MultiDiGraph.copy()`` of the whole graph:

* deciding every claim (conflict groups, ranks, trust)      <= 1x the copy
* an as-of view, a known-at view, both                        <= 3x the copy

    python -m bench.bench_views [N]      (default N = 100000 facts)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from china_ai_kg.graph.claims import claims
from china_ai_kg.graph.views import View, _keep, _subgraph
from china_ai_kg.loaders import load
from china_ai_kg.ontology import load_schema

from .synth import generate

TARGETS = {"claims": 1.0, "as-of": 3.0, "known-at": 3.0, "both": 3.0}


def _best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(n: int = 100_000) -> int:
    schema = load_schema()
    with tempfile.TemporaryDirectory() as tmp:
        path = generate(n, Path(tmp) / "synth.jsonl")
        kg = load([path], bundled=False, cache=False)
    copy = _best(lambda: kg.g.copy())
    found = claims(kg, schema)
    rows = [("networkx copy (baseline)", copy, None)]
    rows.append(("claims", _best(lambda: claims(kg, schema)), TARGETS["claims"]))
    for name, spec in (("as-of", View(as_of="2020")), ("known-at", View(known_at="2025-01")),
                       ("both", View(as_of="2020", known_at="2025-02"))):
        rows.append((name, _best(lambda spec=spec: _subgraph(kg, schema, *_keep(kg, schema, spec))), TARGETS[name]))
    print(f"{n:,} facts, {kg.g.number_of_nodes():,} nodes, {kg.g.number_of_edges():,} edges; "
          f"{len(found.conflicts):,} conflicts, {len(found.hidden):,} claims that do not answer")
    ok = True
    for name, seconds, target in rows:
        ratio = seconds / copy
        met = target is None or ratio <= target
        ok &= met
        goal = "" if target is None else f"(<= {target:g}x) {'ok' if met else 'MISSED'}"
        print(f"  {name:<26} {seconds:7.3f} s  {ratio:5.2f}x {goal}")
    print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
