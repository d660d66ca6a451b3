// name: source-catalogue
// question.en: Which sources does the graph cite, and how much of the graph rests on each?
// question.zh: 知识图谱引用了哪些来源？每个来源支撑了多少内容？
// description: One row per source document with its English name, publisher, author, editor, publication date
// description: and URL, and the number of records whose source it is: entities, n-ary facts and relationships.
// columns: source, name, publisher, author, editor, published, url, records
MATCH (s:Source)
RETURN s.id AS source, s.name_en AS name, s.publisher AS publisher, s.author AS author, s.editor AS editor,
       s.published AS published, s.url AS url,
       COUNT { MATCH (x:CnkgNode) WHERE x.source = s.id }
       + COUNT { MATCH (:CnkgNode)-[r]->(:CnkgNode) WHERE r.source = s.id } AS records
ORDER BY source
