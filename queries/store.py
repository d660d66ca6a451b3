"""What the engines derive from a graph, built once and cached.

A cold ``cnkg query run`` must cost little more than importing its
libraries, so nothing that depends only on the graph is rebuilt per run:
the RDF projection (an rdflib Graph for the ``rdflib`` engine, N-Triples
for ``oxigraph``) and the alias resolver are kept in memory for the life of
the graph object and on disk (:mod:`china_ai_kg.graph.cache`) under a key
made of the graph's digest, the ontology's digest and the versions of the
libraries whose objects are pickled.

The SPARQL dataset is the exact projection of :func:`china_ai_kg.graph.rdf.to_rdf`
plus the class hierarchy of the ontology with its RDFS closure: for every
class C, ``C rdfs:subClassOf C`` and ``C rdfs:subClassOf A`` for each
ancestor A up to ``cnkg:Entity`` or ``cnkg:Fact``.  A query asks for "an
Organization of any kind" with the plain pattern ``?x a ?c . ?c
rdfs:subClassOf cnkg:Organization``, as Cypher asks for
``(x:Organization)``, and no engine has to walk a property path for it.
"""

from __future__ import annotations

import hashlib
import pickle
import weakref

__all__ = [
    "graph_digest",
    "cache_key",
    "derived",
    "forget_on_collect",
    "rdflib_graph",
    "ntriples",
    "ntriples_chunks",
    "oxigraph_store",
    "hierarchy_triples",
    "DISK_THRESHOLD",
]

_FORMAT = "2"
_MEMO: dict = {}  # id(kg) -> (weakref to kg, {what: object})
_COMPLETE = "cnkg-complete"
DISK_THRESHOLD = 20_000  # nodes + edges above which the oxigraph store lives on disk


def graph_digest(kg) -> str:
    """A digest of the graph's content: ``kg.digest`` if the loader set one, else a hash of its pickle.

    Pickling preserves the sharing of equal objects, so a graph read back
    from the loader's cache hashes like the one that was stored.
    """
    digest = getattr(kg, "digest", None)
    if isinstance(digest, str) and digest:
        return digest
    return hashlib.sha256(pickle.dumps(kg.g, protocol=4)).hexdigest()[:24]


def _versions(what: str) -> str:
    if what == "rdflib":
        import rdflib

        return f"rdflib{rdflib.__version__}"
    if what == "oxigraph":
        import pyoxigraph

        return f"pyoxigraph{pyoxigraph.__version__}"
    return ""


def forget_on_collect(memo: dict, key):
    """A weakref callback that drops *key* from *memo* when its graph is collected."""
    return lambda _ref: memo.pop(key, None)


def _entry(kg) -> dict:
    entry = _MEMO.get(id(kg))
    if entry is None or entry[0]() is not kg:
        entry = (weakref.ref(kg, forget_on_collect(_MEMO, id(kg))), {})
        _MEMO[id(kg)] = entry
    return entry[1]


def _schema(schema):
    if schema is None:
        from ..ontology.schema import load_schema

        schema = load_schema()
    return schema


def cache_key(kg, what: str, schema=None) -> str:
    """The cache key of the object *what* derived from *kg* (graph, ontology and library versions)."""
    objects = _entry(kg)
    if "digest" not in objects:
        objects["digest"] = graph_digest(kg)
    return f"query-{what}-{_FORMAT}{_versions(what)}-{_schema(schema).digest[:12]}-{objects['digest']}"


def derived(kg, what: str, build, schema=None):
    """Return the object *what* derived from *kg*: memoised, then disk-cached, else ``build()``."""
    from ..graph import cache

    objects = _entry(kg)
    if what in objects:
        return objects[what]
    key = cache_key(kg, what, schema)
    obj = cache.load(key)
    if obj is None:
        obj = build()
        cache.store(key, obj)
    objects[what] = obj
    return obj


def hierarchy_triples(schema):
    """``C rdfs:subClassOf A`` for every class C and every A in C's lineage (C itself included)."""
    from rdflib import RDFS, URIRef

    from ..ontology.schema import NS

    for name in sorted(schema.classes):
        for ancestor in schema.classes[name].lineage:
            yield URIRef(NS + name), RDFS.subClassOf, URIRef(NS + ancestor)


def _build_rdflib(kg, schema):
    from ..graph.rdf import to_rdf

    g = to_rdf(kg, schema)
    g.addN((s, p, o, g) for s, p, o in hierarchy_triples(schema))
    return g


def rdflib_graph(kg, schema=None):
    """The rdflib Graph the ``rdflib`` engine queries."""
    if schema is None:
        from ..ontology.schema import load_schema

        schema = load_schema()
    return derived(kg, "rdflib", lambda: _build_rdflib(kg, schema), schema)


def _nt_term(term) -> str:
    from rdflib import Literal

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
    from ..graph.rdf import triples

    schema = _schema(schema)
    nt = _nt_term
    lines = []
    for s, p, o in [*triples(kg, schema), *hierarchy_triples(schema)]:
        lines.append(f"{nt(s)} {nt(p)} {nt(o)} .\n")
        if len(lines) == size:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")


def ntriples(kg, schema=None) -> bytes:
    """The same dataset as :func:`rdflib_graph`, as N-Triples bytes (memoised and disk-cached)."""
    return derived(kg, "ntriples", lambda: b"".join(ntriples_chunks(kg, schema)), schema)


def oxigraph_store(kg, schema=None, disk_threshold: int = DISK_THRESHOLD):
    """A pyoxigraph Store holding the dataset: in memory for a small graph, else on disk in the cache.

    A large graph would cost seconds to bulk-load on every run, so its
    store is built once into the cache directory (in a temporary directory
    renamed when complete) and later opened read-only.
    """
    import pyoxigraph as ox

    objects = _entry(kg)
    if "oxigraph" in objects:
        return objects["oxigraph"]
    from ..graph import cache

    directory = cache.cache_dir()
    size = kg.g.number_of_nodes() + kg.g.number_of_edges()
    if directory is None or size < disk_threshold:
        store = ox.Store()
        store.bulk_load(ntriples(kg, schema), format=ox.RdfFormat.N_TRIPLES)
    else:
        path = directory / cache_key(kg, "oxigraph", schema)
        if not (path / _COMPLETE).exists():
            _build_store_dir(kg, schema, path)
        store = ox.Store.read_only(str(path))
    objects["oxigraph"] = store
    return store


def _build_store_dir(kg, schema, path) -> None:
    import gc
    import os
    import shutil

    import pyoxigraph as ox

    tmp = path.with_name(f".tmp-{path.name}-{os.getpid()}")
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
        shutil.rmtree(tmp, ignore_errors=True)
