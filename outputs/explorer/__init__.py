"""Draw the graph, or part of it, as one self-contained HTML page.

The page is built for reading offline and for being safe to open:

* **offline** -- vis-network's script and stylesheet (shipped inside the
  pyvis package) are inlined, there is no CDN link, and a Content Security
  Policy with ``default-src 'none'`` forbids the page any request at all;
* **safe** -- every name, alias and property reaches the browser only as
  JSON data inside ``<script type="application/json">`` (with ``<``, ``>``
  and ``&`` written as ``\\u003c``...), and the page script puts it on
  screen only through ``textContent`` and DOM elements, never as HTML.
  The CSP allows our two scripts by their hashes only, so even an escaping
  slip could not run an injected event handler;
* **one source of truth** -- colours, shapes and every label (classes,
  relationships, roles, properties) come from the ontology;
* **deterministic** -- nodes and edges are sorted, ids are the graph's own,
  the layout is seeded, and the file holds no timestamp: the same graph
  gives the same bytes.

pyvis builds the network (nodes, edges, options) in :mod:`.payload`; the
page itself comes from our template, ``template.html``, in :mod:`.page`, because pyvis's template loads
Bootstrap and vis-network from CDNs and ``write_html`` copies a ``lib/``
folder into the working directory.  We write only *path*, atomically.

Big graphs.  vis-network lays the graph out in the browser.  The page
spends a fixed budget of layout work (node x iteration), so that up to a
few thousand nodes it opens and settles in 2-4 s in headless Chromium on
two slow vCPUs; from :data:`LARGE` nodes on it also drops edge labels
(still in the tooltips) and coarsens the force approximation.  Past about
5,000 nodes the fixed costs (parsing, building, drawing, a minimal
layout) approach 5 s -- 10,000 nodes take 8-13 s -- and such a
drawing cannot be read anyway.  So above :data:`MAX_NODES` (4,000, with
a margin for a loaded machine) :func:`render_html` refuses with a
:class:`~china_ai_kg.ontology.errors.RenderError` that suggests drawing a
neighbourhood (``--depth``), a query answer or a path, or browsing the
graph in Neo4j; ``max_nodes=None`` lifts the limit.  Numbers:
``python bench/bench_html.py``.
"""

from __future__ import annotations

from pathlib import Path

from ...base.errors import RenderError
from ...base.files import write_atomic
from ...base.langs import canonical_lang
from .page import page
from .payload import LARGE, payload, subgraph

__all__ = ["render_html", "MAX_NODES", "LARGE"]

MAX_NODES = 4000
"""Largest number of drawn nodes :func:`render_html` accepts by default."""


def render_html(
    kg,
    schema,
    path,
    *,
    lang: str = "en",
    title: str = "china-ai-kg",
    nodes=None,
    highlight=(),
    max_nodes: int | None = MAX_NODES,
    protect=(),
    answer: dict | None = None,
    back: dict | None = None,
    marks: dict | None = None,
) -> Path:
    """Write an interactive, offline HTML drawing of *kg* to *path*.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to draw.
    schema : Schema
        The ontology (:func:`china_ai_kg.ontology.load_schema`): colours,
        shapes and labels.
    path : str or Path
        The file to write; nothing else is written.
    lang : {"en", "zh", "zh-Hans", "zh-Hant"}
        Language of names and labels (``zh`` is simplified Chinese).
    title : str
        The page title.
    nodes : iterable of str, optional
        Node ids to draw (the induced subgraph): a query answer, a
        neighbourhood, a path.  Default: the whole graph.
    highlight : iterable of str
        Node ids to emphasise, such as a path; ids not drawn are ignored.
    max_nodes : int or None
        Refuse to draw more nodes than this (see the module docstring).
    protect : iterable of paths
        Files that must not be overwritten (default: the files *kg* was loaded from).
    answer : dict, optional
        A query's answer (``{"columns": [...], "rows": [...]}``), shown as a table beside the graph;
        clicking a row selects the nodes it names.
    back : dict, optional
        ``{"href": ..., "text": ...}``: a link back to the page the drawing belongs to.
    marks : dict, optional
        ``{id: "added" | "changed" | "removed"}``: nodes and edges to outline, as ``cnkg diff`` finds them.

    Returns
    -------
    Path
        *path*.

    Raises
    ------
    RenderError
        The graph is too big, the language unknown, pyvis's vis-network
        files are missing, or the file cannot be written.
    UnknownEntityError
        A node id in *nodes* is not in the graph.
    """
    code = canonical_lang(lang)
    if code is None:
        raise RenderError(f"unknown language '{lang}' (use en, zh, zh-Hans or zh-Hant)")
    g = subgraph(kg.g, nodes)
    n = g.number_of_nodes()
    if max_nodes is not None and n > max_nodes:
        raise RenderError(
            f"{n:,} nodes are too many for an HTML page (the limit is {max_nodes:,}): draw a neighbourhood "
            "(--depth), a query answer or a path instead, or browse the full graph in Neo4j"
        )
    data = payload(kg, g, schema, code, frozenset(highlight), answer=answer, back=back, marks=marks)
    return write_atomic(Path(path), page(data, title=title, lang=code), protect=protect or kg.inputs)
