"""Options shared by several commands, and the few steps every command takes (load, resolve, connect)."""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass

import click

from ..base.datatypes import DATE_FORMS, parse_date
from ..base.errors import UnknownEntityError
from ..base.limits import QUERY_TIMEOUT, TIMEOUT_ENV
from ..base.names import suggest
from ..graph.aliases import resolver_for
from ..graph.views import View, view_of
from ..loaders import bundled_files, expand_paths, load
from ..ontology import load_schema
from ..outputs.neo4j.push import connect
from ..queries import load_pack
from ..queries.sparql.remote import Endpoint
from ..queries.stored import fingerprint, open_stored

__all__ = [
    "GraphSpec",
    "DateType",
    "graph_options",
    "format_option",
    "result_format_option",
    "lang_option",
    "neo4j_options",
    "endpoint_options",
    "SPARQL_PASSWORD_ENV",
    "pack_option",
    "html_option",
    "timeout_option",
    "graph",
    "answering_graph",
    "resolve",
    "driver",
    "pack",
]


class DateType(click.ParamType):
    """A date at the precision the user knows: ``2024``, ``2024-06`` or ``2024-06-30``."""

    name = "date"

    def convert(self, value, param, ctx):
        try:
            return parse_date(value)
        except ValueError:
            self.fail(f"{value!r} is not a date ({DATE_FORMS})", param, ctx)


@dataclass(frozen=True)
class GraphSpec:
    """Which graph a command reads: the bundled data or not, the --data files, and the view of it."""

    data_dirs: tuple = ()
    bundled: bool = True
    view: View = View()


def graph_options(f):
    """``--data`` (repeatable), ``--no-bundled``, ``--as-of``, ``--known-at``, ``--all-claims`` and
    ``--include-candidates``, handed to the
    command as one ``spec`` (:class:`GraphSpec`)."""
    @functools.wraps(f)
    def command(*args, data_dirs, no_bundled, as_of, known_at, all_claims, include_candidates, **kwargs):
        view = View(as_of, known_at, all_claims, include_candidates)
        return f(*args, spec=GraphSpec(tuple(data_dirs), not no_bundled, view), **kwargs)

    options = [
        click.option("--data", "data_dirs", multiple=True, type=click.Path(),
                     help="Fact files or directories (YAML, JSON Lines, Turtle, JSON-LD) to add; repeatable."),
        click.option("--no-bundled", is_flag=True, help="Leave out the bundled fact files (use only --data)."),
        click.option("--as-of", type=DateType(), default=None,
                     help="Valid time: only what holds on this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--known-at", type=DateType(), default=None,
                     help="Record time: only what had been reported by this date."),
        click.option("--all-claims", is_flag=True,
                     help="Also superseded, deprecated and outranked claims (see: cnkg conflicts)."),
        click.option("--include-candidates", is_flag=True,
                     help="Also the candidate statements of ingest drafts (status: candidate), not yet reviewed."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def format_option(f):
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
    )(f)


def result_format_option(f):
    return click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                        show_default=True, help="Output format.")(f)


def lang_option(f):
    return click.option(
        "--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Language of names and labels."
    )(f)


def neo4j_options(f):
    """``--uri``, ``--user``, ``--database``; the password only from NEO4J_PASSWORD."""
    f = click.option("--database", envvar="NEO4J_DATABASE", default=None, help="Database (default: the server's default).")(f)
    f = click.option("--user", envvar="NEO4J_USERNAME", default="neo4j", show_default=True, help="User (env NEO4J_USERNAME).")(f)
    f = click.option("--uri", envvar="NEO4J_URI", default="bolt://127.0.0.1:7687", show_default=True,
                     help="bolt:// or neo4j:// URI (env NEO4J_URI).")(f)
    return f


SPARQL_PASSWORD_ENV = "CNKG_SPARQL_PASSWORD"


def endpoint_options(f):
    """``--endpoint`` (the query URL of a SPARQL 1.1 server) and ``--sparql-user``; the password only from
    CNKG_SPARQL_PASSWORD.  The command receives ``endpoint``, an :class:`~china_ai_kg.queries.sparql.remote.Endpoint`
    or ``None``."""
    @functools.wraps(f)
    def command(*args, endpoint_url, sparql_user, **kwargs):
        endpoint = None
        if endpoint_url:
            endpoint = Endpoint(endpoint_url, sparql_user, os.environ.get(SPARQL_PASSWORD_ENV))
        return f(*args, endpoint=endpoint, **kwargs)

    command = click.option("--sparql-user", envvar="CNKG_SPARQL_USER", default=None,
                           help=f"User for the SPARQL server (env CNKG_SPARQL_USER; password from ${SPARQL_PASSWORD_ENV}).")(command)
    return click.option("--endpoint", "endpoint_url", envvar="CNKG_SPARQL_ENDPOINT", default=None, metavar="URL",
                        help="Query URL of a SPARQL 1.1 server, for --engine sparql (env CNKG_SPARQL_ENDPOINT).")(command)


def pack_option(f):
    return click.option("--pack", "packs", multiple=True, type=click.Path(exists=True, file_okay=False),
                        help="Extra query-pack directory; repeatable.")(f)


def timeout_option(f):
    return click.option("--timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
                        help=f"Seconds the query may run; 0: no limit (default: ${TIMEOUT_ENV} or "
                             f"{QUERY_TIMEOUT:g}).")(f)


def html_option(f):
    return click.option("--html", "html", type=click.Path(dir_okay=False),
                        help="Also write the answer as an interactive HTML graph.")(f)


def graph(spec: GraphSpec, view: bool = True):
    """The graph that *spec* names, seen through its view (or whole, without *view*)."""
    kg = load(list(spec.data_dirs), bundled=spec.bundled)
    return view_of(kg, load_schema(), spec.view) if view else kg


def answering_graph(spec: GraphSpec, engine: str) -> tuple:
    """``(graph, key)`` for a SPARQL question: the stand-in of :mod:`china_ai_kg.queries.stored` when the
    files are unchanged since a large graph's store was queried (*key* ``None``), else the loaded graph and
    the key under which :func:`~china_ai_kg.queries.stored.remember` can name its store after the query."""
    if engine not in ("auto", "oxigraph"):
        return graph(spec), None
    files = (bundled_files() if spec.bundled else []) + expand_paths(list(spec.data_dirs))
    key = fingerprint(files, spec.view.key)
    stand_in = open_stored(key, tuple(str(path) for _, path in files))
    if stand_in is not None:
        return stand_in, None
    return graph(spec), key


def resolve(kg, name: str, what: str = "ENTITY") -> str:
    """The id of the entity called *name* (any alias, any script), or a clear error naming the argument."""
    resolver = resolver_for(kg)
    eid = resolver.get(name)
    whole = getattr(kg, "whole", None)
    if eid is None and whole is not None and resolver_for(whole).get(name) is not None:
        raise UnknownEntityError(f"{what}: '{name}' ({resolver_for(whole).get(name)}) is not in the graph seen with "
                                 f"{kg.view.describe()}")
    if eid is None:
        raise UnknownEntityError(f"{what}: no entity called '{name}'{suggest(name, sorted(resolver.ids))}")
    return eid


def driver(uri, user, database):
    """A connected Neo4j driver; the password comes from NEO4J_PASSWORD only."""
    logging.getLogger("neo4j").addHandler(logging.NullHandler())  # the driver's warnings are not for users
    return connect(uri, user, os.environ.get("NEO4J_PASSWORD", ""), database)


def pack(packs):
    """The bundled query pack plus any ``--pack`` directories."""
    return load_pack(packs)
