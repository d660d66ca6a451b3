// name: model-release-events
// question.en: Which model releases does the graph record as events, with the model and the organization behind each?
// question.zh: 知识图谱记录了哪些模型发布事件？各自涉及哪个模型、由哪个组织发布？
// description: One row per model-release event and AI model among its subjects, in date order, with the organizations
// description: among its subjects and the model's developers (develops); an event that names no model has no row.
// columns: date, event, model, organizations:list, developers:list, source
MATCH (e:Event {eventKind: 'model_release'})-[:SUBJECT]->(m:AIModel)
RETURN e.date AS date, e.id AS event, m.id AS model, [(e)-[:SUBJECT]->(o:Organization) | o.id] AS organizations,
       [(d)-[:DEVELOPS]->(m) | d.id] AS developers, e.source AS source
ORDER BY coalesce(date, ''), event, model
