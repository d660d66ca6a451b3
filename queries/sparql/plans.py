"""Parsed, checked and planned SPARQL, kept in memory and on disk.

Parsing a query with rdflib costs tens of milliseconds, which a cold
command-line run cannot afford, so the translated algebra, with its triple
patterns ordered for the parameters it will receive (:mod:`.order`), is
cached on disk under the digest of the text, the bound variables and the
rdflib version.  The safety verdict of a text (:mod:`.guard`) is cached
too, so that the pyoxigraph engine need not import rdflib for a query it
has checked before.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import pickle

from ...base import cache
from .guard import ALLOWED_FORMS, parse_checked
from .order import plan

__all__ = ["prepare", "check_sparql"]

_FORMAT = "3"
_PARSED: dict = {}  # (text, bound variable names) -> rdflib Query
_FORMS: dict = {}  # text -> "SELECT" / "ASK" / "CONSTRUCT"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


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
    from rdflib.plugins.sparql.operators import TrueFilter  # lazy: rdflib costs ~150 ms at start-up

    return TrueFilter


def _dumps(query) -> bytes:
    """Pickle a translated query; CompValue and Expr need help (bound eval methods)."""
    from rdflib.plugins.sparql.operators import TrueFilter  # lazy: see _true_filter
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
    :func:`~.order.plan` can start each pattern from them.
    """
    bound = tuple(sorted(bound))
    query = _PARSED.get((text, bound))
    if query is not None:
        return query
    import rdflib  # lazy: see _true_filter

    key = f"sparql-{_FORMAT}-rdflib{rdflib.__version__}-{_digest(text + chr(0) + ','.join(bound))}"
    blob = cache.load(key, tuple)
    if isinstance(blob, tuple) and len(blob) == 2:
        try:
            query, form = pickle.loads(blob[0]), blob[1]
        except Exception:
            query = None
    if query is None:
        query, form = parse_checked(text)
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

    *text* must be canonical (:func:`.guard.canonical`), as the engines run it.
    """
    form = _FORMS.get(text)
    if form is not None:
        return form
    form = cache.load(f"sparql-ok-{_FORMAT}-{_digest(text)}", str)
    if form not in ALLOWED_FORMS.values():
        prepare(text)
        form = _FORMS[text]
    _FORMS[text] = form
    return form
