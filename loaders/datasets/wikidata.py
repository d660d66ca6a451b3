"""Wikidata entity JSON to records of this project's fact-file schema.

Both forms are read: a ``wbgetentities`` answer (``{"entities": {"Q..": {...}}}``) and the JSON dump (one
entity per line, in a JSON array).  For each item:

* labels and aliases in ``en``, ``zh-hans`` and ``zh-hant`` (``zh``, ``zh-cn``, ``zh-sg`` are read as
  simplified, ``zh-tw``, ``zh-hk``, ``zh-mo`` as traditional); an item without an English label is left out;
* the QID becomes the entity's ``wikidata``; an entity of the graph with that QID *is* the item (a QID wins
  over a name), else one whose name names it within the item's kind, else a new entity;
* P31 (instance of) chooses the class by :data:`CLASSES`, else the item is left out, with why;
* P17 (country) and P159 (headquarters) give BASED_IN, P749 (parent organisation) SUBSIDIARY_OF, P112
  (founded by) FOUNDED_BY, each towards the item of the graph or of the file that has that QID;
* P571 (inception) gives founded, P856 (official website) website, at the precision Wikidata gives;
* a statement's rank is kept (``preferred``/``deprecated`` as claimRank; deprecated ones still answer only
  with ``--all-claims``), its start and end time qualifiers (P580, P582) as validFrom and validTo, and its
  references (P854 reference URL, P248 stated in) in its locator.

Every record cites one source record per item: its Wikidata page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ...base.datatypes import parse_date
from ...base.errors import InputError
from ...base.names import name_key
from ..articles.proposals import slug
from .resolve import GraphNames

__all__ = ["WikidataImport", "import_wikidata", "read_entities", "CLASSES"]

CLASSES = {  # P31 value -> class, the first that an item has wins (in this order)
    "Q5": "Person",
    "Q327333": "GovernmentAgency", "Q2659904": "GovernmentAgency",
    "Q3918": "ResearchInstitution", "Q31855": "ResearchInstitution", "Q902104": "ResearchInstitution",
    "Q1455778": "CloudProvider",
    "Q4830453": "Company", "Q783794": "Company", "Q891723": "Company", "Q6881511": "Company",
    "Q43229": "Organization",
}
_LANGS = {"en": "en", "zh-hans": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh": "zh-Hans",
          "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant"}
_RELATIONS = {"P17": "BASED_IN", "P159": "BASED_IN", "P749": "SUBSIDIARY_OF", "P112": "FOUNDED_BY"}
_RANK = {"preferred": "preferred", "deprecated": "deprecated"}


@dataclass
class WikidataImport:
    sources: list = field(default_factory=list)
    entities: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    dropped: list = field(default_factory=list)  # {"item", "what", "reason"}
    linked: dict = field(default_factory=dict)  # QID -> existing entity id

    def as_file(self) -> dict:
        return {"sources": self.sources, "entities": self.entities, "facts": self.facts}


def read_entities(text: str, label: str) -> list:
    """The entity objects of a wbgetentities answer or of a dump (one per line)."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html")):
        raise InputError("an HTML page, not Wikidata entity JSON", file=label, line=1)
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            doc = json.loads(stripped)
        except json.JSONDecodeError as e:
            raise InputError(f"not JSON ({e.msg})", file=label, line=e.lineno) from e
        if not isinstance(doc, dict) or not isinstance(doc.get("entities"), dict):
            raise InputError("a wbgetentities answer has an 'entities' mapping", file=label, line=1)
        return [(1, e) for _, e in sorted(doc["entities"].items())]
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip().rstrip(",")
        if line in ("", "[", "]"):
            continue
        try:
            out.append((n, json.loads(line)))
        except json.JSONDecodeError as e:
            raise InputError(f"not an entity of a Wikidata dump ({e.msg})", file=label, line=n) from e
    return out


def _text_values(block: dict) -> dict:
    out: dict = {}
    for lang, v in (block or {}).items():
        ours = _LANGS.get(lang)
        if ours and isinstance(v, dict) and v.get("value"):
            out.setdefault(ours, v["value"])
    return out


def _alias_values(block: dict) -> list:
    out = []
    for lang, values in sorted((block or {}).items()):
        if lang in _LANGS:
            out.extend(v["value"] for v in values if isinstance(v, dict) and v.get("value"))
    return out


def _value(snak: dict):
    if not isinstance(snak, dict) or snak.get("snaktype") != "value":
        return None
    return (snak.get("datavalue") or {}).get("value")


def _time(value) -> str | None:
    """A Wikidata time value at its precision (9 year, 10 month, 11 day), or None."""
    if not isinstance(value, dict) or not isinstance(value.get("time"), str):
        return None
    t, precision = value["time"].lstrip("+"), value.get("precision", 11)
    date = {9: t[:4], 10: t[:7], 11: t[:10]}.get(precision)
    try:
        return parse_date(date) if date else None
    except ValueError:
        return None


def _refs(statement: dict) -> str:
    found = []
    for ref in statement.get("references") or []:
        for prop in ("P854", "P248"):
            for snak in (ref.get("snaks") or {}).get(prop, []):
                v = _value(snak)
                found.append(v if isinstance(v, str) else (v or {}).get("id", ""))
    found = [f for f in found if f]
    return f"; references: {', '.join(dict.fromkeys(found))}" if found else ""


def import_wikidata(files, kg, schema) -> WikidataImport:
    """Read the entity JSON *files* (``(label, Path)``) against *kg*."""
    out = WikidataImport()
    names = GraphNames(kg, schema)
    by_qid = {d["wikidata"]: n for n, d in kg.g.nodes(data=True) if d.get("wikidata")}
    items = []
    for label, path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"cannot read as UTF-8 text ({e})", file=label) from e
        for line, e in read_entities(text, label):
            if not isinstance(e, dict) or not str(e.get("id", "")).startswith("Q"):
                raise InputError("an item needs an 'id' Q...", file=label, line=line)
            items.append((label, line, e))
    plan, taken = {}, set(kg.g.nodes)
    for label, line, e in items:
        qid = e["id"]
        labels = _text_values(e.get("labels"))
        claims = e.get("claims") or {}
        kinds = [(_value(s.get("mainsnak")) or {}).get("id") for s in claims.get("P31", [])]
        cls = next((CLASSES[k] for k in CLASSES if k in kinds), None)
        if "en" not in labels:
            out.dropped.append({"item": qid, "what": "labels", "reason": "no English label"})
            continue
        if cls is None:
            out.dropped.append({"item": qid, "what": "P31", "reason": f"instance of {', '.join(filter(None, kinds)) or 'nothing'}"
                                                                       ": no class here"})
            continue
        root = schema.classes[cls].lineage[-2] if len(schema.classes[cls].lineage) > 1 else cls
        existing = by_qid.get(qid) or (names.organisation(labels["en"]) if root == "Organization"
                                       else names.entity(labels["en"], root))
        if existing:
            out.linked[qid] = existing
            plan[qid] = (existing, label, line, e, cls, True, labels)
            continue
        eid = slug(labels["en"])
        while eid in taken:
            eid = f"{eid}-{qid.lower()}"
        taken.add(eid)
        plan[qid] = (eid, label, line, e, cls, False, labels)
    for qid, (eid, _label, _line, e, cls, linked, labels) in sorted(plan.items(), key=lambda kv: kv[1][0]):
        sid = f"src-wikidata-{qid.lower()}"
        out.sources.append({"id": sid, "name": {"en": f"{labels['en']} (Wikidata, {qid})"}, "publisher": "Wikidata",
                            "url": f"https://www.wikidata.org/wiki/{qid}", "language": "en"})
        claims = e.get("claims") or {}
        if not linked:
            rec = {"id": eid, "type": cls, "name": {k: v for k, v in labels.items() if k in ("en", "zh-Hans", "zh-Hant")},
                   "wikidata": qid}
            if rec["name"].get("zh-Hans") and rec["name"].get("zh-Hant") and \
                    name_key(rec["name"]["zh-Hans"]) == name_key(rec["name"]["zh-Hant"]):
                del rec["name"]["zh-Hant"]  # one name in two scripts: the loader derives the other
            own = {name_key(v) for v in rec["name"].values()}
            aliases = [a for a in dict.fromkeys(_alias_values(e.get("aliases"))) if name_key(a) not in own]
            if aliases:
                rec["aliases"] = aliases
            if schema.is_a(cls, "Organization"):
                for prop, attr in (("P571", "founded"), ("P856", "website")):
                    for s in _best(claims.get(prop, [])):
                        v = _value(s.get("mainsnak"))
                        value = _time(v) if attr == "founded" else v if isinstance(v, str) else None
                        if value:
                            rec[attr] = value
                            break
            rec.update({"source": sid, "locator": f"{qid} labels, aliases, P31", "status": "reported"})
            out.entities.append(rec)
        for prop, typ in _RELATIONS.items():
            for s in claims.get(prop, []):
                target_qid = (_value(s.get("mainsnak")) or {}).get("id")
                target = by_qid.get(target_qid) or (plan[target_qid][0] if target_qid in plan else None)
                if target is None:
                    out.dropped.append({"item": qid, "what": prop, "reason": f"{target_qid} is no entity of the graph "
                                                                             "or of this file"})
                    continue
                fact = {"type": typ, "from": eid, "to": target, "source": sid,
                        "locator": f"{qid} {prop} {s.get('id', '')}".rstrip() + _refs(s), "status": "reported"}
                for q, key in (("P580", "validFrom"), ("P582", "validTo")):
                    for qs in (s.get("qualifiers") or {}).get(q, []):
                        when = _time(_value(qs))
                        if when:
                            fact[key] = when
                if s.get("rank") in _RANK:
                    fact["claimRank"] = _RANK[s["rank"]]
                out.facts.append(fact)
    out.facts.sort(key=lambda f: (f["type"], f["from"], f["to"], f["locator"]))
    return out


def _best(statements: list) -> list:
    """Statements by rank: preferred first, deprecated never."""
    order = {"preferred": 0, "normal": 1}
    return sorted((s for s in statements if s.get("rank") != "deprecated"), key=lambda s: order.get(s.get("rank"), 1))
