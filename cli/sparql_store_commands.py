"""Commands for SPARQL 1.1 servers: push the graph over the Graph Store Protocol, and see what a push left."""

from __future__ import annotations

import os
import sys

import click

from ..base.http import redact
from ..graph.derived import graph_digest
from ..graph.model import LARGE_GRAPH
from ..graph.views import View, view_key
from ..ontology import load_schema
from ..outputs.sparql_store import push as push_graph
from ..outputs.sparql_store import pushed_graphs
from .options import SPARQL_PASSWORD_ENV, format_option, graph, graph_options
from .output import emit

__all__ = ["COMMANDS"]


def _auth(user):
    return (user, os.environ.get(SPARQL_PASSWORD_ENV, "")) if user else None


def _user_option(f):
    return click.option("--sparql-user", "user", envvar="CNKG_SPARQL_USER", default=None,
                        help=f"User (env CNKG_SPARQL_USER); the password only from ${SPARQL_PASSWORD_ENV}.")(f)


@click.group("sparql-store")
def sparql_store():
    """Push the graph to a SPARQL 1.1 store (Fuseki, Oxigraph server, GraphDB, Virtuoso) and query it there.

    URL is the store's Graph Store Protocol endpoint (Oxigraph: /store, Fuseki: /DATASET/data); queries go to
    its query endpoint with --engine sparql --endpoint URL.  The password is read from CNKG_SPARQL_PASSWORD.

    Example: cnkg sparql-store push http://127.0.0.1:7878/store
    """


@sparql_store.command()
@click.argument("url")
@_user_option
@click.option("--chunk", type=click.IntRange(1, 10_000_000), default=50_000, show_default=True,
              help="Triples per request.")
@graph_options
def push(url, user, chunk, spec):
    """Write the graph as one named graph per source (replaced by PUT), then delete the graphs it no longer has.

    Example: cnkg sparql-store push http://127.0.0.1:3030/cnkg/data
    """
    kg = graph(spec)
    hidden = kg.size() < LARGE_GRAPH
    with click.progressbar(length=kg.size() * 8, label="pushing", file=sys.stderr, hidden=hidden) as bar:
        counts = push_graph(kg, load_schema(), url, auth=_auth(user), chunk=chunk, progress=bar.update)
    click.echo(f"pushed {counts['triples']} triples in {counts['graphs']} named graphs to {redact(url)}"
               + (f" (deleted {counts['deleted']} stale graphs)" if counts["deleted"] else ""))


@sparql_store.command()
@click.argument("url")
@_user_option
@format_option
@graph_options
def status(url, user, fmt, spec):
    """What the last push to URL recorded, beside the local build: state, graphs, digest and view.

    Example: cnkg sparql-store status http://127.0.0.1:7878/store --format json
    """
    record = pushed_graphs(url, _auth(user))
    kg = graph(spec)
    local = {"graphs": None, "digest": graph_digest(kg), "view": view_key(kg)}
    data = {"server": {"state": record.get("state"), "graphs": len(record.get("graphs", ())),
                       "digest": record.get("digest"), "view": record.get("view")},
            "local": local, "in_sync": record.get("state") == "complete" and record.get("digest") == local["digest"]}
    server = data["server"]
    emit(data, fmt, ["item", "server", "local"], [
        ["state", server["state"] or "no push", ""],
        ["named graphs", server["graphs"], ""],
        ["digest", server["digest"] or "", local["digest"]],
        ["view", View.from_key(server["view"]).describe() if server["view"] else "", View.from_key(local["view"]).describe()],
        ["in sync", "yes" if data["in_sync"] else "no", ""],
    ])


COMMANDS = (sparql_store,)
