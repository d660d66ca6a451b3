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


def _server_module():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "tools" / "neo4j" / "server.py"
    spec = importlib.util.spec_from_file_location("cnkg_neo4j_server", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A real local Neo4j: the one `make test` started (NEO4J_* in the environment), else one of our own.

    Skips with a reason when Java 17 or the jars are missing, except in CI, where that fails.
    """
    uri, password = os.environ.get("NEO4J_URI"), os.environ.get("NEO4J_PASSWORD")
    if uri and password:
        yield {"uri": uri, "user": os.environ.get("NEO4J_USERNAME", "neo4j"), "password": password,
               "http_url": os.environ.get("NEO4J_HTTP_URL")}
        return
    server = _server_module()
    run_dir = tmp_path_factory.mktemp("neo4j-run")
    try:
        info = server.start(run_dir=str(run_dir), bolt_port=0, http_port=0)
    except Exception as e:  # missing Java, jars or Maven: a reason to skip, or to fail in CI
        require(False, f"cannot start a local Neo4j ({e}); run `make neo4j-fetch`")
    try:
        yield {"uri": info["uri"], "user": info["user"], "password": server.read_password(str(run_dir)),
               "http_url": info["http_url"]}
    finally:
        server.stop(str(run_dir))


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server):
    from china_ai_kg.graph.neo4j_push import connect

    driver = connect(neo4j_server["uri"], neo4j_server["user"], neo4j_server["password"])
    yield driver
    driver.close()


@pytest.fixture
def empty_db(neo4j_driver):
    """The database emptied before the test (the server is shared by the session)."""
    with neo4j_driver.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return neo4j_driver
