"""Running SPARQL on a SPARQL 1.1 server (the ``sparql`` engine), over the SPARQL 1.1 Protocol.

The text is the canonical text the guard read (:mod:`.guard`: read-only, no SERVICE), with the typed
parameters written in as terms (:func:`.terms.substitute`) and the project's prefixes declared, sent by
POST as ``application/sparql-query``.  SELECT and ASK answers are read as SPARQL JSON results, CONSTRUCT as
N-Triples; each cell becomes the pyoxigraph term it denotes, so the answer is normalised exactly like the
embedded oxigraph engine's.  The dataset is the server's default graph, which ``cnkg sparql-store push``
fills as the union of its named graphs (see :mod:`china_ai_kg.outputs.sparql_store`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ...base.errors import ServerError
from ...base.http import redact, request
from ...graph.rdf import PREFIXES
from .guard import canonical
from .plans import check_sparql
from .terms import substitute

__all__ = ["Endpoint", "run_remote", "ask_remote", "check_pushed", "PUSH_GRAPH", "PUSH_STATE"]

PUSH_GRAPH = "https://w3id.org/cnkg/graph/push"
"""The named graph in which a push records what it wrote (:mod:`china_ai_kg.outputs.sparql_store`)."""
PUSH_STATE = PUSH_GRAPH + "#state"

_RESULTS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL query endpoint: its URL and, when it wants them, basic-auth credentials."""

    url: str
    user: str | None = None
    password: str | None = None

    @property
    def auth(self):
        return (self.user, self.password or "") if self.user else None

    def __repr__(self) -> str:  # never the password
        return f"Endpoint({redact(self.url)!r}, user={self.user!r})"


def _prologue(text: str) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + text


def _post(endpoint: Endpoint, text: str, accept: str, timeout):
    return request("POST", endpoint.url, text.encode("utf-8"), timeout=timeout, auth=endpoint.auth,
                   headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
                   what="the SPARQL endpoint")


def _term(cell: dict):
    import pyoxigraph as ox  # lazy: only the oxigraph and sparql engines need it

    kind, value = cell.get("type"), cell.get("value")
    if not isinstance(value, str):
        raise ValueError("a binding without a value")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in cell:
            return ox.Literal(value, language=cell["xml:lang"])
        if "datatype" in cell:
            return ox.Literal(value, datatype=ox.NamedNode(cell["datatype"]))
        return ox.Literal(value)
    raise ValueError(f"a binding of unknown type {kind!r}")


def _json(endpoint: Endpoint, answer) -> dict:
    if answer.content_type not in (_RESULTS, "application/json"):
        raise ServerError(f"{redact(endpoint.url)}: the SPARQL endpoint answered {answer.content_type or 'no type'}, "
                          "not SPARQL results (is this the query URL of a SPARQL endpoint?)")
    try:
        return json.loads(answer.body)
    except ValueError:
        raise ServerError(f"{redact(endpoint.url)}: the SPARQL endpoint sent results that are not JSON") from None


def run_remote(text: str, bindings: dict, endpoint: Endpoint, timeout: float | None = None) -> tuple:
    """Run *text* on *endpoint* with the same checks and bindings as the embedded engines; ``(columns, rows)``."""
    import pyoxigraph as ox  # lazy: see _term

    text = canonical(text)
    form = check_sparql(text)
    runnable = _prologue(substitute(text, bindings) if bindings else text)
    if form == "CONSTRUCT":
        answer = _post(endpoint, runnable, _TRIPLES, timeout)
        if answer.content_type != _TRIPLES:
            raise ServerError(f"{redact(endpoint.url)}: the SPARQL endpoint answered {answer.content_type}, "
                              "not N-Triples")
        try:
            triples = list(ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as e:
            raise ServerError(f"{redact(endpoint.url)}: the SPARQL endpoint sent bad N-Triples ({e})") from None
        return ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in triples]
    data = _json(endpoint, _post(endpoint, runnable, _RESULTS, timeout))
    try:
        if form == "ASK":
            return ["ask"], [[bool(data["boolean"])]]
        columns = list(data["head"]["vars"])
        rows = [[_term(b[c]) if c in b else None for c in columns] for b in data["results"]["bindings"]]
    except (KeyError, TypeError, ValueError) as e:
        raise ServerError(f"{redact(endpoint.url)}: the SPARQL endpoint sent results of an unexpected shape "
                          f"({type(e).__name__}: {e})") from None
    return columns, rows


def ask_remote(text: str, endpoint: Endpoint, timeout: float | None = None) -> bool:
    """The answer of an ASK query of this module's own (no guard: the text is ours)."""
    data = _json(endpoint, _post(endpoint, _prologue(text), _RESULTS, timeout))
    return bool(data.get("boolean"))


def check_pushed(endpoint: Endpoint, timeout: float | None = 60) -> None:
    """Refuse, in one line, an endpoint whose default graph does not show a complete ``cnkg sparql-store push``."""
    if ask_remote(f'ASK {{ <{PUSH_GRAPH}> <{PUSH_STATE}> "complete" }}', endpoint, timeout):
        return
    if ask_remote(f"ASK {{ <{PUSH_GRAPH}> <{PUSH_STATE}> ?state }}", endpoint, timeout):
        raise ServerError(f"{redact(endpoint.url)}: the last cnkg push to this store did not finish; "
                          "run cnkg sparql-store push again")
    raise ServerError(f"{redact(endpoint.url)}: the default graph shows no cnkg push (push with cnkg sparql-store "
                      "push, and make the store's default graph the union of its named graphs)")
