// name: funding-rounds
// question.en: Which funding rounds did an organization raise or invest in, when, how much, and at what valuation?
// question.zh: 某组织获得或参与了哪些融资轮次？时间、金额和估值如何？
// description: One row per funding round whose investee or one of whose investors is the given organization (or
// description: person), in date order: the investee, every investor, the round's name, amount, currency, valuation,
// description: status and source. Amounts and valuations are in the round's currency.
// param: party entity default=alibaba — an investee or an investor; any id, name or alias in any script
// columns: date, round, investee, investors:list, round_name, amount, currency, valuation, status, source
MATCH (f:FundingRound)-[:INVESTEE]->(e:CnkgNode)
WHERE e.id = $party OR EXISTS { (f)-[:INVESTOR]->(:CnkgNode {id: $party}) }
RETURN f.date AS date, f.id AS round, e.id AS investee, [(f)-[:INVESTOR]->(i) | i.id] AS investors,
       f.roundName AS round_name, f.amount AS amount, f.currency AS currency, f.valuation AS valuation,
       f.status AS status, f.source AS source
ORDER BY coalesce(date, ''), round
