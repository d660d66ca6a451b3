"""Commands on the graph itself: build, validate, stats, show, neighbors, path, centrality, export, render."""

from __future__ import annotations

import click

from ..base.files import write_atomic
from ..graph.analytics import centrality as rank
from ..graph.analytics import edge_types, neighbourhood, shortest_paths
from ..graph.card import entity_card
from ..graph.coverage import coverage
from ..graph.model import display_name
from ..graph.views import view_of
from ..loaders import load
from ..loaders.shacl import check_shacl
from ..ontology import load_schema
from ..outputs.explorer import render_html
from ..outputs.export import FORMATS, export_text
from ..queries.results import cell_text
from .options import format_option, graph, graph_options, html_option, lang_option, resolve
from .output import emit, note

__all__ = ["COMMANDS", "write_html"]


def write_html(kg, path, nodes, lang, title, highlight=(), answer=None):
    """Draw *nodes* of *kg* (all for ``None``) into *path*, with a query's *answer* beside it, and say so."""
    render_html(kg, load_schema(), path, lang=lang, title=title, nodes=nodes, highlight=highlight, answer=answer)
    note(f"wrote {path}")


@click.command()
@graph_options
@format_option
def build(spec, fmt):
    """Build and validate the graph, cache it, and print its size.

    Example: cnkg build --data my_facts/
    """
    kg = load(list(spec.data_dirs), bundled=spec.bundled, refresh=True)  # validates afresh, then caches
    counts = view_of(kg, load_schema(), spec.view).counts()
    summary = {k: counts[k] for k in ("entities", "facts", "relationships", "role_edges")}
    emit(summary, fmt, ["item", "count"], [[k, v] for k, v in summary.items()])


@click.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--shacl/--no-shacl", default=True, show_default=True, help="Also check the RDF form with SHACL shapes.")
@click.option("--with-bundled", is_flag=True,
              help="Validate FILES together with the bundled data (files that name its entities, like ingest drafts).")
def validate(files, shacl, with_bundled):
    """Validate fact files against the ontology (all files, or the bundled ones).

    Prints "ok" and a count, or one line naming file:line and the problem.

    Example: cnkg validate data/my_facts.yaml
    """
    kg = load(list(files), bundled=with_bundled or not files, cache=False)
    if shacl:
        check_shacl(kg, load_schema())
    c = kg.counts()
    click.echo(f"ok: {c['entities']} entities, {c['facts']} facts, {c['relationships']} relationships")


@click.command()
@click.option("--coverage", "show_coverage", is_flag=True,
              help="Where the map is thin: per class and topic, shares with a QID, a Chinese name, a date; sources by kind.")
@graph_options
@format_option
def stats(show_coverage, spec, fmt):
    """Counts of entities, facts and relationships, per type.

    Example: cnkg stats --format json; cnkg stats --coverage
    """
    if show_coverage:
        report = coverage(graph(spec), load_schema())
        rows = [["total", k, v] for k, v in report["totals"].items()]
        rows += [["class", c, f"{r['count']} (QID {r['wikidata']:.0%}, Chinese name {r['chinese_name']:.0%}, "
                  f"dated {r['dated']:.0%})" if "wikidata" in r else f"{r['count']} (dated {r['dated']:.0%})"]
                 for c, r in report["classes"].items()]
        rows += [["topic", t, f"{r['entities']} entities, {r['facts']} facts, {r['relationships']} relationships"]
                 for t, r in report["topics"].items()]
        rows += [["sources", k, v] for k, v in report["sources"].items()]
        emit(report, fmt, ["group", "item", "count"], rows)
        return
    counts = graph(spec).counts()
    rows = [[k, counts[k]] for k in ("entities", "facts", "relationships", "role_edges")]
    rows += [[t, n] for t, n in counts["by_type"].items()]
    emit(counts, fmt, ["item", "count"], rows)


def _valid(row: dict) -> str:
    return f", {row['valid']}" if row.get("valid") else ""


def _card_text(card: dict) -> str:
    kind = card["type"] if card["class"] == card["type"] else f"{card['type']}: {card['class']}"
    lines = [f"{card['id']}  ({kind})"]
    for k, v in card["names"].items():
        lines.append(f"  name[{k}]: {v}")
    if card["aliases"]:
        lines.append(f"  aliases: {', '.join(card['aliases'])}")
    for m in card.get("merged_from", ()):
        lines.append(f"  merged from: {m['id']}  [{m['source']} {m['locator']}]")
    for k, v in card["properties"].items():
        lines.append(f"  {k}: {cell_text(v)}")
    if card["relationships"]:
        lines.append("relationships:")
        for r in card["relationships"]:
            arrow = "->" if r["direction"] == "out" else "<-"
            lines.append(f"  {arrow} {r['type']} {r['other']} ({r['name']})  [{r['source']} {r['locator']}, {r['status']}{_valid(r)}]"
                         + (f"  ({r['standing']})" if r.get("standing") else ""))
    if card["facts"]:
        lines.append("facts:")
        for f in card["facts"]:
            lines.append(f"  {f['type']} {f['fact']} as {f['role']}  [{f['source']} {f['locator']}, {f['status']}{_valid(f)}]"
                         + (f"  ({f['standing']})" if f.get("standing") else ""))
    return "\n".join(lines)


@click.command()
@click.argument("entity")
@graph_options
@format_option
@lang_option
def show(entity, spec, fmt, lang):
    """Show one entity (by id or any alias, any script) with its links and facts.

    Example: cnkg show 阿裏巴巴
    """
    kg = graph(spec)
    card = entity_card(kg, load_schema(), resolve(kg, entity), lang)
    emit(card, fmt, text=_card_text(card))


@click.command()
@click.argument("entity")
@click.option("--depth", "-d", type=click.IntRange(0, 6), default=1, show_default=True, help="Entity hops (facts are passed through).")
@graph_options
@format_option
@lang_option
@html_option
def neighbors(entity, depth, spec, fmt, lang, html):
    """Entities within DEPTH hops of ENTITY; a shared fact counts as one hop.

    Example: cnkg neighbors Apple --depth 1
    """
    kg = graph(spec)
    eid = resolve(kg, entity)
    hood = neighbourhood(kg, eid, depth)
    rows = sorted([dist, n, kg.node(n)["type"], display_name(kg.node(n), lang)] for n, dist in hood["entities"].items())
    data = {"entity": eid, "depth": depth, "neighbors": [dict(zip(["distance", "id", "type", "name"], r)) for r in rows],
            "facts": sorted(hood["facts"])}
    emit(data, fmt, ["distance", "id", "type", "name"], rows)
    if html:
        write_html(kg, html, set(hood["entities"]) | hood["facts"], lang, f"{eid} depth {depth}", highlight=[eid])


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True, help="Most paths to show.")
@graph_options
@format_option
@lang_option
@html_option
def path(a, b, limit, spec, fmt, lang, html):
    """Shortest paths between two entities, through relationships and facts.

    Example: cnkg path DeepSeek Apple
    """
    kg = graph(spec)
    ea, eb = resolve(kg, a, "A"), resolve(kg, b, "B")
    paths = shortest_paths(kg, ea, eb, limit)
    out = []
    lines = []
    for p in paths:
        steps = [{"node": p[0], "type": kg.node(p[0])["type"], "name": display_name(kg.node(p[0]), lang)}]
        text = f"{display_name(kg.node(p[0]), lang)}"
        for x, y in zip(p, p[1:]):
            via = edge_types(kg, x, y)
            steps.append({"via": via, "node": y, "type": kg.node(y)["type"], "name": display_name(kg.node(y), lang)})
            label = display_name(kg.node(y), lang) if kg.node(y)["kind"] == "entity" else f"{kg.node(y)['type']}:{y}"
            text += f" -[{'|'.join(via)}]- {label}"
        out.append(steps)
        lines.append(text)
    if not paths:
        lines.append(f"no path between {ea} and {eb}")
    emit({"from": ea, "to": eb, "paths": out}, fmt, text="\n".join(lines))
    if html and paths:
        nodes = {n for p in paths for n in p}
        write_html(kg, html, nodes, lang, f"{ea} to {eb}", highlight=sorted(nodes))


@click.command()
@click.option("--measure", type=click.Choice(["degree", "betweenness", "eigenvector"]), default="degree", show_default=True)
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True)
@graph_options
@format_option
@lang_option
def centrality(measure, top, spec, fmt, lang):
    """Rank entities by centrality (facts link their participants).

    Example: cnkg centrality --measure betweenness --top 5
    """
    ranked = rank(graph(spec), measure, top, lang)
    emit(ranked, fmt, ["rank", "id", "type", "name", "score"],
         [[i, r["id"], r["type"], r["name"], f"{r['score']:.4f}"] for i, r in enumerate(ranked, 1)])


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write ('-' or none: standard output).")
@graph_options
def export(fmt, output, spec):
    """Export the whole graph (json is networkx node-link data).

    Example: cnkg export --format turtle -o graph.ttl
    """
    kg = graph(spec)
    text = export_text(kg, load_schema(), fmt)
    if output and output != "-":
        write_atomic(output, text, protect=kg.inputs)
        note(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="HTML file to write.")
@graph_options
@lang_option
def render(output, spec, lang):
    """Write the whole graph as an interactive, offline HTML explorer.

    Example: cnkg render -o explorer.html --lang zh
    """
    write_html(graph(spec), output, None, lang, "china-ai-kg explorer")


COMMANDS = (build, validate, stats, show, neighbors, path, centrality, export, render)
