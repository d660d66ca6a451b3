"""Raw records as read from a file, before validation.

A :class:`Record` is a dict that remembers where it came from, so that
every later error can name ``file:line`` of the offending key.
"""

from __future__ import annotations

__all__ = ["Record"]

_NO_LINES: dict = {}  # shared by records whose keys all sit on the record's line (JSON Lines)


class Record(dict):
    """A mapping read from a fact file, with the file and a line per key."""

    __slots__ = ("file", "line", "lines")

    def __init__(self, items=(), *, file: str, line: int, lines: dict | None = None):
        super().__init__(items)
        self.file = file
        self.line = line
        self.lines = lines if lines is not None else _NO_LINES

    def where(self, key: str | None = None) -> dict:
        """Keyword arguments for a :class:`KGError` pointing at *key*."""
        return {"file": self.file, "line": self.lines.get(key, self.line)}
