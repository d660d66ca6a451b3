"""Is a paragraph about the AI ecosystem?  A lexicon of its vocabulary, in one place.

A paragraph's topic score is the number of lexicon words in it (Latin words at word boundaries, in
capitals where the lexicon writes them so: "AI" but not "said").  Entity names do not count: a page
about Alibaba.com's buyer protection names Alibaba on every line and is still off-topic, and a link-bait
title may name Baidu.  :func:`off_topic_tail` is the rule that cuts the end of an article: the run of
paragraphs at its end that score zero.  A page whose accepted paragraphs score fewer than
:data:`MIN_PAGE_SCORE` words in all is rejected whole.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["topic_score", "MIN_PAGE_SCORE", "LEXICON"]

MIN_PAGE_SCORE = 2

LEXICON = {
    "zh": """人工智能 大模型 模型 算力 芯片 半导体 云计算 数据中心 开源 训练 推理 参数 融资 投资 领投 估值 资本支出
          科技 机器人 自动驾驶 智能 算法 英伟达 出口管制 上市 市值 财报 营收 云厂商 云服务 生成式 多模态 语言模型 token
          gpu ai llm capex ipo moe api""",
    "en": """artificial intelligence|machine learning|large language model|language model|language models|model|models|
          chatbot|chatbots|chip|chips|semiconductor|semiconductors|accelerator|accelerators|GPU|GPUs|data center|
          data centers|data centre|data centres|cloud|compute|computing|open-source|open-weight|open weights|training|
          inference|parameters|tokens|reasoning|funding|valuation|valued|investor|investors|backed|IPO|listing|listings|
          startup|startups|Nvidia|export control|export controls|export rules|licence requirement|license requirement|
          capex|AI|LLM|LLMs|MoE|AGI|robotics|autonomous driving|benchmark""",
}

_LATIN = re.compile("[A-Za-z]")
_ZH_WORDS = tuple(sorted(set(LEXICON["zh"].split()), key=len, reverse=True))
_EN_WORDS = sorted({w.strip() for w in LEXICON["en"].replace("\n", "").split("|") if w.strip()}, key=len, reverse=True)
_EN = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(
    re.escape(w) if w != w.lower() else "(?i:" + re.escape(w) + ")" for w in _EN_WORDS) + r")(?![A-Za-z0-9])")


def topic_score(text: str, form: str) -> int:
    """Lexicon words in a paragraph: *text* as written (for the Latin words' capitals) and *form*, its
    matching form (simplified, folded), for the Chinese words.

    >>> topic_score("Alibaba said its AI model", "alibaba said its ai model")
    2
    >>> topic_score("Alibaba Trade Assurance protects buyers", "alibaba trade assurance protects buyers")
    0
    """
    score = len(_EN.findall(text)) if _LATIN.search(text) else 0
    if not form.isascii():
        score += sum(1 for _ in _zh_automaton().iter(form))
    return score


@lru_cache(maxsize=1)
def _zh_automaton():
    import ahocorasick  # lazy: as in mentions

    automaton = ahocorasick.Automaton()
    for w in _ZH_WORDS:
        if not w.isascii():
            automaton.add_word(w, w)
    automaton.make_automaton()
    return automaton
