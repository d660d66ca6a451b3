"""Likely duplicates: entities of one kind whose names are close but not the same, for a curator to merge.

Two entities are compared when their classes share a kind (the class just below Entity: two organisations,
two models, two products); each is known by its id, names and aliases, folded (width, case, script).  The
score of a pair is the best RapidFuzz ``token_sort_ratio`` between one's forms and the other's (an
organisation's name without "AI", "Inc.", "Lab" and the like counts as a form too, so "Deepseek AI" and
"DeepSeek" score 100).  A pair whose closest forms differ in a word with a digit or of one or two letters
(Qwen2.5-7B and Qwen2.5-72B, Ascend 910 and 910B, MiniCPM-o and MiniCPM-V) is no duplicate, and neither is a
pair already merged.
"""

from __future__ import annotations

import re

from ..base.names import name_key
from .model import NAME_KEYS, KnowledgeGraph

__all__ = ["likely_duplicates", "org_key"]

_SUFFIXES = {"ai", "inc", "team", "lab", "labs", "laboratory", "co", "ltd", "group", "technology", "technologies",
             "corporation", "corp", "research"}


def org_key(name: str) -> str:
    """An organisation's name without the words that vary between spellings.

    >>> org_key("Deepseek AI"), org_key("DeepSeek-AI"), org_key("Shanghai AI Laboratory"), org_key("Baichuan Inc.")
    ('deepseek', 'deepseek', 'shanghai', 'baichuan')
    """
    tokens = re.findall(r"[0-9a-z]+|[^\W\d_a-z]+", name_key(name))
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return "".join(tokens)


def _marks(form: str) -> set:
    """The words that tell versions and variants apart: those with a digit, and one- or two-letter ones."""
    return {w for w in form.split() if re.search(r"\d", w) or len(w) <= 2}


def _forms(nid: str, d: dict, organisation: bool) -> set:
    names = [nid.replace("-", " "), *(d[k] for k in NAME_KEYS.values() if d.get(k)), *d.get("aliases", ())]
    forms = {re.sub(r"[\s_\-.]+", " ", name_key(n)).strip() for n in names}
    if organisation:
        forms |= {org_key(n) for n in names}
    return {f for f in forms if len(f) >= 2}


def likely_duplicates(kg: KnowledgeGraph, schema, threshold: float = 90, kind: str | None = None) -> list:
    """``[{"score", "a", "b", "kind", "form_a", "form_b"}]``, best first, for pairs scoring at least *threshold*."""
    from rapidfuzz import fuzz  # lazy: only this command compares names

    groups: dict = {}
    for nid, d in kg.g.nodes(data=True):
        if d["kind"] != "entity" or d["type"] == "Source":
            continue
        root = schema.classes[d["type"]].lineage[-2] if len(schema.classes[d["type"]].lineage) > 1 else d["type"]
        if kind and root != kind and d["type"] != kind:
            continue
        groups.setdefault(root, []).append((nid, _forms(nid, d, root == "Organization")))
    out = []
    for root, members in sorted(groups.items()):
        members.sort()
        for i, (a, fa) in enumerate(members):
            merged_a = {m[0] for m in kg.node(a).get("merged_from", ())}
            for b, fb in members[i + 1:]:
                if b in merged_a or a in {m[0] for m in kg.node(b).get("merged_from", ())}:
                    continue
                best = max(((fuzz.token_sort_ratio(x, y), x, y) for x in fa for y in fb), default=(0, "", ""))
                score, x, y = best
                if score >= threshold and _marks(x) == _marks(y):
                    out.append({"score": round(score, 1), "a": a, "b": b, "kind": root, "form_a": x, "form_b": y})
    out.sort(key=lambda r: (-r["score"], r["kind"], r["a"], r["b"]))
    return out
