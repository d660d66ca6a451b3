// name: company-footprint
// question.en: What is an organization's footprint: its parent and subsidiaries, models, clouds, investors, investees and partners?
// question.zh: 某组织的版图如何：母公司与子公司、模型、云平台、投资方、被投企业和合作伙伴？
// description: One row per related entity and the way it relates (kind): parent, subsidiary, model_or_product (developed
// description: by the organization or by a subsidiary), cloud (serving one of those models), investor, investee,
// description: partner, founder. via is the entity or fact that makes the link (a subsidiary, a model, a funding
// description: round, a partnership), or the organization itself for a direct relationship.
// param: company entity(Organization) default=alibaba — any id, name or alias in any script
// columns: kind, entity, type, via
MATCH (c:CnkgNode {id: $company})
CALL (c) {
  MATCH (x:CnkgNode)-[:SUBSIDIARY_OF]->(c) RETURN 'subsidiary' AS kind, x, c.id AS via
  UNION
  MATCH (c)-[:SUBSIDIARY_OF]->(x:CnkgNode) RETURN 'parent' AS kind, x, c.id AS via
  UNION
  MATCH (c)-[:DEVELOPS]->(x:CnkgNode) RETURN 'model_or_product' AS kind, x, c.id AS via
  UNION
  MATCH (s:CnkgNode)-[:SUBSIDIARY_OF]->(c) MATCH (s)-[:DEVELOPS]->(x:CnkgNode)
  RETURN 'model_or_product' AS kind, x, s.id AS via
  UNION
  MATCH (c)-[:DEVELOPS]->(m:CnkgNode)-[:SERVED_BY]->(x:CnkgNode) RETURN 'cloud' AS kind, x, m.id AS via
  UNION
  MATCH (s:CnkgNode)-[:SUBSIDIARY_OF]->(c) MATCH (s)-[:DEVELOPS]->(m:CnkgNode)-[:SERVED_BY]->(x:CnkgNode)
  RETURN 'cloud' AS kind, x, m.id AS via
  UNION
  MATCH (x:CnkgNode)-[:INVESTS_IN]->(c) RETURN 'investor' AS kind, x, c.id AS via
  UNION
  MATCH (f:FundingRound)-[:INVESTEE]->(c) MATCH (f)-[:INVESTOR]->(x:CnkgNode) RETURN 'investor' AS kind, x, f.id AS via
  UNION
  MATCH (c)-[:INVESTS_IN]->(x:CnkgNode) RETURN 'investee' AS kind, x, c.id AS via
  UNION
  MATCH (f:FundingRound)-[:INVESTOR]->(c) MATCH (f)-[:INVESTEE]->(x:CnkgNode) RETURN 'investee' AS kind, x, f.id AS via
  UNION
  MATCH (f:Partnership)-[:PARTY]->(c) MATCH (f)-[:PARTY]->(x:CnkgNode) WHERE x <> c
  RETURN 'partner' AS kind, x, f.id AS via
  UNION
  MATCH (c)-[:PARTNERS_WITH]-(x:CnkgNode) RETURN 'partner' AS kind, x, c.id AS via
  UNION
  MATCH (c)-[:FOUNDED_BY]->(x:CnkgNode) RETURN 'founder' AS kind, x, c.id AS via
}
RETURN kind, x.id AS entity, x.type AS type, via
ORDER BY kind, entity, via
