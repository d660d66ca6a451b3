"""The explorer's data: the graph (or part of it) as vis-network nodes, edges, tooltips and legend.

Colours, shapes and every label come from the ontology; every text is plain
data, which the page puts on screen only through ``textContent``.  Nodes
and edges are sorted and the layout is seeded, so the same graph gives the
same data.
"""

from __future__ import annotations

import hashlib
import math

from ...base.errors import UnknownEntityError
from ...base.names import to_traditional
from ...graph.model import NAME_KEYS, display_name, properties
from ...graph.time_axes import Axes
from ..style import ink_for
from .cells import cell_items
from .facts import fact_label

__all__ = ["payload", "subgraph", "communities", "LARGE", "COMMUNITIES", "UI"]

LARGE = 1000
"""From this many drawn nodes on, the page draws no edge labels and shortens the layout."""

COMMUNITIES = 300
"""From this many drawn nodes on, nodes are coloured by community (Louvain) rather than class, by default."""

_MARKS = {"added": "#2e7d32", "changed": "#ef6c00", "removed": "#c62828"}
"""Outline colours of the items a diff found (``cnkg diff --html``)."""

# Twelve colours for communities, far apart from each other (the largest community comes first).
_COMMUNITY_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                      "#bcbd22", "#393b79", "#ad494a", "#637939")
_ROLE_STYLES = {
    "strong": {"dashes": False, "width": 3, "color": {"color": "#37474f"}},
    "muted": {"dashes": [3, 5], "width": 1, "color": {"color": "#d0d0d0"}},
    "": {"dashes": True, "width": 1, "color": {"color": "#b0b0b0"}},
}

_PROVENANCE = ("source", "locator", "status", "date", "validFrom", "validTo", "confidence")
_FONT = 'system-ui, "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
_HIGHLIGHT = "#ffb300"
_LABEL_INSIDE = {"box", "ellipse", "circle", "database", "text"}  # vis-network shapes that hold their label
_SEED = 7
_BUDGET = 200_000  # node-iterations of layout in the browser

UI = {
    "en": {
        "search": "Search names, aliases, facts",
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
        "sources": "Sources",
        "allSources": "All sources",
        "colourBy": "Colour by",
        "byClass": "class",
        "byCommunity": "community",
        "answer": "Answer",
        "rows": "rows",
        "time": "Time",
        "allTime": "all dates",
        "play": "Play",
    },
    "zh-Hans": {
        "search": "搜索名称、别名或事实",
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
        "sources": "来源",
        "allSources": "全部来源",
        "colourBy": "着色依据",
        "byClass": "类别",
        "byCommunity": "社区",
        "answer": "答案",
        "rows": "行",
        "time": "时间",
        "allTime": "全部日期",
        "play": "播放",
    },
    "zh-Hant": {
        "search": "搜尋名稱、別名或事實",
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
        "sources": "來源",
        "allSources": "全部來源",
        "colourBy": "著色依據",
        "byClass": "類別",
        "byCommunity": "社區",
        "answer": "答案",
        "rows": "行",
        "time": "時間",
        "allTime": "全部日期",
        "play": "播放",
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


def communities(g) -> dict:
    """Node id -> community number (0 is the largest), by Louvain modularity with a fixed seed."""
    import networkx as nx  # lazy: networkx costs ~200 ms, which `cnkg --help` must not pay

    found = nx.community.louvain_communities(nx.Graph(g.to_undirected(as_view=True)), seed=7)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {n: i for i, members in enumerate(ordered) for n in members}


def _seed_positions(vis_nodes: list, groups: dict) -> None:
    """Start each community in its own disc (on a golden-angle spiral, largest first), so the layout keeps
    communities apart instead of mixing a large graph into one hairball.  Positions follow from ids only."""
    sizes: dict = {}
    for c in groups.values():
        sizes[c] = sizes.get(c, 0) + 1
    centres, placed = {}, 0
    for c in sorted(sizes):
        angle, radius = c * 2.39996, 30 * math.sqrt(placed)
        centres[c] = (radius * math.cos(angle), radius * math.sin(angle))
        placed += sizes[c]
    for node in vis_nodes:
        c = groups[node["id"]]
        h = int(hashlib.sha1(node["id"].encode("utf-8")).hexdigest()[:8], 16)
        spread = 12 * math.sqrt(sizes[c])
        a, r = (h % 3600) / 3600 * 2 * math.pi, spread * math.sqrt(((h >> 12) % 1000) / 1000)
        node["x"], node["y"] = round(centres[c][0] + r * math.cos(a), 1), round(centres[c][1] + r * math.sin(a), 1)


def _sources(kg, g, lang: str) -> list:
    """The Source documents cited by what is drawn, as ``{id, name}`` for the page's source filter."""
    cited = {d.get("source") for _, d in g.nodes(data=True)} | {d.get("source") for _, _, d in g.edges(data=True)}
    return [{"id": s, "name": kg.g.nodes[s].get("title") or display_name(kg.g.nodes[s], lang)}
            for s in sorted(c for c in cited if c and c in kg.g)]


def payload(kg, g, schema, lang: str, highlight: frozenset, answer: dict | None = None, back: dict | None = None,
            marks: dict | None = None) -> dict:
    """Everything the page script needs, as plain JSON-able data.

    *answer* (``{"columns", "rows"}``) is a query's answer, drawn as a table beside the graph; *back*
    (``{"href", "text"}``) a link back to the page the graph belongs to; *marks* (``{id: "added" |
    "changed" | "removed"}``) outlines the nodes and edges a diff found (removed ones dashed).
    """
    ui = UI[lang]
    net = _network()
    large = g.number_of_nodes() >= LARGE
    node_info = {nid: _add_node(net, kg, g, nid, schema, lang, ui, nid in highlight) for nid in sorted(g.nodes)}
    for nid, info in node_info.items():
        if info["cls"] == "Source" and g.degree(nid) == 0:
            info["isolated"] = True  # shown when the source filter picks it, not floating on its own
    edge_info = {}
    parallel: dict = {}
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        pair = (u, v) if u <= v else (v, u)
        parallel[pair] = parallel.get(pair, -1) + 1
        eid, info = _add_edge(net, kg, u, v, key, d, schema, lang, ui, parallel[pair], large, highlight)
        edge_info[eid] = info
    vis_nodes, vis_edges, *_ = net.get_network_data()
    if marks:
        _mark(vis_nodes, vis_edges, node_info, marks)
    ticks = _timeline(kg, g, schema, node_info, edge_info)
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
    data = {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "nodeInfo": node_info,
        "edgeInfo": edge_info,
        "legend": legend,
        "ui": ui,
        "options": _options(len(vis_nodes), large),
        "sources": _sources(kg, g, lang),
    }
    if ticks:
        data["timeline"] = ticks
    if g.number_of_nodes() >= COMMUNITIES:
        groups = communities(g)
        for nid, info in node_info.items():
            info["community"] = groups[nid]
        data["communityColours"] = list(_COMMUNITY_COLOURS)
        _seed_positions(vis_nodes, groups)
    if answer is not None:
        data["answer"] = _answer_table(kg, schema, answer, lang)
    if back is not None:
        data["back"] = back
    return data


def _answer_table(kg, schema, answer: dict, lang: str) -> dict:
    """The answer's rows with each node shown by name and kept as ``id``, so a row can select its nodes."""
    def cell(value):
        return [{"text": text, **({"id": node} if node else {})} for text, node in cell_items(kg, schema, value, lang)]

    return {"columns": list(answer["columns"]), "rows": [[cell(v) for v in row] for row in answer["rows"]]}


def _timeline(kg, g, schema, node_info: dict, edge_info: dict) -> list:
    """Give each dated node and relationship its valid time (``t``: ``[start, end]``, ``null`` when open) and
    return the dates a reader can step through, sorted: the page's time slider shows what holds on each, as
    ``--as-of`` does (:mod:`china_ai_kg.graph.views`)."""
    axes = Axes(schema, kg)
    ticks = set()

    def stamp(info: dict, attrs: dict) -> None:
        start, end = axes.valid(attrs)
        if start or end:
            info["t"] = [start, end]
            ticks.update(d for d in (start, end) if d)

    for nid, info in node_info.items():
        stamp(info, g.nodes[nid])
    for u, v, d in g.edges(data=True):
        if d["kind"] == "relation":
            stamp(edge_info[d["id"]], d)
        elif "t" in node_info[v]:  # a fact holds only while its participants exist
            node_info[u].setdefault("p", []).append(v)
    return sorted(ticks)


def _mark(vis_nodes: list, vis_edges: list, node_info: dict, marks: dict) -> None:
    """Outline what a diff found: added green, changed orange, removed red and dashed (role edges follow their fact)."""
    for node in vis_nodes:
        mark = marks.get(node["id"])
        if mark:
            fill = node["color"]["background"] if isinstance(node["color"], dict) else node["color"]
            node["color"] = {"background": fill, "border": _MARKS[mark]}
            node["borderWidth"] = 4
            if mark == "removed":
                node["shapeProperties"] = {"borderDashes": [4, 3]}
            node_info[node["id"]]["change"] = mark
    for edge in vis_edges:
        mark = marks.get(edge["id"]) or marks.get(edge["id"].split(">", 1)[0] if ">" in edge["id"] else "")
        if mark:
            edge["color"] = {"color": _MARKS[mark]}
            edge["width"] = 3
            if mark == "removed":
                edge["dashes"] = True


def _add_node(net, kg, g, nid: str, schema, lang: str, ui: dict, highlighted: bool) -> dict:
    """Add one node to *net*, styled by its class; return what the page shows about it."""
    attrs = g.nodes[nid]
    cls = schema.classes[attrs["type"]]
    degree = g.degree(nid)
    color = cls.color
    extra = {}
    if cls.is_fact:  # a small hub, labelled by what it states
        label = fact_label(attrs, schema.label(cls.name, lang), lang)
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
    info = {"cls": cls.name, "src": attrs.get("source") or (nid if cls.name == "Source" else None)}
    if cls.is_fact:
        texts = [nid, label, attrs.get("description") or ""]
        return {**info, "find": "\n".join(t.lower() for t in texts if t),
                "tip": _fact_tip(kg, nid, attrs, schema, lang, ui)}
    return {**info, "find": _search_text(nid, attrs), "tip": _entity_tip(kg, nid, attrs, schema, lang, ui)}


def _add_edge(net, kg, u, v, key, d, schema, lang, ui, nth: int, large: bool, highlight) -> tuple:
    """Add one relationship or role edge to *net*; return its id and what the page shows about it."""
    if d["kind"] == "relation":
        eid = d["id"]
        symmetric = schema.by_graph_name[d["type"]].symmetric
        opts = {"arrows": {"to": {"enabled": False}} if symmetric else "to", "width": 1.5}
        tip = _relation_tip(kg, u, v, d, schema, lang, ui)
    else:  # fact hub -> participant, drawn by the role's emphasis in the ontology
        eid = f"{u}>{key}>{v}"
        emphasis = schema.by_graph_name[d["type"]].emphasis
        opts = {"arrows": {"to": {"enabled": False}}, **_ROLE_STYLES.get(emphasis, _ROLE_STYLES[""])}
        tip = _role_tip(kg, u, v, d, schema, lang, ui)
    if not large:
        opts["label"] = schema.label(d["type"], lang)
    if nth:  # parallel edges between the same two nodes curve apart
        opts["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.2 * nth, 2)}
    if u in highlight and v in highlight:
        opts["width"] = 4
        opts["color"] = {"color": _HIGHLIGHT}
    net.add_edge(u, v, id=eid, **opts)
    src = d.get("source") if d["kind"] == "relation" else kg.g.nodes[u].get("source")
    return eid, {"tip": tip, "src": src}


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
            "scaling": {"label": {"drawThreshold": 22}},  # edge labels appear when zoomed in past the fitted view
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
    """What the search box matches: id, names in every script, aliases (and their traditional forms), description."""
    names = [nid, *(attrs.get(k) or "" for k in NAME_KEYS.values()), *attrs.get("aliases", ())]
    names += [to_traditional(a) for a in attrs.get("aliases", ())]
    names.append(attrs.get("description") or "")
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
                rows.append([_label(schema, "url", lang), src["url"], "url"])  # drawn as a link
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
    if schema.by_graph_name[attrs["type"]].emphasis == "muted" and fact.get("reason"):
        rows.append([_label(schema, "reason", lang), fact["reason"]])  # why it was passed over
    return {"head": schema.label(attrs["type"], lang), "sub": "", "rows": rows, "prov": []}
