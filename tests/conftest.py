"""Shared fixtures: the bundled graph, a private cache, fact-file writers, the CLI."""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap

import pytest

# Many tests run `cnkg` in a fresh process; without Python's bytecode cache (some shells turn it off) each of
# them would compile the whole package again.  The __pycache__ folders are ignored by git.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# Tests never touch the user's cache.  The workers of one pytest-xdist run share theirs (entries are written
# atomically and named by code and input digests, so sharing is safe); a plain run gets its own.
_RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID")
if _RUN:
    _CACHE = os.path.join(tempfile.gettempdir(), f"cnkg-test-cache-{_RUN}")
    os.makedirs(_CACHE, exist_ok=True)
else:
    _CACHE = tempfile.mkdtemp(prefix="cnkg-test-cache-")
os.environ["CNKG_CACHE_DIR"] = _CACHE

# The pack's contract rows are answers over the article graph (the seed article and its background): pin the
# bundled data to it, so that the ecosystem map's files can grow without moving them.  Tests of the map load
# it explicitly (the ``map_kg`` fixture).
ARTICLE_GRAPH = "article_000.yaml,background.yaml,sources.yaml"
os.environ["CNKG_BUNDLED"] = ARTICLE_GRAPH

IN_CI = os.environ.get("CI", "").lower() == "true"
_NEO4J_FIXTURES = {"neo4j_server", "neo4j_driver", "empty_db"}


def pytest_collection_modifyitems(items):
    """Mark tests by the real parts they use, so `pytest -m "not neo4j and not browser and not jena"` runs in seconds."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _NEO4J_FIXTURES:
            if "neo4j" not in item.path.name:
                raise pytest.UsageError(f"{item.nodeid}: tests that use Neo4j live in files named *neo4j*")
            item.add_marker(pytest.mark.neo4j)
        if "chromium" in names:
            item.add_marker(pytest.mark.browser)
        if "jena" in names:
            item.add_marker(pytest.mark.jena)
        if names & {"sparql_servers", "sparql_server_dir"}:
            item.add_marker(pytest.mark.sparql_server)


_SPREAD = ("test_queries.py", "test_hostile.py", "test_base.py", "test_doctests.py", "test_loader_errors.py")


def pytest_xdist_make_scheduler(config, log):
    """Spread the tests over the workers: every Neo4j test file in one worker, one after another (they share one
    server and empty its database); a file with module-wide fixtures in one worker (they are built once); the
    many small independent tests of :data:`_SPREAD` wherever a worker is free.  (pytest-xdist's own ``loadgroup``
    does not group under pytest 9, which renamed the node id it rewrites.)
    """
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            if "neo4j" in file:
                return "neo4j"
            return nodeid if file.endswith(_SPREAD) else file

    return Scheduling(config, log)


@pytest.fixture(scope="session")
def schema():
    from china_ai_kg.ontology import load_schema

    return load_schema()


@pytest.fixture(scope="session")
def kg():
    from china_ai_kg.loaders import load

    return load()


@pytest.fixture(scope="session")
def map_kg():
    """The whole bundled graph: the article graph and the ecosystem map."""
    from china_ai_kg.loaders import load

    saved = os.environ.pop("CNKG_BUNDLED")
    try:
        return load()
    finally:
        os.environ["CNKG_BUNDLED"] = saved


@pytest.fixture(scope="session")
def sparql_server_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("sparql-servers")


@pytest.fixture(scope="session")
def sparql_servers(sparql_server_dir):
    """Two real SPARQL 1.1 servers on 127.0.0.1 (bench/sparql_servers.py): ``{"oxigraph": Server, "fuseki": Server}``.

    Missing pieces (the oxigraph command, Maven, Java 17) skip, except in CI, where they fail.
    """
    from bench.sparql_servers import ServerUnavailable, start_fuseki, start_oxigraph

    servers = {}
    try:
        servers["oxigraph"] = start_oxigraph(sparql_server_dir / "oxigraph")
        servers["fuseki"] = start_fuseki(sparql_server_dir / "fuseki")
    except ServerUnavailable as e:
        for server in servers.values():
            server.stop()
        require(False, str(e))
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def large_data(tmp_path_factory):
    """A synthetic fact file just over the large-graph threshold (20,000 nodes and edges), written once."""
    from bench.synth import generate

    return generate(11_000, tmp_path_factory.mktemp("large") / "large.jsonl")


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
def cli():
    """Run ``cnkg ARGS`` in-process with click's CliRunner; return ``(exit_code, stdout, stderr)``."""
    from click.testing import CliRunner

    from china_ai_kg.cli import cli as group

    def _run(*args):
        result = CliRunner().invoke(group, list(args), prog_name="cnkg", catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return _run


def require(condition: bool, reason: str):
    """Skip when *condition* fails, except in CI where it is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


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
    from china_ai_kg.outputs.neo4j import server

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
    from china_ai_kg.outputs.neo4j.push import connect

    driver = connect(neo4j_server["uri"], neo4j_server["user"], neo4j_server["password"])
    yield driver
    driver.close()


def empty(driver):
    """Empty the session's shared database."""
    with driver.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return driver


def pushed(driver, kg, schema):
    """The shared database emptied and holding *kg*, pushed as `cnkg neo4j push` does."""
    from china_ai_kg.outputs.neo4j.push import push

    push(kg, schema, empty(driver))
    return driver


@pytest.fixture
def empty_db(neo4j_driver):
    """The database emptied before the test (the server is shared by the session)."""
    return empty(neo4j_driver)


@pytest.fixture
def trap_server():
    """A server on 127.0.0.1 that answers every request (SPARQL JSON or CSV) and records it.

    A test points a query at it; if the tool ever fetched anything, ``requests`` says so.
    """
    import http.server
    import json
    import threading

    requests = []
    body_sparql = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [
        {"s": {"type": "uri", "value": "http://fetched.example/"}}]}}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self):
            requests.append((self.command, self.path))
            csv = self.path.endswith(".csv")
            body = b"fetched\n" if csv else body_sparql
            self.send_response(200)
            self.send_header("Content-Type", "text/csv" if csv else "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = answer

        def log_message(self, *args):
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}", "requests": requests}
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def jena(tmp_path_factory):
    """Apache Jena (riot, the RDFS reasoner, SHACL) from Maven Central, driven through tests/jena/JenaCheck.java.

    The jars are copied once into the user cache, beside Neo4j's; returns ``run(command, *paths) -> stdout``.
    Missing Maven or Java 17 skips, except in CI, where it fails.
    """
    import hashlib
    import shutil
    import subprocess
    from pathlib import Path

    here = Path(__file__).resolve().parent / "jena"
    pom, source = here / "pom.xml", here / "JenaCheck.java"
    digest = hashlib.sha256(pom.read_bytes() + source.read_bytes()).hexdigest()[:16]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    home = Path(base) / "china-ai-kg" / f"jena-{digest}"
    try:
        from china_ai_kg.outputs.neo4j.server import find_java_home

        java_home = find_java_home()
    except Exception as e:
        require(False, f"no Java 17 for Jena ({e})")
    env = {**os.environ, "JAVA_HOME": str(java_home)}
    if not (home / "classes" / "JenaCheck.class").is_file():
        mvn = shutil.which("mvn")
        require(mvn is not None, "Maven is needed to fetch Apache Jena (make system-deps)")
        tmp = Path(str(home) + f".partial-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        fetched = subprocess.run([mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
                                  f"-DoutputDirectory={tmp / 'lib'}"], capture_output=True, text=True, env=env)
        require(fetched.returncode == 0, f"Maven could not fetch Jena: {fetched.stdout[-500:]}{fetched.stderr[-500:]}")
        built = subprocess.run([str(java_home / "bin" / "javac"), "-d", str(tmp / "classes"), "-cp",
                                f"{tmp / 'lib'}/*", str(source)], capture_output=True, text=True, env=env)
        require(built.returncode == 0, f"JenaCheck.java does not compile: {built.stderr[-500:]}")
        try:
            tmp.rename(home)
        except OSError:  # another worker finished first
            shutil.rmtree(tmp, ignore_errors=True)
    classpath = f"{home / 'lib'}/*:{home / 'classes'}"

    def run(command, *paths):
        done = subprocess.run([str(java_home / "bin" / "java"), "-cp", classpath, "JenaCheck", command,
                               *map(str, paths)], capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    return run
