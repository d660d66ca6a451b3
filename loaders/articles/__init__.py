"""Article ingest: from a news article to mentions, proposed entities and candidate facts, with locators.

>>> from china_ai_kg.loaders import load
>>> from china_ai_kg.ontology import load_schema
>>> import io
>>> kg, schema = load(), load_schema()
>>> article = article_from_text("阿裏雲正式發布通義Qwen2.5-Max模型,採用MoE架構。", "example.txt")
>>> result = ingest(article, kg, schema, "src-example")
>>> sorted(result.mentions)
['alibaba', 'alibaba-cloud', 'qwen', 'qwen2.5-max']
>>> [(c.type, c.roles["from"], c.roles["to"]) for c in result.candidates if c.type == "DEVELOPS"]
[('DEVELOPS', ('alibaba-cloud',), ('qwen2.5-max',))]

The paragraphs are read as a stream (:mod:`.reading`); each is scored for topic (:mod:`.topic`), its
known entities found (:mod:`.mentions`), unknown ones proposed (:mod:`.proposals`) and facts proposed by
the ontology's trigger patterns (:mod:`.candidates`).  Paragraphs that score zero are held back until an
on-topic paragraph follows; of those still held at the end, the short title-like lines that close the
article (link-bait titles, not sentences) are the off-topic tail and are dropped with everything found in
them.  A page whose kept paragraphs hold fewer than
:data:`~.topic.MIN_PAGE_SCORE` topic words is rejected whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .candidates import Candidate, Matcher
from .mentions import Mention, NameIndex, normalise
from .proposals import Proposal, propose
from .reading import ARTICLE_SUFFIXES, Article, Paragraph, article_from_text, open_article
from .topic import MIN_PAGE_SCORE, topic_score

MAX_HELD = 1000  # off-topic title lines held at most, waiting to learn whether on-topic text follows

__all__ = ["ingest", "MAX_HELD", "IngestResult", "ParagraphResult", "open_article", "article_from_text", "NameIndex",
           "ARTICLE_SUFFIXES", "Candidate", "Mention", "Proposal"]


@dataclass
class ParagraphResult:
    """What one paragraph gave, and whether it was kept (``accepted``) or cut (``rejected``)."""

    paragraph: Paragraph
    score: int
    mentions: list
    proposals: list
    candidates: list
    status: str = "accepted"
    facts: list = field(default_factory=list)  # (start, end, n): evidence of the article's candidate fact n (from 1)


@dataclass
class IngestResult:
    """Everything ingest found in one article (the kept paragraphs only)."""

    label: str
    source_id: str
    fmt: str
    encoding: str
    offsets: str
    meta: dict
    paragraphs: int = 0
    accepted: tuple | None = None  # (first, last) paragraph number kept
    rejected: list = field(default_factory=list)  # (first, last) ranges cut
    rejected_reason: str | None = None  # the whole page was rejected
    score: int = 0
    mentions: dict = field(default_factory=dict)  # entity id -> {"paragraphs": [...], "count": n, "surface": str}
    ambiguous: list = field(default_factory=list)  # {"surface", "entities", "paragraph"}
    proposals: dict = field(default_factory=dict)  # id -> Proposal (the first), with .paragraphs
    candidates: list = field(default_factory=list)  # merged Candidate s, in order of first evidence
    languages: dict = field(default_factory=dict)  # "zh-Hant"/"zh-Hans"/"en" -> paragraphs
    symmetric: frozenset = frozenset()  # relationship types whose direction does not count
    _keys: dict = field(default_factory=dict, repr=False)

    @property
    def is_rejected(self) -> bool:
        return self.rejected_reason is not None

    @property
    def language(self) -> str:
        return max(sorted(self.languages), key=lambda k: self.languages[k]) if self.languages else "en"


def ingest(article: Article, kg, schema, source_id: str, on_paragraph=None, index: NameIndex | None = None,
           matcher: Matcher | None = None) -> IngestResult:
    """Read *article* against *kg*; *on_paragraph*, if given, gets each :class:`ParagraphResult` once its
    status is known, in order (the review page is written from these as they come)."""
    index = index or NameIndex(kg)
    matcher = matcher or Matcher(schema, source_id)
    matcher.source_id = source_id
    known_ids = set(kg.g.nodes)
    result = IngestResult(article.label, source_id, article.fmt, article.encoding, article.offsets, article.meta,
                          symmetric=frozenset(g for g, link in schema.relations.items() if link.symmetric))
    held, kept = [], []  # kept: the first and last paragraph kept (results are not kept: memory is bounded)

    def emit(pr: ParagraphResult):
        if on_paragraph is not None:
            on_paragraph(pr)

    def keep(pr: ParagraphResult):
        if not kept:
            kept.append(pr.paragraph.n)
        kept[1:] = [pr.paragraph.n]
        result.score += pr.score
        _commit(result, pr)

    for par in article.paragraphs:
        result.paragraphs += 1
        form = normalise(par.text)[0]
        score = topic_score(par.text, form)
        mentions = index.find(par.text, par.start, par.n)
        proposals = propose(par, mentions)
        for p in proposals:
            if p.id in known_ids:
                p.cls = ""  # an id the graph already uses for something else: not proposed
        proposals = [p for p in proposals if p.cls]
        usable = mentions + _as_mentions(proposals, index, par)
        candidates = matcher.match(par, usable)
        pr = ParagraphResult(par, score, mentions, proposals, candidates)
        if score == 0:
            if not _title_like(par.text):  # prose: it and everything held before it will be kept
                for h in [*held, pr]:
                    keep(h)
                    emit(h)
                held = []
            elif len(held) == MAX_HELD:  # a long run of off-topic title lines: cut here, hold no more
                _cut(result, held, emit)
                held = [pr]
            else:
                held.append(pr)
            continue
        for h in held:
            keep(h)
            emit(h)
        held = []
        keep(pr)
        emit(pr)
    if held:
        _cut(result, held, emit)
    if kept:
        result.accepted = (kept[0], kept[-1])
    if result.paragraphs == 0:
        result.rejected_reason = "no paragraphs with text"
    elif result.score < MIN_PAGE_SCORE:
        result.rejected_reason = (f"no AI-ecosystem content: {result.score} topic word(s) in "
                                  f"{result.paragraphs} paragraph(s), fewer than {MIN_PAGE_SCORE}")
        named = ", ".join(f"{e} ×{v['count']}" for e, v in sorted(result.mentions.items())[:3])
        if named:
            result.rejected_reason += f" (names {named})"
    if result.is_rejected:
        result.mentions, result.ambiguous, result.proposals, result.candidates = {}, [], {}, []
        result.accepted = None
        result.rejected = [(1, result.paragraphs)] if result.paragraphs else []
    return result


def _cut(result: IngestResult, held: list, emit) -> None:
    result.rejected.append((held[0].paragraph.n, held[-1].paragraph.n))
    for pr in held:
        pr.status = "rejected"
        emit(pr)


def _title_like(text: str) -> bool:
    """A short line that does not end as a sentence does: a link-bait title, a heading, a caption."""
    return len(text) <= 80 and "。" not in text and not text.rstrip().endswith((".", "”", '"'))


def _as_mentions(proposals, index: NameIndex, par) -> list:
    """Proposals as mentions (so that patterns can use them), with the known names nested in them."""
    out = []
    for p in proposals:
        out.append(Mention(p.start, p.end, p.name, (p.id,), par.n, False, p.cls, True))
        form, _ = normalise(p.name)
        for s, e, i in index.names_in(form):
            owners = index.entries[i][1]
            if len(owners) == 1 and e - s < len(form):
                eid = owners[0][0]
                out.append(Mention(p.start + s, p.start + e, p.name[s:e], (eid,), par.n, True, index.classes[eid]))
    return out


def _commit(result: IngestResult, pr: ParagraphResult) -> None:
    par = pr.paragraph
    lang = par.script or par.lang
    result.languages[lang] = result.languages.get(lang, 0) + 1
    for m in pr.mentions:
        if m.ambiguous:
            result.ambiguous.append({"surface": m.surface, "entities": list(m.entities), "paragraph": par.n,
                                     "span": [m.start, m.end]})
            continue
        entry = result.mentions.setdefault(m.entity, {"paragraphs": [], "count": 0, "surface": m.surface,
                                                      "span": [m.start, m.end], "class": m.cls})
        entry["count"] += 1
        if entry["paragraphs"][-1:] != [par.n]:  # paragraphs come in order: the last one is the only repeat
            entry["paragraphs"].append(par.n)
    for p in pr.proposals:
        first = result.proposals.get(p.id)
        if first is None:
            p.paragraphs = [par.n]
            result.proposals[p.id] = p
        elif first.paragraphs[-1] != par.n:
            first.paragraphs.append(par.n)
    for c in pr.candidates:
        pr.facts.append((c.start, c.end, _merge(result, c)))


def _merge(result: IngestResult, c: Candidate) -> int:
    """Add *c* to the article's candidates, or to the evidence of the same fact found before; its number."""
    key = c.key(c.type in result.symmetric)
    old = result._keys.get(key)
    if old is not None:
        if old.paragraphs[-1] != c.paragraph:
            old.paragraphs.append(c.paragraph)
            old.spans.append((c.start, c.end))
        old.confidence = max(old.confidence, c.confidence)
        return old.number
    result._keys[key] = c
    c.paragraphs = [c.paragraph]
    c.spans = [(c.start, c.end)]
    result.candidates.append(c)
    c.number = len(result.candidates)
    return c.number
