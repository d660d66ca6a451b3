"""Query latency, end to end, as a ratio to the bare import of the libraries it uses.

Machines here are noisy, so the target is a ratio measured in the same run,
each side in a fresh subprocess, interleaved, and compared by medians:

* baseline: ``python -c "import rdflib, rdflib.plugins.sparql, networkx, click, yaml"``;
* end to end: what ``cnkg query run NAME`` does -- ``load()`` (from the
  cache), ``load_pack()``, ``parse_params`` and ``run_query``, then the JSON
  of the result on stdout.

Target on the bundled data: every query <= 1.3x the baseline on the default
``rdflib`` engine.  The 100,000-fact synthetic graph (``bench/synth.py``) is
reported for the ``oxigraph`` engine (and ``rdflib`` with ``--rdflib-big``),
whose first run builds and caches the graph's RDF projection.

    python bench/bench_query.py [--repeat 5] [--facts 100000] [--engine rdflib] [QUERY ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
BASELINE = "import rdflib, rdflib.plugins.sparql, networkx, click, yaml"

# What `cnkg query run` will do; argv: engine, query name, data file or "-", then key=value parameters.
E2E = r"""
import json, sys
engine, name, data, pairs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
from china_ai_kg.loaders import load
from china_ai_kg.ontology.schema import load_schema
from china_ai_kg.graph.aliases import resolver_for
from china_ai_kg.queries import load_pack, parse_params, run_query
kg = load() if data == "-" else load([data], bundled=False)
query = load_pack()[name]
needs = any(p.type in ("entity", "fact") for p in query.params)
params = parse_params(query, pairs, resolver_for(kg) if needs else None)
result = run_query(query, params, kg, load_schema(), engine=engine)
sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
"""

# Parameters for the synthetic graph, whose ids differ from the bundled data's.
SYNTH_PARAMS = {
    "apple-china-partner-selection": ["company=org-0"],
    "apple-ai-stack": ["company=org-0"],
    "assessments-about": ["subject=org-0"],
    "chinese-llm-competitors": ["region=region-0"],
    "company-market-figures": ["company=org-0", "market=region-0"],
    "connection-paths": ["from=org-0", "to=org-1", "max_hops=2"],
    "entity-evidence": ["entity=org-0"],
    "entity-profile": ["entity=org-0"],
    "fact-sources": ["id=f0"],
    "facts-from-source": ["source=src-1"],
    "facts-in-window": ["from=2020-01", "to=2020-01"],
    "group-portfolio": ["group=org-0"],
    "leaderboard-standings": ["board=board-0"],
    "organizations-in-region": ["region=region-0"],
    "partnerships": ["company=org-0"],
    "stock-vs-index": ["stock=org-0"],
    "valuation-gap": ["company=org-0"],
    "security-group-members": ["group=org-0"],
}
SKIP_ON_SYNTH = {"security-group-members"}  # no SecurityGroup in the synthetic graph


def _time(cmd, env) -> tuple:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd[:4])} ...\n{proc.stderr.strip()[-2000:]}")
    return elapsed, proc.stdout


def _e2e_cmd(engine, name, data, params):
    return [PY, "-c", E2E, engine, name, data, *params]


def bench(names, engine, data, params_for, repeat, env) -> list:
    """``[(name, median e2e, median baseline, ratio, rows)]``, runs interleaved per query."""
    out = []
    for name in names:
        cmd = _e2e_cmd(engine, name, data, params_for(name))
        _, text = _time(cmd, env)  # warm the caches (graph, projection, parsed query)
        rows = len(json.loads(text)["rows"])
        base, e2e = [], []
        for _ in range(repeat):
            base.append(_time([PY, "-c", BASELINE], env)[0])
            e2e.append(_time(cmd, env)[0])
        b, e = statistics.median(base), statistics.median(e2e)
        out.append((name, e, b, e / b, rows))
        print(f"  {name:32s} {e * 1000:7.0f} ms  base {b * 1000:5.0f} ms  ratio {e / b:5.2f}  rows {rows}", flush=True)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="query latency as a ratio to the bare import time")
    parser.add_argument("queries", nargs="*", help="query names (default: the whole pack)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", default="rdflib", choices=("rdflib", "oxigraph"))
    parser.add_argument("--facts", type=int, default=100_000, help="size of the synthetic graph (0: skip it)")
    parser.add_argument("--synth-queries", nargs="*", default=None, help="queries to time on the synthetic graph")
    parser.add_argument("--rdflib-big", action="store_true", help="also time rdflib on the synthetic graph (slow)")
    parser.add_argument("--cache-dir", default=None, help="cache directory (default: a fresh temporary one)")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled-data runs")
    args = parser.parse_args(argv)

    from china_ai_kg.queries import load_pack

    pack = load_pack()
    names = args.queries or sorted(pack)
    cache = args.cache_dir or tempfile.mkdtemp(prefix="cnkg-bench-query-")
    env = dict(os.environ, CNKG_CACHE_DIR=cache)
    summary = {}

    if not args.no_bundled:
        print(f"bundled data, engine {args.engine}, {args.repeat} runs each (medians):")
        res = bench(names, args.engine, "-", lambda n: [], args.repeat, env)
        worst = max(res, key=lambda r: r[3])
        summary["bundled"] = {r[0]: round(r[3], 3) for r in res}
        print(f"bundled: worst ratio {worst[3]:.2f} ({worst[0]}), median ratio "
              f"{statistics.median(r[3] for r in res):.2f}; target <= 1.30: {'ok' if worst[3] <= 1.3 else 'MISSED'}")

    if args.facts:
        from .synth import generate

        data = Path(cache) / f"synth-{args.facts}.jsonl"
        if not data.exists():
            generate(args.facts, data)
        big = args.synth_queries if args.synth_queries is not None else [n for n in names if n not in SKIP_ON_SYNTH]
        load_cmd = [PY, "-c", "import sys\nfrom china_ai_kg.loaders import load\nload([sys.argv[1]], bundled=False)", str(data)]
        first = _time(load_cmd, env)[0]
        again = statistics.median(_time(load_cmd, env)[0] for _ in range(3))
        base = statistics.median(_time([PY, "-c", BASELINE], env)[0] for _ in range(3))
        print(f"synthetic graph of {args.facts} facts: first load (build + cache) {first:.1f} s; "
              f"load from the cache {again:.2f} s = {again / base:.2f}x the baseline (the floor of any query)")
        engines = ["oxigraph"] + (["rdflib"] if args.rdflib_big else [])
        for engine in engines:
            print(f"synthetic graph, engine {engine}, {max(1, args.repeat // 2)} runs each (medians; first run "
                  "builds the projection):")
            res = bench(big, engine, str(data), lambda n: SYNTH_PARAMS.get(n, []), max(1, args.repeat // 2), env)
            summary[f"synthetic-{engine}"] = {r[0]: round(r[3], 3) for r in res}
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
