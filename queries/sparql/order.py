"""Triple-pattern order for rdflib, knowing which variables are bound first.

rdflib evaluates a basic graph pattern in the order of its triple list, and
orders that list when it translates the query, counting constants only: a
parameter bound later through ``initBindings`` counts as unknown, so
``?f cnkg:source $source`` waits behind ``?x cnkg:id ?id`` and the query
walks every node.  :func:`plan` reorders each BGP of a translated query
again, treating as known the parameters and whatever rdflib itself binds
before it reaches the BGP: the left side of a lazy join or of an OPTIONAL,
the pattern a FILTER (NOT) EXISTS tests.

Reordering a conjunction never changes its answer, only the work; the
other engines plan for themselves.
"""

from __future__ import annotations

__all__ = ["plan"]

_CLASS_PREDICATES = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
)


def plan(query, bound) -> None:
    """Reorder, in place, the BGPs of a translated rdflib *query*; *bound* names the pre-bound variables."""
    from rdflib.term import Variable  # lazy: rdflib costs ~150 ms at start-up

    _visit(query.algebra, frozenset(Variable(v) for v in bound))


def _is_var(term) -> bool:
    from rdflib import BNode  # lazy: see plan
    from rdflib.term import Variable

    return isinstance(term, (Variable, BNode))


def _score(triple, known) -> tuple:
    s, p, o = triple
    score = 0
    if not _is_var(s) or s in known:
        score += 3  # a known subject: a handful of triples
    if o in known:
        score += 2  # a known node (a parameter, a join variable)
    elif not _is_var(o):
        score += 1 if str(p) in _CLASS_PREDICATES else 2  # every member of a class is many
    return score, 0 if _is_var(p) and p not in known else 1


def _order(triples, known) -> list:
    remaining = list(triples)
    known = set(known)
    out = []
    while remaining:
        best = max(range(len(remaining)), key=lambda i: (_score(remaining[i], known), -i))
        triple = remaining.pop(best)
        out.append(triple)
        known.update(t for t in triple if _is_var(t))
    return out


def _child(node, key):
    return dict.get(node, key)


def _exprs(node, known) -> None:
    """Plan the patterns inside EXISTS / NOT EXISTS of an expression, evaluated per row."""
    from rdflib.plugins.sparql.parserutils import CompValue  # lazy: see plan

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS") and _child(item, "graph") is not None:
                _visit(_child(item, "graph"), known)
                continue
            stack.extend(dict.values(item))
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


def _visit(node, known) -> frozenset:
    """Plan *node* given the variables bound before it; return those bound after it."""
    from rdflib.plugins.sparql.parserutils import CompValue  # lazy: see plan

    if not isinstance(node, CompValue):
        return known
    name = node.name
    if name == "BGP":
        triples = _order(_child(node, "triples") or [], known)
        node["triples"] = triples
        return known | {t for triple in triples for t in triple if _is_var(t)}
    if name == "Join":
        left = _visit(_child(node, "p1"), known)
        right = _visit(_child(node, "p2"), left if _child(node, "lazy") else known)
        return left | right
    if name == "LeftJoin":
        left = _visit(_child(node, "p1"), known)
        after = _visit(_child(node, "p2"), left)
        _exprs(_child(node, "expr"), after)
        return left
    if name == "Union":
        return _visit(_child(node, "p1"), known) & _visit(_child(node, "p2"), known)
    if name == "Minus":
        left = _visit(_child(node, "p1"), known)
        _visit(_child(node, "p2"), known)
        return left
    if name in ("Filter", "Extend"):
        inner = _visit(_child(node, "p"), known)
        _exprs(_child(node, "expr"), inner)
        return inner | ({_child(node, "var")} if name == "Extend" else set())
    for key in ("p", "p1", "p2"):
        child = _child(node, key)
        if isinstance(child, CompValue):
            _visit(child, known)
    return known
