"""Commands for Neo4j: push the graph, compare it, and the Browser kit (stylesheet and guide)."""

from __future__ import annotations

import sys

import click

from ..base.errors import ServerError
from ..graph.model import LARGE_GRAPH
from ..graph.views import View
from ..ontology import load_schema
from ..outputs.neo4j.browser_kit import kit_server, write_kit
from ..outputs.neo4j.push import neo4j_rows, row_counts, sync_report
from ..outputs.neo4j.push import push as push_graph
from .options import driver, format_option, graph, graph_options, lang_option, neo4j_options, pack, pack_option
from .output import emit

__all__ = ["COMMANDS"]


@click.group()
def neo4j():
    """Push the graph to Neo4j and explore it in Neo4j Browser.

    The password is read from NEO4J_PASSWORD and never printed.

    Example: NEO4J_PASSWORD=... cnkg neo4j push --uri bolt://127.0.0.1:7687
    """


@neo4j.command()
@neo4j_options
@click.option("--replace", is_flag=True, help="First remove what this tool pushed before (and nothing else).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=5000, show_default=True)
@graph_options
def push(uri, user, database, replace, batch_size, spec):
    """Write the graph to Neo4j: constraints, then batched idempotent MERGEs.

    Example: cnkg neo4j push --replace
    """
    kg = graph(spec)
    schema = load_schema()
    connection = driver(uri, user, database)
    try:
        total = sum(row_counts(neo4j_rows(kg, schema)).values())
        with click.progressbar(length=total, label="pushing", file=sys.stderr, hidden=total < LARGE_GRAPH) as bar:
            counts = push_graph(kg, schema, connection, database, batch_size=batch_size, replace=replace,
                                progress=bar.update)
    finally:
        connection.close()
    click.echo(f"pushed {counts['nodes']} nodes and {counts['relationships']} relationships to {uri}")


@neo4j.command()
@neo4j_options
@graph_options
@format_option
def status(uri, user, database, spec, fmt):
    """Is Neo4j reachable, which version, and how does its copy compare with the local build?

    Example: cnkg neo4j status --format json
    """
    kg = graph(spec)
    connection = driver(uri, user, database)
    try:
        data = sync_report(kg, load_schema(), connection, uri, database)
    finally:
        connection.close()
    server, local = data["server"], data["local"]
    emit(data, fmt, ["item", "server", "local"], [
        ["version", f"{data['version']} {data['edition']}", ""],
        ["nodes", server["nodes"], local["nodes"]],
        ["relationships", server["relationships"], local["relationships"]],
        ["view", View.from_key(server["view"]).describe(), View.from_key(local["view"]).describe()],
    ])


@neo4j.command("browser-kit")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Directory to write.")
@pack_option
@lang_option
def browser_kit(output, packs, lang):
    """Write a Neo4j Browser stylesheet (GraSS) and a guide with every pack question.

    Example: cnkg neo4j browser-kit -o browser-kit/
    """
    for path in write_kit(load_schema(), list(pack(packs).values()), output, lang):
        click.echo(f"wrote {path}")


@neo4j.command("serve-kit")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve_kit(directory, port):
    """Serve a browser kit on 127.0.0.1 so that Neo4j Browser can :play its guide.

    Example: cnkg neo4j serve-kit browser-kit/ --port 8001
    """
    try:
        server = kit_server(directory, port)
    except OSError as e:
        raise ServerError(f"cannot listen on 127.0.0.1:{port}: {e.strerror}") from e
    click.echo(f"in Neo4j Browser run:  :play http://localhost:{server.server_address[1]}/guide.html  (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


COMMANDS = (neo4j,)
