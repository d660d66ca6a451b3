"""The property graph, its RDF projection, analytics, exports and renders."""
