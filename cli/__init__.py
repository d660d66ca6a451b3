"""The ``cnkg`` command line: one click group over thin commands.

Commands parse their arguments, call a core function that returns data,
and hand the data to :mod:`.output`, the one place that prints tables and
JSON.  The group itself (:class:`CnkgGroup`) turns every
:class:`~china_ai_kg.base.errors.KGError` and every usage error into one
``Error: ...`` line and exit code 1, so a caller (a shell, click's
``CliRunner``) sees the same thing; ``--debug`` lets the error through with
its whole chain of causes.

The commands are loaded on first use, as pip and rdflib's plugin registry
load theirs: :data:`COMMANDS` names each command's module and its summary
for ``cnkg --help`` (a test keeps every summary equal to the first
paragraph of the command's own help), so ``cnkg --help`` imports click and
nothing of the library.

The console script ``cnkg`` is :data:`cli`.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys

import click

from ..base.errors import KGError

__all__ = ["cli", "CnkgGroup", "COMMANDS"]

COMMANDS = {
    "build": ("graph_commands", "Build and validate the graph, cache it, and print its size."),
    "centrality": ("graph_commands", "Rank entities by centrality (facts link their participants)."),
    "conflicts": ("claim_commands",
                  "Claims that sources disagree on, and corrections: who says what, and which claim answers."),
    "cypher": ("query_commands", "Run ad-hoc Cypher (or @file) on Neo4j in a read transaction."),
    "diff": ("claim_commands",
             "What changed from OLD to NEW: entities, facts and relationships added, removed and changed, per source."),
    "entities": ("entity_commands", "Entities as a whole: likely duplicates to merge."),
    "export": ("graph_commands", "Export the whole graph (json is networkx node-link data)."),
    "import": ("import_commands", "Import a dataset into a fact file of this project's schema (validated before it is written)."),
    "ingest": ("ingest_commands",
               "Read news articles (.txt, .md, .html, or - for standard input) into drafts of candidate facts."),
    "neighbors": ("graph_commands", "Entities within DEPTH hops of ENTITY; a shared fact counts as one hop."),
    "neo4j": ("neo4j_commands", "Push the graph to Neo4j and explore it in Neo4j Browser."),
    "path": ("graph_commands", "Shortest paths between two entities, through relationships and facts."),
    "query": ("query_commands", "Named relationship questions, each in SPARQL and Cypher."),
    "render": ("graph_commands", "Write the whole graph as an interactive, offline HTML explorer."),
    "report": ("report_commands",
               "Write a static site: every pack question, its answer table and its interactive graph."),
    "show": ("graph_commands", "Show one entity (by id or any alias, any script) with its links and facts."),
    "sources": ("import_commands", "Every source with what rests on it: entities, facts and relationships citing it."),
    "sparql": ("query_commands",
               "Run ad-hoc, read-only SPARQL (or @file) on the embedded graph; SERVICE and LOAD are refused."),
    "sparql-store": ("sparql_store_commands",
                     "Push the graph to a SPARQL 1.1 store (Fuseki, Oxigraph server, GraphDB, Virtuoso) and query it there."),
    "stats": ("graph_commands", "Counts of entities, facts and relationships, per type."),
    "validate": ("graph_commands", "Validate fact files against the ontology (all files, or the bundled ones)."),
}
"""Command name -> (module of :mod:`china_ai_kg.cli` that defines it, its one-line summary)."""


class CommandError(click.ClickException):
    """A library error as the command line shows it: its detail lines (if any), then ``Error: message``."""

    exit_code = 1

    def __init__(self, error: KGError):
        super().__init__(str(error))
        self.details = getattr(error, "details", ())

    def show(self, file=None) -> None:
        for line in self.details:
            click.echo(line, err=True)
        super().show(file)


class CnkgGroup(click.Group):
    """A group that loads its commands on first use and answers every failure with one line and exit code 1."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"{__name__}.{COMMANDS[name][0]}")
        return {c.name: c for c in module.COMMANDS}[name]

    def format_commands(self, ctx, formatter):
        """The command list of ``--help``, from :data:`COMMANDS`: no command module is imported for it."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, click.Command(name, help=summary).get_short_help_str(limit))
                for name, (_, summary) in sorted(COMMANDS.items())]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as e:
            if ctx.params.get("debug"):
                raise
            raise CommandError(e) from e
        except OSError as e:
            if e.filename is not None or e.errno == errno.EPIPE or ctx.params.get("debug"):
                raise
            _silence_stdout()  # what is still buffered would fail again when Python exits
            raise CommandError(KGError(f"cannot write standard output: {e.strerror}")) from e

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        if sys.stdout is None:  # started with standard output closed (`cnkg ... >&-`): writing to it must fail
            sys.stdout = _ClosedStream()
        try:
            rv = super().main(args, prog_name or "cnkg", complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.ctx.get_help())
            sys.exit(0)
        except CommandError as e:
            e.show()
            sys.exit(1)
        except click.ClickException as e:  # usage errors too: one line, not the usage text
            click.echo(f"Error: {e.format_message()}", err=True)
            sys.exit(1)
        except click.exceptions.Abort:
            click.echo("Error: aborted", err=True)
            sys.exit(1)
        except BrokenPipeError:  # `cnkg ... | head`: the reader has all it wanted
            _silence_stdout()
            sys.exit(0)
        sys.exit(rv if isinstance(rv, int) else 0)


class _ClosedStream:
    """Standard output when the process was started without one: every write fails, as on a closed file."""

    def write(self, _text):
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self):
        return None


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@click.group(cls=CnkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="china-ai-kg", prog_name="cnkg")
@click.option("--debug", is_flag=True, help="Show tracebacks (with every cause) instead of one-line errors.")
def cli(debug):
    """china-ai-kg: who is connected to whom in Chinese AI, how, since when, and says who.

    Every command works on the bundled graph plus any --data you add.
    """
