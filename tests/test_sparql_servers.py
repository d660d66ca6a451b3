"""The graph on two real SPARQL 1.1 servers (Oxigraph server and Apache Jena Fuseki, started on 127.0.0.1):
push over the Graph Store Protocol, and every pack question answered like the embedded engines."""

from __future__ import annotations

import http.server
import threading
from decimal import Decimal

import pyoxigraph as ox
import pytest
from test_map import NEW_QUESTIONS

from china_ai_kg.base.errors import ServerError
from china_ai_kg.outputs.sparql_store import GRAPH_NS, graph_iri, push, pushed_graphs
from china_ai_kg.queries import load_pack, run_query, run_sparql_text
from china_ai_kg.queries.sparql.remote import PUSH_GRAPH, Endpoint
from china_ai_kg.queries.store import ntriples

PACK = load_pack()
SERVERS = ("oxigraph", "fuseki")


@pytest.fixture(scope="module")
def map_pushed(sparql_servers, map_kg, schema):
    """The whole map pushed once to both servers (in small chunks, so that a graph takes several requests)."""
    counts = {name: push(map_kg, schema, s.store_url, chunk=2_000) for name, s in sparql_servers.items()}
    return {name: Endpoint(s.query_url) for name, s in sparql_servers.items()}, counts


def server_triples(endpoint) -> list:
    """Every triple of the graphs a push wrote, but the push record: one row per triple in a graph."""
    result = run_sparql_text(f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "
                             f"'{GRAPH_NS}') && ?g != <{PUSH_GRAPH}>) }}", None, "sparql", endpoint=endpoint)
    return result.rows


_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def term_key(term):
    """A term as text, a decimal by its value: stores write the canonical form (45900000000.0 -> 45900000000)."""
    if isinstance(term, ox.Literal) and term.datatype.value == _DECIMAL:
        return ("decimal", Decimal(term.value))
    return str(term)


def local_triples(kg, schema) -> set:
    return {(str(t.subject), str(t.predicate), term_key(t.object))
            for t in ox.parse(ntriples(kg, schema), format=ox.RdfFormat.N_TRIPLES)}


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize("name", sorted(PACK))
def test_every_question_answers_as_embedded(name, server, map_kg, map_pushed):
    endpoints, _ = map_pushed
    expected = run_query(PACK[name], {}, map_kg, engine="oxigraph")
    got = run_query(PACK[name], {}, map_kg, engine="sparql", endpoint=endpoints[server])
    assert (got.engine, got.columns, got.rows) == ("sparql", expected.columns, expected.rows)
    if name in NEW_QUESTIONS:
        assert got.rows, f"{name} answers nothing on {server}"


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize("name, params", [
    ("funding-rounds", {"party": "moonshot-ai"}), ("company-footprint", {"company": "huawei"}),
    ("name-search", {"text": "智谱"}), ("apple-china-partner-selection", {"company": "蘋果"}),
    ("facts-in-window", {"from": "2023", "to": "2023"}),
])
def test_questions_with_parameters(name, params, server, map_kg, map_pushed):
    endpoints, _ = map_pushed
    expected = run_query(PACK[name], params, map_kg, engine="rdflib")
    got = run_query(PACK[name], params, map_kg, engine="sparql", endpoint=endpoints[server])
    assert got.rows and (got.columns, got.rows) == (expected.columns, expected.rows)


@pytest.mark.parametrize("server", SERVERS)
def test_the_store_holds_exactly_the_dataset_each_triple_once(server, map_kg, schema, map_pushed):
    endpoints, counts = map_pushed
    import pyoxigraph  # the server's terms, as the engine hands them over before normalising

    from china_ai_kg.queries.sparql.remote import run_remote

    _, rows = run_remote(f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{PUSH_GRAPH}>) }}", {},
                         endpoints[server])
    got = [(str(s), str(p), term_key(o)) for s, p, o in rows]
    assert all(isinstance(t, pyoxigraph.NamedNode) for t, _, _ in rows)
    assert len(got) == len(set(got)), "a triple is held by two named graphs"
    assert set(got) == local_triples(map_kg, schema)
    assert counts[server]["triples"] == len(got)
    _, graphs = run_remote(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{PUSH_GRAPH}>) }}", {},
                           endpoints[server])
    sources = {n for n, d in map_kg.g.nodes(data=True) if d["type"] == "Source"}
    assert {str(g.value) for g, in graphs} == {graph_iri(s) for s in sources} | {GRAPH_NS + "ontology"}
    assert counts[server]["graphs"] == len(graphs)


def test_a_push_again_and_a_smaller_graph_end_with_exactly_the_graph(sparql_servers, kg, map_kg, schema):
    server = sparql_servers["oxigraph"]
    endpoint = Endpoint(server.query_url)
    push(kg, schema, server.store_url)
    first = sorted(map(tuple, server_triples(endpoint)))
    again = push(kg, schema, server.store_url)
    assert sorted(map(tuple, server_triples(endpoint))) == first and again["deleted"] == 0
    try:
        push(map_kg, schema, server.store_url)  # bigger, then back: the map's extra source graphs go
        back = push(kg, schema, server.store_url)
        assert back["deleted"] > 0
        assert sorted(map(tuple, server_triples(endpoint))) == first
        record = pushed_graphs(server.store_url)
        assert record["state"] == "complete" and graph_iri("src-article-000") in record["graphs"]
    finally:
        push(map_kg, schema, server.store_url)  # as the module fixture left it


class Interrupted(Exception):
    pass


def test_an_interrupted_push_is_refused_then_a_rerun_ends_with_exactly_the_graph(sparql_servers, map_kg, schema):
    server = sparql_servers["fuseki"]
    endpoint = Endpoint(server.query_url)
    before = sorted(map(tuple, server_triples(endpoint)))
    sent = []

    def stop_half_way(n):
        sent.append(n)
        if len(sent) == 20:
            raise Interrupted

    with pytest.raises(Interrupted):
        push(map_kg, schema, server.store_url, chunk=500, progress=stop_half_way)
    assert pushed_graphs(server.store_url)["state"] == "pushing"
    from china_ai_kg.queries import engines

    engines._CHECKED.discard(endpoint.url)
    with pytest.raises(ServerError, match="did not finish; run cnkg sparql-store push again"):
        run_query(PACK["capex-ranking"], {}, map_kg, engine="sparql", endpoint=endpoint)
    push(map_kg, schema, server.store_url, chunk=500)
    assert sorted(map(tuple, server_triples(endpoint))) == before
    assert run_query(PACK["capex-ranking"], {}, map_kg, engine="sparql", endpoint=endpoint).rows


def test_the_cli_pushes_and_asks_both_servers(sparql_servers, cli, map_kg, schema):
    for name, server in sparql_servers.items():
        code, out, err = cli("sparql-store", "push", server.store_url)
        assert code == 0, err
        assert out.startswith("pushed ") and " named graphs to " in out
        code, out, err = cli("query", "run", "apple-china-partner-selection", "-p", "company=蘋果",
                                  "--engine", "sparql", "--endpoint", server.query_url, "--format", "json")
        assert code == 0, err
        assert '"passed_over"' in out and '"deepseek"' in out
        code, out, err = cli("sparql-store", "status", server.store_url, "--format", "json")
        assert code == 0 and '"in_sync": true' in out, (name, out, err)
        push(map_kg, schema, server.store_url)  # as the module fixture left it


# Bad input: one line naming the URL, exit 1; credentials never printed.

def test_an_endpoint_that_is_down_is_one_line(cli):
    from bench.sparql_servers import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    code, out, err = cli("query", "run", "capex-ranking", "--engine", "sparql", "--endpoint", url)
    assert code == 1 and err.strip() == f"Error: {url}: cannot reach the SPARQL endpoint (Connection refused)"
    code, out, err = cli("sparql-store", "push", url.replace("/query", "/store"))
    assert code == 1 and err.count("\n") == 1 and "cannot reach the graph store" in err


def test_the_sparql_engine_needs_an_endpoint(cli):
    code, out, err = cli("query", "run", "capex-ranking", "--engine", "sparql")
    assert code == 1 and err.strip() == "Error: the sparql engine needs the URL of a SPARQL endpoint (--endpoint URL)"


@pytest.fixture
def html_server():
    """A local web server that answers every request with an HTML page, as a wrong URL would."""

    class Page(http.server.BaseHTTPRequestHandler):
        def _page(self):
            body = b"<html><body>Welcome</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _page

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_html_instead_of_sparql_results_is_one_line(html_server, cli):
    code, out, err = cli("sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--engine", "sparql",
                              "--endpoint", f"{html_server}/query")
    assert code == 1 and err.strip() == (f"Error: {html_server}/query: the SPARQL endpoint answered text/html, not "
                                         "SPARQL results (is this the query URL of a SPARQL endpoint?)")
    code, out, err = cli("sparql-store", "push", f"{html_server}/store")
    assert code == 1 and err.count("\n") == 1 and "not N-Triples" in err


@pytest.fixture(scope="module")
def guarded_fuseki(sparql_server_dir):
    from bench.sparql_servers import ServerUnavailable, start_fuseki

    from conftest import require

    try:
        server = start_fuseki(sparql_server_dir / "fuseki-auth", user="curator", password="s3cret-pw")
    except ServerUnavailable as e:
        require(False, str(e))
    yield server
    server.stop()


def test_credentials_come_from_the_environment_and_are_never_printed(guarded_fuseki, cli, monkeypatch):
    store, query = guarded_fuseki.store_url, guarded_fuseki.query_url
    monkeypatch.setenv("CNKG_SPARQL_PASSWORD", "wrong-pw")
    code, out, err = cli("sparql-store", "push", store, "--sparql-user", "curator")
    assert code == 1 and err.strip() == (f"Error: {store}?graph=https%3A%2F%2Fw3id.org%2Fcnkg%2Fgraph%2Fpush: the "
                                         "graph store refused the credentials (HTTP 401); check the user and the "
                                         "password variable")
    with_userinfo = query.replace("http://", "http://curator:s3cret-pw@")
    code, out, err = cli("query", "run", "capex-ranking", "--engine", "sparql", "--endpoint",
                              with_userinfo.replace("s3cret-pw", "bad-pw"))
    assert code == 1 and "HTTP 401" in err and "bad-pw" not in out + err
    monkeypatch.setenv("CNKG_SPARQL_PASSWORD", "s3cret-pw")
    code, out, err = cli("sparql-store", "push", store, "--sparql-user", "curator")
    assert code == 0, err
    code, out, err = cli("query", "run", "capex-ranking", "--engine", "sparql", "--endpoint", query,
                              "--sparql-user", "curator", "--format", "json")
    assert code == 0 and '"rows": [' in out and "s3cret" not in out + err
    code, out, err = cli("query", "run", "capex-ranking", "--engine", "sparql", "--endpoint", with_userinfo)
    assert code == 0 and "s3cret" not in out + err


def test_a_store_whose_default_graph_is_not_the_union_is_refused(sparql_server_dir, kg, schema):
    """Oxigraph server without --union-default-graph keeps the named graphs out of the default graph."""
    from bench.sparql_servers import Server, _spawn, _wait, free_port, oxigraph_binary

    directory = sparql_server_dir / "no-union"
    directory.mkdir()
    port = free_port()
    process, log = _spawn("oxigraph", [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"], directory)
    server = _wait(Server("oxigraph", f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/store", process,
                          log), f"http://127.0.0.1:{port}/")
    try:
        push(kg, schema, server.store_url)
        with pytest.raises(ServerError, match="the default graph shows no cnkg push .* the union of its named graphs"):
            run_query(PACK["capex-ranking"], {}, kg, engine="sparql", endpoint=Endpoint(server.query_url))
    finally:
        server.stop()
