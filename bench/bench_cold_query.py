"""A question on a large built graph, answered from its on-disk store, against bare pyoxigraph on that store.

After one ``cnkg query run`` has built the graph's store (and the manifest that names it), later runs on the
same files open the store read-only and never read the graph back (china_ai_kg.queries.stored).  Side by side,
each in a fresh process, interleaved, medians of --repeat runs:

* bare: ``python -c`` that imports pyoxigraph, opens the same store read-only and runs the same SPARQL text
  (parameters already written in), printing the row count;
* cnkg: ``cnkg query run NAME -p ... --format json`` (the console script, cold).

Targets: cold within 5x of bare; warm (in one process, the question asked again) within 1.5x of the bare
store's query.  Prints PASS or MISS for each.

    python -m bench.bench_cold_query [--facts 100000] [--repeat 3] [--query partnerships]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLD_TARGET, WARM_TARGET = 5.0, 1.5
PARAMS = {"partnerships": ["company=org-0"], "entity-profile": ["entity=org-0"], "capex-ranking": []}

BARE = r"""
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
print(sum(1 for _ in store.query(text, prefixes=dict(PREFIXES))))
"""


def _timed(command, env) -> float:
    t = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--query", default="partnerships", choices=sorted(PARAMS))
    args = parser.parse_args(argv)

    from china_ai_kg.graph.aliases import resolver_for
    from china_ai_kg.graph.rdf import PREFIXES
    from china_ai_kg.queries import load_pack, parse_params, run_query
    from china_ai_kg.queries.sparql.guard import canonical
    from china_ai_kg.queries.sparql.terms import substitute
    from china_ai_kg.queries.stored import fingerprint, open_stored

    from .synth import generate

    tmp = Path(tempfile.mkdtemp(prefix="cnkg-bench-cold-"))
    env = {**os.environ, "CNKG_CACHE_DIR": str(tmp / "cache")}
    os.environ["CNKG_CACHE_DIR"] = env["CNKG_CACHE_DIR"]
    data = generate(args.facts, tmp / "synth.jsonl")
    cnkg = [str(Path(sys.executable).parent / "cnkg"), "query", "run", args.query, "--data", str(data), "--no-bundled",
            "--format", "json", *(x for p in PARAMS[args.query] for x in ("-p", p))]
    t = time.perf_counter()
    subprocess.run(cnkg, check=True, stdout=subprocess.DEVNULL, env=env)
    print(f"{args.facts:,} facts; first run (build, store, manifest): {time.perf_counter() - t:.1f} s")

    from china_ai_kg.cli.options import GraphSpec
    from china_ai_kg.graph.views import View

    key = fingerprint([(str(data), data)], GraphSpec((str(data),), False, View()).view.key)
    stand_in = open_stored(key)
    if stand_in is None:
        print("MISS: the first run left no store manifest")
        return 1
    query = load_pack()[args.query]
    values = parse_params(query, PARAMS[args.query], resolver_for(stand_in))
    bindings = {n: (query.param(n).type, v) for n, v in values.items()}
    text = substitute(canonical(query.sparql), bindings)
    (tmp / "q.rq").write_text(text, encoding="utf-8")
    from china_ai_kg.graph.derived import memo

    store = memo(stand_in)["oxigraph"]
    store_dir = [p for p in (tmp / "cache").iterdir() if p.suffix == ".store"][0]
    bare = [sys.executable, "-c", f"PREFIXES = {dict(PREFIXES)!r}\n{BARE}", str(store_dir), str(tmp / "q.rq")]

    cold = {"bare": [], "cnkg": []}
    for _ in range(args.repeat):
        cold["bare"].append(_timed(bare, env))
        cold["cnkg"].append(_timed(cnkg, env))
    warm = {"bare": [], "cnkg": []}
    for _ in range(max(5, args.repeat)):
        t = time.perf_counter()
        list(store.query(text, prefixes=dict(PREFIXES)))
        warm["bare"].append(time.perf_counter() - t)
        t = time.perf_counter()
        run_query(query, _pairs(args.query), stand_in, engine="oxigraph")
        warm["cnkg"].append(time.perf_counter() - t)
    ok = True
    for label, runs, target in (("cold", cold, COLD_TARGET), ("warm", warm, WARM_TARGET)):
        b, c = statistics.median(runs["bare"]), statistics.median(runs["cnkg"])
        good = c / b <= target
        ok &= good
        print(f"{label}: cnkg {c * 1000:7.1f} ms, bare pyoxigraph {b * 1000:7.1f} ms, {c / b:.2f}x "
              f"(target <= {target:g}x) {'PASS' if good else 'MISS'}")
    return 0 if ok else 1


def _pairs(name: str) -> dict:
    return dict(p.split("=", 1) for p in PARAMS[name])


if __name__ == "__main__":
    sys.exit(main())
