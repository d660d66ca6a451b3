// name: capex-ranking
// question.en: How much does each company plan to spend on AI capital expenditure in 2025, ranked, and what is the total?
// question.zh: 各公司2025年计划的人工智能资本开支是多少？如何排名？合计多少？
// description: One row per capex figure of a single company for the period (figures naming several companies, such as
// description: the article's combined total, are left out so nothing is counted twice). low and high are the bounds
// description: (both the value when one value is given; high is none for an open-ended 'more than'). rank is 1 plus the
// description: number of figures in the same currency whose midpoint (low + high) / 2 is greater, the midpoint of an
// description: open-ended figure being its low. total_low and total_high sum the bounds over the period and currency;
// description: total_high is none when any figure is open-ended.
// param: period string default=2025 — the period as the figures state it (2025, FY2024, 2024-Q4, ...)
// columns: currency, rank, company, low, high, fact, total_low, total_high
MATCH (f:FinancialFigure {metric: 'capex', period: $period})
WHERE f.currency IS NOT NULL AND COUNT { (f)-[:SUBJECT]->() } = 1
MATCH (f)-[:SUBJECT]->(s:CnkgNode)
WITH f, s, coalesce(f.value, f.low) AS low, coalesce(f.value, f.high) AS high
WITH f.currency AS currency,
     collect({fact: f.id, company: s.id, low: low, high: high, mid: (low + coalesce(high, low)) / 2.0}) AS figures
UNWIND figures AS x
RETURN currency,
       size([y IN figures WHERE y.mid > x.mid]) + 1 AS rank,
       x.company AS company, x.low AS low, x.high AS high, x.fact AS fact,
       reduce(t = 0, y IN figures | t + y.low) AS total_low,
       CASE WHEN all(y IN figures WHERE y.high IS NOT NULL)
         THEN reduce(t = 0, y IN figures | t + y.high) END AS total_high
ORDER BY currency, rank, company, fact
