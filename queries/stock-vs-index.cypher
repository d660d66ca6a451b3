// name: stock-vs-index
// question.en: How did a stock move against its index over the same window?
// question.zh: 某只股票在同一时间段内相对其基准指数的表现如何？
// description: One row per market move of the security (or of the securities of an organization). move_low and
// description: move_high bound the move (equal for an exact value; move_high is none for 'more than'); the benchmark's
// description: move is the one on the benchmark index with the same window and date. outperformance_low is the least
// description: the stock beat the index by: move_low minus benchmark_high, in percentage points.
// param: stock entity default=alibaba-hk-shares — a security, or an organization whose securities to show
// columns: security, window, date, move_low, move_high, benchmark, benchmark_low, benchmark_high, outperformance_low, fact, benchmark_fact
MATCH (x:CnkgNode {id: $stock})
CALL (x) {
  RETURN x AS sec
  UNION
  MATCH (s:CnkgNode)-[:SECURITY_OF]->(x)
  RETURN s AS sec
}
MATCH (m:MarketMove)-[:SECURITY]->(sec)
OPTIONAL MATCH (m)-[:BENCHMARK]->(ix:CnkgNode)
OPTIONAL MATCH (im:MarketMove)-[:SECURITY]->(ix)
  WHERE im.window = m.window AND im.date = m.date
WITH sec, m, ix, im, coalesce(m.value, m.low) AS move_low, coalesce(im.value, im.high) AS benchmark_high
RETURN sec.id AS security, m.window AS window, m.date AS date,
       move_low, coalesce(m.value, m.high) AS move_high,
       ix.id AS benchmark, coalesce(im.value, im.low) AS benchmark_low, benchmark_high,
       move_low - benchmark_high AS outperformance_low, m.id AS fact, im.id AS benchmark_fact
ORDER BY security, coalesce(window, ''), fact, coalesce(benchmark_fact, '')
