"""The ontology (``cnkg.ttl``) and what is derived from it: the Schema and the SHACL shapes."""

from .schema import ID_NS, NS, Schema, load_schema

__all__ = ["ID_NS", "NS", "Schema", "load_schema"]
