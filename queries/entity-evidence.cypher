// name: entity-evidence
// question.en: Which sources does the graph rely on for an entity, and where in them?
// question.zh: 知识图谱关于某一实体的信息依据哪些来源？出自来源的哪些位置？
// description: One row per source, counting the statements about the entity it backs: the entity's own record, the
// description: relationships from or to it and the n-ary facts it takes part in; locators lists the distinct locators
// description: of those statements.
// param: entity entity default=alibaba — any id, name or alias in any script
// columns: source, statements, locators:list
MATCH (e:CnkgNode {id: $entity})
CALL (e) {
  RETURN e.id AS st, e.source AS source, e.locator AS locator
  UNION
  MATCH (e)-[r]-(:CnkgNode)
  WHERE r.id IS NOT NULL
  RETURN r.id AS st, r.source AS source, r.locator AS locator
  UNION
  MATCH (f:Fact)-[r]->(e)
  WHERE r.id IS NULL AND NOT r:SOURCE
  RETURN f.id AS st, f.source AS source, f.locator AS locator
}
WITH source, st, locator
WHERE source IS NOT NULL
RETURN source, count(DISTINCT st) AS statements, collect(DISTINCT locator) AS locators
ORDER BY source
