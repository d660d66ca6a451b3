"""Reading user facts given as Turtle, N-Triples or JSON-LD, offline.

rdflib will fetch a remote JSON-LD ``@context`` when asked to, which would
let a fact file make the loader reach the network.  We refuse any context
that is not inline, and while parsing we also hold an audit hook that
refuses every outgoing connection or URL open, so that no other path can
reach the network either.

The triples are then turned back into loader records (:func:`records_from_rdf`),
the inverse of :func:`china_ai_kg.graph.rdf.to_rdf`, and pass the same
validation as a fact file: user Turtle or JSON-LD is held to the same rules
as YAML.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from ..base.errors import InputError
from ..base.files import read_text
from ..base.langs import canonical_lang
from ..base.limits import MAX_INPUT_BYTES
from ..graph.rdf import node_id
from ..ontology.schema import ID_NS, NS, Schema
from .json_text import load_json
from .records import Record

__all__ = ["read_rdf_file", "records_from_rdf", "offline"]

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
    from rdflib import Graph  # lazy: rdflib costs ~150 ms, and YAML users never need it

    label = label or str(path)
    fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}[path.suffix]
    data = read_text(path, label, max_bytes=MAX_INPUT_BYTES)
    if fmt == "json-ld":
        try:
            doc = load_json(data, label)
        except ValueError as e:
            raise InputError(f"malformed JSON-LD: {e}", file=label) from e
        if _remote_contexts(doc):
            raise InputError("remote JSON-LD contexts are not allowed; put the @context inline", file=label)
    g = Graph()
    try:
        with offline():
            g.parse(data=data, format=fmt, publicID="urn:cnkg:input:")
    except PermissionError as e:
        raise InputError(str(e), file=label) from e
    except Exception as e:  # rdflib raises many parser-specific types
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"malformed {fmt}: {first}", file=label) from e
    return records_from_rdf(g, schema, label)


def _node_id(term, label: str) -> str:
    nid = node_id(str(term))
    if nid is None:
        raise InputError(f"node <{term}> is outside {ID_NS}; ids must live in that namespace", file=label)
    return nid


def records_from_rdf(g, schema: Schema, label: str) -> list:
    """Turn the triples of *g* back into loader records (see module docs)."""
    from rdflib import RDF, RDFS, BNode, Literal  # lazy: see read_rdf_file
    from rdflib.namespace import SKOS

    by_subject: dict = {}
    for s, p, o in g:
        if isinstance(s, BNode) or isinstance(o, BNode):
            raise InputError("blank nodes are not supported; give every node an IRI", file=label)
        by_subject.setdefault(s, []).append((p, o))

    records = []
    reified = set()
    plain = []
    for s in sorted(by_subject):
        pairs = by_subject[s]
        types = [o for p, o in pairs if p == RDF.type]
        if RDF.Statement in types:
            rec = {}
            for p, o in pairs:
                if p == RDF.subject:
                    rec["from"] = _node_id(o, label)
                elif p == RDF.predicate:
                    link = schema.links.get(str(o)[len(NS):]) if str(o).startswith(NS) else None
                    if link is None:
                        raise InputError(f"statement <{s}> has unknown predicate <{o}>", file=label)
                    rec["type"] = link.graph_name
                elif p == RDF.object:
                    rec["to"] = _node_id(o, label)
                elif p != RDF.type:
                    _put(rec, p, o, schema, label)
            rec.setdefault("id", _node_id(s, label))
            reified.add((rec.get("from"), rec.get("type"), rec.get("to")))
            records.append(Record(rec, file=label, line=None))
            continue
        cls = [str(o)[len(NS):] for o in types if str(o).startswith(NS)]
        if not cls:
            continue
        if len(cls) > 1:
            raise InputError(f"node <{s}> has several cnkg types: {', '.join(sorted(cls))}", file=label)
        rec = {"id": _node_id(s, label), "type": cls[0]}
        names = {}
        aliases = []
        for p, o in pairs:
            if p == RDF.type or str(p) == NS + "id":
                continue
            if p == RDFS.label and isinstance(o, Literal):
                names[canonical_lang(o.language) or o.language or "en"] = str(o)
            elif p == SKOS.altLabel:
                aliases.append(str(o))
            elif str(p).startswith(NS):
                link = schema.links.get(str(p)[len(NS):])
                if link is not None and link.kind == "relation":
                    plain.append((rec["id"], link.graph_name, _node_id(o, label)))
                elif link is not None and link.kind == "role":
                    rec.setdefault(link.name, []).append(_node_id(o, label))
                else:
                    _put(rec, p, o, schema, label)
        if names:
            rec["name"] = names
        if aliases:
            rec["aliases"] = sorted(aliases)
        for key, value in list(rec.items()):
            if isinstance(value, list) and key != "aliases":
                rec[key] = sorted(value)
        records.append(Record(rec, file=label, line=None))
    symmetric = {link.graph_name for link in schema.links.values() if link.symmetric}
    for u, rel, v in sorted(plain):
        if (u, rel, v) not in reified and not (rel in symmetric and (v, rel, u) in reified):
            records.append(Record({"type": rel, "from": u, "to": v}, file=label, line=None))
    return records


def _put(rec: dict, p, o, schema: Schema, label: str) -> None:
    from rdflib import XSD, Literal  # lazy: see read_rdf_file

    name = str(p)[len(NS):] if str(p).startswith(NS) else None
    if name is None:
        return  # foreign vocabulary (comments, owl:sameAs, ...) is not part of the graph
    if name == "source" or name in schema.references:  # links stored as the other node's id
        rec[name] = _node_id(o, label)
        return
    if name in rec:
        raise InputError(f"property cnkg:{name} is given twice on one node", file=label)
    if isinstance(o, Literal) and o.datatype == XSD.boolean:
        rec[name] = o.toPython() if isinstance(o.toPython(), bool) else str(o)
    else:
        rec[name] = str(o)
