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

from ..base.files import ensure_dir, write_atomic
from ..base.langs import canonical_lang, short_lang
from ..queries import nodes_of, run_query
from ..queries.results import cell_text
from .explorer import render_html

__all__ = ["write_report"]

_STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.15em;margin-top:2.2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0}td,th{border:1px solid #ddd;padding:.25em .5em;
text-align:left;vertical-align:top}th{background:#f4f4f4}.zh{color:#555}.meta{color:#666;font-size:.85em}
nav li{margin:.15em 0}code{background:#f4f4f4;padding:0 .2em}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def write_report(kg, schema, pack: dict, directory, lang: str = "en") -> Path:
    """Run every query of *pack* on the embedded engine and write the site; return the index path."""
    out = Path(directory)
    ensure_dir(out / "graphs")
    esc = html.escape
    key = short_lang(lang)
    sections, toc = [], []
    for name in sorted(pack):
        q = pack[name]
        toc.append(f'<li><a href="#{esc(name)}">{esc(q.question[key])}</a></li>')
        head = (f'<h2 id="{esc(name)}">{esc(q.question["en"])}</h2><p class="zh" lang="zh-Hans">{esc(q.question["zh"])}</p>'
                f'<p class="meta"><code>cnkg query run {esc(name)}</code> — {esc(q.description)}</p>')
        if any(p.default is None for p in q.params):
            sections.append(head + "<p>Needs parameters without defaults; run it from the command line.</p>")
            continue
        result = run_query(q, {}, kg, schema)
        params = ", ".join(f"{esc(p.name)}={esc(p.default)}" for p in q.params)
        rows = "".join("<tr>" + "".join(f"<td>{esc(cell_text(c))}</td>" for c in row) + "</tr>" for row in result.rows)
        table = ("<table><tr>" + "".join(f"<th>{esc(c)}</th>" for c in result.columns) + "</tr>" + rows + "</table>")
        nodes = nodes_of(result, kg)
        link = ""
        if nodes:
            render_html(kg, schema, out / "graphs" / f"{name}.html", lang=lang, title=q.question[key], nodes=nodes)
            link = f'<p><a href="graphs/{esc(name)}.html">Interactive graph of this answer</a> ({len(nodes)} nodes)</p>'
        sections.append(head + (f"<p class=\"meta\">parameters: {params}</p>" if params else "")
                        + f"<p class=\"meta\">{len(result.rows)} rows</p>" + table + link)
    render_html(kg, schema, out / "explorer.html", lang=lang, title="china-ai-kg explorer")
    page = (
        "<!DOCTYPE html>\n<html lang=\"" + (canonical_lang(lang) or "en") + "\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">"
        "<title>china-ai-kg report</title><style>" + _STYLE + "</style></head><body>"
        "<h1>china-ai-kg: questions and answers</h1>"
        f"<p class=\"meta\">{len(pack)} questions on the embedded engine. "
        "<a href=\"explorer.html\">Explore the whole graph</a>.</p>"
        "<nav><ol>" + "".join(toc) + "</ol></nav>" + "".join(sections) + "</body></html>\n"
    )
    return write_atomic(out / "index.html", page, protect=kg.inputs)
