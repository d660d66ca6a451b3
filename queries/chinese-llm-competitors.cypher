// name: chinese-llm-competitors
// question.en: Who competes with whom among the Chinese large-model players?
// question.zh: 中国大模型领域谁与谁存在竞争？
// description: One row per unordered pair (a < b by id) and basis. basis competes_with: a COMPETES_WITH relationship
// description: in either direction, via its id. basis co_candidate: both were candidates of the same partner selection,
// description: so they competed for the same customer, via the selection's id. At least one of the pair must be based
// description: in the region.
// param: region entity(Region) default=china
// columns: a, b, basis, via
CALL () {
  MATCH (x:CnkgNode)-[r:COMPETES_WITH]->(y:CnkgNode)
  RETURN x, y, 'competes_with' AS basis, r.id AS via
  UNION ALL
  MATCH (x:CnkgNode)<-[:CANDIDATE]-(sel:PartnerSelection)-[:CANDIDATE]->(y:CnkgNode)
  RETURN x, y, 'co_candidate' AS basis, sel.id AS via
}
WITH x, y, basis, via
WHERE x.id <> y.id
  AND (EXISTS { (x)-[:BASED_IN]->(:CnkgNode {id: $region}) } OR EXISTS { (y)-[:BASED_IN]->(:CnkgNode {id: $region}) })
RETURN DISTINCT
       CASE WHEN x.id < y.id THEN x.id ELSE y.id END AS a,
       CASE WHEN x.id < y.id THEN y.id ELSE x.id END AS b,
       basis, via
ORDER BY a, b, basis, via
