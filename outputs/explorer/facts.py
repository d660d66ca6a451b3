"""What a fact hub says on the drawing: its value in a few words ("capex 2025: USD 105 bn").

A hub labelled only by its class ("Financial figure" twelve times) makes a reader open every one; the
label here puts the figure, the rank, the move or the stance on the node itself.
"""

from __future__ import annotations

__all__ = ["fact_label", "amount"]

_SCALES = {
    "en": ((1e12, " tn"), (1e9, " bn"), (1e6, " m")),
    "zh-Hans": ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")),
    "zh-Hant": ((1e12, "萬億"), (1e8, "億"), (1e4, "萬")),
}


def _num(value, lang: str = "en", scaled: bool = True) -> str:
    if scaled:
        for scale, word in _SCALES.get(lang, _SCALES["en"]):
            if abs(value) >= scale:
                return f"{value / scale:g}{word}"
    return f"{value:g}"


def amount(attrs: dict, lang: str = "en") -> str:
    """The figure of a FinancialFigure or MarketMove node, with its unit and currency.

    >>> amount({"value": 105e9, "unit": "money", "currency": "USD"}), amount({"low": 60e9, "high": 65e9, "unit": "money"})
    ('USD 105 bn', '60 bn–65 bn')
    >>> amount({"low": 320e9, "unit": "money", "currency": "USD"}), amount({"value": -7.7, "unit": "percent"})
    ('> USD 320 bn', '-7.7%')
    """
    unit = attrs.get("unit")
    scaled = unit in ("money", "count")

    def fmt(v):
        text = _num(v, lang, scaled)
        if unit == "percent":
            return text + "%"
        if unit == "multiple":
            return text + "x"
        if unit == "years":
            return text + (" years" if lang == "en" else "年")
        if unit == "rank":
            return "#" + text
        return text

    if "value" in attrs:
        text = fmt(attrs["value"])
    elif "low" in attrs and "high" in attrs:
        text = fmt(attrs["low"]) + "–" + fmt(attrs["high"])
    elif "low" in attrs:
        text = fmt(attrs["low"])
    elif "high" in attrs:
        text = fmt(attrs["high"])
    else:
        return ""
    if unit == "money" and attrs.get("currency"):
        text = f"{attrs['currency']} {text}"
    if "value" not in attrs and "low" in attrs and "high" not in attrs:
        text = "> " + text
    if "value" not in attrs and "high" in attrs and "low" not in attrs:
        text = "< " + text
    if attrs.get("approximate"):
        text = "≈ " + text
    return text


def fact_label(attrs: dict, class_label: str, lang: str = "en") -> str:
    """A fact hub's label: its class and, where it has one, its value.

    >>> fact_label({"type": "FinancialFigure", "metric": "capex", "period": "2025", "value": 105e9, "unit": "money",
    ...             "currency": "USD"}, "Financial figure")
    'capex 2025: USD 105 bn'
    >>> fact_label({"type": "BenchmarkResult", "rank": 7, "score": 1332, "category": "overall"}, "Benchmark result")
    'overall #7 · 1332'
    """
    kind = attrs.get("type")
    if kind == "FinancialFigure":
        head = " ".join(str(attrs[k]).replace("_", " ") for k in ("metric", "period") if attrs.get(k))
        value = amount(attrs, lang)
        return f"{head}: {value}" if value else head or class_label
    if kind == "MarketMove":
        value = amount(attrs, lang)
        return f"{value} ({attrs['window']})" if value and attrs.get("window") else value or class_label
    if kind == "BenchmarkResult":
        parts = [attrs.get("category", "")]
        if "rank" in attrs:
            parts.append(f"#{attrs['rank']}")
        if "score" in attrs:
            parts.append(("· " if "rank" in attrs else "") + f"{attrs['score']:g}")
        return " ".join(p for p in parts if p) or class_label
    if kind == "Assessment" and attrs.get("stance"):
        return f"{class_label}: {attrs['stance'].replace('_', ' ')}"
    if kind == "Event" and attrs.get("eventKind"):
        return " ".join(p for p in (attrs["eventKind"].replace("_", " "), attrs.get("date", "")) if p)
    if kind == "AIStackLayer" and attrs.get("layer"):
        return f"{class_label}: {attrs['layer'].replace('_', ' ')}"
    return class_label
