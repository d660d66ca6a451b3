"""A CSV table and a mapping file to records of this project's fact-file schema, row by row.

The mapping (YAML) says what each column is::

    source: {id: src-..., name: {en: ...}, publisher: ..., url: ...}   # the table's source record
    class: ModelRelease          # the class of the entity each row describes
    id: System                   # the column whose slug is the row's id (or: name)
    name: System                 # the column of its English name
    filter: {column: Country (of organization), contains: China}       # optional: rows to keep
    properties:                  # ontology property: column (datatype from the ontology), or
      releaseDate: Publication date
      parameters: {column: Parameters, datatype: decimal, unit: parameters}
    relationships:               # relationships to entities named in a column, resolved by name or alias
      - {type: DEVELOPS, column: Organization, direction: in, split: ",", class: Organization}

``direction: in`` makes the named entity the relationship's ``from`` (Organization DEVELOPS the row's model),
``out`` its ``to``.  A name the graph does not know becomes an entity of ``class`` (once, whatever the
rows that name it), listed in :attr:`TableImport.new_entities`.  A row whose name already names an entity of
the row's kind is that entity: its relationships are imported, its properties are not (they are the other
file's).  Values are checked by the loader's own rules (:func:`~..values.check_value`); an empty cell is no
value.  Rows stream: memory holds the ids and the names seen, not the rows.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field

from ...base.errors import InputError, KGError
from ...base.names import name_key
from ...graph.aliases import resolver_for
from ..articles.proposals import slug
from ..values import check_value
from ..yaml_strict import read_yaml
from .resolve import GraphNames

__all__ = ["TableImport", "TableMap", "read_map", "import_table", "open_table"]

_MAP_KEYS = ("source", "class", "id", "name", "filter", "properties", "relationships", "locator")
csv.field_size_limit(1 << 20)


@dataclass
class TableMap:
    source: dict
    cls: str
    id_column: str
    name_column: str
    filter: tuple | None  # (column, text it must contain)
    properties: dict  # property -> column
    relationships: list  # {"type", "column", "direction", "split", "class"}
    lines: dict  # what -> line of the map, for errors


@dataclass
class TableImport:
    """What an import wrote and left out."""

    rows: int = 0
    kept: int = 0
    entities: int = 0
    relationships: int = 0
    linked: int = 0
    new_entities: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def read_map(text: str, label: str, schema) -> TableMap:
    """Check a mapping file against the ontology; errors name the map's file and line."""
    doc = read_yaml(text, label)
    if not isinstance(doc, dict):
        raise InputError("a table map must be a mapping (source, class, id, name, properties, ...)", file=label, line=1)
    for key in doc:
        if key not in _MAP_KEYS:
            raise InputError(f"unknown key '{key}' (a map has {', '.join(_MAP_KEYS)})", file=label, line=doc.lines[key])
    for key in ("source", "class", "id", "name"):
        if key not in doc:
            raise InputError(f"the map needs '{key}'", file=label, line=1)
    cls = doc["class"]
    if cls not in schema.entity_classes or schema.classes[cls].abstract:
        raise InputError(f"'{cls}' is not an entity class of the ontology", file=label, line=doc.lines["class"])
    source = doc["source"]
    if not isinstance(source, dict) or not isinstance(source.get("id"), str):
        raise InputError("'source' must be a source record with an 'id'", file=label, line=doc.lines["source"])
    lines = {"id": doc.lines["id"], "name": doc.lines["name"]}
    props = {}
    allowed = schema.attrs_for(cls)
    for prop, spec in (doc.get("properties") or {}).items():
        line = doc["properties"].lines.get(prop, doc.lines["properties"])
        column = spec.get("column") if isinstance(spec, dict) else spec
        if prop not in allowed:
            raise InputError(f"'{prop}' is not a property of {cls}", file=label, line=line)
        if isinstance(spec, dict) and spec.get("datatype") and spec["datatype"] != schema.attrs[prop].datatype:
            raise InputError(f"'{prop}' is a {schema.attrs[prop].datatype} in the ontology, not a {spec['datatype']}",
                             file=label, line=line)
        if not isinstance(column, str):
            raise InputError(f"'{prop}' needs a column", file=label, line=line)
        props[prop] = column
        lines[f"property {prop}"] = line
    rels = []
    for item in doc.get("relationships") or []:
        line = getattr(item, "line", doc.lines.get("relationships", 1))
        typ = item.get("type")
        link = schema.relations.get(typ)
        if link is None:
            raise InputError(f"'{typ}' is not a relationship of the ontology", file=label, line=line)
        direction = item.get("direction", "out")
        target = item.get("class")
        if direction not in ("in", "out") or target not in schema.entity_classes:
            raise InputError("a relationship needs 'direction' in or out and a 'class' for unknown names",
                             file=label, line=line)
        mine, theirs = (link.ranges, link.domains) if direction == "in" else (link.domains, link.ranges)
        if not any(schema.is_a(cls, c) for c in mine) or not any(schema.is_a(target, c) for c in theirs):
            raise InputError(f"{typ} does not link {cls} and {target} that way", file=label, line=line)
        rels.append({"type": typ, "column": item.get("column"), "direction": direction,
                     "split": item.get("split"), "class": target})
        lines[f"relationship {len(rels)}"] = line
    filt = doc.get("filter")
    if filt is not None:
        filt = (filt.get("column"), str(filt.get("contains", "")))
        lines["filter"] = doc.lines["filter"]
    return TableMap(source, cls, doc["id"], doc["name"], filt, props, rels, lines)


def _check_columns(header: list, tmap: TableMap, map_label: str) -> None:
    needed = [("id", tmap.id_column), ("name", tmap.name_column)]
    needed += [(f"property {p}", c) for p, c in tmap.properties.items()]
    needed += [(f"relationship {i}", r["column"]) for i, r in enumerate(tmap.relationships, 1)]
    if tmap.filter:
        needed.append(("filter", tmap.filter[0]))
    for what, column in needed:
        if column not in header:
            raise InputError(f"the map names a missing column '{column}' (the table has {len(header)} columns)",
                             file=map_label, line=tmap.lines.get(what, 1))


def import_table(stream, label: str, tmap: TableMap, map_label: str, kg, schema, out, progress=None) -> TableImport:
    """Read the CSV *stream* (text) and write JSON Lines records to *out* (a text file); *progress*, if
    given, is called with the characters read so far."""
    resolver = resolver_for(kg)
    graph_names = GraphNames(kg, schema)
    result = TableImport()
    out.write(json.dumps({**tmap.source, "type": "Source"}, ensure_ascii=False, sort_keys=True) + "\n")
    reader = csv.reader(_counted(stream, progress))
    try:
        header = next(reader)
    except StopIteration as e:
        raise InputError("an empty table: no header row", file=label, line=1) from e
    _check_columns(header, tmap, map_label)
    index = {c: i for i, c in enumerate(header)}
    sid = tmap.source["id"]
    ids, made = set(kg.g.nodes), {}  # made: name_key -> id of entities this import created for names
    own_names = {}
    kind = schema.classes[tmap.cls].lineage[-2] if len(schema.classes[tmap.cls].lineage) > 1 else tmap.cls
    try:
        for row in reader:
            line = reader.line_num
            result.rows += 1
            if len(row) != len(header):
                raise InputError(f"a ragged row: {len(row)} fields, the header has {len(header)}", file=label,
                                 line=line)
            if tmap.filter and tmap.filter[1] not in row[index[tmap.filter[0]]]:
                continue
            result.kept += 1
            name = row[index[tmap.name_column]].strip()
            if not name:
                raise InputError(f"column '{tmap.name_column}' is empty: a row needs a name", file=label, line=line)
            locator = f"{label} row {line} ({name})"
            existing = resolver.get(name)
            if existing and schema.is_a(kg.g.nodes[existing]["type"], kind):
                eid = existing
                result.linked += 1
            else:
                eid = slug(row[index[tmap.id_column]].strip() or name)
                if eid in ids or name_key(name) in own_names:
                    raise InputError(f"'{name}' ({eid}) is named twice, or is already an id of the graph",
                                     file=label, line=line)
                ids.add(eid)
                own_names[name_key(name)] = eid
                rec = {"id": eid, "type": tmap.cls, "name": {"en": name}, "source": sid, "locator": locator,
                       "status": "reported"}
                for prop, column in tmap.properties.items():
                    cell = row[index[column]].strip()
                    if cell:
                        try:
                            rec[prop] = check_value(schema.attrs[prop], _typed(cell, schema.attrs[prop].datatype))
                        except (KGError, ValueError) as e:
                            msg = getattr(e, "message", str(e))
                            raise InputError(f"column '{column}': {msg}", file=label, line=line) from e
                out.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
                result.entities += 1
            for rel in tmap.relationships:
                cell = row[index[rel["column"]]]
                others = [n.strip() for n in (cell.split(rel["split"]) if rel["split"] else [cell]) if n.strip()]
                for other in others:
                    oid = _target(other, rel["class"], resolver, graph_names, kg, schema, made, ids, sid, label, line, out,
                                  result)
                    frm, to = (oid, eid) if rel["direction"] == "in" else (eid, oid)
                    out.write(json.dumps({"type": rel["type"], "from": frm, "to": to, "source": sid,
                                          "locator": locator, "status": "reported"}, ensure_ascii=False,
                                         sort_keys=True) + "\n")
                    result.relationships += 1
    except csv.Error as e:
        raise InputError(f"not a CSV table ({e})", file=label, line=reader.line_num) from e
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text ({e.reason})", file=label, line=reader.line_num + 1) from e
    return result


def _typed(cell: str, datatype: str):
    if datatype in ("decimal", "integer"):
        return float(cell) if any(c in cell for c in ".eE") else int(cell)
    if datatype == "boolean":
        return {"true": True, "false": False}.get(cell.lower(), cell)
    return cell


def _target(name, cls, resolver, names, kg, schema, made, ids, sid, label, line, out, result) -> str:
    root = schema.classes[cls].lineage[-2]
    eid = names.organisation(name) if root == "Organization" else names.entity(name, root)
    if eid:
        return eid
    eid = resolver.get(name)
    key = name_key(name)
    if key in made:
        return made[key]
    base = slug(name)
    new, n = base, 2
    while new in ids:
        new, n = f"{base}-{n}", n + 1
    ids.add(new)
    made[key] = new
    shown = name if eid is None else f"{name} ({cls})"
    out.write(json.dumps({"id": new, "type": cls, "name": {"en": shown}, "source": sid, "status": "reported",
                          "locator": f"{label} row {line}, named in a column"}, ensure_ascii=False,
                         sort_keys=True) + "\n")
    result.new_entities.append(new)
    return new


def _counted(stream, progress):
    read = 0
    for chunk in stream:
        read += len(chunk)
        if progress is not None:
            progress(read)
        yield chunk


def open_table(path, label: str):
    """The CSV file at *path* as text lines (UTF-8, a BOM allowed)."""
    try:
        return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - the caller closes it
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", file=label) from e

