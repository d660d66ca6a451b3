"""A Neo4j Browser kit: a GraSS stylesheet and a guide, both derived.

* ``style.grass`` colours every ontology class with the colour the HTML
  renders use (``cnkg:color`` in the ontology), captions entities by name
  and facts by type, and draws n-ary facts as small nodes.  Rules go from
  the most general class to the most specific, so a ``:Company`` node
  (which is also ``:Organization:Entity``) takes the Company colour.
* ``guide.html`` is a Browser guide with one slide per pack question: the
  question in English and Chinese, a runnable ``:param`` block with the
  defaults, and the runnable Cypher.
* ``README.md`` says how to load them (``:style``, ``:play``).

Every text is HTML-escaped; nothing is fetched from anywhere.
"""

from __future__ import annotations

import functools
import html

from ...base.files import ensure_dir, write_atomic
from ...base.langs import canonical_lang
from ...graph.model import NAME_KEYS
from ..style import ink_for
from .script import cypher_literal

__all__ = ["grass", "guide_html", "write_kit", "kit_server"]


def _depth(schema, cls: str) -> int:
    return len(schema.classes[cls].ancestors)


def grass(schema, lang: str = "en") -> str:
    """The GraSS stylesheet for Neo4j Browser; captions in *lang* (any tag: ``zh``, ``zh-Hant``)."""
    name_prop = NAME_KEYS[canonical_lang(lang) or "en"]
    out = ["node {", "  diameter: 50px;", "  color: #A5ABB6;", "  border-width: 2px;", f"  caption: '{{{name_prop}}}';",
           "  font-size: 10px;", "}", "relationship {", "  color: #A5ABB6;", "  shaft-width: 1px;",
           "  caption: '<type>';", "  font-size: 8px;", "}"]
    for cls in sorted(schema.classes, key=lambda c: (_depth(schema, c), c)):
        c = schema.classes[cls]
        fact = c.is_fact
        out += [
            f"node.{cls} {{",
            f"  color: {c.color};",
            f"  border-color: {c.color};",
            f"  text-color-internal: {ink_for(c.color, '#000000', '#FFFFFF')};",
            f"  diameter: {'25px' if fact else '55px'};",
            f"  caption: '{'{type}' if fact else '{' + name_prop + '}'}';",
            "}",
        ]
    return "\n".join(out) + "\n"


def _param_block(query) -> str:
    """``:params {...}`` with each default as its typed value, as the pack's own parser reads it."""
    params = {p.name: p.default_value for p in query.params if p.default is not None}
    return ":params " + cypher_literal(params) if params else ""


def guide_html(queries, lang: str = "en") -> str:
    """A Browser guide (``:play``) with one slide per query."""
    esc = html.escape
    slides = []
    intro = (
        "<slide class=\"row-fluid\"><div class=\"col-sm-12\"><h3>china-ai-kg query pack</h3>"
        f"<p>{len(queries)} questions about the China AI ecosystem. Each slide sets its parameters with "
        "<code>:params</code>; click a block to put it in the editor, then run it. Entity parameters take "
        "ids (e.g. <code>apple</code>, <code>alibaba</code>).</p></div></slide>"
    )
    slides.append(intro)
    for q in queries:
        params = _param_block(q)
        doc = "".join(
            f"<li><code>{esc(p.name)}</code>: {esc(p.spec())}"
            + (f" (default {esc(p.default)})" if p.default is not None else " (required)")
            + (f" — {esc(p.doc)}" if p.doc else "")
            + "</li>"
            for p in q.params
        )
        body = "\n".join(line for line in q.cypher.splitlines() if not line.startswith("//")).strip()
        slides.append(
            "<slide class=\"row-fluid\"><div class=\"col-sm-12\">"
            f"<h3>{esc(q.question['en'])}</h3><p lang=\"zh-Hans\">{esc(q.question['zh'])}</p>"
            f"<p><code>{esc(q.name)}</code>: {esc(q.description)}</p>"
            + (f"<ul>{doc}</ul><pre class=\"pre-scrollable code runnable\">{esc(params)}</pre>" if q.params else "")
            + f"<pre class=\"pre-scrollable code runnable\">{esc(body)}</pre>"
            "</div></slide>"
        )
    return (
        "<article class=\"guide\" ng-controller=\"CarouselCtrl\">\n"
        "<carousel class=\"deck container-fluid\">\n" + "\n".join(slides) + "\n</carousel>\n</article>\n"
    )


_README = """# Neo4j Browser kit for china-ai-kg

Made by `cnkg neo4j browser-kit`; everything here is derived from the ontology and the query pack.

1. Push the graph: `NEO4J_PASSWORD=... cnkg neo4j push`.
2. Style: open Neo4j Browser, drag `style.grass` onto it (or run `:style` and paste the file's content).
   Colours and captions match the HTML renders; n-ary facts are the small nodes.
3. Guide: serve this folder on localhost (Browser allows guides from `localhost`; the server adds the
   CORS header Browser needs) and play it:

       cnkg neo4j serve-kit {dir} --port 8001
       :play http://localhost:8001/guide.html

   Each slide has a `:params` block with the defaults and the runnable Cypher.
"""


def write_kit(schema, queries, directory, lang: str = "en") -> list:
    """Write ``style.grass``, ``guide.html`` and ``README.md`` into *directory*."""
    d = ensure_dir(directory)
    files = [
        write_atomic(d / "style.grass", grass(schema, lang)),
        write_atomic(d / "guide.html", guide_html(queries, lang)),
        write_atomic(d / "README.md", _README.format(dir=d)),
    ]
    return [str(f) for f in files]


def kit_server(directory, port: int = 0):
    """An HTTP server for the kit on 127.0.0.1 that Neo4j Browser may fetch from.

    Browser fetches a guide from another origin, so the answer needs a CORS
    header, which ``python -m http.server`` does not send.  Returns the
    (not yet serving) server; call ``serve_forever`` on it.
    """
    import http.server  # lazy: http.server pulls in email, ssl and socketserver, ~20 ms that only serve-kit needs

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Access-Control-Allow-Origin", "*")
            super().end_headers()

        def log_message(self, *args):  # library code does not print
            return

    handler = functools.partial(Handler, directory=str(directory))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
