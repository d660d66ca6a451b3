"""Query parameters: from ``-p key=value`` strings to checked, typed values.

Values reach a query only as parameters (SPARQL ``initBindings`` or
substitutions, Cypher ``$params``), never as query text, so the checks here
are about meaning, not escaping: an ``entity`` value must name an entity
of the graph (in any script, through the alias resolver), an ``integer``
must be in its declared range, and so on.  Every problem is a
:class:`~china_ai_kg.ontology.errors.QueryError` saying which parameter and
what to do.
"""

from __future__ import annotations

from ..base.errors import KGError, QueryError
from ..base.names import suggest
from ..base.pairs import parse_pairs
from ..ontology.schema import load_schema
from .header import check_literal

__all__ = ["parse_params", "coerce_params"]


def _convert(param, value, resolver, schema=None):
    """One parameter value (a string from the command line, or already typed) -> checked value."""
    where = f"parameter '{param.name}'"
    if param.type in ("entity", "fact"):
        if not isinstance(value, str) or not value.strip():
            raise QueryError(f"{where}: expected an {param.type} id or name, got {value!r}")
        if resolver is None:
            raise QueryError(f"{where}: names can only be resolved against a loaded graph")
        if param.type == "fact":
            facts = getattr(resolver, "facts", None)
            if facts is not None and value not in facts:
                raise QueryError(f"{where}: no fact or relationship with id '{value}'{suggest(value, sorted(facts))}")
            return value
        try:
            eid = resolver.resolve(value)
        except KGError as e:
            raise QueryError(f"{where}: {e.message}") from e
        types = getattr(resolver, "types", None)
        if param.cls and types is not None:
            if schema is None:
                schema = load_schema()
            if not schema.is_a(types.get(eid, ""), param.cls):
                raise QueryError(f"{where}: {eid} is of class {types.get(eid)}, not {param.cls} or a subclass")
        return eid
    if isinstance(value, bool):
        if param.type != "boolean":
            raise QueryError(f"{where}: expected {param.spec()}, got {value!r}")
        return value
    if isinstance(value, (int, float)) and param.type in ("integer", "decimal"):
        value = str(value)
    if not isinstance(value, str):
        raise QueryError(f"{where}: expected {param.spec()}, got {value!r}")
    try:
        return check_literal(param.type, value, allowed=param.allowed, rng=param.range)
    except ValueError as e:
        raise QueryError(f"{where}: {e}") from e


def coerce_params(query, params: dict | None, resolver, schema=None) -> dict:
    """Check a ``name -> value`` mapping against *query*'s declarations; fill in defaults."""
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    for key in params:
        if key not in declared:
            names = sorted(declared)
            known = f" (it takes {', '.join(names)})" if names else " (it takes none)"
            hint = suggest(key, names)
            raise QueryError(f"unknown parameter '{key}' for query '{query.name}'{hint or known}")
    out = {}
    for name, p in declared.items():
        if name in params:
            out[name] = _convert(p, params[name], resolver, schema)
        elif p.default is not None:
            try:
                out[name] = _convert(p, p.default, resolver, schema)
            except QueryError as e:
                raise QueryError(f"{e.message} (the default of '{name}'; give -p {name}=...)") from e
        else:
            raise QueryError(f"query '{query.name}' needs parameter '{name}' ({p.spec()}): give -p {name}=...")
    return out


def parse_params(query, pairs, resolver, schema=None) -> dict:
    """``["key=value", ...]`` (``-p`` options) -> checked, typed values with defaults filled in."""
    return coerce_params(query, parse_pairs(pairs), resolver, schema)
