// name: organizations-in-region
// question.en: Which organizations are based in a region, and which AI models do they or their subsidiaries develop?
// question.zh: 哪些机构总部位于某一地区？它们或其子公司研发了哪些人工智能模型？
// description: One row per organization (of any kind) based in the region, with its class and the AI models developed
// description: by it or by a subsidiary at any depth.
// param: region entity(Region) default=china
// columns: organization, type, models:list
MATCH (o:Organization)
WHERE EXISTS { (o)-[:BASED_IN]->(:CnkgNode {id: $region}) }
RETURN o.id AS organization, o.type AS type,
       COLLECT { MATCH (d:CnkgNode)-[:SUBSIDIARY_OF*0..]->(o) MATCH (d)-[:DEVELOPS]->(m:AIModel) RETURN m.id } AS models
ORDER BY organization
