"""Every limit the tool sets on what it reads and runs, in one place, and the query deadline.

Hostile or careless input must end with one clear error, not with a
machine out of memory, a stack overflow or a query that never returns.
"""

from __future__ import annotations

import ctypes
import os
import threading

from .errors import EngineError

__all__ = [
    "MAX_QUERY_BYTES",
    "MAX_INPUT_BYTES",
    "MAX_DEPTH",
    "MAX_YAML_ALIASES",
    "MAX_YAML_NODES",
    "QUERY_TIMEOUT",
    "TIMEOUT_ENV",
    "default_timeout",
    "with_deadline",
]

MAX_QUERY_BYTES = 1 << 20
"""A query text (``cnkg sparql @file``, a pack file) of more than 1 MiB is refused."""

MAX_INPUT_BYTES = 4 << 30
"""A fact file of more than 4 GiB is refused: split it (JSON Lines files can be given as a directory)."""

MAX_DEPTH = 64
"""Nesting deeper than this (YAML, JSON, JSON-LD) is refused, far below the interpreter's recursion limit."""

MAX_YAML_ALIASES = 1000
"""YAML aliases (``*name``) in one file; a billion-laughs file needs many more."""

MAX_YAML_NODES = 5_000_000
"""YAML nodes after expanding aliases: a bound on what aliases can multiply."""

QUERY_TIMEOUT = 60.0
"""Seconds a query may run, on every engine, unless ``--timeout`` or ``$CNKG_QUERY_TIMEOUT`` says otherwise (0: none)."""

TIMEOUT_ENV = "CNKG_QUERY_TIMEOUT"


def default_timeout() -> float:
    """``$CNKG_QUERY_TIMEOUT`` if set to a number, else :data:`QUERY_TIMEOUT`."""
    try:
        return max(0.0, float(os.environ[TIMEOUT_ENV]))
    except (KeyError, ValueError):
        return QUERY_TIMEOUT


class _Deadline(BaseException):
    """Raised inside a query's thread when its time is up (a BaseException, so engines cannot swallow it)."""


def _interrupt(thread: threading.Thread) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Deadline))


def with_deadline(work, seconds: float | None):
    """``work()``, or :class:`EngineError` once it has run for *seconds* (``0`` or ``None``: no limit).

    The work runs in a thread that the caller waits for.  At the deadline
    the thread is interrupted: pure-Python work (rdflib) stops at once;
    native work that holds no interpreter state (pyoxigraph's evaluation)
    stops when it next returns to Python, and the caller does not wait.
    """
    if not seconds:
        return work()
    box: dict = {}

    def target():
        try:
            box["value"] = work()
        except _Deadline:
            pass
        except BaseException as e:  # handed to the caller, with its traceback
            box["error"] = e

    thread = threading.Thread(target=target, name="cnkg-query", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        _interrupt(thread)
        thread.join(0.5)
        raise EngineError(f"query exceeded {seconds:g} s (give a longer --timeout, or --timeout 0 for none)")
    if "error" in box:
        raise box["error"]
    return box["value"]
