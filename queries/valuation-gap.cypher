// name: valuation-gap
// question.en: How does Alibaba's price-earnings ratio compare with the US technology sector's?
// question.zh: 阿里巴巴的市盈率与美国科技板块相比差距多大？
// description: Pairs each P/E figure of the company (the subject) with every P/E figure of another entity: premium is
// description: the peer's multiple divided by the subject's, gap the difference in multiples.
// param: company entity default=alibaba — any id, name or alias in any script
// columns: subject, subject_pe, peer, peer_pe, premium, gap, subject_fact, peer_fact
MATCH (a:FinancialFigure {metric: 'pe_ratio'})-[:SUBJECT]->(c:CnkgNode {id: $company})
WHERE a.value IS NOT NULL
MATCH (b:FinancialFigure {metric: 'pe_ratio'})-[:SUBJECT]->(p:CnkgNode)
WHERE b.value IS NOT NULL AND p <> c
RETURN c.id AS subject, a.value AS subject_pe, p.id AS peer, b.value AS peer_pe,
       toFloat(b.value) / a.value AS premium, b.value - a.value AS gap,
       a.id AS subject_fact, b.id AS peer_fact
ORDER BY peer, subject_fact, peer_fact
