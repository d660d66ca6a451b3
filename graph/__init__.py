"""The in-memory property graph, its RDF projection, aliases, derived objects and analytics."""
