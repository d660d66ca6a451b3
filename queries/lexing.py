"""Just enough lexing of SPARQL and Cypher to find parameters and keywords.

The pack loader must know which ``$name`` parameters a query body uses,
and the ad-hoc Cypher guard must know whether ``LOAD CSV`` appears as code.
Both questions are about tokens outside comments, string literals, IRIs and
quoted identifiers, which is what these scanners skip; they are not parsers
(SPARQL is parsed for real by rdflib before it runs).  Each scanner is one
regular expression whose first alternative swallows everything that is not
code, so a ``$name`` inside a string or a comment is never a parameter.
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
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRI (a lone '<' is the operator)
    r")"
    r"|(?P<var>[?$][A-Za-z0-9_]+)"
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
)


class Token(tuple):
    """``(kind, text, line, start)``: kind is ``var``, ``param`` or ``word``; start is the offset."""

    __slots__ = ()

    def __new__(cls, kind: str, text: str, line: int, start: int):
        return tuple.__new__(cls, (kind, text, line, start))

    kind = property(lambda self: self[0])
    text = property(lambda self: self[1])
    line = property(lambda self: self[2])
    start = property(lambda self: self[3])


def _scan(pattern, text: str, words: bool) -> list:
    out = []
    line, last = 1, 0
    for m in pattern.finditer(text):
        kind = m.lastgroup
        if kind == "skip" or (kind == "word" and not words):
            continue
        start = m.start()
        line += text.count("\n", last, start)
        last = start
        value = m.group(kind)
        if kind == "param":
            out.append(Token("param", value[1:], line, start))
        else:
            out.append(Token(kind, value, line, start))
    return out


def sparql_tokens(text: str, words: bool = True) -> list:
    """Variables (``?x``/``$x`` as ``var``, sigil kept) and words of a SPARQL text."""
    return _scan(_SPARQL_RE, text, words)


def cypher_tokens(text: str, words: bool = True) -> list:
    """Parameters (``$x`` as ``param``, without the sigil) and words of a Cypher text."""
    return _scan(_CYPHER_RE, text, words)
