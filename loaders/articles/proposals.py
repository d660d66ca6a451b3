"""Proposing entities the graph does not know, each with a class chosen by a rule that can be named.

English: runs of capitalised words (or words with digits: H20, Qwen3, Ascend 910C) outside the known
mentions.  Chinese: jieba's part-of-speech tags on the simplified text (``nr`` person, ``nt`` organisation)
and Latin tokens inside Chinese text.  The class comes from the first rule that fires, and the rule's
name goes into the draft (``extractedBy``):

* ``person-cue``: a person cue word next to it (CEO, founder, spokesman, 总裁, 创始人, 作者, ...);
* ``pinyin-name``: two or three capitalised words that all split into pinyin syllables (Liang Wenfeng);
* ``jieba-nr`` / ``jieba-nt``: jieba tags the word as a person or an organisation name, next to a cue
  (jieba segments only a few characters either side of each cue word: it is the slow part);
* ``org-suffix``: the name ends in an organisation word (AI, Technologies, Group, Capital, 公司, 集团, ...);
* ``org-cue``: an organisation cue word before it (startup, rivals, backers, firm, company, ...);
* ``org-before-title``: the words right before a job title (火山引擎 in 火山引擎总裁);
* ``chip-cue`` / ``model-cue``: a chip or model word next to it (chip, accelerator, GPU, 芯片; model, LLM,
  chatbot, 模型, 大模型); ``versioned-name``: letters with digits (H20, MI308, Qwen3) default to a model.

Anything no rule classifies is not proposed: a reviewer is better served by fewer, explained proposals.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from .mentions import normalise

__all__ = ["Proposal", "propose", "slug"]

_WORD = r"[A-Z][A-Za-z0-9]*(?:[-.'][A-Za-z0-9]+)*|[0-9]+[A-Za-z][A-Za-z0-9]*|[A-Z]{2,}[0-9]*"
_RUN = re.compile(rf"(?<![A-Za-z0-9])(?:{_WORD})(?:[ ](?:{_WORD}))*(?![A-Za-z0-9])")
_LATIN_IN_ZH = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?![A-Za-z0-9])")
_STOP = set("""a an and as at after before both but by during for from he her his if in into it its many more most
of on or our she some such that the their these they this those to we when where which while with without
according citing meetings sources stepping conversely introduction multilingual hybrid reasoning capabilities
mixture experts architecture support training data affirming however also then first next why how what yes
once once if one two three four five six seven eight nine ten several dec jan feb mar apr jun jul aug sep oct
nov january february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday chinese american us u.s china beijing hong kong macau mainland
usd cny hkd rmb tokens parameters trade assurance rfq wechat date avatar department commerce national
security administration""".split())
_ALONE = {"ai", "moe", "llm", "llms", "api", "gpu", "gpus", "cpu", "ceo", "cfo", "cto", "ipo", "ip", "agi", "b2b",
          "b2c", "faq", "rfq", "pc", "ar", "vr", "kv", "nlp", "fp8", "university", "president"}
_TITLES = {"CEO", "CFO", "CTO", "COO", "Chairman", "Chairwoman", "President", "Founder", "Co-founder", "Spokesman",
           "Spokeswoman", "Spokesperson", "Director", "Chief", "Executive", "Officer"}
_PERSON_CUE = re.compile(r"(?i)\b(?:ceo|founder|co-founder|chairman|chairwoman|president|spokesman|spokeswoman|"
                         r"spokesperson|analyst|chief executive|head|minister|professor|director|author|editor)\b")
_PERSON_CUE_ZH = ("总裁", "ceo", "创始人", "董事长", "作者", "编辑", "总经理", "首席执行官", "发言人", "教授", "院长")
_ORG_SUFFIX = re.compile(r"(?:\b(?:AI|Technologies|Technology|Tech|Inc\.?|Corp\.?|Corporation|Group|Labs?|Capital|"
                         r"Ventures|Partners|Holdings|Information|Bank|Securities|University|Institute|Cloud|"
                         r"Intelligence|Electronics|Semiconductor|Robotics|Systems|Software|Media|News|Research)$)")
_JOB_TITLES_ZH = ("总裁", "ceo", "创始人", "董事长", "总经理", "首席执行官")
_JIEBA_CUES = (*_PERSON_CUE_ZH, "表示", "宣布", "大模型", "公司", "集团")
_JIEBA_CUE = re.compile("|".join(sorted(map(re.escape, _JIEBA_CUES), key=len, reverse=True)))
_WINDOW = 8
_COMMON_ZH = {"开源", "国产", "通用", "中文", "行业", "基础", "主力", "低价", "厂商", "国内", "自研", "百亿", "千亿", "垂直",
              "各家", "头部", "全球", "海外", "企业", "公司", "旗下", "最新", "新一代"}
_ORG_SUFFIX_ZH = ("公司", "集团", "科技", "智能", "研究院", "实验室", "大学", "银行", "资本", "基金", "证券", "控股",
                  "云", "引擎", "网络", "信息")
_ORG_CUE = re.compile(r"\b(?i:startup|start-up|rivals?|backers?|investors?|firms?|compan(?:y|ies)|makers?|"
                      r"developers?|labs?|peers?|giants?)\s+(?:(?:such as|like|including|and|,)\s+|"
                      r"[A-Z][\w-]*(?:\s*,\s*|\s+and\s+|\s+))*$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|s)$")
_PRODUCT_CUE = re.compile(r"(?i)\b(?:chatbot|assistant|app|apps|platform)\b")
_CHIP_CUE = re.compile(r"(?i)\b(?:chips?|accelerators?|gpus?|processors?|npus?)\b")
_MODEL_CUE = re.compile(r"(?i)\b(?:models?|llms?)\b")
_PINYIN = re.compile(r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uan|uai|"
                     r"ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|o|e|i|u|v))+$")


@dataclass
class Proposal:
    """An entity the graph does not know: its name, class, the rule that chose the class, where it stands."""

    name: str
    cls: str
    rule: str
    start: int
    end: int
    paragraph: int

    @property
    def id(self) -> str:
        return slug(self.name)


def slug(name: str) -> str:
    """An id for a proposed entity: its Latin name in lower case with hyphens, else a digest of the name.

    >>> slug("Moonshot AI"), slug("Ascend 910C"), slug("谭待")[:5]
    ('moonshot-ai', 'ascend-910c', 'cand-')
    """
    text = re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-.")
    if re.search("[a-z]", text) and name.isascii():
        return text
    return "cand-" + hashlib.sha256(name.encode()).hexdigest()[:10]


def _is_pinyin_name(words) -> bool:
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() and _PINYIN.match(w.lower())
                                         for w in words)


def _classify_en(name: str, before: str, after: str) -> tuple:
    words = name.split()
    if re.match(r"^\s+(?:CEO|CFO|CTO|founder|chairman|president|co-founder)\b", after) or \
            re.match(r"^['’]s\s+(?:[A-Z]+[0-9]|CEO|founder)", after):
        return "Company", "org-before-title"
    if re.search(r"\d", name) and re.search("[A-Za-z]", name):
        if _CHIP_CUE.search(after[:20]) or _CHIP_CUE.search(before[-25:]):
            return "Product", "chip-cue"
        return "ModelRelease", "versioned-name"
    if _PERSON_CUE.search(before[-30:]) and len(words) >= 2 and all(w[:1].isupper() for w in words):
        return "Person", "person-cue"
    if len(words) >= 2 and re.match(r"^\s*,?\s*(?:who|said|says|stated|told)\b", after):
        return "Person", "person-cue"
    if _is_pinyin_name(words):
        return "Person", "pinyin-name"
    if _ORG_SUFFIX.search(name):
        return ("AILab" if words[-1] == "AI" else "Company"), "org-suffix"
    if _ORG_CUE.search(before[-40:]):
        return "Company", "org-cue"
    if _MODEL_CUE.match(after.lstrip()[:12]):
        return "ModelFamily", "model-cue"
    if _PRODUCT_CUE.match(after.lstrip()[:12]):
        return "Product", "product-cue"
    if _CHIP_CUE.match(after.lstrip()[:14]):
        return "Product", "chip-cue"
    return None, None


def _trim(words: list, after: str = "") -> list:
    while words and words[0].lower().strip(".'") in _STOP:
        words = words[1:]
    while words and words[-1].lower().strip(".'") in _STOP:
        words = words[:-1]
    if len(words) > 1 and words[-1] == "AI" and re.match(r"^ [a-z]", after):
        words = words[:-1]  # "AI" as an adjective: Ascend 910C AI chip
    return words


def _taken(spans, start, end) -> bool:
    return any(s < end and start < e for s, e in spans)


def propose(paragraph, mentions) -> list:
    """The :class:`Proposal` s of *paragraph* (a :class:`~.reading.Paragraph`), outside its *mentions*."""
    text, base = paragraph.text, paragraph.start
    spans = [(m.start - base, m.end - base) for m in mentions if not m.nested]
    out = []
    words = text.split()
    headline = len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.6 * len(words)
    if headline:
        return []
    if paragraph.lang == "en":
        for m in _RUN.finditer(text):
            _english(text, m.start(), m.group(), spans, paragraph, out)
    else:
        _chinese(text, spans, paragraph, out)
    seen, unique = set(), []
    for p in out:
        if (p.id, p.start) not in seen:
            seen.add((p.id, p.start))
            unique.append(p)
    return unique


def _english(text, at, run, spans, paragraph, out) -> None:
    pos = at
    words = []
    for w in run.split(" "):
        words.append((pos, w))
        pos += len(w) + 1
    # split the run around known mentions, then trim stop words at both ends
    groups, group = [], []
    for start, w in words:
        if _taken(spans, start, start + len(w)) or w in _TITLES:
            if group:
                groups.append(group)
            group = []
        else:
            group.append((start, w))
    if group:
        groups.append(group)
    for group in groups:
        ws = [w for _, w in group]
        last = group[-1][0] + len(group[-1][1])
        trimmed = _trim(ws, text[last:last + 3])
        if not trimmed:
            continue
        first = ws.index(trimmed[0])
        start = group[first][0]
        name = " ".join(trimmed).rstrip(".'")
        if len(name) < 2 or name.lower() in _STOP or name.lower() in _ALONE or name.isdigit() or _ORDINAL.match(name):
            continue
        end = start + len(name)
        cls, rule = _classify_en(name, text[:start], text[end:])
        if cls:
            out.append(Proposal(name, cls, rule, paragraph.start + start, paragraph.start + end, paragraph.n))


def _unknown_tag(word: str) -> str:
    """The tag of a word jieba found with its HMM but has no dictionary tag for: ``new`` for a run of two to
    four Han characters (a name it does not know), ``eng`` for Latin text, ``x`` otherwise."""
    if 2 <= len(word) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in word):
        return "new"
    return "eng" if word.isascii() and word.isalnum() else "x"


def _cue_windows(form: str) -> list:
    """The stretches of *form* that jieba segments: :data:`_WINDOW` characters either side of each cue word
    (every jieba rule needs a cue next to the name), merged where they touch, each starting after the
    punctuation nearest before it.  Segmenting windows rather than whole paragraphs is what keeps jieba,
    the slow part, to a fraction of the text."""
    windows = []
    for m in _JIEBA_CUE.finditer(form):
        a, b = max(0, m.start() - _WINDOW), min(len(form), m.end() + _WINDOW)
        cut = max(form.rfind(p, a, m.start()) for p in "，。；：、,;:（）()“”\"")
        a = cut + 1 if cut >= a else a
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(b, windows[-1][1]))
        else:
            windows.append((a, b))
    return windows


@lru_cache(maxsize=1)
def _jieba():
    import jieba  # lazy: jieba loads its dictionary (about a second) and only Chinese articles need it
    import jieba.posseg  # lazy: as above

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _chinese(text, spans, paragraph, out) -> None:
    jieba = _jieba()
    form, index = normalise(text)

    def orig(i):
        return index[i] if index else i

    for m in _LATIN_IN_ZH.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if len(word) <= 2 or word.lower() in _ALONE or _taken(spans, start, end) or word.startswith(("http", "www")):
            continue
        if "://" in text[max(0, start - 12):start] or "/" in text[max(0, start - 1):start] or \
                text[end:end + 1] in ("/", ".") and text[end + 1:end + 2].isalpha():
            continue  # part of a URL
        before, after = text[max(0, start - 6):start].strip(), text[end:end + 4]
        if before.endswith(_PERSON_CUE_ZH):
            cls, rule = "Person", "person-cue"
        elif re.search(r"\d", word) and not _ORDINAL.match(word):
            cls, rule = "ModelRelease", "versioned-name"
        elif normalise(after)[0].startswith(("大模型", "模型")):
            cls, rule = "ModelFamily", "model-cue"
        else:
            continue
        out.append(Proposal(word, cls, rule, paragraph.start + start, paragraph.start + end, paragraph.n))
    words = []
    tags = jieba.posseg.dt.word_tag_tab
    for a, b in _cue_windows(form):
        pos = a
        for w in jieba.cut(form[a:b]):
            words.append((pos, w, tags.get(w) or _unknown_tag(w)))
            pos += len(w)
    for k, (start, word, flag) in enumerate(words):
        end = start + len(word)
        if flag == "eng" or _taken(spans, orig(start), orig(end - 1) + 1):
            continue
        before = "".join(w for _, w, _ in words[max(0, k - 3):k])
        after = "".join(w for _, w, _ in words[k + 1:k + 4])
        cls = rule = None
        if flag in ("nr", "nrfg", "new") and 2 <= len(word) <= 4 and (before.endswith(_PERSON_CUE_ZH) or
                                                                  after.startswith(("表示", "宣布"))):
            cls, rule = "Person", "jieba-nr" if flag != "new" else "person-cue"
        elif flag == "nt" and len(word) >= 2 and after.startswith(("公司", "集团")):
            cls, rule = "Company", "jieba-nt"
        elif flag in ("n", "nz", "nt", "ns", "new") and len(word) >= 2 and after.startswith(_JOB_TITLES_ZH) and \
                not before.endswith(_PERSON_CUE_ZH):
            # the words right before a job title: 火山引擎 in 火山引擎总裁; take the noun before it too
            if k and words[k - 1][2] in ("n", "nz", "nt", "ns", "new") and not _taken(spans, orig(words[k - 1][0]), orig(start)):
                start = words[k - 1][0]
            word = form[start:end]
            cls, rule = "Company", "org-before-title"
        elif flag in ("n", "nz", "nr", "nrt", "new") and 2 <= len(word) <= 4 and after.startswith("大模型") and \
                word not in _COMMON_ZH:
            cls, rule = "ModelFamily", "model-cue"
        if cls:
            o_start, o_end = orig(start), orig(end - 1) + 1
            out.append(Proposal(text[o_start:o_end], cls, rule, paragraph.start + o_start, paragraph.start + o_end,
                                paragraph.n))
