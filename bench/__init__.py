"""Benchmarks: each prints its measurements as ratios to a baseline run alongside it.

Run one as a module from the repository root, ``python -m bench.bench_load``,
or all of them with ``make bench``.  :mod:`.synth` writes synthetic fact
files; :mod:`.chromium` drives headless Chromium (the tests use it too).
"""

import os

# Measure the tool as a user runs it: with Python's bytecode cache (some shells turn it off for the session,
# which would charge every run for compiling the package while the libraries it is compared with stay compiled).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
