"""Load, validate and project benchmarks, as ratios to baselines run alongside.

Machines here are noisy, so every target is a ratio to a baseline measured
in the same run, in a fresh subprocess each:

* load + validate N facts (JSON Lines; YAML reported too)   <= 5x a bare networkx build
  of the same nodes and edges (records already in memory, no checks);
* RDF projection                                             <= 1.5x rdflib's own addN of
  the same, already-built triples;
* peak memory of load + projection                           < 1 GB;
* ``cnkg --help``                                            <= 1.5x ``python -c "import click"``.

    python -m bench.bench_load [N]      (default N = 100000)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable

_PHASE = r"""
import json, resource, sys, time
phase, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if phase == "nx":
    import networkx as nx
    recs = [json.loads(l) for l in open(path, encoding="utf-8")]
    t0 = time.perf_counter()
    g = nx.MultiDiGraph()
    for r in recs:
        if "from" in r:
            g.add_edge(r["from"], r["to"], key=r["id"], **r)
        elif "locator" in r and r["type"] in ("BenchmarkResult", "FinancialFigure", "Partnership"):
            g.add_node(r["id"], **r)
            for k in ("model", "leaderboard", "subject", "party", "market"):
                v = r.get(k)
                for x in (v if isinstance(v, list) else [v] if v else []):
                    g.add_edge(r["id"], x, key=k)
        else:
            g.add_node(r["id"], **r)
elif phase == "load":
    from china_ai_kg.loaders import load
    kg = load([path], bundled=False, cache=False)
elif phase in ("rdf", "addn"):
    from china_ai_kg.loaders import load
    from china_ai_kg.ontology import load_schema
    from china_ai_kg.graph.rdf import to_rdf, triples
    from rdflib import Graph
    kg = load([path], bundled=False, cache=False)
    schema = load_schema()
    if phase == "addn":
        ts = list(triples(kg, schema))
        t0 = time.perf_counter()
        g = Graph()
        g.addN((s, p, o, g) for s, p, o in ts)
    else:
        t0 = time.perf_counter()
        g = to_rdf(kg, schema)
elif phase == "bundled":
    from china_ai_kg.loaders import load
    kg = load(cache=False)
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def phase(name: str, path: str = "-") -> dict:
    out = subprocess.run([PY, "-c", _PHASE, name, path], capture_output=True, text=True, env={**_env(), })
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _env():
    import os

    return {**os.environ, "CNKG_CACHE_DIR": "off"}


def best(name, path, runs):
    results = [phase(name, path) for _ in range(runs)]
    return min(r["seconds"] for r in results), max(r["peak_mb"] for r in results)


def wall(cmd, runs=7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=_env())
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2]


def main(n: int = 100_000) -> int:
    # generated in a child process: a child's peak-RSS reading starts from its parent's at fork
    tmp = Path(tempfile.mkdtemp(prefix="cnkg-bench-"))
    jsonl, yaml_path = tmp / "synth.jsonl", tmp / "synth.yaml"
    for path in (jsonl, yaml_path):
        subprocess.run([PY, "-m", "bench.synth", str(n), str(path)], check=True, cwd=HERE.parent)
    runs = 2 if n >= 50_000 else 3

    nx_s, nx_mb = best("nx", str(jsonl), runs)
    load_s, load_mb = best("load", str(jsonl), runs)
    yaml_s, yaml_mb = best("load", str(yaml_path), 1)
    addn_s, _ = best("addn", str(jsonl), 1)
    rdf_s, rdf_mb = best("rdf", str(jsonl), 1)
    bundled_s, _ = best("bundled", "-", 3)
    help_s = wall([str(Path(PY).parent / "cnkg"), "--help"])
    click_s = wall([PY, "-c", "import click"])

    rows = [
        ("bundled graph: load + validate", f"{bundled_s:.3f} s", "", ""),
        (f"bare networkx build, {n:,} facts", f"{nx_s:.2f} s", f"{n / nx_s:,.0f} facts/s", "baseline"),
        (f"load + validate JSONL, {n:,} facts", f"{load_s:.2f} s", f"{n / load_s:,.0f} facts/s",
         f"{load_s / nx_s:.2f}x (target <= 5x)"),
        (f"load + validate YAML, {n:,} facts", f"{yaml_s:.2f} s", f"{n / yaml_s:,.0f} facts/s",
         f"{yaml_s / nx_s:.2f}x (reported)"),
        ("rdflib addN of the same triples", f"{addn_s:.2f} s", "", "baseline"),
        ("RDF projection (to_rdf)", f"{rdf_s:.2f} s", "", f"{rdf_s / addn_s:.2f}x (target <= 1.5x)"),
        ("peak memory: load", f"{load_mb:.0f} MB", "", "target < 1024 MB"),
        ("peak memory: load + RDF projection", f"{rdf_mb:.0f} MB", "", "target < 1024 MB"),
        ("python -c 'import click'", f"{click_s * 1000:.0f} ms", "", "baseline"),
        ("cnkg --help", f"{help_s * 1000:.0f} ms", "", f"{help_s / click_s:.2f}x (target <= 1.5x)"),
    ]
    width = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:>10}  {r[2]:>16}  {r[3]}")
    ok = load_s / nx_s <= 5 and rdf_s / addn_s <= 1.5 and rdf_mb < 1024 and help_s / click_s <= 1.5
    print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
