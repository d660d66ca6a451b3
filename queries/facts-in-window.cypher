// name: facts-in-window
// question.en: What happened in a given period: which dated events and facts fall in the window?
// question.zh: 某一时间段内发生了什么？哪些带日期的事件和事实落在该时间窗口内？
// description: One row per n-ary fact or relationship whose date overlaps the window from..to (both inclusive).
// description: Dates may be partial (YYYY, YYYY-MM, YYYY-MM-DD) and are compared as ISO strings cut to the shorter of
// description: the two precisions: a date d is in the window when left(d, len(from)) >= left(from, len(d)) and
// description: left(d, len(to)) <= left(to, len(d)); so 2025 overlaps the window 2025-01..2025-01 and 2025-01-29 lies
// description: inside it.
// param: from date default=2025-01
// param: to date default=2025-01
// columns: date, fact, fact_type, description
CALL () {
  MATCH (f:Fact)
  WHERE f.date IS NOT NULL
  RETURN f.date AS date, f.id AS fact, f.type AS fact_type, f.description AS description
  UNION ALL
  MATCH ()-[r]->()
  WHERE r.date IS NOT NULL
  RETURN r.date AS date, r.id AS fact, type(r) AS fact_type, r.description AS description
}
WITH date, fact, fact_type, description
WHERE left(date, size($from)) >= left($from, size(date)) AND left(date, size($to)) <= left($to, size(date))
RETURN date, fact, fact_type, description
ORDER BY date, fact
