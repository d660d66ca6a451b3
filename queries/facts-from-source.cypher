// name: facts-from-source
// question.en: Which facts and relationships does the graph take from a given source?
// question.zh: 知识图谱从某一来源中提取了哪些事实和关系？
// description: One row per n-ary fact or relationship whose source is the given document (entities are not listed),
// description: with its type, the locator within the source, its status and date.
// param: source entity(Source) default=src-article-000 — a source id or name
// columns: fact, fact_type, locator, status, date
CALL () {
  MATCH (f:Fact {source: $source})
  RETURN f.id AS fact, f.type AS fact_type, f.locator AS locator, f.status AS status, f.date AS date
  UNION ALL
  MATCH (:CnkgNode)-[r]->(:CnkgNode)
  WHERE r.source = $source
  RETURN r.id AS fact, type(r) AS fact_type, r.locator AS locator, r.status AS status, r.date AS date
}
RETURN fact, fact_type, locator, status, date
ORDER BY fact
