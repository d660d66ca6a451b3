"""Typed parameter values as RDF terms, for rdflib and for pyoxigraph.

Parameters are bound as typed terms built from their declared types:
rdflib receives them through ``initBindings`` (the text is never touched);
pyoxigraph, whose ``substitutions`` only bind projected variables, gets
each ``$name`` token replaced by the term as pyoxigraph itself serialises
it (:func:`substitute`).  The terms are:

==========  ===========================================================
entity      the node IRI (:func:`china_ai_kg.graph.rdf.node_iri`)
fact        the node IRI of the fact, or of the relationship's statement
string      a plain literal; enum likewise
integer     ``xsd:integer``; decimal ``xsd:decimal``; boolean ``xsd:boolean``
date        ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date`` by precision,
            exactly as dates are stored
==========  ===========================================================
"""

from __future__ import annotations

from functools import lru_cache

from ...base.datatypes import XSD, date_xsd_type, decimal_lexical
from ...base.errors import QueryError
from ...graph.rdf import node_iri
from ..lexing import sparql_tokens

__all__ = ["term_parts", "rdflib_bindings", "oxigraph_terms", "substitute"]


def term_parts(ptype: str, value) -> tuple:
    """``("iri", text)`` or ``("literal", lexical, datatype or None)`` for a typed parameter value.

    >>> term_parts("date", "2025-02")
    ('literal', '2025-02', 'http://www.w3.org/2001/XMLSchema#gYearMonth')
    """
    if ptype in ("entity", "fact"):
        return ("iri", node_iri(value))
    if ptype in ("string", "enum"):
        return ("literal", value, None)
    if ptype == "integer":
        return ("literal", str(int(value)), XSD + "integer")
    if ptype == "decimal":
        return ("literal", decimal_lexical(value), XSD + "decimal")
    if ptype == "boolean":
        return ("literal", "true" if value else "false", XSD + "boolean")
    if ptype == "date":
        return ("literal", value, date_xsd_type(value))
    raise QueryError(f"cannot bind a parameter of type {ptype}")


def rdflib_bindings(bindings: dict) -> dict:
    """``{name: (type, value)}`` -> rdflib ``initBindings``."""
    from rdflib import Literal, URIRef  # lazy: rdflib costs ~150 ms at start-up
    from rdflib.term import Variable

    out = {}
    for name, (ptype, value) in bindings.items():
        parts = term_parts(ptype, value)
        if parts[0] == "iri":
            out[Variable(name)] = URIRef(parts[1])
        else:
            out[Variable(name)] = Literal(parts[1], datatype=URIRef(parts[2]) if parts[2] else None)
    return out


def oxigraph_terms(bindings: dict) -> dict:
    """``{name: (type, value)}`` -> pyoxigraph terms."""
    import pyoxigraph as ox  # lazy: only the oxigraph engine needs it

    out = {}
    for name, (ptype, value) in bindings.items():
        parts = term_parts(ptype, value)
        if parts[0] == "iri":
            out[name] = ox.NamedNode(parts[1])
        elif parts[2]:
            out[name] = ox.Literal(parts[1], datatype=ox.NamedNode(parts[2]))
        else:
            out[name] = ox.Literal(parts[1])
    return out


def substitute(text: str, bindings: dict) -> str:
    """Put each bound ``$name`` of *text* as the term pyoxigraph itself writes for the value.

    pyoxigraph's ``substitutions`` only binds variables of the SELECT
    projection, and a trailing ``VALUES`` block would leave the parameter
    unbound inside FILTERs and subqueries, unlike rdflib's ``initBindings``.
    So the value goes where the parameter stands, as one RDF term in
    pyoxigraph's own escaped syntax: the lexer finds ``$name`` only outside
    strings, IRIs and comments, and a term cannot open any new syntax.
    """
    terms = {name: str(term) for name, term in oxigraph_terms(bindings).items()}
    out, last = [], 0
    for start, name in _dollar_vars(text):
        if name in terms:
            out.append(text[last:start])
            out.append(terms[name])
            last = start + 1 + len(name)
    out.append(text[last:])
    return "".join(out)


@lru_cache(maxsize=256)
def _dollar_vars(text: str) -> tuple:
    """``(offset, name)`` of every ``$name`` of *text* (a question asked again is not lexed again)."""
    return tuple((tok.start, tok.text[1:]) for tok in sparql_tokens(text, kinds={"var"}) if tok.text.startswith("$"))
