// name: security-group-members
// question.en: Which companies make up a group of stocks such as the Magnificent Seven, and what AI capex has each announced?
// question.zh: “美股七巨头”等股票组合由哪些公司组成？各自公布了多少人工智能资本开支？
// description: One row per member of the group with its capex figure for the period (a figure about that company
// description: alone; members without one get empty cells). capex_low and capex_high are the bounds, both the value
// description: when one value is given.
// param: group entity(SecurityGroup) default=mag7
// param: period string default=2025
// columns: member, capex_low, capex_high, currency, fact
MATCH (m:CnkgNode)
WHERE EXISTS { (m)-[:MEMBER_OF]->(:CnkgNode {id: $group}) }
OPTIONAL MATCH (f:FinancialFigure {metric: 'capex', period: $period})-[:SUBJECT]->(m)
  WHERE COUNT { (f)-[:SUBJECT]->() } = 1
RETURN m.id AS member, coalesce(f.value, f.low) AS capex_low, coalesce(f.value, f.high) AS capex_high,
       f.currency AS currency, f.id AS fact
ORDER BY member, coalesce(fact, '')
