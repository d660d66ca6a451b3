// name: apple-china-partner-selection
// question.en: Whom did Apple consider as its AI partner in China, whom did it choose, and whom did it pass over and why?
// question.zh: 苹果在中国考虑过哪些人工智能合作伙伴，选择了谁，放弃了谁，为什么？
// description: One row per candidate of each partner selection made by the company: outcome is chosen, passed_over
// description: (with the reason the source gives) or considered (weighed, but neither chosen nor explicitly passed
// description: over); models lists the models the selection settled on, on the rows of the chosen candidates.
// param: company entity(Organization) default=apple — the evaluator; any id, name or alias in any script
// columns: selection, evaluator, market, candidate, outcome, reason, models:list
MATCH (sel:PartnerSelection)-[:EVALUATOR]->(e:CnkgNode {id: $company})
MATCH (sel)-[:CANDIDATE]->(c:CnkgNode)
OPTIONAL MATCH (sel)-[:MARKET]->(m:CnkgNode)
WITH sel, e, c, m,
     CASE
       WHEN EXISTS { (sel)-[:CHOSEN]->(c) } THEN 'chosen'
       WHEN EXISTS { (sel)-[:PASSED_OVER]->(c) } THEN 'passed_over'
       ELSE 'considered'
     END AS outcome
RETURN sel.id AS selection, e.id AS evaluator, m.id AS market, c.id AS candidate, outcome,
       CASE WHEN outcome = 'passed_over' THEN sel.reason END AS reason,
       CASE WHEN outcome = 'chosen' THEN [(sel)-[:CHOSEN_MODEL]->(x) | x.id] ELSE [] END AS models
ORDER BY selection, candidate
