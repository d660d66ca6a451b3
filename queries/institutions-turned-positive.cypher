// name: institutions-turned-positive
// question.en: Which institutions turned positive on Chinese assets, and on what?
// question.zh: 哪些机构转而看好中国资产？看好的是什么？
// description: One row per organization (of any kind) that made an assessment with the given stance, with the
// description: assessment's subjects and date. Use stance=positive for institutions that were already positive.
// param: stance enum(@stance) default=turned_positive
// columns: institution, type, subjects:list, date, assessment
MATCH (a:Assessment {stance: $stance})-[:ASSESSOR]->(i:Organization)
RETURN i.id AS institution, i.type AS type,
       [(a)-[:SUBJECT]->(s) | s.id] AS subjects, a.date AS date, a.id AS assessment
ORDER BY institution, assessment
