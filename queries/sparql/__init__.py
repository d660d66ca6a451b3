"""SPARQL on rdflib and pyoxigraph: the guard, cached plans, typed bindings and the two runners.

* :mod:`.guard` parses a text with rdflib and refuses what may change the
  graph or reach the network;
* :mod:`.plans` keeps the parsed, checked and planned algebra (memory and disk);
* :mod:`.order` plans rdflib's triple patterns for the parameters it will bind;
* :mod:`.terms` turns typed parameter values into RDF terms for each engine;
* :mod:`.run` runs a text on rdflib or pyoxigraph and returns columns and rows.
"""
