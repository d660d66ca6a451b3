"""What the graph is turned into: exports, the HTML explorer, the report site, Neo4j and its Browser kit."""
