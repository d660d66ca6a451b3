// name: company-market-figures
// question.en: How is Apple doing in China: what do its sales, market rank and user figures there say?
// question.zh: 苹果在中国市场表现如何？销售变化、市场排名和用户规模数据怎样？
// description: One row per financial figure about the company in the market, by metric and period, with its value or
// description: bounds, unit and status.
// param: company entity default=apple — any id, name or alias in any script
// param: market entity(Market) default=china
// columns: metric, period, market_scope, low, value, high, unit, status, fact
MATCH (f:FinancialFigure)-[:SUBJECT]->(:CnkgNode {id: $company})
WHERE EXISTS { (f)-[:MARKET]->(:CnkgNode {id: $market}) }
RETURN f.metric AS metric, f.period AS period, f.marketScope AS market_scope, f.low AS low, f.value AS value, f.high AS high, f.unit AS unit,
       f.status AS status, f.id AS fact
ORDER BY metric, coalesce(period, ''), fact
