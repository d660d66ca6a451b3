"""A small static site: every pack question, its answer and its graph.

``index.html`` lists the questions (English and Chinese), the parameters
used (the declared defaults), the answer table and a link to the answer's
interactive graph in ``graphs/NAME.html``; ``explorer.html`` draws the
whole graph.  Plain HTML with inline styles and no script in the index,
every text escaped, a Content Security Policy that forbids requests, and
the same bytes for the same input.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from ..base.files import ensure_dir, write_atomic
from ..base.langs import canonical_lang, short_lang
from ..graph.model import display_name
from ..graph.time_axes import Axes
from ..queries import nodes_of, run_query
from .explorer import render_html
from .explorer.cells import cell_items
from .explorer.facts import fact_label

__all__ = ["write_report"]

_STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.15em;margin-top:2.2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0}td,th{border:1px solid #ddd;padding:.25em .5em;
text-align:left;vertical-align:top}th{background:#f4f4f4}.zh{color:#555}.meta{color:#666;font-size:.85em}
nav li{margin:.15em 0}code{background:#f4f4f4;padding:0 .2em}td.src{font-size:.9em;color:#555}
details{margin:.4em 0}pre{background:#f6f6f6;padding:.5em;overflow:auto;font-size:.85em}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _cell(kg, schema, value, esc, lang: str) -> str:
    """A cell as HTML: each node by name, linked to it in the explorer; anything else as text."""
    return ", ".join(f'<a href="explorer.html#{quote(node)}" title="{esc(node)}">{esc(text)}</a>' if node else esc(text)
                     for text, node in cell_items(kg, schema, value, lang))


def _provenance_index(kg) -> dict:
    """Every node id and relationship id -> the id of the Source it cites."""
    index = {n: d["source"] for n, d in kg.g.nodes(data=True) if d.get("source")}
    index.update({d["id"]: d["source"] for _, _, d in kg.relations() if d.get("source")})
    return index


def _sources_cell(kg, row, cites: dict, esc, lang: str) -> str:
    """The sources behind what a row names: its facts, relationships and entities, each linked to its page."""
    found = set()
    for value in row:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item in cites:
                found.add(cites[item])
    links = []
    for sid in sorted(found):
        src = kg.g.nodes[sid]
        title = esc(src.get("title") or display_name(src, lang))
        url = src.get("url")
        links.append(f'<a href="{esc(url)}" title="{esc(sid)}">{title}</a>' if url else f'<span title="{esc(sid)}">{title}</span>')
    return "; ".join(links)


def write_report(kg, schema, pack: dict, directory, lang: str = "en") -> Path:
    """Run every query of *pack* on the embedded engine and write the site; return the index path.

    Each answer is a table whose entities link to the explorer and whose last column names the sources
    behind the row; each question shows its SPARQL and Cypher, links to its answer graph (which links
    back) and to the top of the page.
    """
    out = Path(directory)
    ensure_dir(out / "graphs")
    esc = html.escape
    key = short_lang(lang)
    cites = _provenance_index(kg)
    sections, toc = [], []
    for name in sorted(pack):
        q = pack[name]
        toc.append(f'<li><a href="#{esc(name)}">{esc(q.question[key])}</a></li>')
        head = (f'<h2 id="{esc(name)}">{esc(q.question["en"])}</h2><p class="zh" lang="zh-Hans">{esc(q.question["zh"])}</p>'
                f'<p class="meta"><code>cnkg query run {esc(name)}</code> — {esc(q.description)}</p>')
        code = (f"<details><summary>SPARQL and Cypher</summary><pre>{esc(q.sparql)}</pre><pre>{esc(q.cypher)}</pre>"
                "</details>")
        top = '<p class="meta"><a href="#top">↑ all questions</a></p>'
        if any(p.default is None for p in q.params):
            sections.append(head + "<p>Needs parameters without defaults; run it from the command line.</p>" + code + top)
            continue
        result = run_query(q, {}, kg, schema)
        params = ", ".join(f"{esc(p.name)}={esc(p.default)}" for p in q.params)
        rows = "".join("<tr>" + "".join(f"<td>{_cell(kg, schema, c, esc, lang)}</td>" for c in row)
                       + f"<td class=\"src\">{_sources_cell(kg, row, cites, esc, lang)}</td></tr>" for row in result.rows)
        table = ("<table><tr>" + "".join(f"<th>{esc(c)}</th>" for c in result.columns) + "<th>sources</th></tr>" + rows
                 + "</table>")
        nodes = nodes_of(result, kg)
        link = ""
        if nodes:
            render_html(kg, schema, out / "graphs" / f"{name}.html", lang=lang, title=q.question[key], nodes=nodes,
                        answer={"columns": result.columns, "rows": result.rows},
                        back={"href": f"../index.html#{name}", "text": "all questions"})
            link = f'<p><a href="graphs/{esc(name)}.html">Interactive graph of this answer</a> ({len(nodes)} nodes)</p>'
        sections.append(head + (f"<p class=\"meta\">parameters: {params}</p>" if params else "")
                        + f"<p class=\"meta\">{len(result.rows)} rows</p>" + table + link + code + top)
    render_html(kg, schema, out / "explorer.html", lang=lang, title="china-ai-kg explorer")
    dated = _timeline_rows(kg, schema, lang)
    write_atomic(out / "timeline.html", _page(
        "china-ai-kg: timeline", lang,
        '<h1 id="top">china-ai-kg: timeline</h1><p class="meta">Every dated fact, relationship and entity, from the '
        'earliest: since and until bound when it holds (a dated event, on its day; an entity, from its founding or '
        'release; an empty until, still). <a href="index.html">All '
        'questions</a> · <a href="explorer.html">the explorer</a>, whose time slider steps through these dates.</p>'
        + _timeline_table(dated, esc)), protect=kg.inputs)
    body = (
        "<h1 id=\"top\">china-ai-kg: questions and answers</h1>"
        f"<p class=\"meta\">{len(pack)} questions on the embedded engine. "
        "<a href=\"explorer.html\">Explore the whole graph</a> · "
        f"<a href=\"timeline.html\">the timeline</a> ({len(dated)} dated items).</p>"
        "<nav><ol>" + "".join(toc) + "</ol></nav>" + "".join(sections)
    )
    return write_atomic(out / "index.html", _page("china-ai-kg report", lang, body), protect=kg.inputs)


def _page(title: str, lang: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"" + (canonical_lang(lang) or "en") + "\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">"
            f"<title>{html.escape(title)}</title><style>" + _STYLE + "</style></head><body>" + body + "</body></html>\n")


def _timeline_rows(kg, schema, lang: str) -> list:
    """``(since, until, id, what, type, about)`` of every dated claim and entity, in date order.

    *what* is an entity's name, a fact's label or a relationship in words; *about* names a fact's participants.
    """
    axes = Axes(schema, kg)

    def span(attrs: dict) -> tuple:  # a dated fact without an interval holds on its day, as in facts-in-window
        since, until = axes.valid(attrs)
        return since, until or axes.point(attrs)

    rows = []
    for nid, d in kg.g.nodes(data=True):
        since, until = span(d) if d["kind"] != "entity" else axes.valid(d)
        if not (since or until) or d["type"] == "Source":
            continue
        cls = schema.label(d["type"], lang)
        if d["kind"] == "entity":
            rows.append((since, until, nid, display_name(d, lang), cls, ""))
        else:
            about = ", ".join(sorted({display_name(kg.node(v), lang) for _, v in kg.roles(nid)}))
            rows.append((since, until, nid, fact_label(d, cls, lang), cls, about))
    for u, v, d in kg.relations():
        since, until = span(d)
        if since or until:
            what = f"{display_name(kg.node(u), lang)} {schema.label(d['type'], lang)} {display_name(kg.node(v), lang)}"
            rows.append((since, until, d["id"], what, schema.label(d["type"], lang), ""))
    return sorted(rows, key=lambda r: (r[0] or "", r[2]))


def _timeline_table(rows: list, esc) -> str:
    head = "".join(f"<th>{c}</th>" for c in ("since", "until", "what", "type", "about"))
    body = "".join(
        f"<tr><td>{esc(since or '')}</td><td>{esc(until or '')}</td>"
        f'<td><a href="explorer.html#{quote(cid)}" title="{esc(cid)}">{esc(what)}</a></td>'
        f"<td>{esc(kind)}</td><td>{esc(about)}</td></tr>" for since, until, cid, what, kind, about in rows)
    return f"<table><tr>{head}</tr>{body}</table>"
