"""``cnkg import``: datasets into fact files of this project's schema; ``cnkg sources``: each source as a unit."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click
import yaml

from ..base.datatypes import parse_date
from ..base.errors import InputError
from ..base.files import write_atomic
from ..loaders import check_new_file, expand_paths
from ..loaders.datasets import DEFAULT_SOURCE, import_assets, import_table, import_wikidata, open_table, read_map
from ..ontology import load_schema
from .options import format_option, graph, graph_options
from .output import emit, note

__all__ = ["COMMANDS"]


@click.group("import")
def import_group():
    """Import a dataset into a fact file of this project's schema (validated before it is written)."""


@import_group.command("ecosystem-graphs")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out", type=click.Path(), default=None,
              help="The fact file to write (default: standard output).")
@click.option("--source-id", default=None, help=f"Id of the source record (default {DEFAULT_SOURCE['id']}).")
@click.option("--org", "orgs", multiple=True, help="Keep the assets of this organisation (any spelling); repeatable.")
@click.option("--country", "countries", multiple=True,
              help="Keep the assets of this nationality (as the dataset writes it, e.g. China); repeatable.")
@click.option("--retrieved", default=None, help="When the files were read (YYYY, YYYY-MM or YYYY-MM-DD).")
@graph_options
@format_option
def ecosystem_graphs(paths, out, source_id, orgs, countries, retrieved, spec, fmt):
    """Ecosystem Graphs asset files (assets/*.yaml of stanford-crfm/ecosystem-graphs, or a directory of them).

    Models, datasets and applications with their developers, release dates, parameter counts, licences,
    access, dependencies and training chips; organisations resolve to the graph's (any spelling) and what
    cannot be kept is listed with why. The same input gives the same file, byte for byte.

    Example: cnkg import ecosystem-graphs ecosystem-graphs/assets --country China -o data/eg.yaml
    """
    files = expand_paths(list(paths))
    files = [(label, p) for label, p in files if p.suffix in (".yaml", ".yml")]
    if not files:
        raise InputError(f"no asset files (.yaml) in {', '.join(paths)}")
    kg = graph(spec, view=False)
    source = dict(DEFAULT_SOURCE)
    if source_id:
        source["id"] = source_id
    if source["id"] in kg.g:
        raise InputError(f"source id '{source['id']}' is already in the graph; choose another --source-id")
    if retrieved:
        try:
            source["retrieved"] = parse_date(retrieved)
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--retrieved") from e
    result = import_assets(files, kg, load_schema(), source, orgs, countries)
    text = _yaml(result)
    check_new_file(text, out or f"{source['id']}.yaml", spec.data_dirs)
    if out:
        write_atomic(Path(out), text, protect=kg.inputs)
        note(f"wrote {out}")
    else:
        click.echo(text, nl=False)
    summary = {"assets": result.assets, "skipped": result.skipped, "entities": len(result.entities),
               "facts": len(result.facts), "linked": result.linked, "new_organisations": result.new_organisations,
               "dropped": result.dropped}
    if fmt == "json":
        if out:
            emit(summary, "json")
        return
    lines = [f"{result.assets} assets read, {result.skipped} left out by --org/--country; "
             f"{len(result.entities)} entities and {len(result.facts)} relationships written; "
             f"{len(result.linked)} assets are entities the graph has; "
             f"{len(result.new_organisations)} new organisations: {', '.join(result.new_organisations) or 'none'}"]
    lines += [f"dropped: {d['where']} {d['asset']}: {d['field']}: {d['reason']}" for d in result.dropped]
    for line in lines:
        note(line)


@import_group.command("csv")
@click.argument("table", type=click.Path())
@click.option("--map", "map_file", required=True, type=click.Path(), help="The mapping file (YAML): which column is what.")
@click.option("-o", "--output", "out", type=click.Path(), default=None,
              help="The fact file to write, JSON Lines (.jsonl); default: standard output.")
@graph_options
@format_option
def csv_table(table, map_file, out, spec, fmt):
    """A CSV table, with a mapping file saying which column is the id, the name, a property or a relationship.

    Rows stream (a million rows in bounded memory), with a progress bar on a terminal; every record cites the
    map's source with its row as the locator. docs/maps/epoch_notable_models.yaml maps the columns of
    Epoch AI's "Notable AI models" table.

    Example: cnkg import csv notable_ai_models.csv --map docs/maps/epoch_notable_models.yaml -o data/epoch.jsonl
    """
    schema = load_schema()
    try:
        text = Path(map_file).read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", file=map_file) from e
    tmap = read_map(text, map_file, schema)
    if out is not None and not str(out).endswith(".jsonl"):
        raise click.BadParameter("the output is JSON Lines: name it FILE.jsonl", param_hint="-o")
    kg = graph(spec, view=False)
    if tmap.source["id"] in kg.g:
        raise InputError(f"source id '{tmap.source['id']}' is already in the graph", file=map_file)
    size = Path(table).stat().st_size if Path(table).is_file() else 0
    with open_table(table, table) as stream:
        if out is None:
            result = import_table(stream, table, tmap, map_file, kg, schema, sys.stdout)
        else:
            with _temporary_beside(Path(out), kg.inputs) as tmp:
                with open(tmp, "w", encoding="utf-8") as sink:
                    if sys.stderr.isatty() and size:
                        with click.progressbar(length=size, label="rows", file=sys.stderr) as bar:
                            last = [0]

                            def advance(n):
                                bar.update(n - last[0])
                                last[0] = n
                            result = import_table(stream, table, tmap, map_file, kg, schema, sink, advance)
                    else:
                        result = import_table(stream, table, tmap, map_file, kg, schema, sink)
                if result.kept <= CHECK_ROWS:
                    check_new_file(tmp.read_text(encoding="utf-8"), out, spec.data_dirs)
    summary = {"rows": result.rows, "kept": result.kept, "entities": result.entities,
               "relationships": result.relationships, "linked": result.linked, "new_entities": result.new_entities}
    if out:
        note(f"wrote {out}")
        if fmt == "json":
            emit(summary, "json")
        else:
            note(f"{result.rows} rows, {result.kept} kept; {result.entities} entities and {result.relationships} "
                 f"relationships written; {result.linked} rows are entities the graph has; "
                 f"{len(result.new_entities)} new entities named in columns")


@import_group.command("wikidata")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out", type=click.Path(), default=None,
              help="The fact file to write (default: standard output).")
@graph_options
@format_option
def wikidata(paths, out, spec, fmt):
    """Wikidata entity JSON (a wbgetentities answer, or the JSON dump with one entity per line).

    Labels and aliases in English and Chinese, instance of (the class), country and headquarters,
    parent organisation, founders, inception and website; statement ranks, start and end times and
    references are kept. A QID the graph has is that entity, never a copy.

    Example: cnkg import wikidata entities.json -o data/wikidata.yaml
    """
    files = []
    for p in map(Path, paths):
        if p.is_dir():
            files += [(str(f), f) for f in sorted(p.rglob("*.json"))]
        elif p.exists():
            files.append((str(p), p))
        else:
            raise InputError("no such file", file=str(p))
    if not files:
        raise InputError(f"no .json files in {', '.join(paths)}")
    kg = graph(spec, view=False)
    result = import_wikidata(files, kg, load_schema())
    head = "# Imported from Wikidata entity JSON by `cnkg import wikidata`; locators name each item's statements.\n"
    text = head + yaml.safe_dump(result.as_file(), sort_keys=False, allow_unicode=True, width=110)
    check_new_file(text, out or "wikidata.yaml", spec.data_dirs)
    if out:
        write_atomic(Path(out), text, protect=kg.inputs)
        note(f"wrote {out}")
    else:
        click.echo(text, nl=False)
    summary = {"items": len(result.sources), "entities": len(result.entities), "facts": len(result.facts),
               "linked": result.linked, "dropped": result.dropped}
    if fmt == "json" and out:
        emit(summary, "json")
    elif fmt != "json":
        note(f"{len(result.sources)} items read; {len(result.entities)} entities and {len(result.facts)} relationships "
             f"written; {len(result.linked)} items are entities the graph has")
        for d in result.dropped:
            note(f"dropped: {d['item']} {d['what']}: {d['reason']}")


CHECK_ROWS = 200_000  # up to this many rows the written file is built with the bundled data before it lands


class _temporary_beside:
    """A temporary file next to *path*, renamed onto it when the block ends without an error, else removed."""

    def __init__(self, path: Path, protect=()):
        self.path, self.protect = path, protect

    def __enter__(self) -> Path:
        if self.path.exists() and any(os.path.samefile(self.path, p) for p in self.protect if Path(p).exists()):
            raise InputError("is an input of this command; write elsewhere", file=str(self.path))
        if not self.path.parent.is_dir():
            raise InputError(f"directory {self.path.parent} does not exist", file=str(self.path))
        fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, kind, value, tb):
        if kind is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)
        return False


def _yaml(result) -> str:
    head = ("# Imported from Ecosystem Graphs asset files by `cnkg import ecosystem-graphs`; locators name each\n"
            "# asset's file, line and name. Prose fields are not imported.\n")
    return head + yaml.safe_dump(result.as_file(), sort_keys=False, allow_unicode=True, width=110)


@click.command()
@graph_options
@format_option
def sources(spec, fmt):
    """Every source with what rests on it: entities, facts and relationships citing it.

    Example: cnkg sources --format json
    """
    kg = graph(spec)
    counts: dict = {}
    for _, d in kg.g.nodes(data=True):
        if d.get("source"):
            c = counts.setdefault(d["source"], [0, 0, 0])
            c[0 if d["kind"] == "entity" else 1] += 1
    for _, _, d in kg.g.edges(data=True):
        if d["kind"] == "relation" and d.get("source"):
            counts.setdefault(d["source"], [0, 0, 0])[2] += 1
    rows = []
    for nid, d in sorted(kg.g.nodes(data=True)):
        if d["type"] == "Source":
            e, f, r = counts.get(nid, [0, 0, 0])
            rows.append({"source": nid, "publisher": d.get("publisher"), "published": d.get("published"),
                         "entities": e, "facts": f, "relationships": r, "url": d.get("url")})
    columns = ["source", "publisher", "published", "entities", "facts", "relationships", "url"]
    emit(rows, fmt, columns, [[r[c] if r[c] is not None else "" for c in columns] for r in rows])


COMMANDS = [import_group, sources]
