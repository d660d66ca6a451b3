"""Neo4j: the batched push, the equivalent Cypher script, the Browser kit and the local server helper."""
