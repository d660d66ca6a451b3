"""Incremental build: one changed file in a 100k-fact graph, against a full build of every file, in one run.

The graph is the synthetic one of :mod:`bench.synth` (100,000 facts in one JSON Lines file) plus a small
file of 1,000 relationships between its entities; the small file changes (a relationship more).  Measured:

* the full build of both files (no cache);
* ``load`` after the change, which builds only the changed file on the remembered graph of the last load
  (the cost includes reading that graph back from the cache);
* :func:`~china_ai_kg.loaders.incremental.update_graph` on a graph already in memory (a notebook or a
  server): the changed file's records alone.  Target: <= 10% of the full build.

    python -m bench.bench_incremental [N_FACTS]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.synth import generate

TARGET = 0.10


def _small(path: Path, n: int, extra: int = 0) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "src-small", "type": "Source", "name": {"en": "Small"}, "published": "2025-02"}) + "\n")
        for i in range(n + extra):
            f.write(json.dumps({"type": "COMPETES_WITH", "from": f"org-{i}", "to": f"org-{i + 1}",
                                "source": "src-small", "locator": f"row {i}"}) + "\n")


def main(n_facts: int = 100_000) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["CNKG_CACHE_DIR"] = str(tmp / "cache")
        (tmp / "cache").mkdir(mode=0o700)
        os.environ["CNKG_BUNDLED"] = "sources.yaml"
        from china_ai_kg.loaders import expand_paths, load, read_records
        from china_ai_kg.loaders.incremental import update_graph
        from china_ai_kg.ontology import load_schema

        schema = load_schema()
        big, small = generate(n_facts, tmp / "big.jsonl"), tmp / "small.jsonl"
        _small(small, 1000)
        t0 = time.perf_counter()
        kg = load([big, small], cache=False)
        t_full = time.perf_counter() - t0
        load([big, small])  # remembered
        _small(small, 1000, extra=1)
        t0 = time.perf_counter()
        cached = load([big, small])
        t_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        files = expand_paths([small])
        updated = update_graph(kg, [label for label, _ in files], [], read_records(files, schema), schema)
        t_update = time.perf_counter() - t0
        full_after = load([big, small], cache=False)
        same = updated is not None and updated.canonical() == full_after.canonical() == cached.canonical()
    print(f"full build of {n_facts:,} + 1,000 facts: {t_full:.2f} s")
    print(f"load after one file changed (remembered graph + that file): {t_load:.2f} s = {t_load / t_full:.0%}")
    print(f"update of a graph in memory (that file's records only): {t_update:.3f} s = {t_update / t_full:.1%} "
          f"(target <= {TARGET:.0%}) {'ok' if t_update / t_full <= TARGET else 'MISSED'}")
    print(f"the same graph as a full build: {same}")
    return 0 if same and t_update / t_full <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:])))
