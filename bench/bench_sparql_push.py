"""SPARQL store push throughput, against each server's own bulk loader on the same triples.

For Oxigraph server and Apache Jena Fuseki (bench/sparql_servers.py), on a synthetic graph:

* ``cnkg`` push: ``outputs.sparql_store.push`` over the Graph Store Protocol into a fresh server
  (named graph per source, chunked PUT/POST), and the same push again (idempotent: replaces);
* the server's bulk loader on the same N-Triples: ``oxigraph load`` into a fresh directory, and Jena's
  ``tdb2.tdbloader`` into a fresh TDB2 database (each run as its own process, JVM start included).

Target: the push within 3x of the bulk loader (a loader writes its files directly; a push goes through HTTP
and the server's transactions).  Prints triples/s and the ratio, PASS or MISS.

    python -m bench.bench_sparql_push [N]     (default N = 100000 facts)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 3.0


def _loader(name: str, nt: Path, where: Path) -> list:
    from .sparql_servers import _java_home, fuseki_classpath, oxigraph_binary

    if name == "oxigraph":
        return [oxigraph_binary(), "load", "--location", str(where), "--file", str(nt)]
    return [str(_java_home() / "bin" / "java"), "-Xmx2g", "-cp", fuseki_classpath(), "tdb2.tdbloader", "--loc",
            str(where), str(nt)]


def main(n: int = 100_000) -> int:
    from china_ai_kg.loaders import load
    from china_ai_kg.ontology import load_schema
    from china_ai_kg.outputs.sparql_store import push
    from china_ai_kg.queries.store import ntriples_chunks

    from .sparql_servers import start_fuseki, start_oxigraph
    from .synth import generate

    tmp = Path(tempfile.mkdtemp(prefix="cnkg-bench-sparql-"))
    try:
        kg = load([generate(n, tmp / "synth.jsonl")], bundled=False, cache=False)
        schema = load_schema()
        nt = tmp / "data.nt"
        with open(nt, "wb") as f:
            for chunk in ntriples_chunks(kg, schema):
                f.write(chunk)
        print(f"{n:,} facts: {kg.size():,} nodes and edges")
        ok = True
        for name, start in (("oxigraph", start_oxigraph), ("fuseki", start_fuseki)):
            t = time.perf_counter()
            done = subprocess.run(_loader(name, nt, tmp / f"{name}-bulk"), capture_output=True, text=True)
            bulk = time.perf_counter() - t
            if done.returncode != 0:
                print(f"{name}: bulk loader failed: {done.stderr[-400:]}")
                return 1
            server = start(tmp / f"{name}-server")
            try:
                t = time.perf_counter()
                counts = push(kg, schema, server.store_url)
                first = time.perf_counter() - t
                t = time.perf_counter()
                push(kg, schema, server.store_url)
                again = time.perf_counter() - t
            finally:
                server.stop()
            triples = counts["triples"]
            ratio = first / bulk
            good = ratio <= TARGET
            ok &= good
            print(f"{name:8}  push {first:6.1f} s ({triples / first:>9,.0f} triples/s, {counts['graphs']} graphs, "
                  f"{counts['requests']} requests); again {again:6.1f} s; bulk loader {bulk:6.1f} s "
                  f"({triples / bulk:>9,.0f} triples/s); push / loader {ratio:.2f}x (target <= {TARGET:g}x) "
                  f"{'PASS' if good else 'MISS'}")
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
