"""The explorer's data: the graph (or part of it) as vis-network nodes, edges, tooltips and legend.

Colours, shapes and every label come from the ontology; every text is plain
data, which the page puts on screen only through ``textContent``.  Nodes
and edges are sorted and the layout is seeded, so the same graph gives the
same data.
"""

from __future__ import annotations

import math

from ...base.errors import UnknownEntityError
from ...graph.model import NAME_KEYS, display_name, properties
from ..style import ink_for

__all__ = ["payload", "subgraph", "LARGE", "UI"]

LARGE = 1000
"""From this many drawn nodes on, the page draws no edge labels and shortens the layout."""

_PROVENANCE = ("source", "locator", "status", "date", "validFrom", "validTo", "confidence")
_FONT = 'system-ui, "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
_HIGHLIGHT = "#ffb300"
_LABEL_INSIDE = {"box", "ellipse", "circle", "database", "text"}  # vis-network shapes that hold their label
_SEED = 7
_BUDGET = 200_000  # node-iterations of layout in the browser

UI = {
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


def subgraph(g, nodes):
    """The induced subgraph on *nodes* (all of *g* for ``None``); an unknown id is an error."""
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
    from pyvis.network import Network  # lazy: pyvis pulls in jinja2 and networkx, which `cnkg --help` must not pay

    net = Network(directed=True, cdn_resources="in_line")
    net.node_ids = _IdList()
    return net


def payload(kg, g, schema, lang: str, highlight: frozenset) -> dict:
    """Everything the page script needs, as plain JSON-able data."""
    ui = UI[lang]
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
            font = {"size": 12, "color": ink_for(cls.color, "#212121", "#ffffff"), "strokeWidth": 0}
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


def _properties(attrs: dict, schema, lang: str, ui: dict, edge: bool = False) -> list:
    """The ontology properties other than provenance, as ``[label, value]`` rows."""
    return [
        [_label(schema, k, lang), _value(v, ui)]
        for k, v in properties(attrs, edge).items()
        if k not in _PROVENANCE and v is not None and v != ""
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
    return _edge_or_fact_tip(kg, fid, attrs, rows, schema, lang, ui, edge=False)


def _relation_tip(kg, u: str, v: str, attrs: dict, schema, lang: str, ui: dict) -> dict:
    rows = [[ui["from"], display_name(kg.g.nodes[u], lang)], [ui["to"], display_name(kg.g.nodes[v], lang)]]
    return _edge_or_fact_tip(kg, attrs["id"], attrs, rows, schema, lang, ui, edge=True)


def _edge_or_fact_tip(kg, ident: str, attrs: dict, rows: list, schema, lang: str, ui: dict, edge: bool) -> dict:
    """A fact's or a relationship's tooltip: its class as the head, *rows*, its properties, id and provenance."""
    rows = [*rows, *_properties(attrs, schema, lang, ui, edge=edge), [ui["id"], ident]]
    return {"head": schema.label(attrs["type"], lang), "sub": "", "rows": rows,
            "prov": _provenance(kg, attrs, schema, lang, ui)}


def _role_tip(kg, fid: str, target: str, attrs: dict, schema, lang: str, ui: dict) -> dict:
    fact = kg.g.nodes[fid]
    rows = [[ui["from"], schema.label(fact["type"], lang)], [ui["to"], display_name(kg.g.nodes[target], lang)]]
    return {"head": schema.label(attrs["type"], lang), "sub": "", "rows": rows, "prov": []}
