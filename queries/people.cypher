// name: people
// question.en: Who are the people in the graph, and how are they linked to organizations, sources and facts?
// question.zh: 知识图谱中有哪些人物？他们与哪些机构、来源和事实相关联？
// description: One row per distinct link of a person: a relationship in either direction (direction out or in) or a
// description: role in an n-ary fact (direction in, other being the fact).
// columns: person, name, link, direction, other
MATCH (x:Person)
CALL (x) {
  MATCH (x)-[r]->(o:CnkgNode)
  WHERE NOT r:SOURCE
  RETURN type(r) AS link, 'out' AS direction, o.id AS other
  UNION
  MATCH (o:CnkgNode)-[r]->(x)
  WHERE NOT r:SOURCE
  RETURN type(r) AS link, 'in' AS direction, o.id AS other
}
RETURN DISTINCT x.id AS person, x.name_en AS name, link, direction, other
ORDER BY person, link, direction, other
