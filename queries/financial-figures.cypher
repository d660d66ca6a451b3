// name: financial-figures
// question.en: Which financial figures does the graph hold for a metric (capex, P/E, sales change, ...)?
// question.zh: 知识图谱中某项指标（资本开支、市盈率、销售变化等）有哪些财务数据？
// description: One row per financial figure with the metric: the entities it is about, its market, period and date,
// description: its value or bounds (low alone means 'more than'), unit and currency, its market scope (outside_us: among
// description: the markets other than the United States), whether it is approximate, and its
// description: status (reported, planned, confirmed, ...).
// param: metric enum(@metric) default=capex
// columns: fact, subjects:list, market, market_scope, period, date, low, value, high, unit, currency, approximate, status
MATCH (f:FinancialFigure {metric: $metric})
OPTIONAL MATCH (f)-[:MARKET]->(m:CnkgNode)
RETURN f.id AS fact, [(f)-[:SUBJECT]->(s) | s.id] AS subjects, m.id AS market, f.marketScope AS market_scope, f.period AS period, f.date AS date,
       f.low AS low, f.value AS value, f.high AS high, f.unit AS unit, f.currency AS currency,
       f.approximate AS approximate, f.status AS status
ORDER BY fact
