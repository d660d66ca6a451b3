// name: group-portfolio
// question.en: What do a group and its subsidiaries develop?
// question.zh: 某集团及其子公司研发了哪些模型和产品？
// description: One row per DEVELOPS relationship whose developer is the organization or one of its subsidiaries at any
// description: depth, with what is developed and its class, and the relationship's source.
// param: group entity(Organization) default=alibaba — any id, name or alias in any script
// columns: developer, item, item_type, fact, source
MATCH (g:CnkgNode {id: $group})
CALL (g) {
  RETURN g AS d
  UNION
  MATCH (d:CnkgNode)-[:SUBSIDIARY_OF*1..]->(g)
  RETURN d
}
MATCH (d)-[r:DEVELOPS]->(x:CnkgNode)
RETURN d.id AS developer, x.id AS item, x.type AS item_type, r.id AS fact, r.source AS source
ORDER BY developer, item, fact
