"""CSV import: rows per second and peak memory at 250k and 1M rows of the Epoch AI layout, side by side.

The rows are synthetic (each a model of one of 500 labs), written to a temporary file; each import runs in a
process of its own (``cnkg import csv TABLE --map docs/maps/epoch_notable_models.yaml -o OUT.jsonl``, which
streams rows and, above 200,000 rows, leaves the full build to ``cnkg validate``), and reports its peak
resident memory.  Bounded memory: four times the rows, at most twice the peak (the ids and names seen are kept).

    python -m bench.bench_csv
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "docs" / "maps" / "epoch_notable_models.yaml"
HEADER = ("System,Domain,Organization,Country (of organization),Publication date,Parameters,"
          "Training compute (FLOP),Notability criteria\n")
TARGET = 2.0  # peak memory at 1M rows / peak at 250k


def write_table(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for i in range(rows):
            f.write(f"Synthetic-{i},Language,Bench Lab {i % 500},China,20{10 + i % 15}-0{1 + i % 9}-1{i % 9},"
                    f"{(i % 700 + 1) * 100000000},{i % 90 + 1}e21,Highly cited\n")


def run(table: Path, out: Path) -> tuple:
    code = ("import resource, sys\nfrom china_ai_kg.cli import cli\n"
            "try:\n    cli.main(sys.argv[1:], prog_name='cnkg', standalone_mode=True)\nfinally:\n"
            "    sys.stderr.write('RSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", code, "import", "csv", str(table), "--map", str(MAP), "-o", str(out)],
                       capture_output=True, text=True, cwd=ROOT, env={**os.environ})
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(p.stderr)
    return elapsed, int(p.stderr.rsplit("RSS ", 1)[1]) * 1024


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        results = {}
        for rows in (250_000, 1_000_000):
            table = tmp / f"t{rows}.csv"
            write_table(table, rows)
            seconds, rss = run(table, tmp / f"o{rows}.jsonl")
            results[rows] = (seconds, rss)
            print(f"{rows:>9,} rows: {seconds:6.1f} s, {rows / seconds:8,.0f} rows/s, peak memory {rss / 1e6:6.0f} MB")
            table.unlink()
        ratio = results[1_000_000][1] / results[250_000][1]
        good = ratio <= TARGET
        print(f"peak memory at 1M rows / at 250k rows: {ratio:.2f}x (target <= {TARGET:g}x) {'ok' if good else 'MISSED'}")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
