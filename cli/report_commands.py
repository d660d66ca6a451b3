"""The report site: every pack question, its answer and its graph, as static pages (its own module, so that
asking a question does not import the site's templates)."""

from __future__ import annotations

import click

from ..ontology import load_schema
from ..outputs.report import write_report
from .options import graph, graph_options, lang_option, pack, pack_option

__all__ = ["COMMANDS"]


@click.command()
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Directory to write.")
@lang_option
@pack_option
@graph_options
def report(output, lang, packs, spec):
    """Write a static site: every pack question, its answer table and its interactive graph.

    Example: cnkg report -o site/ && open site/index.html
    """
    index = write_report(graph(spec), load_schema(), pack(packs), output, lang)
    click.echo(f"wrote {index}")


COMMANDS = (report,)
