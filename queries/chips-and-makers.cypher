// name: chips-and-makers
// question.en: Which AI chips does the graph know, who designs and who makes each, and which models were trained on it?
// question.zh: 知识图谱记录了哪些AI芯片？各由谁设计、谁制造？哪些模型在其上训练？
// description: One row per chip: its designers (designs), its makers (manufactures, such as a foundry), the models
// description: trained on it (trainedOn) and its release date.
// columns: chip, name, designers:list, makers:list, trained_models:list, release_date
MATCH (c:Chip)
RETURN c.id AS chip, c.name_en AS name, [(d)-[:DESIGNS]->(c) | d.id] AS designers,
       [(k)-[:MANUFACTURES]->(c) | k.id] AS makers, [(m)-[:TRAINED_ON]->(c) | m.id] AS trained_models,
       c.releaseDate AS release_date
ORDER BY chip
