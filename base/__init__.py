"""The bottom layer: what every other layer uses and that knows no ontology.

Errors, name folding, language tags, the datatype codec (dates, numbers,
precision), atomic file writing, batching, ``key=value`` pairs and the
on-disk cache.  Nothing here imports from another layer of the package.
"""
