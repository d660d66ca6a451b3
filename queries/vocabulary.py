"""Checking a query's text against the ontology's vocabulary.

A misspelt class, property or relationship type does not make a query
fail; it makes it answer nothing.  So when a pack is loaded, every
ontology term its SPARQL names (``cnkg:releaseDate``, or the full IRI) and
every label, relationship type and property key its Cypher uses
(``:ModelRelease``, ``[:DEVELOPS]``, ``m.releaseDate`` where ``m`` is a
node or relationship of a pattern) must exist in the
ontology (or in the Neo4j form derived from it,
:mod:`china_ai_kg.graph.neo4j_form`).  An unknown one is a
:class:`~china_ai_kg.base.errors.QueryError` at ``file:line`` with the
closest known term.
"""

from __future__ import annotations

from ..base.errors import QueryError
from ..base.names import suggest
from ..graph.neo4j_form import labels, property_keys, relationship_types
from ..ontology.schema import NS, Schema
from .lexing import cypher_tokens, sparql_tokens

__all__ = ["check_vocabulary", "check_sparql_terms", "check_cypher_terms"]


def check_vocabulary(text: str, suffix: str, file: str, schema: Schema) -> None:
    """Check a ``.rq`` or ``.cypher`` text; raise :class:`QueryError` at the first unknown term."""
    if suffix == ".rq":
        check_sparql_terms(text, file, schema)
    else:
        check_cypher_terms(text, file, schema)


def check_sparql_terms(text: str, file: str, schema: Schema) -> None:
    known = schema.vocabulary
    tokens = sparql_tokens(text, kinds={"pname", "iri", "word"})
    prefixes = {"cnkg": NS}
    for a, b, c in zip(tokens, tokens[1:], tokens[2:]):  # PREFIX p: <iri>
        if a.kind == "word" and a.text.upper() == "PREFIX" and b.kind == "pname" and c.kind == "iri":
            prefixes[b.text[:-1]] = c.text
    for tok in tokens:
        if tok.kind == "pname":
            prefix, _, local = tok.text.partition(":")
            if prefixes.get(prefix) != NS or not local:
                continue
        elif tok.kind == "iri" and tok.text.startswith(NS):
            local = tok.text[len(NS):]
            if not local:
                continue
        else:
            continue
        if local not in known:
            raise QueryError(f"unknown ontology term cnkg:{local}{_hint(local, known, 'cnkg:')}", file=file,
                             line=tok.line)


def check_cypher_terms(text: str, file: str, schema: Schema) -> None:
    node_labels, rel_types, keys = labels(schema), relationship_types(schema), property_keys(schema)
    tokens = cypher_tokens(text, kinds={"word", "punct", "param"})
    variables = _pattern_variables(tokens)
    stack = []  # open brackets
    for i, tok in enumerate(tokens):
        if tok.kind == "punct":
            if tok.text in "([{":
                stack.append((tok.text, tokens[i - 1].text if i else ""))
            elif tok.text in ")]}" and stack:
                stack.pop()
            elif tok.text == ":" and _is_label_colon(tokens, i, stack):
                inner = stack[-1] if stack else None
                if inner == ("[", "-"):  # -[r:TYPE]-
                    known, what = rel_types, "relationship type"
                elif inner is not None and inner[0] == "(" and not _is_call(inner[1]):  # (n:Label)
                    known, what = node_labels, "label"
                else:  # WHERE x:Name tests a node's label or a relationship's type
                    known, what = node_labels | rel_types, "label or relationship type"
                for name in _label_names(tokens, i):
                    if name.text not in known:
                        raise QueryError(f"unknown {what} :{name.text}{_hint(name.text, known, ':')}", file=file,
                                         line=name.line)
        elif tok.kind == "word" and "." in tok.text:
            variable, *path = tok.text.split(".")
            if variable not in variables:  # a map, a function namespace (date.truncate), a list item
                continue
            for key in path[:1]:
                if key and key not in keys:
                    raise QueryError(f"unknown property key '{key}'{_hint(key, keys)}", file=file, line=tok.line)


_PATTERN_KEYWORDS = {"MATCH", "MERGE", "CREATE", "WHERE", "AND", "OR", "NOT", "XOR", "CALL", "OPTIONAL", "EXISTS"}


def _is_call(before: str) -> bool:
    """Whether a ``(`` after *before* opens a function's arguments (``none(...)``) rather than a pattern."""
    return before[:1].isalpha() and before.upper() not in _PATTERN_KEYWORDS


def _pattern_variables(tokens) -> set:
    """Names bound to nodes or relationships in patterns: ``(n:L``, ``(n)-``, ``->(n)``, ``-[r]-``, ``[r:T``."""
    found = set()
    for i in range(1, len(tokens) - 1):
        before, tok, after = tokens[i - 1].text, tokens[i], tokens[i + 1].text
        if tok.kind != "word" or before not in ("(", "["):
            continue
        closing = ")" if before == "(" else "]"
        outer_before = tokens[i - 2].text if i >= 2 else ""
        outer_after = tokens[i + 2].text if i + 2 < len(tokens) else ""
        if after in (":", "{") or (after == closing and ("-" in (outer_before, outer_after) or ">" == outer_before
                                                         or "<" == outer_after)):
            found.add(tok.text)
    return found


def _is_label_colon(tokens, i: int, stack) -> bool:
    """A ``:`` that starts a label or type, not one that separates a map key from its value."""
    if i + 1 < len(tokens) and tokens[i + 1].text == ":":  # `IS :: TYPE`
        return False
    if i >= 1 and tokens[i - 1].text == ":":
        return False
    if stack and stack[-1][0] == "{":
        before = tokens[i - 2].text if i >= 2 else ""
        return before not in ("{", ",")
    return True


def _label_names(tokens, i: int):
    """The label or type names after the ``:`` at *i*: ``:A|B``, ``:A&B``, ``:!A``, ``:A|:B``."""
    j = i + 1
    while j < len(tokens):
        tok = tokens[j]
        if tok.kind == "word":
            yield tok
        elif tok.text not in ("|", "&", "!", ":"):
            return
        j += 1
        if j < len(tokens) and tokens[j].kind == "word" and tok.kind == "word":
            return  # two words in a row: the label expression has ended


def _hint(name: str, known, prefix: str = "") -> str:
    hint = suggest(name, sorted(known))
    return hint.replace("(did you mean ", f"(did you mean {prefix}") if hint and prefix else hint
