"""A Cypher script that recreates the graph in an empty Neo4j database.

The script runs the same statements as :func:`~china_ai_kg.outputs.neo4j.push.push`
(constraints, then ``UNWIND [...] AS row MERGE ...``), with each batch of
rows written out as a Cypher list literal, so it works in cypher-shell
(``cypher-shell -f graph.cypher``) and in Neo4j Browser alike.  Every value
goes through :func:`cypher_literal`; labels and types come from the
ontology through :func:`~china_ai_kg.outputs.neo4j.push.quote_name`.
"""

from __future__ import annotations

import math

from ...base.batching import batched
from ...base.errors import RenderError
from ...graph.views import view_key
from .push import neo4j_rows, schema_statements, view_query, write_groups

__all__ = ["cypher_literal", "cypher_script", "split_statements"]

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def cypher_literal(value) -> str:
    """A Cypher literal for a string, number, boolean, None, list or map."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise RenderError(f"cannot write {value!r} as Cypher")
        return repr(value)
    if isinstance(value, str):
        out = []
        for ch in value:
            if ch in _ESCAPES:
                out.append(_ESCAPES[ch])
            elif ord(ch) < 0x20:
                out.append(f"\\u{ord(ch):04x}")
            else:
                out.append(ch)
        return "'" + "".join(out) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise RenderError(f"cannot write {type(value).__name__} as Cypher")


def cypher_script(kg, schema, batch_size: int = 500) -> str:
    """The whole graph as a deterministic Cypher script (statements end with ``;``)."""
    rows = neo4j_rows(kg, schema)
    lines = [
        "// china-ai-kg: recreate the graph in an empty Neo4j 5 database.",
        "// cypher-shell -u neo4j -f graph.cypher   or paste into Neo4j Browser.",
    ]
    lines += [f"{stmt};" for stmt in schema_statements(schema)]
    for query, group in write_groups(rows):
        for chunk in batched(group, batch_size):
            literal = cypher_literal(chunk)
            lines.append(query.replace("UNWIND $rows AS row", f"UNWIND {literal} AS row", 1) + ";")
    lines.append(view_query().replace("$key", cypher_literal(view_key(kg))) + ";")
    return "\n".join(lines) + "\n"


def split_statements(script: str) -> list:
    """The statements of a script made by :func:`cypher_script` (one per line, comments dropped)."""
    return [line[:-1] for line in script.splitlines() if line.endswith(";") and not line.startswith("//")]
