"""Pushing the graph into any SPARQL 1.1 store over the Graph Store HTTP Protocol.

The dataset is the one the embedded engines query (:mod:`china_ai_kg.queries.store`), cut into named
graphs so that each unit of provenance can be replaced on its own:

* ``<https://w3id.org/cnkg/graph/source/ID>`` holds what the Source ``ID`` states
  (:func:`china_ai_kg.graph.rdf.owned_triples`: each triple exactly once);
* ``<https://w3id.org/cnkg/graph/ontology>`` the class hierarchy the queries lean on;
* ``<https://w3id.org/cnkg/graph/unsourced>`` anything no source names (normally empty);
* ``<https://w3id.org/cnkg/graph/push>`` the record of the push: the graphs it wrote, the graph's digest
  and view, and its state (``pushing``, then ``complete``).

Each graph is written with ``PUT`` (replace) for its first chunk and ``POST`` (add) for the next ones, so a
push that is interrupted and run again ends with exactly the graph; graphs that an earlier push wrote and
this one does not are deleted; graphs of other tools are never touched.  Queries see the union: the store's
default graph must be the union of its named graphs (GraphDB and Virtuoso by default, ``oxigraph serve
--union-default-graph``, Fuseki with ``tdb2:unionDefaultGraph``);
:func:`china_ai_kg.queries.sparql.remote.check_pushed` says so when not.
"""

from __future__ import annotations

import queue
import threading
from urllib.parse import quote

from ..base.batching import batched
from ..base.errors import ServerError
from ..base.http import redact, request
from ..graph.derived import graph_digest
from ..graph.model import KnowledgeGraph
from ..graph.rdf import owned_triples
from ..graph.views import view_key
from ..ontology.schema import Schema
from ..queries.sparql.remote import PUSH_GRAPH, PUSH_STATE
from ..queries.store import hierarchy_triples, nt_term

__all__ = ["GRAPH_NS", "graph_iri", "push", "pushed_graphs"]

GRAPH_NS = "https://w3id.org/cnkg/graph/"
ONTOLOGY_GRAPH = GRAPH_NS + "ontology"
UNSOURCED_GRAPH = GRAPH_NS + "unsourced"
_WROTE = PUSH_GRAPH + "#graph"
_DIGEST = PUSH_GRAPH + "#digest"
_VIEW = PUSH_GRAPH + "#view"
_NT = "application/n-triples"


def graph_iri(owner: str | None) -> str:
    """The named graph of the statements of Source *owner* (``None``: the unsourced graph)."""
    return UNSOURCED_GRAPH if owner is None else GRAPH_NS + "source/" + quote(owner, safe="")


def _graph_url(store_url: str, graph: str, extra: str = "") -> str:
    return f"{store_url}{'&' if '?' in store_url else '?'}graph={quote(graph, safe='')}{extra}"


def _owners(kg: KnowledgeGraph) -> set:
    owners = {n if d["type"] == "Source" else d.get("source") for n, d in kg.g.nodes(data=True)}
    owners.update(d.get("source") for _, _, d in kg.relations())
    return owners


def _line(s, p, o) -> str:
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"


class _Writer:
    """Sends one graph's triples in chunks: PUT first (replace), POST after (add).

    :meth:`send_later` hands a chunk to one sending thread, so that the next chunk is written while the
    server reads this one; :meth:`drain` waits for it and raises what it raised.
    """

    def __init__(self, store_url: str, auth, timeout, progress, extra: str = ""):
        self.store_url, self.auth, self.timeout, self.progress = store_url, auth, timeout, progress
        self.extra = extra
        self.started: set = set()
        self.requests = 0
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None

    def _run(self):
        while (item := self._queue.get()) is not None:
            if self._failure is None:
                try:
                    self._request(*item)
                except BaseException as e:  # handed to the caller by drain()
                    self._failure = e

    def send_later(self, graph: str, lines: list) -> None:
        if self._failure is not None:
            self.drain()
        method = "POST" if graph in self.started else "PUT"
        self.started.add(graph)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        self._queue.put((method, graph, lines))

    def drain(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    def send(self, graph: str, lines: list) -> None:
        method = "POST" if graph in self.started else "PUT"
        self.started.add(graph)
        self._request(method, graph, lines)

    def _request(self, method: str, graph: str, lines: list) -> None:
        request(method, _graph_url(self.store_url, graph, self.extra), "".join(lines).encode("utf-8"), auth=self.auth,
                timeout=self.timeout, headers={"Content-Type": f"{_NT}; charset=utf-8"}, what="the graph store")
        self.requests += 1
        if self.progress is not None:
            self.progress(len(lines))

    def delete(self, graph: str) -> None:
        request("DELETE", _graph_url(self.store_url, graph), auth=self.auth, timeout=self.timeout, missing_ok=True,
                what="the graph store")
        self.requests += 1


def pushed_graphs(store_url: str, auth=None, timeout: float | None = 60) -> dict:
    """What the last push to *store_url* recorded: ``{"state", "graphs", "digest", "view"}`` (empty: none)."""
    import pyoxigraph as ox  # lazy: only the SPARQL store needs it

    answer = request("GET", _graph_url(store_url, PUSH_GRAPH), auth=auth, timeout=timeout, missing_ok=True,
                     headers={"Accept": _NT}, what="the graph store")
    if not answer.body.strip():
        return {"software": answer.server}
    try:
        triples = list(ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        raise ServerError(f"{redact(store_url)}: the graph store answered {answer.content_type or 'no type'}, "
                          "not N-Triples (is this the Graph Store Protocol URL?)") from None
    record: dict = {"graphs": set(), "software": answer.server}
    for t in triples:
        p = t.predicate.value
        if p == _WROTE:
            record["graphs"].add(t.object.value)
        elif p in (PUSH_STATE, _DIGEST, _VIEW):
            record[{PUSH_STATE: "state", _DIGEST: "digest", _VIEW: "view"}[p]] = t.object.value
    return record


def _record(graphs, state: str, digest: str, view: str) -> list:
    lines = [f'<{PUSH_GRAPH}> <{PUSH_STATE}> "{state}" .\n', f'<{PUSH_GRAPH}> <{_DIGEST}> "{digest}" .\n',
             f'<{PUSH_GRAPH}> <{_VIEW}> "{view}" .\n']
    return lines + [f"<{PUSH_GRAPH}> <{_WROTE}> <{g}> .\n" for g in sorted(graphs)]


def push(kg: KnowledgeGraph, schema: Schema, store_url: str, *, auth=None, chunk: int = 100_000,
         timeout: float | None = 300, progress=None) -> dict:
    """Write *kg* to the Graph Store at *store_url*; returns ``{"graphs", "triples", "deleted", "requests"}``.

    The triples of one source are sent together; at most three chunks are held at a time.  *progress*, if given, is called with the
    number of triples of each request.  An Oxigraph server (by its ``Server`` header) is asked to load each
    request with its bulk loader (``no_transaction``): a request is then not atomic, which a push does not
    need, since running it again replaces every graph.
    """
    if chunk < 1:
        raise ServerError("the chunk size must be at least 1")
    previous = pushed_graphs(store_url, auth, timeout)
    graphs = {graph_iri(o) for o in _owners(kg)} | {ONTOLOGY_GRAPH}
    digest, view = graph_digest(kg), view_key(kg)
    bulk = "&no_transaction" if previous.get("software", "").lower().startswith("oxigraph") else ""
    writer = _Writer(store_url, auth, timeout, progress, bulk)
    writer.send(PUSH_GRAPH, _record(graphs | previous.get("graphs", set()), "pushing", digest, view))
    writer.started.discard(PUSH_GRAPH)
    total = 0
    try:
        for owner, owned in owned_triples(kg, schema):
            g = graph_iri(owner)
            for lines in batched((_line(s, p, o) for s, p, o in owned), chunk):
                writer.send_later(g, lines)
                total += len(lines)
        ontology = [_line(s, p, o) for s, p, o in hierarchy_triples(schema)]
        writer.send_later(ONTOLOGY_GRAPH, ontology)
        total += len(ontology)
        for g in sorted(graphs - writer.started):  # an owner whose triples all went elsewhere: empty it still
            writer.send_later(g, [])
    finally:
        writer.drain()
    stale = sorted(previous.get("graphs", set()) - graphs)
    for g in stale:
        writer.delete(g)
    writer.send(PUSH_GRAPH, _record(graphs, "complete", digest, view))
    return {"graphs": len(graphs), "triples": total, "deleted": len(stale), "requests": writer.requests}
