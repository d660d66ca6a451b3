"""Reading user facts given as Turtle, N-Triples or JSON-LD, offline.

rdflib will fetch a remote JSON-LD ``@context`` when asked to, which would
let a fact file make the loader reach the network.  We refuse any context
that is not inline, and while parsing we also hold an audit hook that
refuses every outgoing connection or URL open, so that no other path can
reach the network either.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

from ..ontology.errors import InputError
from ..ontology.schema import Schema

__all__ = ["read_rdf_file", "offline"]

_state = threading.local()
_hooked = False


def _audit(event, args):
    if getattr(_state, "offline", False) and event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
        raise PermissionError(f"network access during parsing is not allowed ({event})")


class offline:
    """Context manager: refuse network access from this thread while open."""

    def __enter__(self):
        global _hooked
        if not _hooked:
            sys.addaudithook(_audit)
            _hooked = True
        _state.offline = True
        return self

    def __exit__(self, *exc):
        _state.offline = False
        return False


def _remote_contexts(node) -> bool:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                items = value if isinstance(value, list) else [value]
                if any(isinstance(i, str) for i in items):
                    return True
                if any(_remote_contexts(i) for i in items):
                    return True
            elif key == "@import" or _remote_contexts(value):
                return True
    elif isinstance(node, list):
        return any(_remote_contexts(i) for i in node)
    return False


def read_rdf_file(path: Path, schema: Schema, label: str | None = None) -> list:
    """Parse an RDF file into loader records, without any network access."""
    from rdflib import Graph

    from ..graph.rdf import records_from_rdf

    label = label or str(path)
    fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}[path.suffix]
    try:
        data = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read file: {e}", file=label) from None
    if fmt == "json-ld":
        try:
            doc = json.loads(data)
        except ValueError as e:
            raise InputError(f"malformed JSON-LD: {e}", file=label) from None
        if _remote_contexts(doc):
            raise InputError("remote JSON-LD contexts are not allowed; put the @context inline", file=label)
    g = Graph()
    try:
        with offline():
            g.parse(data=data, format=fmt, publicID="urn:cnkg:input:")
    except PermissionError as e:
        raise InputError(str(e), file=label) from None
    except Exception as e:  # rdflib raises many parser-specific types
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"malformed {fmt}: {first}", file=label) from None
    return records_from_rdf(g, schema, label)
