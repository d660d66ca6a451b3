"""The review page of an ingest draft: the article with its mentions, candidate facts and proposals.

One offline HTML file: the kept paragraphs with every mention highlighted in its class's colour (from the
ontology), candidate-fact evidence underlined, proposed new entities boxed, and the cut range greyed out;
a side list of the candidate facts (each linked to its evidence) and of the proposed entities.  Every
piece of the article is escaped; the page loads nothing and runs only its own small script, which a
Content-Security-Policy pins by hash (the article's own scripts and event handlers never reach it).

The page is written paragraph by paragraph (:class:`ReviewPage`), so a long article never sits in memory.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import tempfile
from pathlib import Path

from ..base.errors import RenderError
from ..base.files import file_mode
from .style import ink_for as text_colour

__all__ = ["ReviewPage"]

_SCRIPT = """
document.querySelectorAll('[data-fact]').forEach(function (item) {
  item.addEventListener('mouseenter', function () {
    document.querySelectorAll('.f' + item.dataset.fact).forEach(function (s) { s.classList.add('lit'); });
  });
  item.addEventListener('mouseleave', function () {
    document.querySelectorAll('.lit').forEach(function (s) { s.classList.remove('lit'); });
  });
});
"""

_STYLE = """
body{margin:0;font:15px/1.7 "Noto Sans CJK SC","Noto Sans",sans-serif;color:#1c1c1c;background:#fafafa}
header{padding:14px 24px;background:#263238;color:#fff}header h1{margin:0;font-size:18px}
header p{margin:4px 0 0;font-size:13px;color:#cfd8dc}
main{display:flex;gap:20px;padding:16px 24px}article{flex:1 1 62%;max-width:62%}
aside{flex:1 1 38%;position:sticky;top:0;align-self:flex-start;max-height:100vh;overflow:auto}
p.par{margin:0 0 10px;padding:4px 8px;background:#fff;border-left:3px solid #cfd8dc}
p.par .loc{color:#78909c;font-size:12px;margin-right:6px;user-select:none}
p.rejected{opacity:.45;background:#eceff1;border-left-color:#b0bec5}
p.rejected .m{background:none!important;color:inherit!important}
.cut{margin:12px 0 8px;padding:6px 8px;background:#fff3e0;border:1px solid #ffcc80;font-size:13px}
.m{border-radius:3px;padding:0 2px}.new{outline:2px dashed #6a1b9a;outline-offset:1px}
.ev{border-bottom:2px solid #ef6c00}.lit{background:#ffe082!important;color:#000!important}
.amb{outline:2px solid #c62828}
h2{font-size:15px;margin:14px 0 6px}ol,ul{margin:0;padding-left:20px;font-size:13px}
li{margin:3px 0}li a{color:#0d47a1;text-decoration:none}.conf{color:#546e7a}
.legend span{display:inline-block;margin:2px 6px 2px 0;padding:0 4px;border-radius:3px;font-size:12px}
"""


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src 'none'"


class ReviewPage:
    """A review page written as paragraphs arrive; :meth:`finish` adds the side list and puts it in place."""

    def __init__(self, path, schema, title: str, label: str, names: dict | None = None):
        self.path = Path(path)
        self.schema = schema
        self.names = names or {}  # entity id -> display name
        self.wrote_cut = self.in_cut = False
        parent = self.path.parent
        if not parent.is_dir():
            raise RenderError(f"cannot write {self.path}: directory {parent} does not exist")
        try:
            fd, self.tmp = tempfile.mkstemp(dir=parent, prefix=f".{self.path.name}.{os.getpid()}.", suffix=".tmp")
        except OSError as e:
            raise RenderError(f"cannot write {self.path}: {e.strerror}") from e
        self.out = os.fdopen(fd, "w", encoding="utf-8")
        self._write(f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_csp()}\">"
                    f"<title>Review: {html.escape(title)}</title><style>{_STYLE}</style></head><body>"
                    f"<header><h1>Review: {html.escape(title)}</h1><p>{html.escape(label)} — candidate facts "
                    f"and new entities proposed by <code>cnkg ingest</code>; nothing is in the graph until a "
                    f"reviewer accepts it in the draft.</p></header><main><article>")

    def _write(self, text: str) -> None:
        try:
            self.out.write(text)
        except OSError as e:
            self.abort()
            raise RenderError(f"cannot write {self.path}: {e.strerror}") from e

    def _colour(self, cls: str) -> str:
        c = self.schema.classes.get(cls)
        return c.color if c else "#9e9e9e"

    def paragraph(self, pr) -> None:
        """Write one paragraph (a :class:`~china_ai_kg.loaders.articles.ParagraphResult`)."""
        par = pr.paragraph
        if pr.status == "rejected" and not self.in_cut:
            anchor = "" if self.wrote_cut else ' id="cut"'
            self._write(f'<div class="cut"{anchor}>Off-topic: the paragraphs below were cut, and nothing in them '
                        'reaches the draft.</div>')
            self.wrote_cut = True
        self.in_cut = pr.status == "rejected"
        marks = []  # (start, end, opening tag) in paragraph offsets
        if pr.status == "accepted":
            for m in pr.mentions:
                if m.nested:
                    continue
                if m.ambiguous:
                    title = "ambiguous: " + " or ".join(m.entities)
                    marks.append((m.start, m.end, f'<span class="m amb" title="{html.escape(title)}">'))
                else:
                    bg = self._colour(m.cls)
                    title = f"{m.entity} ({m.cls})"
                    marks.append((m.start, m.end, f'<span class="m" style="background:{bg};color:{text_colour(bg)}" '
                                                  f'title="{html.escape(title)}">'))
            for p in pr.proposals:
                marks.append((p.start, p.end, f'<span class="m new" title="{html.escape(f"new {p.cls}: {p.rule}")}">'))
        events = {}
        for a, b, n in pr.facts if pr.status == "accepted" else ():
            for i in range(a - par.start, b - par.start):
                events.setdefault(i, set()).add(n)
        self._write(f'<p class="par {pr.status}" id="p{par.n}" lang="{html.escape(par.script or par.lang)}">'
                    f'<span class="loc">¶{par.n}</span>')
        self._write(_marked(par.text, par.start, marks, events))
        self._write("</p>")

    def finish(self, result, candidates_rows: list) -> Path:
        """Close the article, write the side list and legend, and put the page in place."""
        side = ['</article><aside>']
        if result.rejected:
            a, b = result.rejected[0]
            side.append(f'<h2>Cut</h2><p style="font-size:13px"><a href="#cut">¶{a}–¶{b}</a> off-topic; kept '
                        f'¶{result.accepted[0]}–¶{result.accepted[1]}.</p>' if result.accepted else "")
        side.append(f"<h2>Candidate facts ({len(candidates_rows)})</h2><ol>")
        for n, row in enumerate(candidates_rows, 1):
            first = row["locator"].split(",")[0].strip().lstrip("¶")
            side.append(f'<li data-fact="{n}"><a href="#p{html.escape(first)}">{html.escape(row["type"])}</a> '
                        f'{html.escape(row["participants"])} <span class="conf">{html.escape(row["locator"])} · '
                        f'{row["confidence"]:.2f} · {html.escape(row["rule"])}</span></li>')
        side.append(f"</ol><h2>New entities ({len(result.proposals)})</h2><ul>")
        for eid, p in result.proposals.items():
            side.append(f'<li><a href="#p{p.paragraphs[0]}">{html.escape(p.name)}</a> {html.escape(p.cls)} '
                        f'<span class="conf">{html.escape(eid)} · {html.escape(p.rule)}</span></li>')
        side.append(f"</ul><h2>Known entities ({len(result.mentions)})</h2><div class=\"legend\">")
        for eid, m in sorted(result.mentions.items()):
            bg = self._colour(m["class"])
            side.append(f'<span style="background:{bg};color:{text_colour(bg)}" title="{html.escape(m["class"])}">'
                        f'{html.escape(self.names.get(eid, eid))} ×{m["count"]}</span>')
        side.append("</div>")
        if result.ambiguous:
            side.append("<h2>Ambiguous names</h2><ul>")
            for a in result.ambiguous:
                side.append(f'<li><a href="#p{a["paragraph"]}">{html.escape(a["surface"])}</a> '
                            f'{html.escape(" or ".join(a["entities"]))}</li>')
            side.append("</ul>")
        side.append(f"</aside></main><script>{_SCRIPT}</script></body></html>\n")
        self._write("".join(side))
        try:
            self.out.close()
            os.chmod(self.tmp, file_mode())
            os.replace(self.tmp, self.path)
        except OSError as e:
            self.abort()
            raise RenderError(f"cannot write {self.path}: {e.strerror}") from e
        return self.path

    def abort(self) -> None:
        """Remove the half-written page."""
        try:
            self.out.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def _marked(text: str, base: int, marks: list, events: dict) -> str:
    """*text* escaped, with the non-overlapping *marks* wrapped and evidence characters classed."""
    marks = sorted(marks, key=lambda m: (m[0], -m[1]))
    kept, last = [], -1
    for m in marks:
        if m[0] - base >= last:
            kept.append(m)
            last = m[1] - base
    out, i = [], 0
    opens = {m[0] - base: m for m in kept}
    close_at = None
    while i < len(text):
        if close_at == i:
            out.append("</span>")
            close_at = None
        if i in opens and close_at is None:
            out.append(opens[i][2])
            close_at = opens[i][1] - base
        j = i + 1
        while j < len(text) and j not in opens and j != close_at and events.get(j) == events.get(i):
            j += 1
        chunk = html.escape(text[i:j])
        facts = events.get(i)
        if facts:
            chunk = f'<span class="ev {" ".join(f"f{n}" for n in sorted(facts))}">{chunk}</span>'
        out.append(chunk)
        i = j
    if close_at is not None:
        out.append("</span>")
    return "".join(out)
