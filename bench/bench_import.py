"""Ecosystem Graphs import on the real repository's asset files: what it keeps, links and drops, and how fast.

Give the path of a copy of github.com/stanford-crfm/ecosystem-graphs (its ``assets/`` directory is read);
the import keeps the assets whose nationality is China, against the bundled graph.

    python -m bench.bench_import PATH_TO_ECOSYSTEM_GRAPHS
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path


def main(path: str | None = None) -> int:
    if not path:
        print(__doc__.strip().splitlines()[-1].strip())
        return 0
    from china_ai_kg.loaders import expand_paths, load
    from china_ai_kg.loaders.datasets import import_assets
    from china_ai_kg.ontology import load_schema

    assets = Path(path) / "assets"
    files = [(f"assets/{p.name}", p) for _, p in expand_paths([assets]) if p.suffix == ".yaml"]
    kg, schema = load(), load_schema()
    t0 = time.perf_counter()
    result = import_assets(files, kg, schema, countries=["China"])
    seconds = time.perf_counter() - t0
    kinds = Counter(e["type"] for e in result.entities)
    facts = Counter(f["type"] for f in result.facts)
    print(f"{len(files)} asset files, {result.assets} assets, {result.assets - result.skipped} of China, "
          f"in {seconds:.2f} s")
    print(f"written: {dict(sorted(kinds.items()))}; relationships {dict(sorted(facts.items()))}")
    print(f"linked to the graph's entities: {len(result.linked)}; new organisations: {len(result.new_organisations)}")
    print(f"dropped: {dict(sorted(Counter(d['field'] for d in result.dropped).items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
