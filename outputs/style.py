"""Colour helpers shared by every render: the HTML explorer and the Neo4j Browser stylesheet.

Class colours come from the ontology (``cnkg:color``); what is computed
here is the ink for text drawn on them, chosen by the WCAG 2 contrast
ratio so that a label stays readable on every class colour.
"""

from __future__ import annotations

import re

__all__ = ["relative_luminance", "contrast_ratio", "ink_for"]

_HEX = re.compile(r"#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})")


def _channels(colour: str) -> tuple:
    m = _HEX.fullmatch(colour)
    if m is None:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return tuple(int(x, 16) / 255 for x in m.groups())


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``: 0 for black, 1 for white.

    >>> relative_luminance("#000000"), relative_luminance("#ffffff")
    (0.0, 1.0)
    """
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white).

    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    """
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_for(background: str, dark: str = "#000000", light: str = "#ffffff") -> str:
    """*dark* or *light*, whichever contrasts more with *background* (ties go to *dark*).

    >>> ink_for("#393b79"), ink_for("#ffbb78"), ink_for("#393b79", "#212121", "#FFFFFF")
    ('#ffffff', '#000000', '#FFFFFF')
    """
    return dark if contrast_ratio(background, dark) >= contrast_ratio(background, light) else light
