"""The ontology (``cnkg.ttl``) and what is derived from it.

Names are imported lazily, so that importing :mod:`china_ai_kg.ontology.errors`
(as the CLI does before anything else) costs nothing.
"""

__all__ = ["ID_NS", "LANGS", "NS", "KGError", "Schema", "load_schema"]


def __getattr__(name):
    if name == "KGError":
        from .errors import KGError

        return KGError
    if name in __all__:
        from . import schema

        return getattr(schema, name)
    raise AttributeError(name)
