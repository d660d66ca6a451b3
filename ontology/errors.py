"""The exception hierarchy of china-ai-kg.

Every error the library raises on purpose is a :class:`KGError`.  The CLI
turns one into a single ``Error: ...`` line and exit code 1; ``--debug``
shows the traceback instead.  An error that points into a file carries the
file and line, and its message starts with ``file:line:``.
"""

from __future__ import annotations

__all__ = [
    "KGError",
    "OntologyError",
    "InputError",
    "ValidationError",
    "UnknownEntityError",
    "QueryError",
    "EngineError",
    "Neo4jError",
    "RenderError",
]


class KGError(Exception):
    """Root of every error raised on purpose by china-ai-kg."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        self.message = message
        self.file = file
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class OntologyError(KGError):
    """The ontology file itself is inconsistent."""


class InputError(KGError):
    """A fact file cannot be read or parsed."""


class ValidationError(KGError):
    """A record breaks a rule of the ontology."""


class UnknownEntityError(KGError):
    """A name or alias matches no entity of the graph."""


class QueryError(KGError):
    """A query, a query-pack file or a query parameter is not valid."""


class EngineError(KGError):
    """A query engine is missing or failed."""


class Neo4jError(KGError):
    """The Neo4j server cannot be reached or refused the work."""


class RenderError(KGError):
    """An HTML render or an export cannot be written."""
