r"""Refusing SPARQL that could change the graph or reach the network.

Every SPARQL text, pack or ad hoc, is parsed by rdflib and its algebra
inspected before either engine sees it: updates (``LOAD``, ``INSERT``,
``CLEAR`` ...), ``SERVICE`` and dataset clauses (``FROM``) are refused, so
a query can neither change the graph nor reach the network.  ``DESCRIBE``
is refused too, since its answer is engine-defined.

A guard is only as good as its agreement with the engine that runs the
query, and rdflib and pyoxigraph read the same text differently: rdflib
expands ``\uXXXX`` escapes everywhere before parsing (as SPARQL 1.1
section 19.2 says), pyoxigraph only inside strings; pyoxigraph ends a ``#``
comment at a bare carriage return, rdflib only at a line feed.  So no engine
ever receives the text as given: :func:`canonical` expands every escape
and turns every line break into ``\n``, and *that* text is what rdflib
checks and what either engine runs.  On it both read comments, strings and
keywords alike; and as a second, independent check, the lexer of
:mod:`..lexing` must find no ``SERVICE`` keyword in it either.
"""

from __future__ import annotations

import re

from ...base.errors import QueryError
from ...graph.rdf import PREFIXES
from ..lexing import sparql_tokens

__all__ = ["ALLOWED_FORMS", "canonical", "parse_checked"]

# Escapes as rdflib's parser expands them (rdflib.plugins.sparql.parser.expandUnicodeEscapes); parse_checked
# verifies that rdflib finds nothing more to expand in a canonical text, so the two can never drift apart.
_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.I)

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


def _expand(m) -> str:
    code = int(m.group(1), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise QueryError(f"invalid Unicode escape \\u{m.group(1)} in the query")
    return chr(code)


def canonical(text: str) -> str:
    r"""The one text both engines receive: every ``\u`` escape expanded (until none is left), every line break ``\n``.

    >>> canonical("SELECT * { ?s ?p \\u0022x\\u0022 } # c\rLIMIT 1")
    'SELECT * { ?s ?p "x" } # c\nLIMIT 1'
    """
    while True:
        expanded = _ESCAPE.sub(_expand, text)
        if expanded == text:
            break
        text = expanded
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_service_words(text: str) -> None:
    for tok in sparql_tokens(text, kinds={"word"}):
        if tok.text.upper() == "SERVICE":
            raise QueryError("SERVICE is refused: queries run on the loaded graph only and never reach the network")


def parse_checked(text: str) -> tuple:
    """``(translated rdflib query, form)`` for a safe, canonical *text*; a :class:`QueryError` otherwise."""
    from pyparsing import ParseException  # lazy: rdflib's parser, see _walk
    from rdflib.plugins.sparql.algebra import translateQuery  # lazy: see _walk
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery  # lazy: see _walk

    if text != canonical(text) or expandUnicodeEscapes(text) != text:
        raise QueryError("the query text is not canonical (unexpanded escapes or line breaks)")
    _refuse_service_words(text)
    try:
        tree = parseQuery(text)
    except ParseException as e:
        raise _refuse_update(text, e) from e
    except RecursionError as e:
        raise QueryError("the query is nested too deeply") from e
    try:
        query = translateQuery(tree, None, PREFIXES)
    except RecursionError as e:
        raise QueryError("the query is nested too deeply") from e
    except Exception as e:  # rdflib reports unknown prefixes and the like as bare Exceptions
        raise QueryError(f"SPARQL error: {e}") from e
    try:
        return query, _check_algebra(query)
    except RecursionError as e:
        raise QueryError("the query is nested too deeply") from e
