"""Running SPARQL on rdflib and on pyoxigraph, read-only and offline.

Every SPARQL text, pack or ad hoc, is parsed by rdflib and its algebra
inspected before either engine sees it: updates (``LOAD``, ``INSERT``,
``CLEAR`` ...), ``SERVICE`` and dataset clauses (``FROM``) are refused, so
a query can neither change the graph nor reach the network.  ``DESCRIBE``
is refused too, since its answer is engine-defined.

Parameters are bound as typed terms built from their declared types:
rdflib receives them through ``initBindings`` (the text is never touched);
pyoxigraph, whose ``substitutions`` only bind projected variables, gets
each ``$name`` token replaced by the term as pyoxigraph itself serialises
it (see :func:`_substitute`).  The terms are:

==========  ===========================================================
entity      the node IRI (``china_ai_kg.graph.rdf.node_iri``)
fact        the node IRI of the fact, or of the relationship's statement
string      a plain literal; enum likewise
integer     ``xsd:integer``; decimal ``xsd:decimal``; boolean ``xsd:boolean``
date        ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date`` by precision,
            exactly as dates are stored
==========  ===========================================================

Parsing a query with rdflib costs tens of milliseconds, which a cold
command-line run cannot afford, so the translated algebra, with its triple
patterns ordered for the parameters it will receive
(:mod:`.rdflib_plan`), is cached on disk under the digest of the text
(and the rdflib version).
"""

from __future__ import annotations

import hashlib
import io
import pickle

from ..graph.rdf import PREFIXES, node_iri
from ..ontology.errors import EngineError, QueryError
from .store import oxigraph_store, rdflib_graph

__all__ = ["prepare", "check_sparql", "run_rdflib", "run_oxigraph", "ALLOWED_FORMS"]

ALLOWED_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_FORMAT = "2"
_PARSED: dict = {}  # (text, bound variable names) -> rdflib Query
_FORMS: dict = {}  # text -> "SELECT" / "ASK" / "CONSTRUCT"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


# -- safety ----------------------------------------------------------------


def _walk(node):
    """Every CompValue in an rdflib algebra tree."""
    from rdflib.plugins.sparql.parserutils import CompValue

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
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except Exception:
        where = f" at line {error.lineno}, column {error.col}" if hasattr(error, "lineno") else ""
        msg = getattr(error, "msg", str(error))
        return QueryError(f"SPARQL syntax error{where}: {msg}")
    ops = sorted({op.name for op in update.request or ()})
    names = ", ".join(_UPDATE_NAMES.get(op, op) for op in ops) or "an update"
    return QueryError(f"SPARQL updates are refused ({names}): queries are read-only and never load remote data")


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


def _parse(text: str):
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseException as e:
        raise _refuse_update(text, e) from None
    try:
        query = translateQuery(tree, None, PREFIXES)
    except Exception as e:  # rdflib reports unknown prefixes and the like as bare Exceptions
        raise QueryError(f"SPARQL error: {e}") from None
    return query, _check_algebra(query)


# -- caching the translated algebra ------------------------------------------


def _rebuild_comp(cls, name, items, attrs):
    obj = cls(name)
    obj.update(items)
    for k, v in attrs.items():
        setattr(obj, k, v)
    return obj


def _rebuild_expr(cls, name, evalfn, items, attrs):
    obj = cls(name, evalfn)
    obj.update(items)
    for k, v in attrs.items():
        setattr(obj, k, v)
    return obj


def _true_filter():
    from rdflib.plugins.sparql.operators import TrueFilter

    return TrueFilter


def _dumps(query) -> bytes:
    """Pickle a translated query; CompValue and Expr need help (bound eval methods)."""
    import copyreg

    from rdflib.plugins.sparql.operators import TrueFilter
    from rdflib.plugins.sparql.parserutils import CompValue, Expr

    def reduce_comp(cv):
        attrs = {k: v for k, v in vars(cv).items() if k not in ("name", "ctx")}
        return _rebuild_comp, (type(cv), cv.name, list(dict.items(cv)), attrs)

    def reduce_expr(ex):
        if ex is TrueFilter:  # a module-level singleton whose eval function is a lambda
            return _true_filter, ()
        attrs = {k: v for k, v in vars(ex).items() if k not in ("name", "ctx", "_evalfn")}
        fn = ex._evalfn.__func__ if ex._evalfn is not None else None
        return _rebuild_expr, (type(ex), ex.name, fn, list(dict.items(ex)), attrs)

    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, CompValue: reduce_comp, Expr: reduce_expr}
    pickler.dump(query)
    return buf.getvalue()


def prepare(text: str, bound=()):
    """The translated rdflib query for *text*, checked for safety and planned (memoised, disk-cached).

    *bound* names the variables that ``initBindings`` will bind, so that
    :func:`~.rdflib_plan.plan` can start each pattern from them.
    """
    bound = tuple(sorted(bound))
    query = _PARSED.get((text, bound))
    if query is not None:
        return query
    import rdflib

    from ..graph import cache

    key = f"sparql-{_FORMAT}-rdflib{rdflib.__version__}-{_digest(text + chr(0) + ','.join(bound))}"
    blob = cache.load(key)
    if isinstance(blob, tuple) and len(blob) == 2:
        try:
            query, form = pickle.loads(blob[0]), blob[1]
        except Exception:
            query = None
    if query is None:
        from .rdflib_plan import plan

        query, form = _parse(text)
        plan(query, bound)
        try:
            cache.store(key, (_dumps(query), form))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            pass
        cache.store(f"sparql-ok-{_FORMAT}-{_digest(text)}", form)
    _PARSED[text, bound] = query
    _FORMS[text] = form
    return query


def check_sparql(text: str) -> str:
    """Refuse unsafe or malformed SPARQL; return its form (``SELECT``, ``ASK``, ``CONSTRUCT``).

    A verdict is cached on disk, so that the pyoxigraph engine need not
    import rdflib for a query it has checked before.
    """
    form = _FORMS.get(text)
    if form is not None:
        return form
    from ..graph import cache

    form = cache.load(f"sparql-ok-{_FORMAT}-{_digest(text)}")
    if form not in ALLOWED_FORMS.values():
        prepare(text)
        form = _FORMS[text]
    _FORMS[text] = form
    return form


# -- terms ----------------------------------------------------------------------


def _date_type(value: str) -> str:
    return _XSD + {4: "gYear", 7: "gYearMonth"}.get(len(value), "date")


def _term_parts(ptype: str, value):
    """``("iri", text)`` or ``("literal", lexical, datatype or None)`` for a typed parameter value."""
    if ptype in ("entity", "fact"):
        return ("iri", node_iri(value))
    if ptype in ("string", "enum"):
        return ("literal", value, None)
    if ptype == "integer":
        return ("literal", str(int(value)), _XSD + "integer")
    if ptype == "decimal":
        from decimal import Decimal

        text = str(value) if isinstance(value, int) else format(Decimal(repr(value)), "f")
        return ("literal", text, _XSD + "decimal")
    if ptype == "boolean":
        return ("literal", "true" if value else "false", _XSD + "boolean")
    if ptype == "date":
        return ("literal", value, _date_type(value))
    raise QueryError(f"cannot bind a parameter of type {ptype}")


def _rdflib_bindings(bindings: dict) -> dict:
    from rdflib import Literal, URIRef
    from rdflib.term import Variable

    out = {}
    for name, (ptype, value) in bindings.items():
        parts = _term_parts(ptype, value)
        if parts[0] == "iri":
            out[Variable(name)] = URIRef(parts[1])
        else:
            out[Variable(name)] = Literal(parts[1], datatype=URIRef(parts[2]) if parts[2] else None)
    return out


def _oxigraph_terms(bindings: dict) -> dict:
    import pyoxigraph as ox

    out = {}
    for name, (ptype, value) in bindings.items():
        parts = _term_parts(ptype, value)
        if parts[0] == "iri":
            out[name] = ox.NamedNode(parts[1])
        elif parts[2]:
            out[name] = ox.Literal(parts[1], datatype=ox.NamedNode(parts[2]))
        else:
            out[name] = ox.Literal(parts[1])
    return out


def _substitute(text: str, bindings: dict) -> str:
    """Put each bound ``$name`` of *text* as the term pyoxigraph itself writes for the value.

    pyoxigraph's ``substitutions`` only binds variables of the SELECT
    projection, and a trailing ``VALUES`` block would leave the parameter
    unbound inside FILTERs and subqueries, unlike rdflib's ``initBindings``.
    So the value goes where the parameter stands, as one RDF term in
    pyoxigraph's own escaped syntax: the lexer finds ``$name`` only outside
    strings, IRIs and comments, and a term cannot open any new syntax.
    """
    from .lexing import sparql_tokens

    terms = {name: str(term) for name, term in _oxigraph_terms(bindings).items()}
    out, last = [], 0
    for tok in sparql_tokens(text):
        if tok.kind == "var" and tok.text.startswith("$") and tok.text[1:] in terms:
            out.append(text[last:tok.start])
            out.append(terms[tok.text[1:]])
            last = tok.start + len(tok.text)
    out.append(text[last:])
    return "".join(out)


# -- engines ------------------------------------------------------------------------


def run_rdflib(text: str, bindings: dict, kg, schema=None) -> tuple:
    """Run *text* with rdflib; *bindings* maps a name to ``(type, value)``. Returns ``(columns, rows)``."""
    query = prepare(text, bindings)
    graph = rdflib_graph(kg, schema)
    try:
        result = graph.query(query, initBindings=_rdflib_bindings(bindings))
        if result.type == "ASK":
            return ["ask"], [[bool(result.askAnswer)]]
        if result.type == "CONSTRUCT":
            return ["subject", "predicate", "object"], [[s, p, o] for s, p, o in result.graph]
        columns = [str(v) for v in result.vars]
        rows = [list(row) for row in result]
    except QueryError:
        raise
    except Exception as e:
        raise EngineError(f"rdflib failed to run the query: {type(e).__name__}: {e}") from e
    return columns, rows


def run_oxigraph(text: str, bindings: dict, kg, schema=None) -> tuple:
    """Run *text* with pyoxigraph (same checks, same dataset, same bindings as :func:`run_rdflib`)."""
    form = check_sparql(text)
    try:
        import pyoxigraph  # noqa: F401
    except ImportError as e:
        raise EngineError("the oxigraph engine needs pyoxigraph (pip install pyoxigraph)") from e
    store = oxigraph_store(kg, schema)
    try:
        result = store.query(_substitute(text, bindings) if bindings else text, prefixes=dict(PREFIXES))
        if form == "ASK":
            return ["ask"], [[bool(result)]]
        if form == "CONSTRUCT":
            return ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in result]
        columns = [v.value for v in result.variables]
        rows = [[solution[i] for i in range(len(columns))] for solution in result]
    except (SyntaxError, OSError, ValueError, TypeError) as e:
        raise EngineError(f"oxigraph failed to run the query: {type(e).__name__}: {e}") from e
    return columns, rows
