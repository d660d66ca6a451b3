// name: connection-paths
// question.en: How are two entities connected: by which chains of relationships and facts, up to N hops?
// question.zh: 两个实体之间如何关联？经由哪些关系和事实（最多N跳）？
// description: Every simple path (no node twice) of 1 to max_hops edges between the two nodes, where an edge is a
// description: relationship (DEVELOPS ...) or a role edge from an n-ary fact to a participant (EVALUATOR ...), followed
// description: in either direction; provenance links to sources are not edges. A path is written node by node, each
// description: edge as -TYPE-> when followed forwards and <-TYPE- when followed backwards; nodes lists its node ids.
// description: Parallel edges of the same type give one path. At most 3 hops (the SPARQL twin is an explicit union of
// description: the 2 + 4 + 8 direction patterns, each longer one guarded so that no engine walks it unless asked).
// description: A symmetric relationship (COMPETES_WITH, PARTNERS_WITH) is one edge, in the direction it is stored.
// param: from entity default=apple — any id, name or alias in any script
// param: to entity default=deepseek
// param: max_hops integer(1..3) default=2 — the longest path to return
// columns: hops, path, nodes:list
MATCH p = (a:CnkgNode {id: $from})-[*1..3]-(b:CnkgNode {id: $to})
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p) WHERE n:CnkgNode) AND none(r IN relationships(p) WHERE r:SOURCE)
  AND all(i IN range(0, length(p)) WHERE all(j IN range(i + 1, length(p)) WHERE nodes(p)[i] <> nodes(p)[j]))
WITH nodes(p) AS ns, relationships(p) AS rs
RETURN DISTINCT size(rs) AS hops,
       reduce(s = ns[0].id, i IN range(0, size(rs) - 1) |
         s + CASE WHEN startNode(rs[i]) = ns[i] THEN ' -' + type(rs[i]) + '-> ' ELSE ' <-' + type(rs[i]) + '- ' END
           + ns[i + 1].id) AS path,
       [n IN ns | n.id] AS nodes
ORDER BY hops, path
