"""The draft: an ingest result as a fact file in the project's own schema, every statement a candidate.

The draft holds the source record, the proposed entities and the candidate facts, each with its locator
(``¶N``), its evidence span (character offsets into the article's text, ``START-END``), the rule that
proposed it (``extractedBy``), a confidence and ``status: candidate``.  It quotes nothing from the article
but the names it proposes: the spans point into the article.  A reviewer accepts a statement by changing
its status (to ``reported``, say) and deletes what is wrong; until then queries leave candidates out unless
asked with ``--include-candidates``.
"""

from __future__ import annotations

import re

import yaml

from ...base.names import script_lang

__all__ = ["draft_records", "draft_yaml", "published_date"]

_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d])")


def published_date(text: str | None) -> str | None:
    """The publication date a header gives, at its own precision; ``None`` when it gives none.

    >>> published_date("2026-01-21 12:33 (shown as ...)"), published_date("2025-04-21 (from the URL path)")
    ('2026-01-21', '2025-04-21')
    >>> published_date("not shown"), published_date("2025"), published_date("text states ... 2025")
    (None, '2025', None)
    """
    if not text:
        return None
    m = _DATE.match(text)
    if not m:
        return None
    return "-".join(p for p in m.groups() if p)


def _name(text: str) -> dict:
    """A name map: a Chinese name stands in for the English one (which the schema requires) until a reviewer
    gives it."""
    lang = script_lang(text)
    return {"en": text} if lang == "en" else {"en": text, lang: text}


def _spans(spans) -> str:
    return ", ".join(f"{a}-{b}" for a, b in spans)


def _locator(paragraphs) -> str:
    return ", ".join(f"¶{n}" for n in paragraphs)


def source_record(result) -> dict:
    meta = result.meta
    title = (meta.get("title") or "").strip()
    name = _name(title) if title else {"en": f"Article {result.label.rsplit('/', 1)[-1]}"}
    rec = {"id": result.source_id, "name": name}
    if meta.get("url", "").startswith(("http://", "https://")):
        rec["url"] = meta["url"].split()[0]
    if meta.get("source") or meta.get("publisher"):
        rec["publisher"] = (meta.get("publisher") or meta["source"]).split(" (")[0].strip()
    published = published_date(meta.get("date"))
    if published:
        rec["published"] = published
    rec["language"] = result.language
    accepted = f"¶{result.accepted[0]}-¶{result.accepted[1]}" if result.accepted else "none"
    rec["description"] = (f"Draft made by cnkg ingest from {result.label.rsplit('/', 1)[-1]}: paragraphs {accepted} "
                          f"kept; spans are offsets into the article's "
                          f"{'extracted text' if result.offsets == 'text' else 'file'}.")
    return rec


def draft_records(result, schema) -> dict:
    """``{"sources": [...], "entities": [...], "facts": [...]}`` of *result* (an :class:`~.IngestResult`)."""
    entities = []
    for eid, p in result.proposals.items():
        entities.append({
            "id": eid, "type": p.cls, "name": _name(p.name),
            "source": result.source_id, "locator": _locator(p.paragraphs), "span": f"{p.start}-{p.end}",
            "status": "candidate", "confidence": 0.5, "extractedBy": f"class rule {p.rule}",
        })
    facts = []
    for n, c in enumerate(result.candidates, 1):
        common = {"source": result.source_id, "locator": _locator(c.paragraphs), "span": _spans(c.spans),
                  "status": "candidate", "confidence": c.confidence, "extractedBy": f"pattern {c.rule}"}
        if c.date:
            common["date"] = c.date
        if c.type in schema.relations:
            facts.append({"type": c.type, "from": c.roles["from"][0], "to": c.roles["to"][0], **common})
        else:
            rec = {"id": f"{result.source_id}-cand-{n:03d}", "type": c.type}
            for role in schema.roles_for(c.type):
                if role in c.roles:
                    link = schema.roles_for(c.type)[role]
                    values = list(c.roles[role])
                    rec[role] = values[0] if link.max == 1 else values
            rec.update(dict(c.fixed))
            rec.update(common)
            facts.append(rec)
    return {"sources": [source_record(result)], "entities": entities, "facts": facts}


class _Dumper(yaml.SafeDumper):
    pass


def _flow_small(dumper, data):
    flow = len(data) <= 3 and all(isinstance(v, str) and len(v) < 40 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _flow_small)


def draft_yaml(result, schema) -> str:
    """The draft fact file of *result*, as YAML text (deterministic: same article, same bytes)."""
    records = draft_records(result, schema)
    head = (f"# Draft of cnkg ingest: {result.label.rsplit('/', 1)[-1]} (source {result.source_id}).\n"
            "# Every statement is a candidate: review it, then set its status (e.g. reported) or delete it.\n"
            "# Locators are paragraphs (¶N); spans are character offsets into the article's text.\n")
    return head + yaml.dump(records, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
