// name: entity-profile
// question.en: What does the graph say about one entity: its properties, names, relationships and the facts it takes part in?
// question.zh: 知识图谱中关于某个实体的全部信息：属性、名称、关系以及它参与的事实？
// description: kind property: one row per property (type, names, each alias, source, locator and every ontology
// description: property), value holding it. kind relation: one row per relationship in either direction (direction
// description: out or in), other being the entity at the other end and fact the relationship id. kind role: one row
// description: per role the entity plays in an n-ary fact, other and fact being the fact and value its class. source
// description: and locator are the provenance of the relationship or fact.
// param: entity entity default=alibaba — any id, name or alias in any script
// columns: kind, key, direction, other, value, fact, source, locator
MATCH (n:CnkgNode {id: $entity})
CALL (n) {
  UNWIND [k IN keys(n) WHERE NOT k IN ['id', 'aliases', 'merged_from']] AS k
  RETURN 'property' AS kind, k AS key, null AS direction, null AS other, n[k] AS value,
         null AS fact, null AS source, null AS locator
  UNION ALL
  UNWIND n.aliases AS alias
  RETURN 'property' AS kind, 'aliases' AS key, null AS direction, null AS other, alias AS value,
         null AS fact, null AS source, null AS locator
  UNION ALL
  MATCH (n)-[r]->(o:CnkgNode)
  WHERE r.id IS NOT NULL
  RETURN 'relation' AS kind, type(r) AS key, 'out' AS direction, o.id AS other, null AS value,
         r.id AS fact, r.source AS source, r.locator AS locator
  UNION ALL
  MATCH (o:CnkgNode)-[r]->(n)
  WHERE r.id IS NOT NULL
  RETURN 'relation' AS kind, type(r) AS key, 'in' AS direction, o.id AS other, null AS value,
         r.id AS fact, r.source AS source, r.locator AS locator
  UNION ALL
  MATCH (f:Fact)-[r]->(n)
  WHERE r.id IS NULL AND NOT r:SOURCE
  RETURN 'role' AS kind, type(r) AS key, 'in' AS direction, f.id AS other, f.type AS value,
         f.id AS fact, f.source AS source, f.locator AS locator
}
RETURN kind, key, direction, other, value, fact, source, locator
ORDER BY kind, key, coalesce(direction, ''), coalesce(other, ''), coalesce(fact, ''), toString(value)
