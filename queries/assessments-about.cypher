// name: assessments-about
// question.en: What do analysts, banks and executives say about an entity, and with what stance?
// question.zh: 分析师、投行和企业高管如何评价某一实体？态度如何？
// description: One row per assessment whose subjects include the entity, with its stance (positive, turned_positive,
// description: neutral, negative), who made it (empty when the source names no one), all its subjects, date and gist.
// param: subject entity default=deepseek — any id, name or alias in any script
// columns: assessment, stance, assessors:list, subjects:list, date, description
MATCH (a:Assessment)-[:SUBJECT]->(:CnkgNode {id: $subject})
RETURN a.id AS assessment, a.stance AS stance, [(a)-[:ASSESSOR]->(x) | x.id] AS assessors,
       [(a)-[:SUBJECT]->(x) | x.id] AS subjects, a.date AS date, a.description AS description
ORDER BY assessment
