// name: facts-in-window
// question.en: What happened in a given period: which dated events and facts fall in the window?
// question.zh: 某一时间段内发生了什么？哪些带日期的事件和事实落在该时间窗口内？
// description: One row per n-ary fact or relationship whose valid time meets the window from..to (both inclusive).
// description: A fact holds from its validFrom to its validTo, either of which may be open (a fact with validFrom and
// description: no validTo still holds); a fact with only a date holds on that date. since and until are those ends
// description: (empty when open). Dates may be partial (YYYY, YYYY-MM, YYYY-MM-DD) and compare at the coarser of two
// description: precisions, as ISO strings cut to the shorter length: 2024 meets 2024-06, 2024-06 does not meet 2024-07.
// param: from date default=2025-01
// param: to date default=2025-01
// columns: since, until, fact, fact_type, description
CALL () {
  // the time properties are read through properties(): a graph without any validTo draws no warning
  MATCH (f:Fact)
  WITH f, properties(f) AS p
  WHERE p.validFrom IS NOT NULL OR p.validTo IS NOT NULL OR p.date IS NOT NULL
  RETURN p.validFrom AS valid_from, p.validTo AS valid_to, p.date AS date, f.id AS fact, f.type AS fact_type,
         f.description AS description
  UNION ALL
  MATCH (:CnkgNode)-[r]->(:CnkgNode)
  WITH r, properties(r) AS p
  WHERE r.id IS NOT NULL AND (p.validFrom IS NOT NULL OR p.validTo IS NOT NULL OR p.date IS NOT NULL)
  RETURN p.validFrom AS valid_from, p.validTo AS valid_to, p.date AS date, r.id AS fact, type(r) AS fact_type,
         r.description AS description
}
WITH coalesce(valid_from, date) AS since,
     CASE WHEN valid_to IS NOT NULL THEN valid_to WHEN valid_from IS NOT NULL THEN null ELSE date END AS until,
     fact, fact_type, description
WHERE (since IS NULL OR left(since, size($to)) <= left($to, size(since)))
  AND (until IS NULL OR left($from, size(until)) <= left(until, size($from)))
RETURN since, until, fact, fact_type, description
ORDER BY coalesce(since, ''), fact
