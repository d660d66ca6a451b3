"""china-ai-kg: a sourced knowledge graph of the China AI ecosystem.

Importing the package is cheap; the heavy libraries (rdflib, networkx,
neo4j, pyvis) are imported by the modules that need them.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
