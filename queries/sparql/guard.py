"""Refusing SPARQL that could change the graph or reach the network.

Every SPARQL text, pack or ad hoc, is parsed by rdflib and its algebra
inspected before either engine sees it: updates (``LOAD``, ``INSERT``,
``CLEAR`` ...), ``SERVICE`` and dataset clauses (``FROM``) are refused, so
a query can neither change the graph nor reach the network.  ``DESCRIBE``
is refused too, since its answer is engine-defined.
"""

from __future__ import annotations

from ...base.errors import QueryError
from ...graph.rdf import PREFIXES

__all__ = ["ALLOWED_FORMS", "parse_checked"]

ALLOWED_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}

_UPDATE_NAMES = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}


def _walk(node):
    """Every CompValue in an rdflib algebra tree."""
    from rdflib.plugins.sparql.parserutils import CompValue  # lazy: rdflib costs ~150 ms at start-up

    stack = [node]
    seen = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            yield item
            stack.extend(dict.values(item))
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif type(item).__name__ == "ParseResults":
            stack.extend(item)


def _refuse_update(text: str, error) -> QueryError:
    """A query that does not parse: say so, or, if it is an update, say that updates are refused."""
    from rdflib.plugins.sparql.parser import parseUpdate  # lazy: see _walk

    try:
        update = parseUpdate(text)
    except Exception:
        where = f" at line {error.lineno}, column {error.col}" if hasattr(error, "lineno") else ""
        msg = getattr(error, "msg", str(error))
        return QueryError(f"SPARQL syntax error{where}: {msg}")
    ops = sorted({op.name for op in update.request or ()})
    names = ", ".join(_UPDATE_NAMES.get(op, op) for op in ops) or "an update"
    return QueryError(f"SPARQL updates are refused ({names}): queries are read-only and never load remote data")


def _check_algebra(query) -> str:
    algebra = query.algebra
    form = ALLOWED_FORMS.get(algebra.name)
    if form is None:
        kind = algebra.name.replace("Query", "").upper()
        raise QueryError(f"{kind} queries are not supported (use SELECT, ASK or CONSTRUCT)")
    if algebra.datasetClause:
        raise QueryError("FROM / FROM NAMED is refused: queries run on the loaded graph only and never fetch data")
    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            raise QueryError("SERVICE is refused: queries run on the loaded graph only and never reach the network")
    return form


def parse_checked(text: str) -> tuple:
    """``(translated rdflib query, form)`` for a safe *text*; a :class:`QueryError` otherwise."""
    from pyparsing import ParseException  # lazy: rdflib's parser, see _walk
    from rdflib.plugins.sparql.algebra import translateQuery  # lazy: see _walk
    from rdflib.plugins.sparql.parser import parseQuery  # lazy: see _walk

    try:
        tree = parseQuery(text)
    except ParseException as e:
        raise _refuse_update(text, e) from e
    try:
        query = translateQuery(tree, None, PREFIXES)
    except Exception as e:  # rdflib reports unknown prefixes and the like as bare Exceptions
        raise QueryError(f"SPARQL error: {e}") from e
    return query, _check_algebra(query)
