// name: apple-ai-stack
// question.en: How is Apple's AI stack built, layer by layer and market by market, and who provides each layer?
// question.zh: 苹果的人工智能架构如何分层、分市场构建？每一层由谁提供？
// description: One row per AI stack layer of the company (on_device, cloud, third_party) and market (none when the
// description: layer applies everywhere), with its providers, the models used in it and the products it serves.
// param: company entity(Organization) default=apple — whose stack; any id, name or alias in any script
// columns: owner, layer, market, providers:list, models:list, products:list, fact
MATCH (f:AIStackLayer)-[:STACK_OWNER]->(o:CnkgNode {id: $company})
OPTIONAL MATCH (f)-[:MARKET]->(m:CnkgNode)
RETURN o.id AS owner, f.layer AS layer, m.id AS market,
       [(f)-[:PROVIDER]->(x) | x.id] AS providers,
       [(f)-[:LAYER_MODEL]->(x) | x.id] AS models,
       [(f)-[:FOR_PRODUCT]->(x) | x.id] AS products,
       f.id AS fact
ORDER BY layer, coalesce(market, ''), fact
