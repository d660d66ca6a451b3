"""Commands on claims and their history: conflicts between sources, and what changed between two builds."""

from __future__ import annotations

import click

from ..graph.claims import claim_table, claims
from ..graph.diff import diff_graphs, merged, neighbourhood_of_changes, summary
from ..graph.views import View
from ..loaders.revisions import graph_of
from ..ontology import load_schema
from ..outputs.explorer import render_html
from .options import GraphSpec, format_option, graph, graph_options, html_option, lang_option
from .output import emit, format_table, note

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


_DIFF_COLUMNS = ["change", "kind", "id", "type", "source", "details"]


@click.command()
@click.argument("old")
@click.argument("new", required=False)
@format_option
@lang_option
@html_option
def diff(old, new, fmt, lang, html):
    """What changed from OLD to NEW: entities, facts and relationships added, removed and changed, per source.

    OLD and NEW are fact files or directories, exports (graph.ttl), a git revision of the bundled data (HEAD~1,
    a tag) or REV:PATH (PATH at a revision of the current git repository). Without NEW, the bundled data as it
    is now. --html draws the changed items and their neighbours, marked added, changed or removed.

    Example: cnkg diff HEAD~1 --html changes.html
    """
    before = graph_of("OLD", old)
    after = graph_of("NEW", new) if new else graph(GraphSpec(), view=False)
    changes = diff_graphs(before, after)
    rows = [[c.change, c.kind, c.id, c.type, c.source, c.details()] for c in changes]
    counts = summary(changes)
    totals = ", ".join(f"{sum(counts[k].values())} {k}" for k in ("added", "changed", "removed"))
    emit({"old": old, "new": new, "summary": counts, "changes": [c.to_json() for c in changes]}, fmt,
         text=f"{format_table(_DIFF_COLUMNS, rows)}\n({totals})")
    if html:
        both, marks = merged(before, after, changes)
        render_html(both, load_schema(), html, lang=lang, title=f"changes from {old} to {new or 'now'}",
                    nodes=neighbourhood_of_changes(both, marks), marks=marks,
                    answer={"columns": _DIFF_COLUMNS, "rows": rows})
        note(f"wrote {html}")


COMMANDS = (conflicts, diff)
