"""The ontology (``cnkg.ttl``) and what is derived from it."""

from .errors import KGError
from .schema import ID_NS, LANGS, NS, Schema, load_schema

__all__ = ["ID_NS", "LANGS", "NS", "KGError", "Schema", "load_schema"]
