"""The datasets the SPARQL engines query, derived from a graph and cached.

The SPARQL dataset is the exact projection of :func:`china_ai_kg.graph.rdf.to_rdf`
plus the class hierarchy of the ontology with its RDFS closure: for every
class C, ``C rdfs:subClassOf C`` and ``C rdfs:subClassOf A`` for each
ancestor A up to ``cnkg:Entity`` or ``cnkg:Fact``.  A query asks for "an
Organization of any kind" with the plain pattern ``?x a ?c . ?c
rdfs:subClassOf cnkg:Organization``, as Cypher asks for
``(x:Organization)``, and no engine has to walk a property path for it.

Each dataset is built once per graph (:func:`china_ai_kg.graph.derived.derived`):
an rdflib Graph for the ``rdflib`` engine, N-Triples and a pyoxigraph store
for ``oxigraph``; a large graph's store lives on disk in the cache and is
opened read-only by later runs.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from itertools import chain

from ..base import cache
from ..base.batching import batched
from ..graph.derived import derived, derived_key, memo
from ..graph.model import LARGE_GRAPH
from ..graph.rdf import to_rdf, triples
from ..ontology.schema import NS, load_schema

__all__ = ["rdflib_graph", "ntriples", "ntriples_chunks", "oxigraph_store", "store_path", "hierarchy_triples", "nt_term",
           "complete_store", "open_checked"]

_COMPLETE = "cnkg-complete"


def _versions(what: str, schema) -> str:
    """The versions an object of kind *what* depends on: the ontology and the library whose types it holds."""
    if what == "rdflib":
        import rdflib  # lazy: rdflib costs ~150 ms at start-up

        lib = f"rdflib{rdflib.__version__}"
    elif what == "oxigraph":
        import pyoxigraph  # lazy: only the oxigraph engine needs it

        lib = f"pyoxigraph{pyoxigraph.__version__}"
    else:
        lib = ""
    return f"{lib}-{schema.digest[:12]}"


def hierarchy_triples(schema):
    """The ontology facts queries lean on: ``C rdfs:subClassOf A`` for every class C and every A in C's
    lineage (C itself included), and ``P a owl:SymmetricProperty`` for each symmetric relationship (whose
    edges the projection holds in both directions; a query that follows edges as stored skips the inverse)."""
    from rdflib import OWL, RDF, RDFS, URIRef  # lazy: see _versions

    for name in sorted(schema.classes):
        for ancestor in schema.classes[name].lineage:
            yield URIRef(NS + name), RDFS.subClassOf, URIRef(NS + ancestor)
    for _, link in sorted(schema.relations.items()):
        if link.symmetric:
            yield URIRef(NS + link.name), RDF.type, OWL.SymmetricProperty


def _build_rdflib(kg, schema):
    g = to_rdf(kg, schema)
    g.addN((s, p, o, g) for s, p, o in hierarchy_triples(schema))
    return g


def rdflib_graph(kg, schema=None):
    """The rdflib Graph the ``rdflib`` engine queries."""
    schema = schema or load_schema()
    return derived(kg, "rdflib", lambda: _build_rdflib(kg, schema), _versions("rdflib", schema))


def nt_term(term) -> str:
    """One rdflib term as N-Triples writes it."""
    from rdflib import Literal  # lazy: see _versions

    if not isinstance(term, Literal):
        return f"<{term}>"  # node and vocabulary IRIs: percent-encoded, nothing to escape
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def ntriples_chunks(kg, schema=None, size: int = 50_000):
    """The dataset of :func:`rdflib_graph` as N-Triples, in UTF-8 chunks of *size* triples."""
    schema = schema or load_schema()
    nt = nt_term
    for chunk in batched(chain(triples(kg, schema), hierarchy_triples(schema)), size):
        yield "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in chunk).encode("utf-8")


def ntriples(kg, schema=None) -> bytes:
    """The same dataset as :func:`rdflib_graph`, as N-Triples bytes (memoised and disk-cached)."""
    schema = schema or load_schema()
    return derived(kg, "ntriples", lambda: b"".join(ntriples_chunks(kg, schema)), _versions("ntriples", schema),
                   kind=bytes)


def store_path(kg, schema=None):
    """Where the on-disk oxigraph store of *kg* lives in the cache (``None`` when the cache is off)."""
    schema = schema or load_schema()
    return cache.entry_path(derived_key(kg, "oxigraph", _versions("oxigraph", schema)), suffix=".store")


def oxigraph_store(kg, schema=None, disk_threshold: int = LARGE_GRAPH):
    """A pyoxigraph Store holding the dataset: in memory for a small graph, else on disk in the cache.

    A large graph would cost seconds to bulk-load on every run, so its
    store is built once into the cache directory (in a temporary directory
    renamed when complete) and later opened read-only.  A graph is large when
    its nodes plus edges exceed *disk_threshold*.
    """
    import pyoxigraph as ox  # lazy: see _versions

    objects = memo(kg)
    if "oxigraph" in objects:
        return objects["oxigraph"]
    schema = schema or load_schema()
    path = store_path(kg, schema)
    if path is None or kg.size() <= disk_threshold:
        store = ox.Store()
        store.bulk_load(ntriples(kg, schema), format=ox.RdfFormat.N_TRIPLES)
    else:
        store = None
        if complete_store(path):
            store = open_checked(path)
        if store is None:  # never built, or damaged since: (re)build it
            shutil.rmtree(path, ignore_errors=True)
            _build_store_dir(kg, schema, path)
            store = ox.Store.read_only(str(path))
    objects["oxigraph"] = store
    return store


def complete_store(path) -> bool:
    """Whether the store directory *path* was built to the end (its builder marks it last)."""
    return (path / _COMPLETE).exists()


def open_checked(path):
    """The store at *path*, read-only, or ``None`` when RocksDB finds it damaged (it is then rebuilt)."""
    import pyoxigraph as ox  # lazy: see _versions

    try:
        store = ox.Store.read_only(str(path))
        store.query("ASK { ?s ?p ?o }")
    except (OSError, RuntimeError, ValueError):
        return None
    return store


def _build_store_dir(kg, schema, path) -> None:
    import pyoxigraph as ox  # lazy: see _versions

    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(tmp))
    for chunk in ntriples_chunks(kg, schema):
        store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store
    gc.collect()  # the store closes when collected; RocksDB must be closed before the rename
    (tmp / _COMPLETE).write_text("complete\n")
    try:
        os.replace(tmp, path)
    except OSError:  # another process finished first
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp, ignore_errors=True)
