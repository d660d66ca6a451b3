"""Commands on claims and their history: conflicts between sources, and what changed between two builds."""

from __future__ import annotations

import click

from ..graph.claims import claim_table, claims
from ..graph.views import View
from ..ontology import load_schema
from .options import GraphSpec, format_option, graph, graph_options
from .output import emit

__all__ = ["COMMANDS"]

_COLUMNS = ["conflict", "claim", "value", "source", "reported", "rank", "trust", "outcome"]


@click.command()
@graph_options
@format_option
def conflicts(spec, fmt):
    """Claims that sources disagree on, and corrections: who says what, and which claim answers.

    A conflict is decided by claimRank (preferred first, deprecated never), then by the sources' trust order;
    one that neither decides is "unresolved" and all its claims answer. --as-of and --known-at look at the
    claims of that time.

    Example: cnkg conflicts --known-at 2025-03
    """
    whole = GraphSpec(spec.data_dirs, spec.bundled, View(spec.view.as_of, spec.view.known_at, True))
    kg = graph(whole)
    schema = load_schema()
    rows = claim_table(kg, schema, claims(kg, schema))
    emit(rows, fmt, _COLUMNS, [[r[c] for c in _COLUMNS] for r in rows] if rows else [])


COMMANDS = (conflicts,)
