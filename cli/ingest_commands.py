"""``cnkg ingest``: read news articles into reviewable drafts of candidate facts."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from ..base.errors import InputError, KGError
from ..base.files import ensure_dir, write_atomic
from ..graph.model import NAME_KEYS
from ..loaders import check_new_file
from ..loaders.articles import Matcher, NameIndex, open_article
from ..loaders.articles import ingest as ingest_article
from ..loaders.articles.draft import draft_yaml
from ..loaders.articles.proposals import slug
from ..ontology import load_schema
from ..outputs.review import ReviewPage
from .options import graph, graph_options
from .output import emit, format_table, note

__all__ = ["COMMANDS"]

_COLUMNS = ["type", "participants", "locator", "confidence", "rule"]


def _rows(result, names) -> list:
    rows = []
    for c in result.candidates:
        parts = []
        for role, ids in sorted(c.roles.items(), key=lambda kv: (kv[0] != "from", kv[0] != "to")):
            shown = ", ".join(names.get(e, e) for e in ids)
            parts.append(f"{role}={shown}")
        parts.extend(f"{k}={v}" for k, v in c.fixed)
        rows.append({"type": c.type, "participants": "; ".join(parts),
                     "locator": ", ".join(f"¶{n}" for n in c.paragraphs), "confidence": c.confidence,
                     "rule": c.rule, "roles": {k: list(v) for k, v in c.roles.items()}, "fixed": dict(c.fixed),
                     "spans": [list(s) for s in c.spans]})
    return rows


def _summary(result, rows, draft, review) -> dict:
    return {
        "article": result.label, "source": result.source_id, "format": result.fmt, "encoding": result.encoding,
        "offsets": result.offsets, "paragraphs": result.paragraphs,
        "accepted": list(result.accepted) if result.accepted else None,
        "rejected": [list(r) for r in result.rejected], "rejected_reason": result.rejected_reason,
        "languages": result.languages,
        "mentions": {e: {"paragraphs": m["paragraphs"], "count": m["count"], "class": m["class"]}
                     for e, m in sorted(result.mentions.items())},
        "ambiguous": result.ambiguous,
        "new_entities": [{"id": eid, "name": p.name, "class": p.cls, "rule": p.rule, "paragraphs": p.paragraphs,
                          "span": [p.start, p.end]} for eid, p in result.proposals.items()],
        "candidates": [{k: v for k, v in r.items() if k != "participants"} for r in rows],
        "draft": str(draft) if draft else None, "review": str(review) if review else None,
    }


@click.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-o", "--output", "out_dir", type=click.Path(), default=None,
              help="Draft directory: a fact file (SOURCE.yaml) and a review page (SOURCE.review.html) per article.")
@click.option("--source-id", default=None, help="Id of the draft's source record (one article only).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@graph_options
def ingest(articles, out_dir, source_id, fmt, spec):
    """Read news articles (.txt, .md, .html, or - for standard input) into drafts of candidate facts.

    Finds every known entity (any name or alias, any script), proposes unknown organisations, people and
    models, and proposes facts from the ontology's trigger patterns, each with its paragraph (¶N), character
    span and rule. An off-topic tail is cut and a page without AI-ecosystem content is rejected. With -o, each
    article gets a draft fact file (status: candidate) and an offline review page; accept a statement by
    setting its status in the draft, then load it with --data (queries leave candidates out unless
    --include-candidates).

    Example: cnkg ingest ../shared/seeds/000_147be06d62552c20.txt -o drafts/
    """
    logging.getLogger("jieba").setLevel(logging.WARNING)
    if source_id and len(articles) > 1:
        raise click.UsageError("--source-id names the source of one article; give one ARTICLE with it")
    if out_dir is not None:
        p = Path(out_dir)
        if p.exists() and not p.is_dir():
            raise InputError("is a file, not a draft directory", file=str(p))
    kg = graph(spec)
    schema = load_schema()
    index = NameIndex(kg)
    matcher = Matcher(schema, "")
    names = {n: d.get(NAME_KEYS["en"]) or n for n, d in kg.g.nodes(data=True)}
    used = set(kg.g.nodes)
    reports, failures = [], 0
    for path in articles:
        sid = source_id or _source_id(path, used)
        if sid in used and source_id:
            raise InputError(f"source id '{sid}' is already in the graph; choose another --source-id")
        used.add(sid)
        draft = review = None
        page = None
        if out_dir is not None:
            ensure_dir(out_dir)
            review = Path(out_dir) / f"{sid}.review.html"
            page = ReviewPage(review, schema, Path(str(path)).name, str(path), names)
        try:
            result = ingest_article(open_article(path), kg, schema, sid, page.paragraph if page else None,
                                   index, matcher)
            if result.is_rejected:
                if page:
                    page.abort()
                review = None
            else:
                rows = _rows(result, {**names, **{e: p.name for e, p in result.proposals.items()}})
                if page:
                    text = draft_yaml(result, schema)
                    _check_draft(text, out_dir, sid)
                    draft = Path(out_dir) / f"{sid}.yaml"
                    page.finish(result, rows)
                    try:
                        write_atomic(draft, text, protect=kg.inputs)
                    except KGError:
                        review.unlink(missing_ok=True)
                        raise
        except BaseException:
            if page:
                page.abort()
            raise
        if result.is_rejected:
            failures += 1
            reports.append((result, [], None, None))
            continue
        reports.append((result, rows, draft, review))
        for f in (draft, review):
            if f:
                note(f"wrote {f}")
    if fmt == "json":
        emit([_summary(r, rows, d, v) for r, rows, d, v in reports], "json")
    else:
        emit(None, "table", text="\n\n".join(_table(r, rows) for r, rows, _, _ in reports))
    if failures == len(reports):
        first = reports[0][0]
        raise InputError(f"rejected: {first.rejected_reason}", file=first.label)


def _table(result, rows) -> str:
    if result.is_rejected:
        return f"{result.label}: rejected: {result.rejected_reason}"
    head = [f"{result.label} (source {result.source_id}, {result.fmt}, {result.encoding})"]
    kept = f"¶{result.accepted[0]}-¶{result.accepted[1]}" if result.accepted else "none"
    cut = ", ".join(f"¶{a}-¶{b}" for a, b in result.rejected) or "none"
    langs = ", ".join(f"{k} {v}" for k, v in sorted(result.languages.items()))
    head.append(f"  paragraphs  {result.paragraphs} ({langs}); kept {kept}; cut {cut}")
    n_mentions = sum(m["count"] for m in result.mentions.values())
    head.append(f"  mentions    {n_mentions} of {len(result.mentions)} known entities; "
                f"{len(result.ambiguous)} ambiguous")
    head.append(f"  new         {len(result.proposals)} entities: " +
                ", ".join(f"{p.name} ({p.cls})" for p in result.proposals.values()))
    head.append(f"  candidates  {len(rows)} facts")
    if rows:
        head.append(format_table(_COLUMNS, [[r[c] for c in _COLUMNS] for r in rows]))
    return "\n".join(head)


def _source_id(path, used: set) -> str:
    stem = "stdin" if str(path) == "-" else Path(str(path)).stem
    base = "src-" + slug(stem).replace(".", "-")
    sid, n = base, 2
    while sid in used:
        sid, n = f"{base}-{n}", n + 1
    return sid


def _check_draft(text: str, out_dir, sid: str) -> None:
    check_new_file(text, f"{sid}.yaml")


COMMANDS = [ingest]
