"""The one place that prints: aligned tables, JSON, CSV and plain text.

>>> print(format_table(["id", "name"], [["alibaba", "阿里巴巴"], ["qwen", None]]))
id       name
-------  --------
alibaba  阿里巴巴
qwen
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import click

from ..queries.results import cell_text

__all__ = ["format_table", "emit", "emit_result", "note"]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(columns: list, rows: list) -> str:
    """Rows as an aligned text table (CJK characters count as two columns)."""
    cells = [[cell_text(v) for v in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def emit(data, fmt: str, columns: list | None = None, rows: list | None = None, text: str | None = None) -> None:
    """Print *data* as JSON, or as a table / text for people."""
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif text is not None:
        click.echo(text)
    else:
        click.echo(format_table(columns, rows))


def _csv(columns, rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[cell_text(v) if isinstance(v, list) or v is None or isinstance(v, bool) else v for v in row]
                      for row in rows])
    return buf.getvalue()


def emit_result(result, fmt: str) -> None:
    """Print a query :class:`~china_ai_kg.queries.results.Result` as a table, JSON or CSV."""
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(_csv(result.columns, result.rows), nl=False)
    else:
        click.echo(format_table(result.columns, result.rows))
        click.echo(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")


def note(text: str) -> None:
    """A line for the person at the terminal (``wrote FILE``), on standard error."""
    click.echo(text, err=True)
