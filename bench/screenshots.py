"""The README's screenshots, made from the current code: ``python -m bench.screenshots [DIR]``.

Writes ``explorer.png`` (the bundled graph), ``explorer-2000.png`` (a synthetic graph of 2,000 nodes,
coloured by community), ``answer-partner-selection.png`` and ``answer-capex.png`` (query answers drawn
beside their tables), ``report.png`` (the report site's index) and ``report-answer.png`` (one of its
answers) and ``review.png`` (the review page of ``cnkg ingest`` on the seed article), each in headless
Chromium at
1400x900.  The default directory is ``docs/screenshots``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from china_ai_kg.loaders import load
from china_ai_kg.ontology import load_schema
from china_ai_kg.outputs.explorer import render_html
from china_ai_kg.outputs.report import write_report
from china_ai_kg.queries import load_pack, nodes_of, run_query

from .bench_html import synthetic_graph
from .chromium import browser, open_page

ROOT = Path(__file__).resolve().parent.parent


def _answer(kg, schema, name, path):
    q = load_pack()[name]
    result = run_query(q, {}, kg, schema)
    render_html(kg, schema, path, title=q.question["en"], nodes=nodes_of(result, kg),
                answer={"columns": result.columns, "rows": result.rows})
    return path


def _review(kg, schema, tmp: Path) -> Path:
    from china_ai_kg.cli.ingest_commands import _rows
    from china_ai_kg.loaders.articles import ingest, open_article
    from china_ai_kg.outputs.review import ReviewPage

    seed = ROOT.parent / "shared" / "seeds" / "000_147be06d62552c20.txt"
    names = {n: d.get("name_en") or n for n, d in kg.g.nodes(data=True)}
    page = ReviewPage(tmp / "review.html", schema, seed.name, "../shared/seeds/" + seed.name, names)
    result = ingest(open_article(seed), kg, schema, "src-seed-draft", page.paragraph)
    return page.finish(result, _rows(result, names))


def main(argv: list) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    kg, schema = load(), load_schema()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pages = {
            "explorer.png": render_html(kg, schema, tmp / "explorer.html", title="china-ai-kg explorer"),
            "explorer-2000.png": render_html(synthetic_graph(2000, clusters=12), schema, tmp / "big.html",
                                             title="2,000 nodes"),
            "answer-partner-selection.png": _answer(kg, schema, "apple-china-partner-selection", tmp / "sel.html"),
            "answer-capex.png": _answer(kg, schema, "capex-ranking", tmp / "capex.html"),
            "report.png": write_report(kg, schema, load_pack(), tmp / "site"),
        }
        pages["report-answer.png"] = pages["report.png"]
        pages["review.png"] = _review(kg, schema, tmp)
        fragments = {"report-answer.png": "apple-china-partner-selection"}
        with browser() as ctx:
            for name, page in pages.items():
                report = open_page(page, out / name, context=ctx, timeout=60, fragment=fragments.get(name, ""),
                                   drawn=not name.startswith("report"))
                if report.console_errors or report.page_errors or report.requests:
                    print(f"{name}: {report.console_errors + report.page_errors + report.requests}", file=sys.stderr)
                    return 1
                print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
