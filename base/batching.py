"""Cutting a stream of rows into batches: the one helper for every writer that batches.

>>> [len(b) for b in batched(range(7), 3)]
[3, 3, 1]
"""

from __future__ import annotations

from itertools import islice

__all__ = ["batched"]


def batched(items, size: int):
    """Yield lists of at most *size* items from *items* (any iterable), in order."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
