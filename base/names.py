"""Name handling shared by the loaders, the resolver and the schema.

Chinese names reach us in simplified script, in traditional script and in
the mixed output of automatic conversion (阿裏 for 阿里, 穀歌 for 谷歌), in
full-width or half-width forms and in any case.  :func:`name_key` folds all
of these to one key; the conversion is OpenCC's traditional-to-simplified
table, which knows far more characters than a hand-written map would.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache, lru_cache

__all__ = ["name_key", "name_keys", "to_simplified", "to_traditional", "script_lang", "suggest", "upper_snake"]

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc  # lazy: only Chinese names need it, and it loads conversion tables

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Return *text* in simplified Chinese script (other text unchanged)."""
    if text.isascii():
        return text
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Return *text* in traditional Chinese script (other text unchanged)."""
    if text.isascii():
        return text
    return _converter("s2t").convert(text)


_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def script_lang(text: str) -> str:
    """The language tag a name's script implies: ``zh-Hans`` or ``zh-Hant`` for Chinese characters, else ``en``.

    >>> script_lang("阿里巴巴"), script_lang("阿裏巴巴"), script_lang("BABA")
    ('zh-Hans', 'zh-Hant', 'en')
    """
    if not _HAN.search(text):
        return "en"
    return "zh-Hans" if to_simplified(text) == text else "zh-Hant"


def _fold(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Fold a name for lookup: width, case, spacing and Chinese script.

    >>> name_key("阿裏巴巴") == name_key("阿里巴巴")
    True
    >>> name_key("ＡＬＩＢＡＢＡ")
    'alibaba'
    """
    folded = _fold(text)
    return folded if folded.isascii() else _fold(to_simplified(folded))


def name_keys(texts: list[str]) -> list[str]:
    """Fold many names at once; one OpenCC call serves all non-ASCII ones.

    This is what the loaders use for bulk input, where one conversion call
    per name would dominate the load time.
    """
    folded = [_fold(t) for t in texts]
    wide = [i for i, t in enumerate(folded) if not t.isascii() and "\n" not in t]
    if wide:
        converted = to_simplified("\n".join(folded[i] for i in wide)).split("\n")
        for i, c in zip(wide, converted):
            folded[i] = _fold(c)
    return folded


def suggest(word: str, choices) -> str:
    """Return ``" (did you mean X?)"`` for the closest choice, or ``""``."""
    choices = list(choices)
    best = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not best:
        lowered = {c.casefold(): c for c in choices}
        best = difflib.get_close_matches(word.casefold(), list(lowered), n=1, cutoff=0.6)
        best = [lowered[b] for b in best]
    return f" (did you mean {best[0]}?)" if best else ""


@cache
def upper_snake(camel: str) -> str:
    """``subsidiaryOf`` -> ``SUBSIDIARY_OF``: the property-graph name of a property.

    >>> upper_snake("ceoOf")
    'CEO_OF'
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", camel).upper()
