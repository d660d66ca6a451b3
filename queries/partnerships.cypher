// name: partnerships
// question.en: With whom does a company partner, on which models, for which products and in which market?
// question.zh: 某公司与谁合作？合作涉及哪些模型、哪些产品、哪个市场？
// description: One row per partnership the organization is a party to, with all parties, the models and products
// description: involved, the market, the scope, the outlets that reported it and its date.
// param: company entity(Organization) default=apple — any id, name or alias in any script
// columns: partnership, parties:list, models:list, products:list, market, scope, reported_by:list, date
MATCH (p:Partnership)-[:PARTY]->(:CnkgNode {id: $company})
OPTIONAL MATCH (p)-[:MARKET]->(m:CnkgNode)
RETURN p.id AS partnership, [(p)-[:PARTY]->(x) | x.id] AS parties, [(p)-[:PARTNER_MODEL]->(x) | x.id] AS models,
       [(p)-[:FOR_PRODUCT]->(x) | x.id] AS products, m.id AS market, p.scope AS scope,
       [(p)-[:REPORTED_BY]->(x) | x.id] AS reported_by, p.date AS date
ORDER BY partnership
