"""Query packs: named questions as SPARQL and Cypher files."""
