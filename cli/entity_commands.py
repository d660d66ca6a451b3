"""``cnkg entities dupes``: likely duplicate entities, for a curator to merge (``merges:`` in a fact file)."""

from __future__ import annotations

import click

from ..graph.dupes import likely_duplicates
from ..ontology import load_schema
from .options import format_option, graph, graph_options
from .output import emit

__all__ = ["COMMANDS"]


@click.group("entities")
def entities():
    """Entities as a whole: likely duplicates to merge."""


@entities.command("dupes")
@click.option("--threshold", type=click.FloatRange(0, 100), default=90, show_default=True,
              help="The lowest name similarity (0-100) to list.")
@click.option("--kind", default=None, help="Only this kind of entity (Organization, AIModel, Product, Person, ...).")
@graph_options
@format_option
def dupes(threshold, kind, spec, fmt):
    """Pairs of entities of one kind whose names are close but not the same, best first.

    Merge a pair with a fact file's 'merges:' section ({id: OLD, into: NEW, source: ..., locator: ...}): the
    old id and its names then resolve to the new one everywhere.

    Example: cnkg entities dupes --kind Organization --threshold 85
    """
    schema = load_schema()
    if kind and kind not in schema.classes:
        raise click.BadParameter(f"'{kind}' is not a class of the ontology", param_hint="--kind")
    rows = likely_duplicates(graph(spec), schema, threshold, kind)
    columns = ["score", "a", "b", "kind", "form_a", "form_b"]
    emit(rows, fmt, columns, [[r[c] for c in columns] for r in rows])


COMMANDS = [entities]
