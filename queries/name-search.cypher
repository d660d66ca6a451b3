// name: name-search
// question.en: Which entities have a name, alias or description that contains a text?
// question.zh: 哪些实体的名称、别名或描述包含某段文字？
// description: One row per entity (sources included) whose English, simplified or traditional Chinese name, one of its
// description: aliases, or its description contains the text, ignoring case; fields says where it matched. Chinese
// description: names are held in both scripts, so 通义 and 通義 find the same names; aliases match as written.
// param: text string default=qwen — the text to look for
// columns: entity, type, name, fields:list
MATCH (e:Entity)
WITH e, toLower($text) AS t
WITH e, [f IN [
       CASE WHEN any(k IN ['name_en', 'name_zh_hans', 'name_zh_hant'] WHERE toLower(e[k]) CONTAINS t) THEN 'name' END,
       CASE WHEN any(a IN coalesce(e.aliases, []) WHERE toLower(a) CONTAINS t) THEN 'alias' END,
       CASE WHEN toLower(e.description) CONTAINS t THEN 'description' END] WHERE f IS NOT NULL] AS fields
WHERE size(fields) > 0
RETURN e.id AS entity, e.type AS type, e.name_en AS name, fields
ORDER BY entity
