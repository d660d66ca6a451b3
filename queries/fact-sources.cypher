// name: fact-sources
// question.en: Which source backs a fact or relationship, where in it, and who first reported it?
// question.zh: 某条事实或关系出自哪份来源、在来源的哪个位置？最初由谁报道？
// description: The provenance of one n-ary fact or relationship (give its id): the source document with its title,
// description: author, publisher, date and URL, the locator within it, the status and confidence of the fact, and the
// description: outlets the source relays (reported_by).
// param: id fact default=sel-apple-china-ai-partner — the id of an n-ary fact or of a relationship
// columns: fact, fact_type, source, source_name, author, publisher, published, url, locator, status, confidence, reported_by:list
CALL () {
  MATCH (f:Fact {id: $id})
  RETURN f.id AS fact, f.type AS fact_type, f.source AS source, f.locator AS locator, f.status AS status,
         f.confidence AS confidence, [(f)-[:REPORTED_BY]->(o) | o.id] AS reported_by
  UNION ALL
  MATCH ()-[r]->()
  WHERE r.id = $id
  RETURN r.id AS fact, type(r) AS fact_type, r.source AS source, r.locator AS locator, r.status AS status,
         r.confidence AS confidence, [] AS reported_by
}
MATCH (s:Source {id: source})
RETURN fact, fact_type, source, s.name_en AS source_name, s.author AS author, s.publisher AS publisher,
       s.published AS published, s.url AS url, locator, status, confidence, reported_by
ORDER BY fact, source
