"""The architecture, held by tests: imports point down, and caches are keyed on the code too."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from china_ai_kg.base.layout import LAYERS, ROOT, code_digest, source_files

PACKAGE = "china_ai_kg"
# Libraries that are costly to import; only these may be imported inside a function.
HEAVY = {"rdflib", "pyoxigraph", "pyshacl", "networkx", "neo4j", "jinja2", "markupsafe", "pyvis", "opencc", "yaml",
         "ahocorasick", "jieba", "charset_normalizer", "rapidfuzz",
         "pyparsing", "http", "urllib.request", "urllib.error"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = [PACKAGE, *rel.parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str | None = None):
    """``(line, target module, inside a function, source line, line above)`` for every import of *path*."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    module = module or _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    inside = {id(n) for f in functions for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
                targets = [prefix] if node.module else [f"{prefix}.{a.name}" for a in node.names]
            else:
                targets = [node.module]
        else:
            continue
        above = lines[node.lineno - 2] if node.lineno >= 2 else ""
        for target in targets:
            yield node.lineno, target, id(node) in inside, lines[node.lineno - 1], above


def _layer(module: str):
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_layer_is_a_folder_and_every_code_file_belongs_to_one():
    assert all((ROOT / layer / "__init__.py").is_file() for layer in LAYERS)
    layers = {p.relative_to(ROOT).parts[0] for p in source_files() if p.name != "__init__.py" or p.parent != ROOT}
    assert layers == set(LAYERS)


def test_imports_only_point_down():
    upward = []
    for path in source_files():
        if path.suffix != ".py":
            continue
        here = _layer(_module_name(path))
        for line, target, _, _, _ in _imports(path):
            if target.split(".")[0] != PACKAGE:
                continue
            there = _layer(target)
            if here is not None and there is not None and there > here:
                upward.append(f"{path.relative_to(ROOT)}:{line}: {LAYERS[here]} imports {target}")
    assert upward == []


def test_imports_inside_functions_are_heavy_libraries_with_a_reason():
    bad = []
    for path in source_files():
        if path.suffix != ".py":
            continue
        for line, target, inside, source, above in _imports(path):
            if not inside:
                continue
            where = f"{path.relative_to(ROOT)}:{line}: {target}"
            if target not in HEAVY and target.split(".")[0] not in HEAVY:
                bad.append(f"{where} (only heavy libraries are imported inside functions)")
            elif "#" not in source and "#" not in above:
                bad.append(f"{where} (no reason given)")
    assert bad == []


def test_the_import_walker_sees_an_upward_import(tmp_path):
    """The walker itself must be able to fail: a planted upward import is found."""
    planted = tmp_path / "planted.py"  # read as if it were china_ai_kg/graph/planted.py
    planted.write_text("from ..queries import run_query\n\n\ndef f():\n    import json\n", encoding="utf-8")
    found = [(t, inside) for _, t, inside, _, _ in _imports(planted, "china_ai_kg.graph.planted")]
    assert found == [("china_ai_kg.queries", False), ("json", True)]
    assert _layer("china_ai_kg.graph.planted") < _layer("china_ai_kg.queries")


def test_cnkg_help_imports_no_heavy_library_and_no_command():
    code = ("import sys; from china_ai_kg.cli import cli; "
            f"print(sorted(m for m in {sorted(HEAVY)!r} if m in sys.modules)); "
            "print(sorted(m for m in sys.modules if m.startswith('china_ai_kg.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n['china_ai_kg.base', 'china_ai_kg.base.errors', 'china_ai_kg.cli']\n"


# -- caches are keyed on code and inputs ---------------------------------------------


def test_code_digest_covers_every_source_file():
    files = {p.relative_to(ROOT).as_posix() for p in source_files()}
    assert {"__init__.py", "loaders/build.py", "base/cache.py", "outputs/explorer/template.html"} <= files
    assert not any(f.startswith(("tests/", "bench/", ".venv/")) for f in files)
    assert len(code_digest()) == 16


def _copy_package(dest: Path) -> Path:
    pkg = dest / PACKAGE
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    pkg.mkdir(parents=True)
    shutil.copy2(ROOT / "__init__.py", pkg / "__init__.py")
    for layer in (*LAYERS, "data"):
        shutil.copytree(ROOT / layer, pkg / layer, ignore=ignore)
    return pkg


def _cnkg(pkg: Path, cache: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pkg.parent), "CNKG_CACHE_DIR": str(cache)}
    code = "import sys; from china_ai_kg.cli import cli; cli(sys.argv[1:])"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)


def test_a_code_change_is_never_served_a_stale_cache(tmp_path):
    pkg = _copy_package(tmp_path / "copy")
    cache = tmp_path / "cache"
    where = _cnkg(pkg, cache, "--debug", "show", "tim-cook", "--format", "json")
    assert where.returncode == 0, where.stderr
    assert where.stdout.startswith('{\n  "id": "tim-cook",') and '"rebuilt"' not in where.stdout
    entries = sorted(p.name for p in cache.iterdir())
    assert _cnkg(pkg, cache, "show", "tim-cook", "--format", "json").stdout == where.stdout
    assert sorted(p.name for p in cache.iterdir()) == entries  # same code, same inputs: served from the cache

    build = pkg / "loaders" / "build.py"
    text = build.read_text(encoding="utf-8")
    marker = "        self.kg.node(eid).update(props)\n"
    assert marker in text
    build.write_text(text.replace(marker, marker + '        self.kg.node(eid)["description"] = "rebuilt"\n'),
                     encoding="utf-8")
    after = _cnkg(pkg, cache, "show", "tim-cook", "--format", "json")
    assert after.returncode == 0, after.stderr
    assert '"description": "rebuilt"' in after.stdout  # the new builder ran, though no input changed


@pytest.fixture(scope="module")
def copied_package(tmp_path_factory):
    return _copy_package(tmp_path_factory.mktemp("pkg"))


def test_the_copy_is_the_one_imported(copied_package, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(copied_package.parent)}
    out = subprocess.run([sys.executable, "-c", "import china_ai_kg; print(china_ai_kg.__file__)"],
                         capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == str(copied_package / "__init__.py")
