// name: graph-overview
// question.en: What does the graph hold: how many entities, facts and relationships of each type?
// question.zh: 知识图谱包含什么：各类实体、事实和关系分别有多少？
// description: One row per entity class, n-ary fact class and relationship type present in the graph, with the number
// description: of nodes or relationships of exactly that type (role edges are not counted).
// columns: kind, type, count
CALL () {
  MATCH (n:Entity)
  RETURN 'entity' AS kind, n.type AS type, count(*) AS count
  UNION ALL
  MATCH (n:Fact)
  RETURN 'fact' AS kind, n.type AS type, count(*) AS count
  UNION ALL
  MATCH ()-[r]->()
  WHERE r.id IS NOT NULL
  RETURN 'relationship' AS kind, type(r) AS type, count(*) AS count
}
RETURN kind, type, count
ORDER BY kind, type
