"""Shared fixtures: the bundled graph, a private cache, fact-file writers, the CLI."""

from __future__ import annotations

import os
import tempfile
import textwrap

import pytest

# Tests never touch the user's cache; the directory lives for the session.
_CACHE = tempfile.mkdtemp(prefix="cnkg-test-cache-")
os.environ["CNKG_CACHE_DIR"] = _CACHE

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def schema():
    from china_ai_kg.ontology import load_schema

    return load_schema()


@pytest.fixture(scope="session")
def kg():
    from china_ai_kg.loaders import load

    return load()


@pytest.fixture
def write(tmp_path):
    """Write a dedented text file under tmp_path and return its path."""

    def _write(name: str, text: str):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def cli(capsys):
    """Run ``cnkg ARGS`` in-process; return ``(exit_code, stdout, stderr)``."""
    from china_ai_kg.cli import main

    def _run(*args):
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def require(condition: bool, reason: str):
    """Skip when *condition* fails, except in CI where it is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_conn():
    """Connection settings of the local Neo4j started by `make test` (or skip/fail)."""
    uri = os.environ.get("NEO4J_URI")
    password = os.environ.get("NEO4J_PASSWORD")
    require(bool(uri and password), "no Neo4j server (run `make neo4j-start` and eval `tools/neo4j/server.py env`)")
    return {"uri": uri, "user": os.environ.get("NEO4J_USERNAME", "neo4j"), "password": password}
