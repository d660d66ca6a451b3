// name: open-weight-models
// question.en: Which models have open weights, under which licence, from which developer, and when were they released?
// question.zh: 哪些模型开放权重？采用什么许可协议？由谁研发？何时发布？
// description: One row per model whose openWeights is true or whose access is open, with its licences (licensedUnder;
// description: none when no licence is recorded), developers, parameters and release date, by licence then model.
// columns: licence, model, developers:list, parameters, release_date
MATCH (m:AIModel)
WHERE m.openWeights = true OR m.access = 'open'
OPTIONAL MATCH (m)-[:LICENSED_UNDER]->(l:CnkgNode)
WITH DISTINCT m, l
RETURN l.id AS licence, m.id AS model, [(d)-[:DEVELOPS]->(m) | d.id] AS developers, m.parameters AS parameters,
       m.releaseDate AS release_date
ORDER BY coalesce(licence, ''), model
