"""Ecosystem Graphs (Stanford CRFM) asset files to records of this project's fact-file schema.

An asset file (``assets/<organisation>.yaml`` of github.com/stanford-crfm/ecosystem-graphs) is a YAML list of
assets, each a mapping with ``type`` (model, dataset, application), ``name``, ``organization``,
``created_date``, ``url``, ``model_card``, ``modality``, ``size``, ``dependencies``, ``license``, ``access``,
``training_hardware`` and prose fields.  A field may be a plain value or ``{value, explanation}``.  What is
read, and how:

* the asset becomes a ModelRelease, a Dataset or a Product; one whose name (any script, width or case)
  already names an entity of that kind in the graph is that entity, never a copy;
* ``organization`` (comma-separated) gives DEVELOPS from each organisation, resolved to an existing
  organisation by name or alias, else by its name without a trailing "AI", "Inc.", "Team", "Lab" and the
  like (so "Deepseek AI", "DeepSeek-AI" and "DeepSeek" are one); an organisation found nowhere is created;
* ``created_date`` gives releaseDate at the precision written (``2024 (exact date not given)`` is 2024);
* ``size`` gives parameters (and activeParameters, architecture) when it counts parameters;
* ``license`` gives LICENSED_UNDER a licence, unless it is custom, unknown or none;
* ``access`` gives access; ``modality`` gives modality;
* ``dependencies`` give BASED_ON (a model) or USES_DATASET (a dataset) when they name an asset of the same
  import or an entity of the graph, else a warning: never a reference to nothing;
* ``training_hardware`` gives TRAINED_ON each chip of the graph it names.

Prose (descriptions, analyses) is not imported.  Every record cites the import's source record, with the
asset's file, line and name as its locator (and the URL the asset cites).  What cannot be kept is listed,
with why, in :attr:`Import.dropped`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ...base.datatypes import parse_date
from ...base.errors import InputError
from ...base.names import name_key
from ...graph.dupes import org_key
from ..articles.proposals import slug
from ..yaml_strict import read_yaml
from .resolve import GraphNames

__all__ = ["Import", "import_assets", "parse_size", "parse_created", "DEFAULT_SOURCE"]

DEFAULT_SOURCE = {
    "id": "src-ecosystem-graphs-assets",
    "name": {"en": "Ecosystem Graphs asset files (Stanford CRFM)"},
    "publisher": "Stanford CRFM",
    "url": "https://github.com/stanford-crfm/ecosystem-graphs",
    "language": "en",
}
_CLASS = {"model": "ModelRelease", "dataset": "Dataset", "application": "Product"}
_KIND = {"ModelRelease": "AIModel", "Dataset": "Dataset", "Product": "Product"}
_NOT_A_LICENCE = {"", "custom", "unknown", "none", "n/a", "unspecified"}
_UNKNOWN = {"", "unknown", "unknwon", "unknkown", "none", "n/a", "null"}
_MULT = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
_SIZE = re.compile(r"^\s*([\d.]+)\s*([kmbt])\s*parameters?\b(.*)$", re.I)
_ACTIVE = re.compile(r"([\d.]+)\s*([kmbt])\s*(?:parameters?\s*)?(?:for activation|activated|active)", re.I)
_YEAR_FIRST = re.compile(r"^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)\b")


@dataclass
class Import:
    """The records of one import and what was left out."""

    source: dict
    entities: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    dropped: list = field(default_factory=list)  # {"where", "asset", "field", "reason"}
    new_organisations: list = field(default_factory=list)
    linked: dict = field(default_factory=dict)  # asset name -> existing entity id
    assets: int = 0
    skipped: int = 0  # assets left out by --org / --country

    def as_file(self) -> dict:
        return {"sources": [self.source], "entities": self.entities, "facts": self.facts}


def _value(v):
    """A field's value: plain, or the ``value`` of ``{value, explanation}``."""
    return v.get("value") if isinstance(v, dict) else v


def parse_created(v) -> str | None:
    """A release date at the precision written, or None.

    >>> parse_created("2023-11-28"), parse_created("2024 (Exact date is not provided.)"), parse_created("unknown")
    ('2023-11-28', '2024', None)
    """
    text = _value(v)
    if text is None:
        return None
    m = _YEAR_FIRST.match(str(text))
    if not m:
        return None
    try:
        return parse_date(m.group(1))
    except ValueError:
        return None


def parse_size(v) -> dict:
    """Parameter counts and architecture from ``size``, or ``{}`` when it counts something else.

    >>> parse_size("67B parameters (dense)")
    {'parameters': 67000000000, 'architecture': 'dense'}
    >>> parse_size("14B parameters with 2.7B parameters for activation")
    {'parameters': 14000000000, 'activeParameters': 2700000000, 'architecture': 'mixture-of-experts'}
    >>> parse_size("1B image-text pairs"), parse_size("unknown")
    ({}, {})
    """
    text = str(_value(v) or "")
    m = _SIZE.match(text)
    if not m:
        return {}
    out = {"parameters": int(round(float(m.group(1)) * _MULT[m.group(2).lower()]))}
    rest = m.group(3)
    active = _ACTIVE.search(rest)
    if active:
        out["activeParameters"] = int(round(float(active.group(1)) * _MULT[active.group(2).lower()]))
    if active or re.search(r"\b(sparse|moe|mixture)", rest, re.I):
        out["architecture"] = "mixture-of-experts"
    elif re.search(r"\bdense\b", rest, re.I):
        out["architecture"] = "dense"
    return out


def _assets(path: Path, label: str) -> list:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text (byte {e.start})", file=label) from e
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", file=label) from e
    if text.lstrip().startswith(("<!doctype", "<!DOCTYPE", "<html", "<HTML")):
        raise InputError("an HTML page, not an Ecosystem Graphs asset file", file=label, line=1)
    data = read_yaml(text, label)
    if data is None:
        return []
    if not isinstance(data, list):
        raise InputError("an asset file must be a YAML list of assets", file=label, line=1)
    for item in data:
        if not isinstance(item, dict):
            raise InputError("each asset must be a mapping", file=label, line=getattr(item, "line", 1))
        for key in ("type", "name"):
            if not isinstance(item.get(key), str) or not item.get(key).strip():
                raise InputError(f"an asset needs a '{key}'", file=label, line=item.line)
    return data


def import_assets(files, kg, schema, source: dict | None = None, orgs=(), countries=()) -> Import:
    """Read the asset *files* (``(label, Path)``) against *kg*; *orgs* and *countries* keep only the assets of
    those organisations (any spelling) or nationalities."""
    source = dict(source or DEFAULT_SOURCE)
    out = Import(source)
    graph = GraphNames(kg, schema)
    wanted_orgs = {org_key(o) for o in orgs}
    wanted_ids = {graph.organisation(o) for o in orgs} - {None}
    wanted_countries = {c.casefold() for c in countries}
    chosen = []
    for label, path in files:
        for a in _assets(path, label):
            out.assets += 1
            names = [n.strip() for n in str(_value(a.get("organization")) or "").split(",") if n.strip()]
            if wanted_orgs and not any(org_key(n) in wanted_orgs or graph.organisation(n) in wanted_ids for n in names):
                out.skipped += 1
                continue
            if wanted_countries and str(_value(a.get("nationality")) or "").casefold() not in wanted_countries:
                out.skipped += 1
                continue
            chosen.append((label, a, names))
    new_ids: dict = {}  # name_key of an asset's name -> (id, class), this import's own
    taken = set(kg.g.nodes)
    plan = []
    for label, a, names in chosen:
        cls = _CLASS.get(a["type"].strip().lower())
        where = f"{label}:{a.line}"
        if cls is None:
            out.dropped.append({"where": where, "asset": a["name"], "field": "type",
                                "reason": f"type '{a['type']}' is not model, dataset or application"})
            continue
        existing = graph.entity(a["name"], _KIND[cls])
        if existing:
            out.linked[a["name"]] = existing
            eid = existing
        else:
            key = name_key(a["name"])
            if key in new_ids:
                eid = new_ids[key][0]
            else:
                base = slug(a["name"])
                eid = base if base not in taken else f"{base}-{a['type'].strip().lower()}"
                n = 2
                while eid in taken:
                    eid, n = f"{base}-{n}", n + 1
                taken.add(eid)
            new_ids[key] = (eid, cls)
        plan.append((label, a, names, cls, eid, existing is not None))
    sid = source["id"]
    new_orgs: dict = {}
    names_used: dict = {}  # name_key -> id, of the entities this import creates
    for label, a, names, cls, eid, linked in plan:
        where = f"{label}:{a.line}"
        cite = _value(a.get("url")) or _value(a.get("model_card"))
        locator = f"{where}, asset '{a['name']}'" + (f" (cites {cite})" if cite else "")

        def fact(typ, frm, to, *, _loc=locator):
            out.facts.append({"type": typ, "from": frm, "to": to, "source": sid, "locator": _loc, "status": "reported"})

        def drop(fld, reason, *, _where=where, _name=a["name"]):
            out.dropped.append({"where": _where, "asset": _name, "field": fld, "reason": reason})

        if not linked:
            shown = a["name"].strip()
            other = graph.resolver.get(shown) or names_used.get(name_key(shown))
            if other is not None:  # the name is another entity's: a name names one entity only
                shown = f"{shown} ({a['type'].strip().lower()})"
                drop("name", f"names {other} too; imported as '{shown}'")
            names_used[name_key(shown)] = eid
            rec = {"id": eid, "type": cls, "name": {"en": shown}}
            created = parse_created(a.get("created_date"))
            if created:
                rec["releaseDate"] = created
            elif str(_value(a.get("created_date")) or "").strip().lower() not in _UNKNOWN:
                drop("created_date", f"no date in {str(_value(a.get('created_date')))[:40]!r}")
            if cls == "ModelRelease":
                size = parse_size(a.get("size"))
                rec.update(size)
                if not size and str(_value(a.get("size")) or "").strip().lower() not in _UNKNOWN:
                    drop("size", f"not a parameter count: {str(_value(a.get('size')))[:40]!r}")
                access = str(_value(a.get("access")) or "").strip().lower()
                if access in ("open", "limited", "closed"):
                    rec["access"] = access
                modality = str(_value(a.get("modality")) or "").strip()
                if modality and modality.lower() not in _UNKNOWN:
                    rec["modality"] = modality
            rec.update({"source": sid, "locator": locator, "status": "reported"})
            out.entities.append(rec)
        for name in names:
            oid = graph.organisation(name) or new_orgs.get(org_key(name))
            other = graph.resolver.get(name)
            if oid is None and other is not None:
                drop("organization", f"'{name}' names {other} ({kg.g.nodes[other]['type']}), not an organisation")
                continue
            if oid is None:
                base = slug(name)
                oid = base if base not in taken else f"{base}-org"
                taken.add(oid)
                new_orgs[org_key(name)] = oid
                names_used[name_key(name)] = oid
                out.new_organisations.append(oid)
                out.entities.append({"id": oid, "type": "Organization", "name": {"en": name}, "source": sid,
                                     "locator": f"{where}, organization of asset '{a['name']}'", "status": "reported"})
            fact("DEVELOPS", oid, eid)
        if not names:
            drop("organization", "no organisation named")
        lic = str(_value(a.get("license")) or "").strip()
        if lic.lower() in _NOT_A_LICENCE:
            if lic:
                drop("license", f"'{lic}' names no licence")
        elif cls in ("ModelRelease", "Dataset"):
            lid = graph.entity(lic, "Licence") or _licence_id(lic, graph)
            if lid not in kg.g and lid not in taken:
                taken.add(lid)
                shown = lic if graph.resolver.get(lic) is None and name_key(lic) not in names_used else f"{lic} (licence)"
                names_used[name_key(shown)] = lid
                out.entities.append({"id": lid, "type": "Licence", "name": {"en": shown}, "source": sid,
                                     "locator": f"{where}, licence of asset '{a['name']}'", "status": "reported"})
            fact("LICENSED_UNDER", eid, lid)
        for dep in a.get("dependencies") or []:
            dep = str(dep).strip()
            own = new_ids.get(name_key(dep))
            target = own[0] if own else graph.entity(dep, "AIModel") or graph.entity(dep, "Dataset")
            tcls = own[1] if own else (kg.g.nodes[target]["type"] if target else None)
            if target is None or target == eid:
                drop("dependencies", f"'{dep}' names nothing known")
            elif cls != "ModelRelease":
                drop("dependencies", f"'{dep}': only a model's dependencies are kept")
            elif schema.is_a(tcls, "AIModel"):
                fact("BASED_ON", eid, target)
            elif tcls == "Dataset":
                fact("USES_DATASET", eid, target)
            else:
                drop("dependencies", f"'{dep}' is a {tcls}, neither a model nor a dataset")
        hardware = str(_value(a.get("training_hardware")) or "")
        if cls == "ModelRelease" and hardware.strip().lower() not in _UNKNOWN:
            chips = _chips_in(hardware, kg, schema)
            for chip in chips:
                fact("TRAINED_ON", eid, chip)
            if not chips:
                drop("training_hardware", f"names no chip the graph knows: {hardware[:50]!r}")
    out.entities.sort(key=lambda r: r["id"])
    out.facts = sorted({_fact_key(f): f for f in out.facts}.values(), key=_fact_key)
    return out


def _fact_key(f: dict) -> tuple:
    return (f["type"], f["from"], f["to"])


def _licence_id(name: str, graph: GraphNames) -> str:
    key = org_key(name.replace("licence", "").replace("license", "").replace("License", ""))
    for nid, d in graph.kg.g.nodes(data=True):
        if d["type"] == "Licence" and key in {org_key(x.replace("License", "").replace("license", ""))
                                              for x in (nid, d.get("name_en") or "", *d.get("aliases", ()))}:
            return nid
    return slug(unicodedata.normalize("NFKC", name))


def _chips_in(text: str, kg, schema) -> list:
    """The chips of the graph that *text* names (by a name or alias, or by a name without its maker's word)."""
    found = set()
    folded = " " + re.sub(r"[^0-9a-z]+", " ", name_key(text)) + " "
    for nid, d in kg.g.nodes(data=True):
        if d["type"] != "Chip":
            continue
        for name in {d.get("name_en") or "", *d.get("aliases", ())}:
            words = re.sub(r"[^0-9a-z]+", " ", name_key(name)).split()
            for form in {" ".join(words), " ".join(w for w in words if w not in ("nvidia", "huawei", "amd"))}:
                if len(form) >= 3 and re.search(r"\d", form) and f" {form} " in folded:
                    found.add(nid)
    return sorted(found)
