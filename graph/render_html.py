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

pyvis builds the network (nodes, edges, options); the page itself comes
from our template, ``render_template.html``, because pyvis's template loads
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

import base64
import contextlib
import hashlib
import json
import math
import os
import re
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..ontology.errors import RenderError, UnknownEntityError
from .model import NAME_KEYS, display_name

__all__ = ["render_html", "MAX_NODES", "LARGE"]

MAX_NODES = 4000
"""Largest number of drawn nodes :func:`render_html` accepts by default."""

LARGE = 1000
"""From this many drawn nodes on, the page draws no edge labels and shortens the layout."""

_LANGS = {"en": "en", "zh": "zh-Hans", "zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant"}
_VIS_DIRS = ("templates/lib/vis-9.1.2", "lib/vis-9.1.2")
_PROVENANCE = ("source", "locator", "status", "date", "validFrom", "validTo", "confidence")
_NOT_PROPERTIES = {"kind", "type", "id", "aliases", *NAME_KEYS.values(), *_PROVENANCE}
_FONT = 'system-ui, "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
_HIGHLIGHT = "#ffb300"
_LABEL_INSIDE = {"box", "ellipse", "circle", "database", "text"}  # vis-network shapes that hold their label
_SEED = 7
_BUDGET = 200_000  # node-iterations of layout in the browser

_UI = {
    "en": {
        "search": "Search names or aliases",
        "classes": "Classes",
        "nodes": "nodes",
        "edges": "edges",
        "en": "English",
        "zh-Hans": "Simplified Chinese",
        "zh-Hant": "Traditional Chinese",
        "aliases": "Aliases",
        "id": "ID",
        "yes": "yes",
        "no": "no",
        "from": "From",
        "to": "To",
        "provenance": "Provenance",
        "layout": "Laying out",
        "nomatch": "No match",
        "hint": "Click a node or an edge to see its details.",
        "all": "All",
        "none": "None",
    },
    "zh-Hans": {
        "search": "搜索名称或别名",
        "classes": "类别",
        "nodes": "个节点",
        "edges": "条边",
        "en": "英文",
        "zh-Hans": "简体中文",
        "zh-Hant": "繁体中文",
        "aliases": "别名",
        "id": "编号",
        "yes": "是",
        "no": "否",
        "from": "起点",
        "to": "终点",
        "provenance": "出处",
        "layout": "正在布局",
        "nomatch": "无匹配",
        "hint": "点击节点或边查看详情。",
        "all": "全选",
        "none": "全不选",
    },
    "zh-Hant": {
        "search": "搜尋名稱或別名",
        "classes": "類別",
        "nodes": "個節點",
        "edges": "條邊",
        "en": "英文",
        "zh-Hans": "簡體中文",
        "zh-Hant": "繁體中文",
        "aliases": "別名",
        "id": "編號",
        "yes": "是",
        "no": "否",
        "from": "起點",
        "to": "終點",
        "provenance": "出處",
        "layout": "正在佈局",
        "nomatch": "無匹配",
        "hint": "點擊節點或邊查看詳情。",
        "all": "全選",
        "none": "全不選",
    },
}


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
    code = _LANGS.get(lang)
    if code is None:
        raise RenderError(f"unknown language '{lang}' (use en, zh, zh-Hans or zh-Hant)")
    g = _subgraph(kg.g, nodes)
    n = g.number_of_nodes()
    if max_nodes is not None and n > max_nodes:
        raise RenderError(
            f"{n:,} nodes are too many for an HTML page (the limit is {max_nodes:,}): draw a neighbourhood "
            "(--depth), a query answer or a path instead, or browse the full graph in Neo4j"
        )
    payload = _payload(kg, g, schema, code, frozenset(highlight))
    html = _page(payload, title=title, lang=code)
    path = Path(path)
    _write_atomic(path, html)
    return path


# -- the graph ----------------------------------------------------------------


def _subgraph(g, nodes):
    if nodes is None:
        return g
    wanted = set(nodes)
    missing = sorted(n for n in wanted if n not in g)
    if missing:
        raise UnknownEntityError(f"cannot draw unknown node '{missing[0]}'")
    return g.subgraph(wanted)


class _IdList(list):
    """A list of node ids whose ``in`` is a set lookup.

    pyvis keeps node ids in a plain list and tests membership on every
    ``add_node`` and ``add_edge``, which makes building a 10,000-node
    network take seconds; this keeps its bookkeeping linear.
    """

    def __init__(self):
        super().__init__()
        self._members = set()

    def append(self, item):
        super().append(item)
        self._members.add(item)

    def __contains__(self, item):
        return item in self._members


def _network():
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    net.node_ids = _IdList()
    return net


def _payload(kg, g, schema, lang: str, highlight: frozenset) -> dict:
    """Everything the page script needs, as plain JSON-able data."""
    ui = _UI[lang]
    net = _network()
    large = g.number_of_nodes() >= LARGE
    node_info = {nid: _add_node(net, kg, g, nid, schema, lang, ui, nid in highlight) for nid in sorted(g.nodes)}
    edge_info = {}
    parallel: dict = {}
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        pair = (u, v) if u <= v else (v, u)
        parallel[pair] = parallel.get(pair, -1) + 1
        eid, info = _add_edge(net, kg, u, v, key, d, schema, lang, ui, parallel[pair], large, highlight)
        edge_info[eid] = info
    vis_nodes, vis_edges, *_ = net.get_network_data()
    counts: dict = {}
    for info in node_info.values():
        counts[info["cls"]] = counts.get(info["cls"], 0) + 1
    legend = [
        {
            "cls": name,
            "label": schema.label(name, lang),
            "color": schema.classes[name].color,
            "shape": schema.classes[name].shape,
            "count": count,
            "fact": schema.classes[name].is_fact,
        }
        for name, count in sorted(counts.items(), key=lambda t: (schema.classes[t[0]].is_fact, t[0]))
    ]
    return {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "nodeInfo": node_info,
        "edgeInfo": edge_info,
        "legend": legend,
        "ui": ui,
        "options": _options(len(vis_nodes), large),
    }


def _add_node(net, kg, g, nid: str, schema, lang: str, ui: dict, highlighted: bool) -> dict:
    """Add one node to *net*, styled by its class; return what the page shows about it."""
    attrs = g.nodes[nid]
    cls = schema.classes[attrs["type"]]
    degree = g.degree(nid)
    color = cls.color
    extra = {}
    if cls.is_fact:  # a small hub, labelled by its class
        label = schema.label(cls.name, lang)
        size = 5 + min(degree, 8) * 0.5
        font = {"size": 9, "color": "#616161"}
    else:
        label = display_name(attrs, lang)
        size = min(12 + 3.5 * math.sqrt(degree), 40)
        font = {"size": 14}
        if cls.shape in _LABEL_INSIDE:
            font = {"size": 12, "color": _ink(cls.color), "strokeWidth": 0}
    if highlighted:
        size += 6
        font = {**font, "bold": True}
        color = {"background": cls.color, "border": _HIGHLIGHT}
        extra = {"borderWidth": 3, "shadow": {"enabled": True, "color": _HIGHLIGHT, "size": 24, "x": 0, "y": 0}}
    net.add_node(nid, label=label, shape=cls.shape, color=color, size=round(size, 2), font=font, **extra)
    if cls.is_fact:
        return {"cls": cls.name, "find": "", "tip": _fact_tip(kg, nid, attrs, schema, lang, ui)}
    return {"cls": cls.name, "find": _search_text(nid, attrs), "tip": _entity_tip(kg, nid, attrs, schema, lang, ui)}


def _add_edge(net, kg, u, v, key, d, schema, lang, ui, nth: int, large: bool, highlight) -> tuple:
    """Add one relationship or role edge to *net*; return its id and what the page shows about it."""
    if d["kind"] == "relation":
        eid = d["id"]
        symmetric = schema.by_graph_name[d["type"]].symmetric
        opts = {"arrows": {"to": {"enabled": False}} if symmetric else "to", "width": 1.5}
        tip = _relation_tip(kg, u, v, d, schema, lang, ui)
    else:  # fact hub -> participant
        eid = f"{u}>{key}>{v}"
        opts = {"arrows": {"to": {"enabled": False}}, "dashes": True, "width": 1, "color": {"color": "#b0b0b0"}}
        tip = _role_tip(kg, u, v, d, schema, lang, ui)
    if not large:
        opts["label"] = schema.label(d["type"], lang)
    if nth:  # parallel edges between the same two nodes curve apart
        opts["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.2 * nth, 2)}
    if u in highlight and v in highlight:
        opts["width"] = 4
        opts["color"] = {"color": _HIGHLIGHT}
    net.add_edge(u, v, id=eid, **opts)
    return eid, {"tip": tip}


def _options(n_nodes: int, large: bool) -> dict:
    """vis-network options: a seeded layout that stabilises, then stops (the page turns physics off)."""
    # vis-network's layout costs 5-15 us per node and iteration on a slow machine: spend a fixed budget
    # of node-iterations (about 2 s), and let a small graph stop earlier once it is still.
    iterations = max(30, min(1000, int(_BUDGET / max(n_nodes, 1))))
    small = n_nodes <= 300  # small enough for a finer force approximation and overlap avoidance
    return {
        "autoResize": True,
        "layout": {"randomSeed": _SEED, "improvedLayout": n_nodes <= 150},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.025,
                "springLength": 110,
                "springConstant": 0.08,
                "damping": 0.6,
                "avoidOverlap": 0.3 if small else 0,
                "theta": 0.5 if small else 0.8 if not large else 1.0,
            },
            "maxVelocity": 60,
            "minVelocity": 1,
            "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        },
        "nodes": {"font": {"face": _FONT, "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1},
        "edges": {
            "smooth": False,
            "color": {"color": "#8a8a8a", "highlight": "#e65100", "hover": "#e65100"},
            "font": {"face": _FONT, "size": 10, "color": "#555555", "strokeWidth": 3, "align": "horizontal"},
            "arrows": {"to": {"scaleFactor": 0.6}},
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": True,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def _ink(color: str) -> str:
    """Black or white, whichever reads better on *color* (``#rrggbb``)."""
    m = re.fullmatch(r"#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})", color)
    if not m:
        return "#212121"
    r, g, b = (int(x, 16) / 255 for x in m.groups())
    return "#212121" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 else "#ffffff"


def _search_text(nid: str, attrs: dict) -> str:
    names = [nid, *(attrs.get(k) or "" for k in NAME_KEYS.values()), *attrs.get("aliases", ())]
    return "\n".join(sorted({n.lower() for n in names if n}))


def _value(value, ui: dict) -> str:
    if isinstance(value, bool):
        return ui["yes"] if value else ui["no"]
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v, ui) for v in value)
    return str(value)


def _label(schema, name: str, lang: str) -> str:
    try:
        return schema.label(name, lang)
    except KeyError:
        return name


def _properties(attrs: dict, schema, lang: str, ui: dict) -> list:
    return [
        [_label(schema, k, lang), _value(v, ui)]
        for k, v in sorted(attrs.items())
        if k not in _NOT_PROPERTIES and v is not None and v != ""
    ]


def _provenance(kg, attrs: dict, schema, lang: str, ui: dict) -> list:
    rows = []
    for key in _PROVENANCE:
        value = attrs.get(key)
        if value is None or value == "":
            continue
        if key == "source" and value in kg.g:
            src = kg.g.nodes[value]
            name = src.get("title") or display_name(src, lang)
            about = ", ".join(str(src[k]) for k in ("publisher", "published") if src.get(k))
            rows.append([_label(schema, key, lang), f"{name} ({about})" if about else name])
            if src.get("url"):
                rows.append([_label(schema, "url", lang), src["url"]])
        else:
            rows.append([_label(schema, key, lang), _value(value, ui)])
    return rows


def _entity_tip(kg, nid: str, attrs: dict, schema, lang: str, ui: dict) -> dict:
    rows = [[ui[script], attrs[key]] for script, key in NAME_KEYS.items() if attrs.get(key)]
    if attrs.get("aliases"):
        rows.append([ui["aliases"], ", ".join(attrs["aliases"])])
    rows += _properties(attrs, schema, lang, ui)
    rows.append([ui["id"], nid])
    return {
        "head": display_name(attrs, lang),
        "sub": schema.label(attrs["type"], lang),
        "rows": rows,
        "prov": _provenance(kg, attrs, schema, lang, ui),
    }


def _fact_tip(kg, fid: str, attrs: dict, schema, lang: str, ui: dict) -> dict:
    by_role: dict = {}
    for role, target in kg.roles(fid):
        by_role.setdefault(role, []).append(display_name(kg.g.nodes[target], lang))
    rows = [[_label(schema, role, lang), ", ".join(names)] for role, names in by_role.items()]
    rows += _properties(attrs, schema, lang, ui)
    rows.append([ui["id"], fid])
    return {
        "head": schema.label(attrs["type"], lang),
        "sub": "",
        "rows": rows,
        "prov": _provenance(kg, attrs, schema, lang, ui),
    }


def _relation_tip(kg, u: str, v: str, attrs: dict, schema, lang: str, ui: dict) -> dict:
    rows = [[ui["from"], display_name(kg.g.nodes[u], lang)], [ui["to"], display_name(kg.g.nodes[v], lang)]]
    rows += _properties(attrs, schema, lang, ui)
    rows.append([ui["id"], attrs["id"]])
    return {
        "head": schema.label(attrs["type"], lang),
        "sub": "",
        "rows": rows,
        "prov": _provenance(kg, attrs, schema, lang, ui),
    }


def _role_tip(kg, fid: str, target: str, attrs: dict, schema, lang: str, ui: dict) -> dict:
    fact = kg.g.nodes[fid]
    rows = [[ui["from"], schema.label(fact["type"], lang)], [ui["to"], display_name(kg.g.nodes[target], lang)]]
    return {"head": schema.label(attrs["type"], lang), "sub": "", "rows": rows, "prov": []}


# -- the page -----------------------------------------------------------------

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def _script_json(data) -> str:
    """JSON that cannot end the ``<script>`` element it sits in (no ``<``, ``>`` or ``&``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple:
    """vis-network's script and stylesheet from the pyvis package, ready to inline."""
    root = resources.files("pyvis")
    for folder in _VIS_DIRS:
        js, css = root.joinpath(folder, "vis-network.min.js"), root.joinpath(folder, "vis-network.css")
        if js.is_file() and css.is_file():
            break
    else:
        raise RenderError("pyvis does not ship vis-network 9.1.2 where expected; reinstall pyvis>=0.3.2")
    js_text = _strip_source_map(js.read_text(encoding="utf-8"))
    css_text = _strip_source_map(css.read_text(encoding="utf-8"))
    if re.search(r"</script|<!--", js_text, re.I) or re.search(r"</style", css_text, re.I):
        raise RenderError("pyvis's vis-network files cannot be inlined safely (they contain '</script>')")
    return js_text, css_text


def _strip_source_map(text: str) -> str:
    # A sourceMappingURL would make developer tools fetch a file next to the page.
    return re.sub(r"^\s*(//|/\*)# sourceMappingURL=.*$", "", text, flags=re.M).rstrip() + "\n"


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, StrictUndefined

    text = resources.files("china_ai_kg.graph").joinpath("render_template.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True, keep_trailing_newline=True, undefined=StrictUndefined)
    return env.from_string(text)


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(payload: dict, *, title: str, lang: str) -> str:
    from markupsafe import Markup

    vis_js, vis_css = _vis_assets()
    template = _template()
    # The page script is the template's one block; rendered alone, its bytes are what the page holds.
    app_js = "".join(template.blocks["app_js"](template.new_context()))
    # The CSP allows exactly these two scripts, by hash: an injected inline handler could not run.
    csp = (
        f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    return template.render(
        lang=lang,
        title=title,
        csp=csp,
        ui=payload["ui"],
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        data=Markup(_script_json(payload)),
    )


def _write_atomic(path: Path, text: str) -> None:
    """Write *text* to *path* through a temporary file in the same folder, so no reader sees half a page."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise RenderError(f"cannot write {path}: {e.strerror}") from e
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise RenderError(f"cannot write {path}: {e.strerror}") from e
        raise
