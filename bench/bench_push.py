"""Neo4j push throughput: batched UNWIND/MERGE against one MERGE per transaction.

Both run on the same server in the same run (the machines are noisy, so the
target is the ratio): target at least 30x, and at least 20,000 rows/s.
The one-per-transaction baseline is timed on a sample of rows, since at a
few milliseconds a transaction the whole graph would take many minutes.

Uses the server in NEO4J_URI / NEO4J_PASSWORD, or starts one with
china_ai_kg.outputs.neo4j.server.

    python bench/bench_push.py [N]     (default N = 100000 facts)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def main(n: int = 100_000, sample: int = 2000) -> int:
    from china_ai_kg.loaders import load
    from china_ai_kg.ontology import load_schema
    from china_ai_kg.outputs.neo4j import server as srv
    from china_ai_kg.outputs.neo4j.push import connect, neo4j_rows, node_query, push

    from .synth import generate

    started = None
    uri, password = os.environ.get("NEO4J_URI"), os.environ.get("NEO4J_PASSWORD")
    if not (uri and password):
        run_dir = tempfile.mkdtemp(prefix="cnkg-bench-neo4j-")
        info = srv.start(run_dir=run_dir, bolt_port=0, http_port=0)
        uri, password, started = info["uri"], srv.read_password(run_dir), (srv, run_dir)
    try:
        tmp = Path(tempfile.mkdtemp(prefix="cnkg-bench-push-"))
        kg = load([generate(n, tmp / "synth.jsonl")], bundled=False, cache=False)
        schema = load_schema()
        rows = neo4j_rows(kg, schema)
        total = sum(len(r) for g in rows.values() for r in g.values())
        driver = connect(uri, os.environ.get("NEO4J_USERNAME", "neo4j"), password)

        def wipe():
            with driver.session() as s:
                s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

        wipe()
        t = time.perf_counter()
        push(kg, schema, driver, batch_size=5000)
        batched = time.perf_counter() - t
        t = time.perf_counter()
        push(kg, schema, driver, batch_size=5000)
        again = time.perf_counter() - t

        wipe()
        labels, node_rows = max(rows["nodes"].items(), key=lambda kv: len(kv[1]))
        picked = node_rows[:sample]
        query = node_query(labels)
        t = time.perf_counter()
        for row in picked:
            with driver.session() as s:
                s.execute_write(lambda tx, r=row: tx.run(query, rows=[r]).consume())
        single = time.perf_counter() - t
        driver.close()
        wipe_rate_single = len(picked) / single
        rate = total / batched
        print(f"graph: {n:,} facts -> {total:,} rows (nodes + relationships)")
        print(f"batched push (5,000 rows/tx):        {batched:8.2f} s  {rate:10,.0f} rows/s  (target >= 20,000)")
        print(f"second push, nothing new (MERGE):    {again:8.2f} s  {total / again:10,.0f} rows/s")
        print(f"one MERGE per transaction, {len(picked):,} rows: {single:8.2f} s  {wipe_rate_single:10,.0f} rows/s  baseline")
        print(f"ratio batched / one-per-transaction: {rate / wipe_rate_single:8.1f}x (target >= 30x)")
    finally:
        if started:
            started[0].stop(started[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
