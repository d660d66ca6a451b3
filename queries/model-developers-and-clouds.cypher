// name: model-developers-and-clouds
// question.en: Who develops which AI model, which group stands behind the developer, and which cloud serves the model?
// question.zh: 哪些机构研发了哪些人工智能模型？研发方背后是哪个集团？由哪家云服务商提供支持？
// description: One row per AI model (any subclass of AIModel). family is the model family a release belongs to;
// description: groups are the organizations the developers are subsidiaries of, at any depth; clouds serve the model
// description: itself or its family.
// columns: model, type, family, developers:list, groups:list, clouds:list
MATCH (m:AIModel)
OPTIONAL MATCH (m)-[:RELEASE_OF]->(fam:CnkgNode)
WITH DISTINCT m, fam
RETURN m.id AS model, m.type AS type, fam.id AS family,
       COLLECT { MATCH (d:CnkgNode)-[:DEVELOPS]->(m) RETURN d.id } AS developers,
       COLLECT {
         MATCH (d:CnkgNode)-[:DEVELOPS]->(m)
         MATCH (d)-[:SUBSIDIARY_OF*1..]->(g:CnkgNode)
         RETURN g.id
       } AS groups,
       COLLECT { MATCH (m)-[:RELEASE_OF*0..1]->(:CnkgNode)-[:SERVED_BY]->(c:CnkgNode) RETURN c.id } AS clouds
ORDER BY model, coalesce(family, '')
