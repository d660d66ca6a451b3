"""Just enough lexing of SPARQL and Cypher to find parameters, names and keywords.

The pack loader must know which ``$name`` parameters a query body uses and
which ontology terms it names, and the ad-hoc Cypher guard must know
whether ``LOAD CSV`` appears as code.  These questions are about tokens
outside comments, string literals and quoted identifiers, which is what
these scanners skip; they are not parsers (SPARQL is parsed for real by
rdflib before it runs).  Each scanner is one regular expression whose first
alternative swallows everything that is not code, so a ``$name`` inside a
string or a comment is never a parameter.

Token kinds: SPARQL ``var`` (``?x``/``$x``, sigil kept), ``iri`` (``<...>``,
brackets dropped), ``pname`` (``cnkg:Company``) and ``word``; Cypher
``param`` (``$x``, sigil dropped), ``word`` (``n.name_en`` is one word) and
``punct`` (one of ``( ) { } [ ] : | & , - < > !``).
"""

from __future__ import annotations

import re

__all__ = ["Token", "sparql_tokens", "cypher_tokens"]

_SPARQL_RE = re.compile(
    r"(?P<skip>"
    r"\#[^\n]*"  # comment
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r")"
    r'|<(?P<iri>[^<>"{}|^`\\\x00-\x20]*)>'  # IRI (a lone '<' is the operator)
    r"|(?P<var>[?$][A-Za-z0-9_]+)"
    r"|(?P<pname>(?:[A-Za-z][A-Za-z0-9_.-]*)?:(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_.]*)"
)
_CYPHER_RE = re.compile(
    r"(?P<skip>"
    r"//[^\n]*"  # line comment
    r"|/\*[\s\S]*?(?:\*/|\Z)"  # block comment
    r"|'(?:[^'\\]|\\.)*'"  # strings
    r'|"(?:[^"\\]|\\.)*"'
    r"|`(?:[^`]|``)*`"  # quoted identifier
    r")"
    r"|(?P<param>\$[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_.]*)"
    r"|(?P<punct>[(){}\[\]:|&,<>!-])"
)
_ALL = frozenset({"var", "iri", "pname", "word", "param", "punct"})


class Token(tuple):
    """``(kind, text, line, start)``: see the module docs for the kinds; start is the offset."""

    __slots__ = ()

    def __new__(cls, kind: str, text: str, line: int, start: int):
        return tuple.__new__(cls, (kind, text, line, start))

    kind = property(lambda self: self[0])
    text = property(lambda self: self[1])
    line = property(lambda self: self[2])
    start = property(lambda self: self[3])


def _scan(pattern, text: str, kinds) -> list:
    out = []
    line, last = 1, 0
    for m in pattern.finditer(text):
        kind = m.lastgroup
        if kind == "skip" or kind not in kinds:
            continue
        start = m.start()
        line += text.count("\n", last, start)
        last = start
        value = m.group(kind)
        out.append(Token(kind, value[1:] if kind == "param" else value, line, start))
    return out


def sparql_tokens(text: str, kinds=_ALL) -> list:
    """The tokens of a SPARQL text whose kind is in *kinds* (``var``, ``iri``, ``pname``, ``word``).

    >>> [(t.kind, t.text) for t in sparql_tokens('SELECT ?x { ?x a cnkg:Company ; cnkg:id "?y" } # $z')]
    [('word', 'SELECT'), ('var', '?x'), ('var', '?x'), ('word', 'a'), ('pname', 'cnkg:Company'), ('pname', 'cnkg:id')]
    """
    return _scan(_SPARQL_RE, text, kinds)


def cypher_tokens(text: str, kinds=_ALL) -> list:
    """The tokens of a Cypher text whose kind is in *kinds* (``param``, ``word``, ``punct``).

    >>> [t.text for t in cypher_tokens("MATCH (n:Company {id: $id}) // :Nope", kinds={"word", "param"})]
    ['MATCH', 'n', 'Company', 'id', 'id']
    """
    return _scan(_CYPHER_RE, text, kinds)
