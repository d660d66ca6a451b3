"""The two time axes of every claim: when it holds (valid time) and when it was known (record time).

Which properties set which axis is the ontology's word (``cnkg:timeAxis``):

* **valid time** starts at ``validFrom`` or, without one, at a point such as an event's ``date`` or a
  model's ``releaseDate`` ("valid-at"), and ends at ``validTo``; either end may be open.  A point fact
  (an event, an observation) holds from its date on: the record of the ecosystem grows, and nothing that
  happened disappears after its day.
* **record time** is the claim's ``reportedOn``, else its source's ``published`` date, else the day the
  source was ``retrieved``; without any of them it is unknown.

Dates keep their precision (``2024``, ``2024-06``, ``2024-06-30``) and compare at the coarser of two
(:func:`~china_ai_kg.base.datatypes.date_not_after`): ``2024`` overlaps ``2024-06``, and ``2024-06``
does not overlap ``2024-07``.
"""

from __future__ import annotations

from ..base.datatypes import date_not_after

__all__ = ["Axes", "holds_at", "overlaps", "window_overlaps"]


class Axes:
    """Reads the time axes of nodes and edges, by the properties the ontology names for each axis."""

    def __init__(self, schema, kg):
        self.kg = kg
        self.starts = schema.axis("valid-from")
        self.points = schema.axis("valid-at")
        self.ends = schema.axis("valid-to")
        self.recorded_by = schema.axis("recorded")
        self.published = schema.axis("published") + schema.axis("retrieved")

    @staticmethod
    def _first(attrs: dict, names: tuple):
        for name in names:
            if attrs.get(name):
                return attrs[name]
        return None

    def valid(self, attrs: dict) -> tuple:
        """``(start, end)`` of a node's or edge's valid time; ``None`` for an open end."""
        start = self._first(attrs, self.starts) or self._first(attrs, self.points)
        return start, self._first(attrs, self.ends)

    def point(self, attrs: dict):
        """The date a claim is about, for a dated fact without an interval (an event's ``date``), else ``None``."""
        return None if self._first(attrs, self.starts) else self._first(attrs, self.points)

    def source_date(self, sid: str | None):
        """When a source was published, or else retrieved; ``None`` if it says neither."""
        if sid is None or sid not in self.kg.g:
            return None
        return self._first(self.kg.g.nodes[sid], self.published)

    def recorded(self, attrs: dict, own_id: str | None = None):
        """A claim's record time: its own report date, else its source's date (a source's own, for a source)."""
        own = self._first(attrs, self.recorded_by)
        if own:
            return own
        if attrs.get("type") == "Source":
            return self.source_date(own_id)
        return self.source_date(attrs.get("source"))


def holds_at(interval: tuple, date: str) -> bool:
    """Whether a valid-time *interval* ``(start, end)`` may contain *date*, at the coarser precision.

    >>> holds_at(("2024", None), "2024-06"), holds_at((None, "2024-06"), "2024-07"), holds_at(("2025-01", None), "2024")
    (True, False, False)
    """
    start, end = interval
    return (start is None or date_not_after(start, date)) and (end is None or date_not_after(date, end))


def window_overlaps(interval: tuple, lo: str, hi: str) -> bool:
    """Whether *interval* meets the window *lo*..*hi* (both inclusive), at the coarser precision."""
    start, end = interval
    return (start is None or date_not_after(start, hi)) and (end is None or date_not_after(lo, end))


def overlaps(a: tuple, b: tuple) -> bool:
    """Whether two intervals share more than an end point: neither surely ends before the other starts.

    Two chief executives whose terms meet on a day (or within a month named by both) do not overlap.

    >>> overlaps(("2020", "2024-06"), ("2024-06-15", None)), overlaps(("2020", None), ("2024", None))
    (False, True)
    """
    def before(end, start):  # end is no later than start: the first interval is over when the second begins
        return end is not None and start is not None and date_not_after(end, start)

    return not (before(a[1], b[0]) or before(b[1], a[0]))
