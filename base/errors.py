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
    "ServerError",
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


class ServerError(KGError):
    """A database server (Neo4j) cannot be reached, started or refused the work.

    *details* are extra lines for the user (the tail of a server log), shown
    by the CLI above the one-line error.
    """

    def __init__(self, message: str, *, details=(), **where):
        self.details = tuple(details)
        super().__init__(message, **where)


class RenderError(KGError):
    """An HTML render or an export cannot be written."""
