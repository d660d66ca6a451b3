"""Language tags: the one normaliser for every place that takes or shows a language.

Names and labels come in three scripts, tagged ``en``, ``zh-Hans`` and
``zh-Hant``.  Users and other tools spell them many ways: ``zh`` on the
command line, ``zh-hans`` from a serialiser that lower-cases tags (BCP 47
says tags compare case-insensitively), ``zh-CN`` or ``zh-TW`` by region.
:func:`canonical_lang` maps all of these to one of :data:`LANGS`.
"""

from __future__ import annotations

__all__ = ["LANGS", "canonical_lang", "short_lang"]

LANGS = ("en", "zh-Hans", "zh-Hant")
"""The scripts of names and labels, in the order they are shown."""

_ALIASES = {
    "en": "en",
    "zh": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hans-cn": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "zh-hant-hk": "zh-Hant",
}


def canonical_lang(tag: str | None) -> str | None:
    """The member of :data:`LANGS` that *tag* means, or ``None``.

    >>> canonical_lang("zh"), canonical_lang("ZH-hant"), canonical_lang("en-GB"), canonical_lang("fr")
    ('zh-Hans', 'zh-Hant', 'en', None)
    """
    if not tag:
        return None
    key = tag.strip().lower().replace("_", "-")
    found = _ALIASES.get(key)
    if found is None and (key == "en" or key.startswith("en-")):
        found = "en"
    return found


def short_lang(tag: str | None) -> str:
    """``"zh"`` for any Chinese tag, else ``"en"``: the key of a query's ``question.zh`` / ``question.en``.

    >>> short_lang("zh-Hant"), short_lang("en")
    ('zh', 'en')
    """
    return "zh" if (canonical_lang(tag) or "en").startswith("zh") else "en"
