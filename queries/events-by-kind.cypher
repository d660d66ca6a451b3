// name: events-by-kind
// question.en: Which dated events of a kind (model releases, listings, earnings releases) does the graph record?
// question.zh: 知识图谱记录了哪些某类事件（模型发布、上市、财报发布）？
// description: One row per event of the kind, in date order, with the entities it concerns, its status (planned for an
// description: announced future event) and description.
// param: kind enum(@eventKind) default=model_release
// columns: date, event, subjects:list, status, description
MATCH (e:Event {eventKind: $kind})
RETURN e.date AS date, e.id AS event, [(e)-[:SUBJECT]->(s) | s.id] AS subjects, e.status AS status,
       e.description AS description
ORDER BY coalesce(date, ''), event
