// name: mixture-of-experts-models
// question.en: Which AI models use a mixture-of-experts architecture, who develops them, and are their weights open?
// question.zh: 哪些人工智能模型采用混合专家（MoE）架构？由谁研发？是否开源权重？
// description: One row per model whose architecture is the given one. open_weights, pretraining_tokens and
// description: pretraining_tokens_min (a lower bound, where the source says "more than") are the model's own values
// description: (none when the source does not give them); source is where the model is described.
// param: architecture enum(@architecture) default=mixture-of-experts
// columns: model, type, family, developers:list, release_date, open_weights, pretraining_tokens, pretraining_tokens_min, source
MATCH (m:AIModel {architecture: $architecture})
OPTIONAL MATCH (m)-[:RELEASE_OF]->(fam:CnkgNode)
WITH DISTINCT m, fam
RETURN m.id AS model, m.type AS type, fam.id AS family,
       COLLECT { MATCH (d:CnkgNode)-[:DEVELOPS]->(m) RETURN d.id } AS developers,
       m.releaseDate AS release_date, m.openWeights AS open_weights,
       m.pretrainingTokens AS pretraining_tokens,
       m.pretrainingTokensMin AS pretraining_tokens_min, m.source AS source
ORDER BY model, coalesce(family, '')
