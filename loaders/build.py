"""Records -> validated :class:`KnowledgeGraph`, all or nothing.

Validation happens in two passes over all records of all files: first the
entities (so that facts may refer to entities defined in any file, by any
alias), then the facts.  The first rule broken raises a
:class:`~china_ai_kg.ontology.errors.KGError` naming ``file:line``, and no
graph is returned.
"""

from __future__ import annotations

import hashlib
import json
import re

from ..base.datatypes import date_not_after, parse_date
from ..base.errors import UnknownEntityError, ValidationError
from ..base.names import suggest, to_simplified, to_traditional
from ..graph.aliases import Resolver
from ..graph.model import NAME_KEYS, KnowledgeGraph
from ..ontology.schema import RDF_STATEMENT, Schema
from .fact_files import MERGE, RETRACTION
from .json_text import SURROGATE
from .records import Record
from .values import check_value

__all__ = ["build_graph", "classify"]

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:~-]*$")
_ENTITY_KEYS = ("id", "type", "name", "aliases")
_RELATION_KEYS = ("id", "type", "from", "to")
_FACT_KEYS = ("id", "type")


def classify(rec: Record, schema: Schema) -> str:
    """Return ``"entity"``, ``"fact"`` or ``"relation"`` for a record, by its type."""
    t = rec.get("type")
    if not isinstance(t, str):
        raise ValidationError("record has no 'type'", **rec.where("type"))
    if t in schema.classes:
        return "fact" if schema.classes[t].is_fact else "entity"
    if t in schema.by_graph_name:
        if schema.by_graph_name[t].kind == "relation":
            return "relation"
    if t.isupper() or "_" in t:
        hint = suggest(t, schema.relations)
        raise ValidationError(f"unknown relationship '{t}'{hint}", **rec.where("type"))
    hint = suggest(t, schema.entity_classes + schema.fact_classes)
    raise ValidationError(f"unknown type '{t}'{hint}", **rec.where("type"))


class _Builder:
    def __init__(self, schema: Schema):
        self.schema = schema
        self.resolver = Resolver()
        self.kg = KnowledgeGraph()
        self.seen: dict = {}  # id -> "file:line"
        self.sources: set = set()
        self.references: list = []  # (link, target id, record) of claims that point at other claims
        self.relation_ids: set = set()
        self.ids: dict = {}  # id(record) -> the claim id given to a record without one
        self.seeded = False  # building on the graph of files read before (:meth:`seed`)

    # -- shared ----------------------------------------------------------
    def contributed(self, rec: Record) -> dict:
        """What *rec*'s file put in the graph (for :mod:`.incremental`): its nodes and relationship edges."""
        return self.kg.by_file.setdefault(rec.file, {"nodes": [], "edges": [], "global": False})

    def seed(self, kg: KnowledgeGraph) -> None:
        """Build on *kg* (the graph of the files that did not change): its ids and names are taken."""
        self.kg = kg
        ids, keys = kg.name_index
        self.resolver.ids, self.resolver.keys = set(ids), dict(keys)
        self.relation_ids = set(kg.relation_ids)
        self.seeded = True

    def claim_id(self, fid: str, rec: Record, key: str = "id") -> None:
        if not isinstance(fid, str) or not _ID_RE.match(fid):
            raise ValidationError(f"bad id {fid!r} (letters, digits and ._:~- only)", **rec.where(key))
        first = self.seen.get(fid)
        if first is None and self.seeded and (fid in self.kg.g or fid in self.relation_ids):
            first = "a file read before"
        if first is not None:
            raise ValidationError(f"duplicate id '{fid}' (first defined at {first})", **rec.where(key))
        self.seen[fid] = f"{rec.file}:{rec.where(key)['line']}"

    def properties(self, rec: Record, cls: str, reserved: tuple, roles: dict | None = None, what: str = "",
                   allowed: dict | None = None) -> dict:
        """Check every key of *rec* that is not reserved or a role; return the properties.

        *allowed* are the datatype properties of the node or edge (by default those of class *cls*).
        """
        what = what or cls
        if allowed is None:
            allowed = self.schema.attrs_for(cls)
        out = {}
        for key, value in rec.items():
            if key in reserved or (roles is not None and key in roles):
                continue
            attr = allowed.get(key)
            if attr is None:
                if key == "source" and cls != "Source":
                    out["source"] = self.source_ref(rec, value)
                    continue
                if key in self.schema.references and self.claims_link(cls, key):
                    if not isinstance(value, str):
                        raise ValidationError(f"'{key}' must be the id of a fact or relationship", **rec.where(key))
                    out[key] = value  # checked once every claim is built (it may be defined later)
                    self.references.append((key, value, rec))
                    continue
                options = [*allowed, *(roles or ()), *reserved, "source"]
                raise ValidationError(f"unknown property '{key}' for {what}{suggest(key, options)}", **rec.where(key))
            try:
                out[key] = check_value(attr, value)
            except ValidationError as e:
                raise ValidationError(e.message, **rec.where(key)) from e
            if (attr.minimum is not None and out[key] < attr.minimum) or (
                attr.maximum is not None and out[key] > attr.maximum
            ):
                raise ValidationError(self.schema.bounds_message(key), **rec.where(key))
        if cls != "Source" and "source" not in out:
            raise ValidationError(f"{what} has no source", **rec.where())
        for attr in allowed.values():
            if attr.min and attr.name not in out and not (cls == "Source" and attr.name == "locator"):
                raise ValidationError(f"{what} has no '{attr.name}'", **rec.where())
        for a, b in self.schema.order_rules(allowed):
            if a in out and b in out and not _not_above(out[a], out[b]):
                raise ValidationError(self.schema.order_message(a, b), **rec.where(a))
        for a in (n for n in out if n in allowed and allowed[n].at_most_source):
            b = allowed[a].at_most_source
            bound = self.kg.node(out["source"]).get(b) if "source" in out else None
            if bound is not None and not _not_above(out[a], bound):
                raise ValidationError(self.schema.source_order_message(a, b), **rec.where(a))
        for rule in self.schema.minimum_rules:
            if out.get(rule.when) in rule.values:
                for prop in rule.bounds:
                    if prop in out and out[prop] < rule.minimum:
                        raise ValidationError(rule.message(prop), **rec.where(prop))
        return out

    def claims_link(self, cls: str, key: str) -> bool:
        """Whether a claim of class *cls* (or a relationship, by its lowerCamel name) may carry the link *key*."""
        domains = self.schema.links[key].domains
        return RDF_STATEMENT in domains if cls in self.schema.links else self.schema.applies(domains, cls)

    def check_references(self) -> None:
        """Each ``supersedes`` names another fact or relationship, and no chain of them comes back to itself."""
        targets = {}
        for key, target, rec in self.references:
            own = rec.get("id") or self.ids[id(rec)]
            if target == own:
                raise ValidationError(f"'{key}' names the {self.what(own)} itself", **rec.where(key))
            if self.what(target) is None:
                kind = "an entity" if target in self.kg.g else "nothing"
                hint = "" if target in self.kg.g else suggest(target, sorted(c for c in self.seen if self.what(c)))
                raise ValidationError(f"'{key}' names {kind} ('{target}'); it takes the id of a fact or relationship"
                                      f"{hint}", **rec.where(key))
            targets[own] = (target, rec, key)
        for start, (_, rec, key) in sorted(targets.items()):
            seen, node = {start}, targets[start][0]
            while node in targets:
                if node in seen:
                    raise ValidationError(f"'{key}' goes round in a circle back to '{start}'", **rec.where(key))
                seen.add(node)
                node = targets[node][0]

    def what(self, cid: str) -> str | None:
        """``"fact"`` or ``"relationship"`` for a claim's id; ``None`` for an entity or an unknown id."""
        if cid in self.relation_ids:
            return "relationship"
        return "fact" if cid in self.kg.g and self.kg.node(cid)["kind"] == "fact" else None

    def source_ref(self, rec: Record, value) -> str:
        sid = self.ref(rec, "source", value)
        if self.kg.node(sid)["type"] != "Source":
            raise ValidationError(f"'source' must be a Source document, not {self.kg.node(sid)['type']} '{sid}'", **rec.where("source"))
        return sid

    def ref(self, rec: Record, key: str, name) -> str:
        eid = self.resolver.get(name) if isinstance(name, str) else None
        if eid is None:
            hint = suggest(str(name), sorted(self.resolver.ids))
            raise UnknownEntityError(f"unknown entity '{name}' in '{key}'{hint}", **rec.where(key))
        return eid

    def check_range(self, rec: Record, key: str, link, eid: str) -> None:
        cls = self.kg.node(eid)["type"]
        if not any(self.schema.is_a(cls, r) for r in link.ranges):
            raise ValidationError(
                f"'{key}' must be {' or '.join(link.ranges)}, not {cls} '{eid}'", **rec.where(key)
            )

    # -- entities -----------------------------------------------------------
    def entity(self, rec: Record) -> None:
        cls = rec["type"]
        if self.schema.classes[cls].abstract:
            raise ValidationError(f"type '{cls}' is abstract; use one of its subclasses", **rec.where("type"))
        eid = rec.get("id")
        if eid is None:
            raise ValidationError(f"{cls} has no 'id'", **rec.where())
        self.claim_id(eid, rec)
        names = _names(rec)
        aliases = rec.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise ValidationError("'aliases' must be a list of names", **rec.where("aliases"))
        if any(SURROGATE.search(text) for text in aliases):
            raise ValidationError("invalid Unicode (a lone surrogate) in an alias", **rec.where("aliases"))
        attrs = {"type": cls, **names, "aliases": tuple(sorted(set(aliases)))}
        self.resolver.add(eid, [*names.values(), *aliases], rec.where("aliases" if aliases else "name"))
        self.kg.add_entity(eid, attrs)
        self.contributed(rec)["nodes"].append(eid)
        self.pending.append((eid, rec))

    def entity_properties(self, eid: str, rec: Record) -> None:
        props = self.properties(rec, rec["type"], _ENTITY_KEYS)
        self.kg.node(eid).update(props)

    # -- facts -------------------------------------------------------------
    def relation(self, rec: Record) -> None:
        link = self.schema.by_graph_name[rec["type"]]
        for key in ("from", "to"):
            if key not in rec:
                raise ValidationError(f"{link.graph_name} has no '{key}'", **rec.where())
        u = self.ref(rec, "from", rec["from"])
        v = self.ref(rec, "to", rec["to"])
        for key, eid, allowed in (("from", u, link.domains), ("to", v, link.ranges)):
            cls = self.kg.node(eid)["type"]
            if not any(self.schema.is_a(cls, c) for c in allowed):
                raise ValidationError(
                    f"{link.graph_name} '{key}' must be {' or '.join(allowed)}, not {cls} '{eid}'", **rec.where(key)
                )
        props = self.properties(rec, link.name, _RELATION_KEYS, what=link.graph_name,
                                allowed=self.schema.attrs_for_relation(link.name))
        props.setdefault("status", "reported")
        rid = rec.get("id") or _auto_id("rel", [link.graph_name, u, v], props)
        self.claim_id(rid, rec)
        self.kg.add_relation(rid, u, v, link.graph_name, props)
        self.contributed(rec)["edges"].append((u, v, rid))
        self.relation_ids.add(rid)
        if "supersedes" in props:
            self.ids[id(rec)] = rid

    def fact(self, rec: Record) -> None:
        cls = rec["type"]
        if self.schema.classes[cls].abstract:
            raise ValidationError(f"type '{cls}' is abstract; use one of its subclasses", **rec.where("type"))
        roles = self.schema.roles_for(cls)
        edges = []
        for name, link in roles.items():
            value = rec.get(name)
            values = [] if value is None else value if isinstance(value, list) else [value]
            if len(values) < link.min:
                need = "at least one" if link.min == 1 else f"at least {link.min}"
                raise ValidationError(f"{cls} needs {need} '{name}'", **rec.where(name))
            if link.max is not None and len(values) > link.max:
                raise ValidationError(f"{cls} takes at most {link.max} '{name}'", **rec.where(name))
            seen = set()
            for v in values:
                eid = self.ref(rec, name, v)
                self.check_range(rec, name, link, eid)
                if eid in seen:
                    raise ValidationError(f"'{name}' names {eid} twice", **rec.where(name))
                seen.add(eid)
                edges.append((link.graph_name, eid))
        props = self.properties(rec, cls, _FACT_KEYS, roles)
        props.setdefault("status", "reported")
        fid = rec.get("id") or _auto_id(cls.lower(), [cls, *sorted(edges)], props)
        self.claim_id(fid, rec)
        self.kg.add_fact(fid, {"type": cls, **props}, sorted(edges))
        self.contributed(rec)["nodes"].append(fid)
        if "supersedes" in props:
            self.ids[id(rec)] = fid

    # -- driver ------------------------------------------------------------
    # -- merges -------------------------------------------------------------
    def read_merges(self, records) -> list:
        """The merge records (``merges:`` ``{id: OLD, into: NEW, source, locator}``), checked as a whole: no id
        merged into itself or twice, no circle; :attr:`merged` maps each old id to the id it ends up in."""
        merges = [r for r in records if r.get("type") == MERGE]
        into = {}
        for rec in merges:
            old, new = rec.get("id"), rec.get("into")
            for key, value in (("id", old), ("into", new)):
                if not isinstance(value, str) or not _ID_RE.match(value):
                    raise ValidationError(f"a merge needs '{key}', an entity id", **rec.where(key if key in rec else None))
            if old == new:
                raise ValidationError(f"merges '{old}' into itself", **rec.where("into"))
            if old in into:
                raise ValidationError(f"'{old}' is merged twice (into {into[old][0]} and {new})", **rec.where("id"))
            into[old] = (new, rec)
        self.merged = {}
        for old, (new, rec) in sorted(into.items()):
            seen, node = {old}, new
            while node in into:
                if node in seen:
                    raise ValidationError(f"merges go round in a circle back to '{old}'", **rec.where("into"))
                seen.add(node)
                node = into[node][0]
            self.merged[old] = (node, rec)
        return merges

    def apply_merges(self) -> None:
        """Fold each merged entity into the one it is merged into: its id and names resolve there from now on."""
        for old, (new, rec) in sorted(self.merged.items()):
            gone = self.merged_records.get(old)
            if gone is None:
                raise ValidationError(f"merges '{old}', which names no entity", **rec.where("id"))
            if new not in self.kg.g or self.kg.node(new)["kind"] != "entity":
                raise ValidationError(f"merges into '{new}', which names no entity", **rec.where("into"))
            a, b = gone["type"], self.kg.node(new)["type"]
            if self.schema.classes[a].lineage[-2:] != self.schema.classes[b].lineage[-2:]:
                raise ValidationError(f"cannot merge {a} '{old}' into {b} '{new}'", **rec.where("into"))
            sid = self.source_ref(rec, rec.get("source"))
            if not isinstance(rec.get("locator"), str) or not rec["locator"].strip():
                raise ValidationError("a merge needs a 'locator' (where its source says they are one)", **rec.where())
            names = list(_names(gone).values()) + list(gone.get("aliases") or [])
            self.resolver.add(new, [old, *names], rec.where("id"))
            node = self.kg.node(new)
            node["aliases"] = tuple(sorted({*node.get("aliases", ()), old, *names} - {node.get(k) for k in NAME_KEYS.values()}))
            node["merged_from"] = tuple(sorted({*node.get("merged_from", ()), (old, sid, rec["locator"])}))

    # -- retractions -----------------------------------------------------------
    def read_retractions(self, records) -> None:
        """The sources retracted (``retractions:`` ``{source, date, reason}``), each a Source document."""
        self.retracted = {}
        for rec in (r for r in records if r.get("type") == RETRACTION):
            sid = self.source_ref(rec, rec.get("source"))
            if sid in self.retracted:
                raise ValidationError(f"'{sid}' is retracted twice", **rec.where("source"))
            try:
                self.retracted[sid] = parse_date(rec.get("date"))
            except ValueError as e:
                raise ValidationError(f"a retraction needs 'date', when it was retracted: {e}",
                                      **rec.where("date" if "date" in rec else None)) from e

    def is_retracted(self, rec: Record) -> bool:
        sid = self.resolver.get(rec["source"]) if isinstance(rec.get("source"), str) else None
        return sid in self.retracted

    def prune_retracted(self) -> None:
        """Remove what only the retracted sources supported: entities that no remaining statement names, then
        the sources that nothing cites any more (the others keep their retraction date)."""
        g = self.kg.g
        gone = [n for n, d in g.nodes(data=True) if d.get("source") in self.retracted and d["kind"] == "entity"
                and g.degree(n) == 0 and n not in self.retracted]
        g.remove_nodes_from(gone)
        cited = {d.get("source") for _, d in g.nodes(data=True)} | {d.get("source") for *_, d in g.edges(data=True)}
        for sid, date in self.retracted.items():
            if sid in cited:
                g.nodes[sid]["retracted"] = date
            else:
                g.remove_node(sid)

    def run(self, records) -> KnowledgeGraph:
        self.pending = []
        self.merged_records = {}
        self.retracted = {}
        later = []
        merges = self.read_merges(records)
        for rec in records:
            if rec.get("type") in (MERGE, RETRACTION):
                self.contributed(rec)["global"] = True  # its effect reaches other files: never built alone
            if rec.get("type") in (MERGE, RETRACTION):
                if rec.get("type") == RETRACTION:
                    later.append(("retraction", rec))
                continue
            if rec.get("id") in self.merged and classify(rec, self.schema) == "entity":
                self.claim_id(rec["id"], rec)
                self.merged_records[rec["id"]] = rec  # folded into its target once every entity is known
                continue
            kind = classify(rec, self.schema)
            if kind == "entity":
                self.entity(rec)
            else:
                later.append((kind, rec))
        if isinstance(records, list):
            records.clear()  # the caller's list is consumed: records and graph must not peak together
        for eid, rec in self.pending:
            if rec["type"] == "Source":
                self.entity_properties(eid, rec)
        for eid, rec in self.pending:
            if rec["type"] != "Source":
                self.entity_properties(eid, rec)
        if merges:
            self.apply_merges()
        self.read_retractions([rec for kind, rec in later if kind == "retraction"])
        later = [(kind, rec) for kind, rec in later if kind != "retraction"]
        # consume the fact records as they are built, so records and graph do not peak together
        later.reverse()
        while later:
            kind, rec = later.pop()
            if self.retracted and self.is_retracted(rec):
                continue  # what a retracted source says is not read
            (self.relation if kind == "relation" else self.fact)(rec)
        if self.retracted:
            self.prune_retracted()
        self.check_references()
        # kept with the graph, so that a change to one file can be built on it (:mod:`.incremental`)
        self.kg.corrected = getattr(self.kg, "corrected", set()) | {t for _, t, _ in self.references}
        self.kg.relation_ids = self.relation_ids
        self.kg.name_index = (self.resolver.ids, self.resolver.keys)
        self.references = []
        return self.kg


def _not_above(a, b) -> bool:
    """``a <= b`` for numbers; for dates, at the coarser of the two precisions."""
    return date_not_after(a, b) if isinstance(a, str) else a <= b


def _names(rec: Record) -> dict:
    """Names in the three scripts; a missing Chinese script is converted from the other."""
    name = rec.get("name")
    if isinstance(name, str):
        name = {"en": name}
    if not isinstance(name, dict) or not isinstance(name.get("en"), str) or not name["en"].strip():
        raise ValidationError("'name' must give at least an English name ('en')", **rec.where("name"))
    if any(isinstance(v, str) and SURROGATE.search(v) for v in name.values()):
        raise ValidationError("invalid Unicode (a lone surrogate) in a name", **rec.where("name"))
    unknown = [k for k in name if k not in NAME_KEYS]
    if unknown:
        raise ValidationError(
            f"unknown name script '{unknown[0]}'{suggest(unknown[0], NAME_KEYS)} (use en, zh-Hans, zh-Hant)",
            **rec.where("name"),
        )
    hans, hant = name.get("zh-Hans"), name.get("zh-Hant")
    if hans and not hant:
        hant = to_traditional(hans)
    if hant and not hans:
        hans = to_simplified(hant)
    out = {"name_en": name["en"]}
    if hans:
        out["name_zh_hans"] = hans
        out["name_zh_hant"] = hant
    return out


_NOT_IDENTITY = ("locator", "status", "confidence", "description", "reportedOn", "claimRank", "supersedes")


def _auto_id(prefix: str, identity: list, props: dict) -> str:
    """The id of a fact given without one, from what the fact *is*, not from where it is cited.

    The key is the type, the participants (resolved ids, so an alias gives the same id), the source and
    the qualifiers (dates, values, scoped properties): editing a locator, a status, a confidence, a
    description, a report date, a rank or a supersede keeps the id, and so the statement's IRI.  The same fact from another source is another
    claim, with its own id.
    """
    key = [*identity, sorted((k, v) for k, v in props.items() if k not in _NOT_IDENTITY)]
    text = json.dumps(key, ensure_ascii=False, default=str)
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


def build_graph(records, schema: Schema) -> KnowledgeGraph:
    """Validate *records* (from any number of files) and build the graph.

    A list of records is consumed (emptied) as the graph is built.
    """
    return _Builder(schema).run(records)
