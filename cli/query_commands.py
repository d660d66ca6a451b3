"""Commands that ask questions: the query pack (list, show, run), ad-hoc SPARQL and Cypher, the report site."""

from __future__ import annotations

import click

from ..base.errors import QueryError
from ..base.langs import short_lang
from ..base.names import suggest
from ..base.pairs import parse_pairs
from ..graph.aliases import resolver_for
from ..queries import (
    choose_engine,
    nodes_of,
    parse_params,
    read_text_arg,
    run_cypher_text,
    run_query,
    run_sparql_text,
)
from ..queries.stored import remember
from .graph_commands import write_html
from .options import (
    answering_graph,
    driver,
    endpoint_options,
    format_option,
    graph,
    graph_options,
    html_option,
    lang_option,
    neo4j_options,
    pack,
    pack_option,
    result_format_option,
    timeout_option,
)
from .output import emit, emit_result

__all__ = ["COMMANDS"]


def _query(packs, name):
    queries = pack(packs)
    if name not in queries:
        raise QueryError(f"no query named '{name}'{suggest(name, sorted(queries))} (see: cnkg query list)")
    return queries[name]


def _param_json(p) -> dict:
    return {"name": p.name, "type": p.spec(), "default": p.default, "allowed": list(p.allowed) if p.allowed else None,
            "doc": p.doc}


@click.group()
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
    queries = sorted(pack(packs).values(), key=lambda q: q.name)
    data = [{"name": q.name, "question": dict(q.question), "params": [_param_json(p) for p in q.params]}
            for q in queries]
    key = short_lang(lang)
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
@click.option("--engine", type=click.Choice(["auto", "rdflib", "oxigraph", "sparql", "neo4j"]), default="auto",
              show_default=True,
              help="rdflib/oxigraph run the SPARQL twin embedded (auto: rdflib on small graphs, oxigraph on large "
                   "ones); sparql runs it on the --endpoint server; neo4j runs the Cypher twin on Neo4j.")
@result_format_option
@timeout_option
@lang_option
@html_option
@pack_option
@graph_options
@neo4j_options
@endpoint_options
def query_run(name, params, engine, fmt, timeout, lang, html, packs, spec, uri, user, database, endpoint):
    """Answer one question. Values are bound as typed parameters; entities by any alias.

    Example: cnkg query run capex-ranking --format json
    """
    q = _query(packs, name)
    kg, key = (graph(spec), None) if html else answering_graph(spec, engine)
    engine = choose_engine(kg, engine)
    values = parse_params(q, list(params), resolver_for(kg) if q.params else None, None)
    neo4j = driver(uri, user, database) if engine == "neo4j" else None
    try:
        result = run_query(q, values, kg, None, engine, neo4j, timeout, endpoint)
    finally:
        if neo4j is not None:
            neo4j.close()
    if engine == "oxigraph":
        remember(key, kg)
    emit_result(result, fmt)
    if html:
        write_html(kg, html, nodes_of(result, kg) or None, lang, q.question[short_lang(lang)],
                   answer={"columns": result.columns, "rows": result.rows})


@click.command()
@click.argument("text")
@click.option("--engine", type=click.Choice(["auto", "rdflib", "oxigraph", "sparql"]), default="auto", show_default=True,
              help="sparql asks the --endpoint server instead of the embedded graph.")
@result_format_option
@timeout_option
@graph_options
@endpoint_options
def sparql(text, engine, fmt, timeout, spec, endpoint):
    """Run ad-hoc, read-only SPARQL (or @file) on the embedded graph; SERVICE and LOAD are refused.

    Example: cnkg sparql 'PREFIX cnkg: <https://w3id.org/cnkg/ontology#> SELECT ?id WHERE { ?x a cnkg:AILab ; cnkg:id ?id }'
    """
    if engine == "sparql":
        emit_result(run_sparql_text(text, None, "sparql", timeout=timeout, endpoint=endpoint), fmt)
        return
    kg, key = answering_graph(spec, engine)
    engine = choose_engine(kg, engine)
    result = run_sparql_text(text, kg, engine, timeout=timeout)
    if engine == "oxigraph":
        remember(key, kg)
    emit_result(result, fmt)


@click.command()
@click.argument("text")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A $parameter (a string); repeatable.")
@result_format_option
@timeout_option
@neo4j_options
def cypher(text, params, fmt, timeout, uri, user, database):
    """Run ad-hoc Cypher (or @file) on Neo4j in a read transaction.

    Example: cnkg cypher 'MATCH (m:AIModel) RETURN m.id AS id ORDER BY id'
    """
    text, values = read_text_arg(text), parse_pairs(params)  # a bad argument fails before any connection
    neo4j = driver(uri, user, database)
    try:
        emit_result(run_cypher_text(text, neo4j, values, timeout), fmt)
    finally:
        neo4j.close()


COMMANDS = (query, sparql, cypher)
