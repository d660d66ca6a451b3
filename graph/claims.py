"""Claims that disagree, and which of them answers by default.

Sources disagree (two outlets give different round sizes) and the world changes (a chief executive
steps down), so the graph keeps every claim with its source and decides which ones answer:

* a claim that another one ``supersedes`` (a correction) is **superseded**, and one ranked
  ``deprecated`` (``claimRank``, as Wikidata ranks statements) is **deprecated**;
* facts of a class with a ``cnkg:claimKey`` are claims about the same thing when the key roles and
  properties agree (a figure's subject, metric, period and date); they **conflict** when they differ in
  a ``cnkg:claimValue`` property (its value, bounds, unit or currency);
* relationships marked ``cnkg:oneAtATime "per-object"`` (one chief executive per organization) conflict
  when different subjects hold them towards one object over overlapping valid time;
* in a conflict, ``preferred`` claims beat ``normal`` ones (the others are **outranked**), then claims
  from the source first in the trust order (``trust``: 1 first; none last) beat the rest (**less
  trusted**).  A conflict that neither decides stays **unresolved**: all its claims answer, and
  ``cnkg conflicts`` shows it.

Every outcome other than "answers" and "unresolved" keeps a claim out of the default view
(:mod:`china_ai_kg.graph.views`); ``--all-claims`` shows them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .time_axes import Axes, overlaps

__all__ = ["Claims", "Conflict", "claims", "claim_table", "ANSWERS", "UNRESOLVED"]

ANSWERS, UNRESOLVED = "answers", "unresolved"
SUPERSEDED, DEPRECATED, OUTRANKED, LESS_TRUSTED = "superseded", "deprecated", "outranked", "less trusted"
_RANKS = {"preferred": 2, "normal": 1, "deprecated": 0}


@dataclass
class Conflict:
    """Claims about one thing that do not agree: its *key* words, and each claim's value and outcome."""

    kind: str  # the fact class or relationship type
    key: tuple  # (name, value) pairs that make the claims claims about one thing
    members: list = field(default_factory=list)  # claim ids, sorted
    values: dict = field(default_factory=dict)  # claim id -> its value, as (name, value) pairs
    outcomes: dict = field(default_factory=dict)  # claim id -> outcome

    @property
    def resolved(self) -> bool:
        return UNRESOLVED not in self.outcomes.values()


@dataclass
class Claims:
    """The outcome of every claim that does not simply answer, and the conflicts found."""

    outcomes: dict  # claim id -> superseded / deprecated / outranked / less trusted / unresolved
    conflicts: list  # Conflict, sorted by kind and key
    superseded_by: dict  # claim id -> the ids of the claims that supersede it

    @property
    def hidden(self) -> frozenset:
        """Claims that the default view leaves out."""
        return frozenset(c for c, o in self.outcomes.items() if o not in (ANSWERS, UNRESOLVED))


def _claim_items(kg) -> tuple:
    """``(facts, relations)``: ``(id, attrs)`` of every fact and ``(id, u, v, attrs)`` of every relationship, in one
    pass over the graph each (no sorting: the callers sort what they report)."""
    g = kg.g
    facts = [(n, d) for n, d in g.nodes(data=True) if d["kind"] == "fact"]
    relations = [(d["id"], u, v, d) for u, v, d in g.edges(data=True) if d["kind"] == "relation"]
    return facts, relations


def _fact_groups(kg, schema, facts: list) -> dict:
    groups: dict = {}
    out_edges = kg.g.out_edges
    for nid, d in facts:
        cls = schema.classes[d["type"]]
        if not cls.claim_key:
            continue
        roles: dict = {}
        for _, target, e in out_edges(nid, data=True):
            roles.setdefault(e["type"], []).append(target)
        key = [("type", d["type"])]
        for name in cls.claim_key:
            link = schema.links.get(name)
            key.append((name, tuple(sorted(roles.get(link.graph_name, ()))) if link else d.get(name)))
        value = tuple((name, d.get(name)) for name in cls.claim_value)
        groups.setdefault(tuple(key), {})[nid] = value
    return groups


def _relation_groups(schema, axes: Axes, relations: list) -> dict:
    """Per-object relationships: the components of "different subjects, overlapping valid time"."""
    per_object = {g for g, link in schema.relations.items() if link.one_at_a_time == "per-object"}
    by_object: dict = {}
    for rid, u, v, d in relations:
        if d["type"] in per_object:
            by_object.setdefault((d["type"], v), []).append((rid, u, axes.valid(d)))
    groups = {}
    for (rel, v), edges in sorted(by_object.items()):
        pairs = [(a, b) for i, (a, ua, ia) in enumerate(edges) for b, ub, ib in edges[i + 1:]
                 if ua != ub and overlaps(ia, ib)]
        subject = {rid: u for rid, u, _ in edges}
        for members in _components(pairs):
            groups[(("type", rel), ("to", v), ("first", min(members)))] = {m: (("from", subject[m]),) for m in members}
    return groups


def _components(pairs: list) -> list:
    """The connected components (sets of ids) of the graph whose edges are *pairs*."""
    import networkx as nx  # lazy: networkx costs ~200 ms, which `cnkg --help` must not pay

    return [set(c) for c in nx.connected_components(nx.Graph(pairs))]


def claims(kg, schema) -> Claims:
    """Find superseded and deprecated claims and the conflicts of *kg*, and decide who answers."""
    axes = Axes(schema, kg)
    facts, relations = _claim_items(kg)
    refs = schema.references
    outcomes: dict = {}
    superseded_by: dict = {}
    attrs = {**dict(facts), **{rid: d for rid, _, _, d in relations}}
    for cid, d in attrs.items():
        for name in refs:
            if d.get(name):
                superseded_by.setdefault(d[name], []).append(cid)
        if d.get("claimRank") == "deprecated":
            outcomes[cid] = DEPRECATED
    for cid in superseded_by:
        if cid in attrs:
            outcomes[cid] = SUPERSEDED
    conflicts = []
    groups = {**_fact_groups(kg, schema, facts), **_relation_groups(schema, axes, relations)}
    for key, members in sorted(groups.items(), key=lambda kv: repr(kv[0])):
        if len(members) < 2 or len(set(members.values())) < 2:
            continue  # one claim, or claims that agree: corroboration, not conflict
        conflict = Conflict(kind=key[0][1], key=tuple(p for p in key[1:] if p[0] != "first"), members=sorted(members),
                            values=dict(sorted(members.items())))
        rank = {c: -_RANKS[attrs[c].get("claimRank", "normal")] for c in members}  # lower comes first
        trust = {c: _trust(kg, attrs[c]) for c in members}
        live = [c for c in conflict.members if c not in outcomes]
        for c in conflict.members:
            conflict.outcomes[c] = outcomes.get(c, ANSWERS)
        for order, loses in ((rank, OUTRANKED), (trust, LESS_TRUSTED)):
            if len({members[c] for c in live}) < 2:
                break
            best = min(order[c] for c in live)
            for c in live:
                if order[c] != best:
                    conflict.outcomes[c] = outcomes[c] = loses
            live = [c for c in live if order[c] == best]
        if len({members[c] for c in live}) > 1:
            for c in live:
                conflict.outcomes[c] = outcomes[c] = UNRESOLVED
        conflicts.append(conflict)
    return Claims(outcomes=dict(sorted(outcomes.items())), conflicts=conflicts,
                  superseded_by={k: sorted(v) for k, v in sorted(superseded_by.items()) if k in attrs})


def _trust(kg, attrs: dict) -> float:
    """The trust order of a claim's source: 1 is trusted first; a source without one comes last."""
    src = attrs.get("source")
    value = kg.g.nodes[src].get("trust") if src in kg.g else None
    return float(value) if value is not None else float("inf")


def _words(pairs) -> str:
    return " ".join(f"{k}={'|'.join(v) if isinstance(v, tuple) else v}" for k, v in pairs
                    if v not in (None, (), ""))


def claim_table(kg, schema, found: Claims) -> list:
    """One row per claim in a conflict or superseded: what it is about, what it says, who says it, how it stands.

    Rows are dicts with ``conflict`` (the class or relationship and the key, or "correction" for a superseded
    claim outside any conflict), ``claim``, ``value``, ``source``, ``reported``, ``rank``, ``trust`` and
    ``outcome`` ("superseded by X" names the correcting claims); sorted by conflict, then claim.
    """
    axes = Axes(schema, kg)
    facts, relations = _claim_items(kg)
    attrs = {**dict(facts), **{rid: d for rid, _, _, d in relations}}

    def row(about: str, cid: str, value: str, outcome: str) -> dict:
        d = attrs[cid]
        src = d.get("source")
        trust = kg.g.nodes[src].get("trust") if src in kg.g else None
        if outcome == SUPERSEDED:
            outcome = f"superseded by {', '.join(found.superseded_by.get(cid, ()))}"
        return {"conflict": about, "claim": cid, "value": value, "source": src, "reported": axes.recorded(d),
                "rank": d.get("claimRank", "normal"), "trust": trust, "outcome": outcome}

    rows, listed = [], set()
    for c in found.conflicts:
        about = f"{c.kind} {_words(c.key)}".strip()
        for cid in c.members:
            rows.append(row(about, cid, _words(c.values[cid]), c.outcomes[cid]))
            listed.add(cid)
    for cid in found.superseded_by:
        if cid not in listed:
            d = attrs[cid]
            rows.append(row(f"correction of {d['type']}", cid, "", SUPERSEDED))
    return sorted(rows, key=lambda r: (r["conflict"], r["claim"]))
