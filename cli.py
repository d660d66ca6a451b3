"""The ``cnkg`` command line: thin commands over the library.

Commands parse their arguments, call a core function that returns data,
and hand the data to :func:`emit`, the one place that prints tables and
JSON.  Every :class:`~china_ai_kg.ontology.errors.KGError` and every usage
error becomes one ``Error: ...`` line and exit code 1 (``--debug`` shows
the traceback).  Heavy libraries are imported inside the commands so that
``cnkg --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
import unicodedata

import click

__all__ = ["cli", "main"]

_STATE = {"debug": False}


# ---------------------------------------------------------------------------
# output: the one place that formats
# ---------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value) -> str:
    from .graph.report import cell_text

    return cell_text(value)


def format_table(columns: list, rows: list) -> str:
    """Rows as an aligned text table (CJK characters count as two columns)."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def emit(data, fmt: str, columns: list | None = None, rows: list | None = None, text: str | None = None) -> None:
    """Print *data* as JSON, or as a table / text for people."""
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif text is not None:
        click.echo(text)
    else:
        click.echo(format_table(columns, rows))


def _schema():
    from .ontology import load_schema

    return load_schema()


def _graph(data_dirs, bundled=True):
    from .loaders import load

    return load(list(data_dirs), bundled=bundled)


def _resolve(kg, name: str, what: str = "ENTITY") -> str:
    """The id of the entity called *name* (any alias, any script), or a clear error."""
    from .ontology.errors import UnknownEntityError
    from .ontology.names import suggest
    from .queries.resolver import resolver_for

    resolver = resolver_for(kg)
    eid = resolver.get(name)
    if eid is None:
        raise UnknownEntityError(f"{what}: no entity called '{name}'{suggest(name, sorted(resolver.ids))}")
    return eid


# ---------------------------------------------------------------------------
# shared options
# ---------------------------------------------------------------------------


def graph_options(f):
    """``--data DIR`` (repeatable) and ``--no-bundled``."""
    f = click.option(
        "--no-bundled", is_flag=True, help="Leave out the bundled fact files (use only --data)."
    )(f)
    f = click.option(
        "--data",
        "data_dirs",
        multiple=True,
        type=click.Path(),
        help="Fact files or directories (YAML, JSON Lines, Turtle, JSON-LD) to add; repeatable.",
    )(f)
    return f


def format_option(f):
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
    )(f)


def lang_option(f):
    return click.option(
        "--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Language of names and labels."
    )(f)


def neo4j_options(f):
    """``--uri``, ``--user``, ``--database``; the password only from NEO4J_PASSWORD."""
    f = click.option("--database", envvar="NEO4J_DATABASE", default=None, help="Database (default: the server's default).")(f)
    f = click.option("--user", envvar="NEO4J_USERNAME", default="neo4j", show_default=True, help="User (env NEO4J_USERNAME).")(f)
    f = click.option("--uri", envvar="NEO4J_URI", default="bolt://127.0.0.1:7687", show_default=True,
                     help="bolt:// or neo4j:// URI (env NEO4J_URI).")(f)
    return f


def _driver(uri, user, database):
    import logging
    import os

    logging.getLogger("neo4j").addHandler(logging.NullHandler())  # the driver's warnings are not for users
    from .graph.neo4j_push import connect

    return connect(uri, user, os.environ.get("NEO4J_PASSWORD", ""), database)


# ---------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="china-ai-kg", prog_name="cnkg")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(debug):
    """china-ai-kg: who is connected to whom in Chinese AI, how, since when, and says who.

    Every command works on the bundled graph plus any --data you add.
    """
    _STATE["debug"] = debug


@cli.command()
@graph_options
@format_option
def build(data_dirs, no_bundled, fmt):
    """Build and validate the graph, cache it, and print its size.

    Example: cnkg build --data my_facts/
    """
    from .loaders import load

    kg = load(list(data_dirs), bundled=not no_bundled, refresh=True)  # validates afresh, then caches
    counts = kg.counts()
    summary = {k: counts[k] for k in ("entities", "facts", "relationships", "role_edges")}
    emit(summary, fmt, ["item", "count"], [[k, v] for k, v in summary.items()])


@cli.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--shacl/--no-shacl", default=True, show_default=True, help="Also check the RDF form with SHACL shapes.")
def validate(files, shacl):
    """Validate fact files against the ontology (all files, or the bundled ones).

    Prints "ok" and a count, or one line naming file:line and the problem.

    Example: cnkg validate data/my_facts.yaml
    """
    from .loaders import load

    kg = load(list(files), bundled=not files, cache=False)
    if shacl:
        from .ontology.shapes import check_shacl

        check_shacl(kg, _schema())
    c = kg.counts()
    click.echo(f"ok: {c['entities']} entities, {c['facts']} facts, {c['relationships']} relationships")


@cli.command()
@graph_options
@format_option
def stats(data_dirs, no_bundled, fmt):
    """Counts of entities, facts and relationships, per type.

    Example: cnkg stats --format json
    """
    kg = _graph(data_dirs, not no_bundled)
    counts = kg.counts()
    rows = [[k, counts[k]] for k in ("entities", "facts", "relationships", "role_edges")]
    rows += [[t, n] for t, n in counts["by_type"].items()]
    emit(counts, fmt, ["item", "count"], rows)


def entity_card(kg, schema, eid: str, lang: str) -> dict:
    """Everything about one entity: names, properties, relationships and facts."""
    from .graph.model import NAME_KEYS, display_name

    d = kg.node(eid)
    names = {lang_: d[k] for lang_, k in NAME_KEYS.items() if k in d}
    skip = {"kind", "type", "aliases", *NAME_KEYS.values()}
    props = {k: v for k, v in sorted(d.items()) if k not in skip}
    rels = []
    for _, v, e in kg.g.out_edges(eid, data=True):
        if e["kind"] == "relation":
            rels.append({"direction": "out", "type": e["type"], "other": v, "name": display_name(kg.node(v), lang),
                         "source": e.get("source"), "locator": e.get("locator"), "status": e.get("status")})
    facts = []
    for u, _, e in kg.g.in_edges(eid, data=True):
        if e["kind"] == "relation":
            rels.append({"direction": "in", "type": e["type"], "other": u, "name": display_name(kg.node(u), lang),
                         "source": e.get("source"), "locator": e.get("locator"), "status": e.get("status")})
        else:
            f = kg.node(u)
            facts.append({"fact": u, "type": f["type"], "role": e["type"], "source": f.get("source"),
                          "locator": f.get("locator"), "status": f.get("status")})
    rels.sort(key=lambda r: (r["type"], r["direction"], r["other"]))
    facts.sort(key=lambda r: (r["type"], r["fact"], r["role"]))
    return {"id": eid, "type": d["type"], "class": schema.label(d["type"], "zh-Hans" if lang == "zh" else "en"),
            "names": names, "aliases": list(d.get("aliases", ())), "properties": props,
            "relationships": rels, "facts": facts}


@cli.command()
@click.argument("entity")
@graph_options
@format_option
@lang_option
def show(entity, data_dirs, no_bundled, fmt, lang):
    """Show one entity (by id or any alias, any script) with its links and facts.

    Example: cnkg show 阿裏巴巴
    """
    kg = _graph(data_dirs, not no_bundled)
    card = entity_card(kg, _schema(), _resolve(kg, entity), lang)
    kind = card["type"] if card["class"] == card["type"] else f"{card['type']}: {card['class']}"
    lines = [f"{card['id']}  ({kind})"]
    for k, v in card["names"].items():
        lines.append(f"  name[{k}]: {v}")
    if card["aliases"]:
        lines.append(f"  aliases: {', '.join(card['aliases'])}")
    for k, v in card["properties"].items():
        lines.append(f"  {k}: {_cell(v)}")
    if card["relationships"]:
        lines.append("relationships:")
        for r in card["relationships"]:
            arrow = "->" if r["direction"] == "out" else "<-"
            lines.append(f"  {arrow} {r['type']} {r['other']} ({r['name']})  [{r['source']} {r['locator']}, {r['status']}]")
    if card["facts"]:
        lines.append("facts:")
        for f in card["facts"]:
            lines.append(f"  {f['type']} {f['fact']} as {f['role']}  [{f['source']} {f['locator']}, {f['status']}]")
    emit(card, fmt, text="\n".join(lines))


def _html_option(f):
    return click.option("--html", "html", type=click.Path(dir_okay=False), help="Also write the answer as an interactive HTML graph.")(f)


def _write_html(kg, path, nodes, lang, title, highlight=()):
    from .graph.render_html import render_html

    render_html(kg, _schema(), path, lang=lang, title=title, nodes=nodes, highlight=highlight)
    click.echo(f"wrote {path}", err=True)


@cli.command()
@click.argument("entity")
@click.option("--depth", "-d", type=click.IntRange(0, 6), default=1, show_default=True, help="Entity hops (facts are passed through).")
@graph_options
@format_option
@lang_option
@_html_option
def neighbors(entity, depth, data_dirs, no_bundled, fmt, lang, html):
    """Entities within DEPTH hops of ENTITY; a shared fact counts as one hop.

    Example: cnkg neighbors Apple --depth 1
    """
    from .graph.analytics import neighbourhood
    from .graph.model import display_name

    kg = _graph(data_dirs, not no_bundled)
    eid = _resolve(kg, entity)
    hood = neighbourhood(kg, eid, depth)
    rows = sorted([dist, n, kg.node(n)["type"], display_name(kg.node(n), lang)] for n, dist in hood["entities"].items())
    data = {"entity": eid, "depth": depth, "neighbors": [dict(zip(["distance", "id", "type", "name"], r)) for r in rows],
            "facts": sorted(hood["facts"])}
    emit(data, fmt, ["distance", "id", "type", "name"], rows)
    if html:
        _write_html(kg, html, set(hood["entities"]) | hood["facts"], lang, f"{eid} depth {depth}", highlight=[eid])


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True, help="Most paths to show.")
@graph_options
@format_option
@lang_option
@_html_option
def path(a, b, limit, data_dirs, no_bundled, fmt, lang, html):
    """Shortest paths between two entities, through relationships and facts.

    Example: cnkg path DeepSeek Apple
    """
    from .graph.analytics import edge_types, shortest_paths
    from .graph.model import display_name

    kg = _graph(data_dirs, not no_bundled)
    ea, eb = _resolve(kg, a, "A"), _resolve(kg, b, "B")
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
        _write_html(kg, html, nodes, lang, f"{ea} to {eb}", highlight=sorted(nodes))


@cli.command()
@click.option("--measure", type=click.Choice(["degree", "betweenness", "eigenvector"]), default="degree", show_default=True)
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True)
@graph_options
@format_option
@lang_option
def centrality(measure, top, data_dirs, no_bundled, fmt, lang):
    """Rank entities by centrality (facts link their participants).

    Example: cnkg centrality --measure betweenness --top 5
    """
    from .graph.analytics import centrality as rank

    kg = _graph(data_dirs, not no_bundled)
    ranked = rank(kg, measure, top, lang)
    emit(ranked, fmt, ["rank", "id", "type", "name", "score"],
         [[i, r["id"], r["type"], r["name"], f"{r['score']:.4f}"] for i, r in enumerate(ranked, 1)])


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "jsonld", "ntriples", "graphml", "json", "cypher"]),
              default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: standard output).")
@graph_options
def export(fmt, output, data_dirs, no_bundled):
    """Export the whole graph (json is networkx node-link data).

    Example: cnkg export --format turtle -o graph.ttl
    """
    from .graph.export import export_text, write_atomic

    kg = _graph(data_dirs, not no_bundled)
    text = export_text(kg, _schema(), fmt)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="HTML file to write.")
@graph_options
@lang_option
def render(output, data_dirs, no_bundled, lang):
    """Write the whole graph as an interactive, offline HTML explorer.

    Example: cnkg render -o explorer.html --lang zh
    """
    kg = _graph(data_dirs, not no_bundled)
    _write_html(kg, output, None, lang, "china-ai-kg explorer")


# ---------------------------------------------------------------------------
# query packs
# ---------------------------------------------------------------------------


def pack_option(f):
    return click.option("--pack", "packs", multiple=True, type=click.Path(exists=True, file_okay=False),
                        help="Extra query-pack directory; repeatable.")(f)


def _pack(packs):
    from .queries import load_pack

    return load_pack(packs)


def _query(packs, name):
    pack = _pack(packs)
    if name not in pack:
        from .ontology.errors import QueryError
        from .ontology.names import suggest

        raise QueryError(f"no query named '{name}'{suggest(name, sorted(pack))} (see: cnkg query list)")
    return pack[name]


def _param_json(p) -> dict:
    return {"name": p.name, "type": p.spec(), "default": p.default, "allowed": list(p.allowed) if p.allowed else None,
            "doc": p.doc}


def _csv(columns, rows) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[_cell(v) if isinstance(v, list) or v is None or isinstance(v, bool) else v for v in row]
                      for row in rows])
    return buf.getvalue()


def emit_result(result, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(_csv(result.columns, result.rows), nl=False)
    else:
        click.echo(format_table(result.columns, result.rows))
        click.echo(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")


AUTO_OXIGRAPH = 20_000  # nodes + edges; bench/bench_query.py: at 100k facts oxigraph answers 5-30x faster


def _auto_engine(kg) -> str:
    """rdflib where its start-up is cheapest (small graphs), oxigraph where its speed pays (large ones)."""
    return "oxigraph" if kg.g.number_of_nodes() + kg.g.number_of_edges() > AUTO_OXIGRAPH else "rdflib"


def result_format_option(f):
    return click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                        show_default=True, help="Output format.")(f)


@cli.group()
def query():
    """Named relationship questions, each in SPARQL and Cypher.

    Example: cnkg query run apple-china-partner-selection -p company=蘋果
    """


@query.command("list")
@pack_option
@format_option
@lang_option
def query_list(packs, fmt, lang):
    """List the questions of the pack (and of any --pack).

    Example: cnkg query list --format json
    """
    queries = sorted(_pack(packs).values(), key=lambda q: q.name)
    data = [{"name": q.name, "question": dict(q.question), "params": [_param_json(p) for p in q.params]}
            for q in queries]
    key = "zh" if lang == "zh" else "en"
    emit(data, fmt, ["name", "params", "question"],
         [[q.name, " ".join(f"{p.name}={p.default}" if p.default is not None else p.name for p in q.params),
           q.question[key]] for q in queries])


@query.command("show")
@click.argument("name")
@pack_option
@format_option
def query_show(name, packs, fmt):
    """Show one question: header, parameters, and both the SPARQL and the Cypher.

    Example: cnkg query show capex-ranking
    """
    q = _query(packs, name)
    data = {"name": q.name, "question": dict(q.question), "description": q.description,
            "params": [_param_json(p) for p in q.params], "columns": list(q.columns), "files": list(q.files),
            "sparql": q.sparql, "cypher": q.cypher}
    lines = [q.name, f"  en: {q.question['en']}", f"  zh: {q.question['zh']}", f"  {q.description}"]
    for p in q.params:
        lines.append(f"  param {p.name}: {p.spec()}" + (f" = {p.default}" if p.default is not None else " (required)"))
    lines += [f"  columns: {', '.join(q.columns)}", "", f"-- {q.files[0]}", q.sparql.rstrip(), "",
              f"-- {q.files[1]}", q.cypher.rstrip()]
    emit(data, fmt, text="\n".join(lines))


@query.command("run")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter; repeatable.")
@click.option("--engine", type=click.Choice(["auto", "rdflib", "oxigraph", "neo4j"]), default="auto", show_default=True,
              help="rdflib/oxigraph run the SPARQL twin embedded (auto: rdflib on small graphs, oxigraph on large "
                   "ones); neo4j runs the Cypher twin on the server.")
@result_format_option
@lang_option
@_html_option
@pack_option
@graph_options
@neo4j_options
def query_run(name, params, engine, fmt, lang, html, packs, data_dirs, no_bundled, uri, user, database):
    """Answer one question. Values are bound as typed parameters; entities by any alias.

    Example: cnkg query run capex-ranking --format json
    """
    from .queries import parse_params, run_query
    from .queries.resolver import resolver_for

    q = _query(packs, name)
    kg = _graph(data_dirs, not no_bundled)
    engine = _auto_engine(kg) if engine == "auto" else engine
    values = parse_params(q, list(params), resolver_for(kg) if q.params else None, None)
    driver = _driver(uri, user, database) if engine == "neo4j" else None
    try:
        result = run_query(q, values, kg, None, engine, driver)
    finally:
        if driver is not None:
            driver.close()
    emit_result(result, fmt)
    if html:
        from .queries import nodes_of

        _write_html(kg, html, nodes_of(result, kg) or None, lang, q.question["zh" if lang == "zh" else "en"])


@cli.command()
@click.argument("text")
@click.option("--engine", type=click.Choice(["auto", "rdflib", "oxigraph"]), default="auto", show_default=True)
@result_format_option
@graph_options
def sparql(text, engine, fmt, data_dirs, no_bundled):
    """Run ad-hoc, read-only SPARQL (or @file) on the embedded graph; SERVICE and LOAD are refused.

    Example: cnkg sparql 'PREFIX cnkg: <https://w3id.org/cnkg/ontology#> SELECT ?id WHERE { ?x a cnkg:AILab ; cnkg:id ?id }'
    """
    from .queries import run_sparql_text

    kg = _graph(data_dirs, not no_bundled)
    emit_result(run_sparql_text(text, kg, _auto_engine(kg) if engine == "auto" else engine), fmt)


@cli.command()
@click.argument("text")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A $parameter (a string); repeatable.")
@result_format_option
@neo4j_options
def cypher(text, params, fmt, uri, user, database):
    """Run ad-hoc Cypher (or @file) on Neo4j in a read transaction.

    Example: cnkg cypher 'MATCH (m:AIModel) RETURN m.id AS id ORDER BY id'
    """
    from .ontology.errors import QueryError
    from .queries import run_cypher_text

    values = {}
    for pair in params:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"bad parameter '{pair}' (expected key=value)")
        values[key.strip()] = value
    driver = _driver(uri, user, database)
    try:
        emit_result(run_cypher_text(text, driver, values), fmt)
    finally:
        driver.close()


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Directory to write.")
@lang_option
@pack_option
@graph_options
def report(output, lang, packs, data_dirs, no_bundled):
    """Write a static site: every pack question, its answer table and its interactive graph.

    Example: cnkg report -o site/ && open site/index.html
    """
    from .graph.report import write_report

    kg = _graph(data_dirs, not no_bundled)
    index = write_report(kg, _schema(), _pack(packs), output, lang)
    click.echo(f"wrote {index}")


# ---------------------------------------------------------------------------
# neo4j
# ---------------------------------------------------------------------------


@cli.group()
def neo4j():
    """Push the graph to Neo4j and explore it in Neo4j Browser.

    The password is read from NEO4J_PASSWORD and never printed.

    Example: NEO4J_PASSWORD=... cnkg neo4j push --uri bolt://127.0.0.1:7687
    """


@neo4j.command()
@neo4j_options
@click.option("--replace", is_flag=True, help="First remove what this tool pushed before (and nothing else).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=5000, show_default=True)
@graph_options
def push(uri, user, database, replace, batch_size, data_dirs, no_bundled):
    """Write the graph to Neo4j: constraints, then batched idempotent MERGEs.

    Example: cnkg neo4j push --replace
    """
    from .graph.neo4j_push import neo4j_rows, row_counts
    from .graph.neo4j_push import push as do_push

    kg = _graph(data_dirs, not no_bundled)
    schema = _schema()
    driver = _driver(uri, user, database)
    try:
        rows = neo4j_rows(kg, schema)
        total = sum(row_counts(rows).values())
        with click.progressbar(length=total, label="pushing", file=sys.stderr,
                               hidden=total < 20_000) as bar:
            counts = do_push(kg, schema, driver, database, batch_size=batch_size, replace=replace, progress=bar.update)
    finally:
        driver.close()
    click.echo(f"pushed {counts['nodes']} nodes and {counts['relationships']} relationships to {uri}")


@neo4j.command()
@neo4j_options
@graph_options
@format_option
def status(uri, user, database, data_dirs, no_bundled, fmt):
    """Is Neo4j reachable, which version, and how does its copy compare with the local build?

    Example: cnkg neo4j status --format json
    """
    from .graph.neo4j_push import neo4j_rows, row_counts
    from .graph.neo4j_push import status as server_status

    kg = _graph(data_dirs, not no_bundled)
    rows = neo4j_rows(kg, _schema())
    local = row_counts(rows)
    driver = _driver(uri, user, database)
    try:
        remote = server_status(driver, database)
    finally:
        driver.close()
    data = {"uri": uri, "reachable": True, "version": remote["version"], "edition": remote["edition"],
            "server": {"nodes": remote["nodes"], "relationships": remote["relationships"]}, "local": local,
            "in_sync": remote["nodes"] == local["nodes"] and remote["relationships"] == local["relationships"]}
    emit(data, fmt, ["item", "server", "local"], [
        ["version", f"{remote['version']} {remote['edition']}", ""],
        ["nodes", remote["nodes"], local["nodes"]],
        ["relationships", remote["relationships"], local["relationships"]],
    ])


@neo4j.command("browser-kit")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Directory to write.")
@click.option("--pack", "packs", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Extra query-pack directory; repeatable.")
@lang_option
def browser_kit(output, packs, lang):
    """Write a Neo4j Browser stylesheet (GraSS) and a guide with every pack question.

    Example: cnkg neo4j browser-kit -o browser-kit/
    """
    from .graph.neo4j_browser import write_kit
    from .queries import load_pack

    queries = list(load_pack(packs).values())
    for path in write_kit(_schema(), queries, output, lang):
        click.echo(f"wrote {path}")


@neo4j.command("serve-kit")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve_kit(directory, port):
    """Serve a browser kit on 127.0.0.1 so that Neo4j Browser can :play its guide.

    Example: cnkg neo4j serve-kit browser-kit/ --port 8001
    """
    from .graph.neo4j_browser import kit_server

    try:
        server = kit_server(directory, port)
    except OSError as e:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {e.strerror}") from None
    click.echo(f"in Neo4j Browser run:  :play http://localhost:{server.server_address[1]}/guide.html  (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# ---------------------------------------------------------------------------
# entry point
# ---------------------------------------------------------------------------


def main(argv=None) -> int:
    """Run the CLI; errors become one ``Error: ...`` line and exit code 1."""
    from .ontology.errors import KGError

    try:
        cli.main(args=argv, prog_name="cnkg", standalone_mode=False)
    except KGError as e:
        if _STATE["debug"]:
            raise
        click.echo(f"Error: {e}", err=True)
        return 1
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help())
        return 0
    except click.ClickException as e:
        if _STATE["debug"]:
            raise
        click.echo(f"Error: {e.format_message()}", err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("Error: aborted", err=True)
        return 1
    except BrokenPipeError:
        return 0
    return 0

