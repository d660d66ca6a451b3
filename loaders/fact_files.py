"""Reading fact files into records: YAML for people, JSON Lines for bulk.

A YAML fact file is one mapping with up to three lists::

    sources:   # documents; their type is Source
      - {id: src-x, name: ..., publisher: ..., published: 2025-02-12}
    entities:
      - {id: alibaba, type: Company, name: {en: Alibaba Group, zh-Hans: 阿里巴巴集团}, source: src-x, locator: "¶5"}
    facts:
      - {type: DEVELOPS, from: alibaba-cloud, to: qwen, source: src-x, locator: "¶17"}

A JSON Lines file (``.jsonl``) holds one such record per line, entities and
facts mixed (the ``type`` tells them apart).  It is the bulk format: it
parses an order of magnitude faster than YAML.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..base.errors import InputError
from ..base.files import read_text
from ..base.limits import MAX_INPUT_BYTES
from ..base.names import suggest
from .json_text import load_json
from .records import Record
from .yaml_strict import read_yaml

__all__ = ["read_fact_file", "FACT_SUFFIXES", "RDF_SUFFIXES", "MERGE", "RETRACTION"]

MERGE = "merge"
RETRACTION = "retraction"
_OWN_TYPES = {"merges": MERGE, "retractions": RETRACTION}

FACT_SUFFIXES = (".yaml", ".yml", ".jsonl")
RDF_SUFFIXES = (".ttl", ".jsonld", ".nt")
_SECTIONS = ("sources", "entities", "facts", "merges", "retractions")


def _yaml_records(text: str, label: str) -> list:
    doc = read_yaml(text, label)
    if doc is None:
        return []
    if not isinstance(doc, Record):
        raise InputError("a fact file must be a mapping with 'sources', 'entities' or 'facts'", file=label, line=1)
    out = []
    for key, items in doc.items():
        if key not in _SECTIONS:
            raise InputError(f"unknown section '{key}'{suggest(key, _SECTIONS)}", file=label, line=doc.lines[key])
        if items is None:
            continue
        if not isinstance(items, list):
            raise InputError(f"'{key}' must be a list", file=label, line=doc.lines[key])
        for item in items:
            if not isinstance(item, Record):
                raise InputError(f"every item of '{key}' must be a mapping", file=label, line=doc.lines[key])
            if key in _OWN_TYPES:
                item["type"] = _OWN_TYPES[key]  # a merge or retraction: its own section, never a type a user writes
                item.lines.setdefault("type", item.line)
            elif item.get("type") in _OWN_TYPES.values():
                section = next(k for k, v in _OWN_TYPES.items() if v == item["type"])
                raise InputError(f"'{item['type']}' records go in the '{section}' section", **item.where("type"))
            elif key == "sources":
                if item.setdefault("type", "Source") != "Source":
                    raise InputError("items of 'sources' must have type Source", **item.where("type"))
                item.lines.setdefault("type", item.line)
            elif key == "entities" and isinstance(item.get("type"), str) and item["type"][:1].isupper() and item["type"].isupper():
                raise InputError(f"'{item['type']}' is a relationship; put it under 'facts'", **item.where("type"))
            out.append(item)
    return out


def _no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise ValueError(f"duplicate key '{k}'")
        obj[k] = v
    return obj


def _jsonl_records(text: str, label: str) -> list:
    out = []
    decode = json.JSONDecoder(object_pairs_hook=_no_duplicates).decode
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = load_json(line, label, n, decode)
        except ValueError as e:
            msg = str(e) if str(e).startswith("duplicate key") else f"malformed JSON: {e.args[0].split(':')[0]}"
            raise InputError(msg, file=label, line=n) from e
        if not isinstance(obj, dict):
            raise InputError("each line must be a JSON object", file=label, line=n)
        out.append(Record(obj, file=label, line=n))
    return out


def read_fact_file(path: Path, label: str | None = None) -> list:
    """Read one YAML or JSON Lines fact file into :class:`Record` objects."""
    label = label or str(path)
    text = read_text(path, label, max_bytes=MAX_INPUT_BYTES)
    if path.suffix == ".jsonl":
        return _jsonl_records(text, label)
    if path.suffix in (".yaml", ".yml"):
        return _yaml_records(text, label)
    raise InputError(f"unsupported file type '{path.suffix}' (use {', '.join(FACT_SUFFIXES + RDF_SUFFIXES)})", file=label)
