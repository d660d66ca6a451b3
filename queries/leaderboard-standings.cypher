// name: leaderboard-standings
// question.en: Where do the models stand on a leaderboard, category by category?
// question.zh: 各模型在排行榜各类别中的排名和得分如何？
// description: One row per benchmark result on the leaderboard: category, rank and score as the source reports them
// description: (a missing score means the source gives only the rank).
// param: board entity(Leaderboard) default=chatbot-arena — the leaderboard
// columns: leaderboard, category, rank, model, score, fact
MATCH (f:BenchmarkResult)-[:LEADERBOARD]->(b:CnkgNode {id: $board})
MATCH (f)-[:MODEL]->(m:CnkgNode)
RETURN b.id AS leaderboard, f.category AS category, f.rank AS rank, m.id AS model, f.score AS score, f.id AS fact
ORDER BY coalesce(category, ''), coalesce(rank, 1000000000), model, fact
