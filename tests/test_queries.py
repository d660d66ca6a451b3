"""Every pack question, answered exactly on the bundled data, identically by every SPARQL engine.

The expected rows below are the contract: each was checked against the
article (paragraph locators in ``data/article_000.yaml``) and the
background sources.  ``rdflib`` must give them exactly; ``oxigraph`` must
give the same rows for every question and every parameter variation; the
Cypher twins are held to the same rows on a real Neo4j in
``test_query_neo4j.py``.  The pack format, parameter parsing and the
read-only, offline guards are tested on small literal packs and texts.
"""

from __future__ import annotations

import json
import pickle
import textwrap

import pytest

from china_ai_kg.base.errors import EngineError, KGError, QueryError
from china_ai_kg.graph.aliases import resolver_for
from china_ai_kg.queries import (
    Result,
    load_dir,
    load_pack,
    nodes_of,
    normalize_value,
    parse_params,
    read_text_arg,
    run,
    run_query,
    run_sparql_text,
)
from china_ai_kg.queries.results import normalize_rows
from china_ai_kg.queries.sparql import plans as sparql_engine
from china_ai_kg.queries.sparql.guard import parse_checked
from china_ai_kg.queries.sparql.terms import rdflib_bindings, substitute

PACK = load_pack()

NAMES = [
    "apple-ai-stack",
    "apple-china-partner-selection",
    "assessments-about",
    "capex-ranking",
    "chinese-llm-competitors",
    "chips-and-makers",
    "company-footprint",
    "company-market-figures",
    "connection-paths",
    "entity-evidence",
    "entity-profile",
    "events-by-kind",
    "export-control-listings",
    "fact-sources",
    "facts-from-source",
    "facts-in-window",
    "financial-figures",
    "funding-rounds",
    "graph-overview",
    "group-portfolio",
    "institutions-turned-positive",
    "leaderboard-standings",
    "mixture-of-experts-models",
    "model-developers-and-clouds",
    "model-release-events",
    "name-search",
    "open-weight-models",
    "organizations-in-region",
    "partnerships",
    "people",
    "security-group-members",
    "source-catalogue",
    "stock-vs-index",
    "valuation-gap",
]

# Answers with the default parameters, checked against the article.
EXPECTED = {
    'apple-ai-stack': (
        ['owner', 'layer', 'market', 'providers', 'models', 'products', 'fact'],
        [
            ['apple', 'cloud', None, ['apple'], [], ['apple-intelligence'], 'stack-apple-cloud'],
            ['apple', 'on_device', None, ['apple'], [], ['apple-intelligence'], 'stack-apple-on-device'],
            ['apple', 'third_party', 'china', ['alibaba'], ['qwen'], ['apple-intelligence', 'iphone'], 'stack-apple-third-party-china'],
            ['apple', 'third_party', 'outside-china', ['openai'], [], ['apple-intelligence'], 'stack-apple-third-party-outside-china'],
        ],
    ),
    'apple-china-partner-selection': (
        ['selection', 'evaluator', 'market', 'candidate', 'outcome', 'reason', 'models'],
        [
            ['sel-apple-china-ai-partner', 'apple', 'china', 'alibaba', 'chosen', None, ['qwen']],
            ['sel-apple-china-ai-partner', 'apple', 'china', 'baidu', 'considered', None, []],
            ['sel-apple-china-ai-partner', 'apple', 'china', 'bytedance', 'considered', None, []],
            ['sel-apple-china-ai-partner', 'apple', 'china', 'deepseek', 'passed_over', "DeepSeek's team lacked the staff and experience needed to support a customer as large as Apple.", []],
            ['sel-apple-china-ai-partner', 'apple', 'china', 'tencent', 'considered', None, []],
        ],
    ),
    'assessments-about': (
        ['assessment', 'stance', 'assessors', 'subjects', 'date', 'description'],
        [
            ['asm-banks-deepseek-moment', 'turned_positive', ['bank-of-america', 'goldman-sachs', 'morgan-stanley'], ['china-tech-stocks', 'deepseek'], '2025-02', 'Foreign banks quickly turned positive on Chinese assets, calling DeepSeek Chinese equities\' "Alibaba IPO moment": a chance for a medium- to long-term re-rating, as Alibaba\'s 2014 listing once lifted the new economy.'],
            ['asm-deepseek-server-busy', 'negative', [], ['deepseek'], '2025-02', 'The article reasons that Apple, which puts user experience first, could not accept a service that often answered only that its servers were busy.'],
            ['asm-report-china-cloud', 'positive', [], ['china-cloud-market', 'deepseek'], '2025-02', "A recent report expects DeepSeek-style models to speed domestic cloud vendors' catch-up, move more firms to the cloud and, with scale, lift the vendors' margins."],
        ],
    ),
    'capex-ranking': (
        ['currency', 'rank', 'company', 'low', 'high', 'fact', 'total_low', 'total_high'],
        [
            ['USD', 1, 'amazon', 105000000000, 105000000000, 'fig-capex-2025-amazon', 320000000000, 325000000000],
            ['USD', 2, 'microsoft', 80000000000, 80000000000, 'fig-capex-2025-microsoft', 320000000000, 325000000000],
            ['USD', 3, 'google', 75000000000, 75000000000, 'fig-capex-2025-google', 320000000000, 325000000000],
            ['USD', 4, 'meta', 60000000000, 65000000000, 'fig-capex-2025-meta', 320000000000, 325000000000],
        ],
    ),
    'chinese-llm-competitors': (
        ['a', 'b', 'basis', 'via'],
        [
            ['alibaba', 'baidu', 'co_candidate', 'sel-apple-china-ai-partner'],
            ['alibaba', 'bytedance', 'co_candidate', 'sel-apple-china-ai-partner'],
            ['alibaba', 'deepseek', 'co_candidate', 'sel-apple-china-ai-partner'],
            ['alibaba', 'openai', 'competes_with', 'rel-8c8fce95f2ba'],
            ['alibaba', 'tencent', 'co_candidate', 'sel-apple-china-ai-partner'],
            ['baidu', 'bytedance', 'co_candidate', 'sel-apple-china-ai-partner'],
            ['baidu', 'deepseek', 'co_candidate', 'sel-apple-china-ai-partner'],
            ['baidu', 'tencent', 'co_candidate', 'sel-apple-china-ai-partner'],
            ['bytedance', 'deepseek', 'co_candidate', 'sel-apple-china-ai-partner'],
            ['bytedance', 'tencent', 'co_candidate', 'sel-apple-china-ai-partner'],
            ['deepseek', 'openai', 'competes_with', 'rel-0fb9ea25ce06'],
            ['deepseek', 'tencent', 'co_candidate', 'sel-apple-china-ai-partner'],
        ],
    ),
    'company-market-figures': (
        ['metric', 'period', 'market_scope', 'low', 'value', 'high', 'unit', 'status', 'fact'],
        [
            ['market_rank', None, 'outside_us', None, 2, None, 'rank', 'reported', 'fig-apple-china-market-rank'],
            ['sales_change', '2024-Q4', None, None, -11, None, 'percent', 'reported', 'fig-apple-china-sales-2024q4'],
            ['sales_change', 'FY2024', None, None, -7.7, None, 'percent', 'reported', 'fig-apple-china-sales-fy2024'],
            ['user_base', None, None, 200000000, None, None, 'count', 'reported', 'fig-apple-china-ios-users'],
        ],
    ),
    'connection-paths': (
        ['hops', 'path', 'nodes'],
        [
            [2, 'apple -OPERATES_IN-> china <-BASED_IN- deepseek', ['apple', 'china', 'deepseek']],
            [2, 'apple <-EVALUATOR- sel-apple-china-ai-partner -CANDIDATE-> deepseek', ['apple', 'deepseek', 'sel-apple-china-ai-partner']],
            [2, 'apple <-EVALUATOR- sel-apple-china-ai-partner -PASSED_OVER-> deepseek', ['apple', 'deepseek', 'sel-apple-china-ai-partner']],
        ],
    ),
    'entity-evidence': (
        ['source', 'statements', 'locators'],
        [
            ['src-article-000', 12, ['¶20', '¶24', '¶26', '¶26, ¶31', '¶31, ¶32', '¶46', '¶5', '¶7, ¶45', '¶9', '¶9, ¶12, ¶36']],
            ['src-wikipedia-alibaba-cloud', 1, ['lead section']],
        ],
    ),
    'entity-profile': (
        ['kind', 'key', 'direction', 'other', 'value', 'fact', 'source', 'locator'],
        [
            ['property', 'aliases', None, None, 'Alibaba', None, None, None],
            ['property', 'aliases', None, None, 'BABA', None, None, None],
            ['property', 'aliases', None, None, '阿里', None, None, None],
            ['property', 'aliases', None, None, '阿里巴巴', None, None, None],
            ['property', 'description', None, None, "Chinese internet group; the article's lead example of an under-valued Chinese tech stock.", None, None, None],
            ['property', 'locator', None, None, '¶5', None, None, None],
            ['property', 'name_en', None, None, 'Alibaba Group', None, None, None],
            ['property', 'name_zh_hans', None, None, '阿里巴巴集团', None, None, None],
            ['property', 'name_zh_hant', None, None, '阿里巴巴集團', None, None, None],
            ['property', 'source', None, None, 'src-article-000', None, None, None],
            ['property', 'type', None, None, 'Company', None, None, None],
            ['property', 'wikidata', None, None, 'Q1359568', None, None, None],
            ['relation', 'BASED_IN', 'out', 'china', None, 'rel-81bb8ba6c4fb', 'src-article-000', '¶5'],
            ['relation', 'COMPETES_WITH', 'out', 'openai', None, 'rel-8c8fce95f2ba', 'src-article-000', '¶20'],
            ['relation', 'SECURITY_OF', 'in', 'alibaba-hk-shares', None, 'rel-228abc78e6c5', 'src-article-000', '¶5'],
            ['relation', 'SUBSIDIARY_OF', 'in', 'alibaba-cloud', None, 'rel-8b99d233512a', 'src-wikipedia-alibaba-cloud', 'lead section'],
            ['role', 'CANDIDATE', 'in', 'sel-apple-china-ai-partner', 'PartnerSelection', 'sel-apple-china-ai-partner', 'src-article-000', '¶31, ¶32'],
            ['role', 'CHOSEN', 'in', 'sel-apple-china-ai-partner', 'PartnerSelection', 'sel-apple-china-ai-partner', 'src-article-000', '¶31, ¶32'],
            ['role', 'PARTY', 'in', 'pship-apple-alibaba-china', 'Partnership', 'pship-apple-alibaba-china', 'src-article-000', '¶26'],
            ['role', 'PROVIDER', 'in', 'stack-apple-third-party-china', 'AIStackLayer', 'stack-apple-third-party-china', 'src-article-000', '¶26, ¶31'],
            ['role', 'SUBJECT', 'in', 'asm-alibaba-capex-framing', 'Assessment', 'asm-alibaba-capex-framing', 'src-article-000', '¶46'],
            ['role', 'SUBJECT', 'in', 'asm-analysts-alibaba-ecommerce-only', 'Assessment', 'asm-analysts-alibaba-ecommerce-only', 'src-article-000', '¶9, ¶12, ¶36'],
            ['role', 'SUBJECT', 'in', 'evt-alibaba-ipo', 'Event', 'evt-alibaba-ipo', 'src-article-000', '¶24'],
            ['role', 'SUBJECT', 'in', 'evt-alibaba-results-2025-02-20', 'Event', 'evt-alibaba-results-2025-02-20', 'src-article-000', '¶7, ¶45'],
            ['role', 'SUBJECT', 'in', 'fig-alibaba-pe-before-rebound', 'FinancialFigure', 'fig-alibaba-pe-before-rebound', 'src-article-000', '¶9'],
        ],
    ),
    'events-by-kind': (
        ['date', 'event', 'subjects', 'status', 'description'],
        [
            ['2025-01', 'evt-deepseek-open-model', ['deepseek', 'deepseek-r1'], 'reported', "Over the Spring Festival DeepSeek's open-source model, close to the leading models at far lower training and inference cost, shook markets worldwide and narrowed China's AI gap with the US."],
            ['2025-01-29', 'evt-qwen2.5-max-release', ['alibaba-cloud', 'qwen2.5-max'], 'reported', 'Alibaba Cloud released Qwen2.5-Max in the early hours of 29 January 2025.'],
        ],
    ),
    'fact-sources': (
        ['fact', 'fact_type', 'source', 'source_name', 'author', 'publisher', 'published', 'url', 'locator', 'status', 'confidence', 'reported_by'],
        [
            ['sel-apple-china-ai-partner', 'PartnerSelection', 'src-article-000', 'Chinese tech re-rating: Alibaba, Qwen, DeepSeek and Apple (financial news, February 2025)', '申思琦', None, '2025-02', None, '¶31, ¶32', 'reported', 0.8, []],
        ],
    ),
    'facts-from-source': (
        ['fact', 'fact_type', 'locator', 'status', 'date'],
        [
            ['asm-alibaba-capex-framing', 'Assessment', '¶46', 'reported', '2025-02'],
            ['asm-analysts-alibaba-ecommerce-only', 'Assessment', '¶9, ¶12, ¶36', 'reported', '2025-02'],
            ['asm-banks-deepseek-moment', 'Assessment', '¶24', 'reported', '2025-02'],
            ['asm-cook-china-apple-intelligence', 'Assessment', '¶30', 'reported', '2025-01'],
            ['asm-deepseek-server-busy', 'Assessment', '¶33', 'reported', '2025-02'],
            ['asm-hyperscalers-capacity', 'Assessment', '¶40', 'reported', '2025-02'],
            ['asm-morgan-stanley-china-tech', 'Assessment', '¶11, ¶22', 'reported', '2025-02'],
            ['asm-releases-turning-point', 'Assessment', '¶19', 'reported', '2025-02'],
            ['asm-report-china-cloud', 'Assessment', '¶38', 'reported', '2025-02'],
            ['bench-qwen2.5-max-arena-coding', 'BenchmarkResult', '¶18', 'reported', None],
            ['bench-qwen2.5-max-arena-math', 'BenchmarkResult', '¶18', 'reported', None],
            ['bench-qwen2.5-max-arena-overall', 'BenchmarkResult', '¶18', 'reported', None],
            ['evt-alibaba-ipo', 'Event', '¶24', 'reported', '2014'],
            ['evt-alibaba-results-2025-02-20', 'Event', '¶7, ¶45', 'planned', '2025-02-20'],
            ['evt-deepseek-open-model', 'Event', '¶16', 'reported', '2025-01'],
            ['evt-qwen2.5-max-release', 'Event', '¶17', 'reported', '2025-01-29'],
            ['fig-alibaba-pe-before-rebound', 'FinancialFigure', '¶9', 'reported', None],
            ['fig-apple-china-ios-users', 'FinancialFigure', '¶31', 'reported', None],
            ['fig-apple-china-market-rank', 'FinancialFigure', '¶29', 'reported', None],
            ['fig-apple-china-sales-2024q4', 'FinancialFigure', '¶29', 'reported', None],
            ['fig-apple-china-sales-fy2024', 'FinancialFigure', '¶29', 'reported', None],
            ['fig-capex-2025-amazon', 'FinancialFigure', '¶40', 'planned', None],
            ['fig-capex-2025-google', 'FinancialFigure', '¶40', 'planned', None],
            ['fig-capex-2025-meta', 'FinancialFigure', '¶40', 'planned', None],
            ['fig-capex-2025-microsoft', 'FinancialFigure', '¶40', 'planned', None],
            ['fig-capex-2025-us-big-four', 'FinancialFigure', '¶40', 'planned', None],
            ['fig-china-us-model-gap', 'FinancialFigure', '¶39', 'reported', '2025-01'],
            ['fig-us-tech-pe', 'FinancialFigure', '¶9', 'reported', None],
            ['move-alibaba-hk-from-low', 'MarketMove', '¶5', 'reported', '2025-02'],
            ['move-alibaba-hk-week', 'MarketMove', '¶5', 'reported', '2025-02'],
            ['move-hsi-week', 'MarketMove', '¶5', 'reported', '2025-02'],
            ['pship-apple-alibaba-china', 'Partnership', '¶26', 'reported', '2025-02'],
            ['pship-apple-openai', 'Partnership', '¶26, ¶28', 'reported', None],
            ['rel-0115f9f84d40', 'RELEASE_OF', '¶17', 'reported', None],
            ['rel-01e0f1589d38', 'AVAILABLE_ON', '¶30', 'reported', None],
            ['rel-0d9558e5773f', 'DEVELOPS', '¶26', 'reported', None],
            ['rel-0fb9ea25ce06', 'COMPETES_WITH', '¶20', 'reported', None],
            ['rel-228abc78e6c5', 'SECURITY_OF', '¶5', 'reported', None],
            ['rel-308e883d8daf', 'BASED_IN', '¶40', 'reported', None],
            ['rel-3b2613b71d4f', 'OPERATES_IN', '¶43', 'reported', None],
            ['rel-3ba5c3fa8e96', 'BASED_IN', '¶40', 'reported', None],
            ['rel-40474e6ffdcf', 'BASED_IN', '¶29', 'reported', None],
            ['rel-4433de5a8883', 'BASED_IN', '¶31', 'reported', None],
            ['rel-45c7eed840bf', 'CEO_OF', '¶30', 'reported', None],
            ['rel-49557cfa3941', 'LISTED_ON', '¶5', 'reported', None],
            ['rel-7180fc08588d', 'DEVELOPS', '¶17', 'reported', '2025-01-29'],
            ['rel-7ab81d8b8bdd', 'BASED_IN', '¶31', 'reported', None],
            ['rel-81bb8ba6c4fb', 'BASED_IN', '¶5', 'reported', None],
            ['rel-8c8fce95f2ba', 'COMPETES_WITH', '¶20', 'reported', None],
            ['rel-97935a294265', 'OPERATES_IN', '¶29', 'reported', None],
            ['rel-9e60b5475dca', 'DEVELOPS', '¶30', 'reported', None],
            ['rel-ab7b028b6538', 'BASED_IN', '¶40', 'reported', None],
            ['rel-b8a8de1e7052', 'BASED_IN', '¶16', 'reported', None],
            ['rel-c5775c701d28', 'AUTHOR_OF', '¶2', 'reported', None],
            ['rel-c8daff4d66eb', 'SERVED_BY', '¶34', 'reported', None],
            ['rel-d4e7b227d656', 'BASED_IN', '¶31', 'reported', None],
            ['rel-db8556638a5f', 'BASED_IN', '¶40', 'reported', None],
            ['rel-f772b4cfa4d5', 'DEVELOPS', '¶31', 'reported', None],
            ['rel-feaa2d7d9b5d', 'LISTED_ON', '¶5', 'reported', None],
            ['sel-apple-china-ai-partner', 'PartnerSelection', '¶31, ¶32', 'reported', None],
            ['stack-apple-cloud', 'AIStackLayer', '¶27, ¶28', 'reported', None],
            ['stack-apple-on-device', 'AIStackLayer', '¶27, ¶28', 'reported', None],
            ['stack-apple-third-party-china', 'AIStackLayer', '¶26, ¶31', 'reported', None],
            ['stack-apple-third-party-outside-china', 'AIStackLayer', '¶27, ¶28', 'reported', None],
        ],
    ),
    'facts-in-window': (
        ['since', 'until', 'fact', 'fact_type', 'description'],
        [
            ['2023', None, 'sel-apple-china-ai-partner', 'PartnerSelection', 'Apple began looking for a Chinese AI partner in 2023; after weighing several firms, Qwen won on technology and commercial capability. Apple was interested in DeepSeek but passed over it.'],
            ['2025-01', '2025-01', 'asm-cook-china-apple-intelligence', 'Assessment', "On Apple's latest earnings call Cook said iPhone sales in China last quarter suffered because Apple Intelligence was not offered there."],
            ['2025-01', '2025-01', 'evt-deepseek-open-model', 'Event', "Over the Spring Festival DeepSeek's open-source model, close to the leading models at far lower training and inference cost, shook markets worldwide and narrowed China's AI gap with the US."],
            ['2025-01', '2025-01', 'fig-china-us-model-gap', 'FinancialFigure', 'Before the Spring Festival, Chinese large models were thought to trail the US by 1.5 to 2 years.'],
            ['2025-01-29', '2025-01-29', 'evt-qwen2.5-max-release', 'Event', 'Alibaba Cloud released Qwen2.5-Max in the early hours of 29 January 2025.'],
            ['2025-01-29', '2025-01-29', 'rel-7180fc08588d', 'DEVELOPS', None],
        ],
    ),
    'financial-figures': (
        ['fact', 'subjects', 'market', 'market_scope', 'period', 'date', 'low', 'value', 'high', 'unit', 'currency', 'approximate', 'status'],
        [
            ['fig-capex-2025-amazon', ['amazon'], None, None, '2025', None, None, 105000000000, None, 'money', 'USD', None, 'planned'],
            ['fig-capex-2025-google', ['google'], None, None, '2025', None, None, 75000000000, None, 'money', 'USD', None, 'planned'],
            ['fig-capex-2025-meta', ['meta'], None, None, '2025', None, 60000000000, None, 65000000000, 'money', 'USD', None, 'planned'],
            ['fig-capex-2025-microsoft', ['microsoft'], None, None, '2025', None, None, 80000000000, None, 'money', 'USD', None, 'planned'],
            ['fig-capex-2025-us-big-four', ['amazon', 'google', 'meta', 'microsoft'], None, None, '2025', None, 320000000000, None, None, 'money', 'USD', None, 'planned'],
        ],
    ),
    'graph-overview': (
        ['kind', 'type', 'count'],
        [
            ['entity', 'AILab', 2],
            ['entity', 'CloudProvider', 1],
            ['entity', 'Company', 9],
            ['entity', 'Feature', 1],
            ['entity', 'FinancialInstitution', 3],
            ['entity', 'Leaderboard', 1],
            ['entity', 'Market', 2],
            ['entity', 'MediaOutlet', 1],
            ['entity', 'ModelFamily', 1],
            ['entity', 'ModelRelease', 2],
            ['entity', 'Person', 2],
            ['entity', 'Product', 2],
            ['entity', 'Region', 2],
            ['entity', 'Security', 1],
            ['entity', 'SecurityGroup', 3],
            ['entity', 'Source', 8],
            ['entity', 'StockIndex', 1],
            ['entity', 'StockMarket', 3],
            ['fact', 'AIStackLayer', 4],
            ['fact', 'Assessment', 9],
            ['fact', 'BenchmarkResult', 3],
            ['fact', 'Event', 4],
            ['fact', 'FinancialFigure', 12],
            ['fact', 'MarketMove', 3],
            ['fact', 'PartnerSelection', 1],
            ['fact', 'Partnership', 2],
            ['relationship', 'AUTHOR_OF', 1],
            ['relationship', 'AVAILABLE_ON', 1],
            ['relationship', 'BASED_IN', 10],
            ['relationship', 'CEO_OF', 1],
            ['relationship', 'COMPETES_WITH', 2],
            ['relationship', 'CONSTITUENT_OF', 1],
            ['relationship', 'DEVELOPS', 6],
            ['relationship', 'LISTED_ON', 2],
            ['relationship', 'MEMBER_OF', 5],
            ['relationship', 'OPERATES_IN', 2],
            ['relationship', 'RELEASE_OF', 1],
            ['relationship', 'SECURITY_OF', 1],
            ['relationship', 'SERVED_BY', 1],
            ['relationship', 'SUBSIDIARY_OF', 1],
        ],
    ),
    'group-portfolio': (
        ['developer', 'item', 'item_type', 'fact', 'source'],
        [
            ['alibaba-cloud', 'qwen', 'ModelFamily', 'rel-76978512c8f8', 'src-wikipedia-qwen'],
            ['alibaba-cloud', 'qwen2.5-max', 'ModelRelease', 'rel-7180fc08588d', 'src-article-000'],
        ],
    ),
    'institutions-turned-positive': (
        ['institution', 'type', 'subjects', 'date', 'assessment'],
        [
            ['bank-of-america', 'FinancialInstitution', ['china-tech-stocks', 'deepseek'], '2025-02', 'asm-banks-deepseek-moment'],
            ['goldman-sachs', 'FinancialInstitution', ['china-tech-stocks', 'deepseek'], '2025-02', 'asm-banks-deepseek-moment'],
            ['morgan-stanley', 'FinancialInstitution', ['china-tech-stocks', 'deepseek'], '2025-02', 'asm-banks-deepseek-moment'],
        ],
    ),
    'leaderboard-standings': (
        ['leaderboard', 'category', 'rank', 'model', 'score', 'fact'],
        [
            ['chatbot-arena', 'coding', 1, 'qwen2.5-max', None, 'bench-qwen2.5-max-arena-coding'],
            ['chatbot-arena', 'math', 1, 'qwen2.5-max', None, 'bench-qwen2.5-max-arena-math'],
            ['chatbot-arena', 'overall', 7, 'qwen2.5-max', 1332, 'bench-qwen2.5-max-arena-overall'],
        ],
    ),
    'mixture-of-experts-models': (
        ['model', 'type', 'family', 'developers', 'release_date', 'open_weights', 'pretraining_tokens', 'pretraining_tokens_min', 'source'],
        [
            ['deepseek-r1', 'ModelRelease', None, ['deepseek'], '2025-01', True, None, None, 'src-hf-deepseek-r1'],
            ['qwen2.5-max', 'ModelRelease', 'qwen', ['alibaba-cloud'], '2025-01-29', None, None, 20000000000000, 'src-article-000'],
        ],
    ),
    'model-developers-and-clouds': (
        ['model', 'type', 'family', 'developers', 'groups', 'clouds'],
        [
            ['deepseek-r1', 'ModelRelease', None, ['deepseek'], [], []],
            ['qwen', 'ModelFamily', None, ['alibaba-cloud'], ['alibaba'], ['alibaba-cloud']],
            ['qwen2.5-max', 'ModelRelease', 'qwen', ['alibaba-cloud'], ['alibaba'], ['alibaba-cloud']],
        ],
    ),
    'organizations-in-region': (
        ['organization', 'type', 'models'],
        [
            ['alibaba', 'Company', ['qwen', 'qwen2.5-max']],
            ['baidu', 'Company', []],
            ['bytedance', 'Company', []],
            ['deepseek', 'AILab', ['deepseek-r1']],
            ['tencent', 'Company', []],
        ],
    ),
    'partnerships': (
        ['partnership', 'parties', 'models', 'products', 'market', 'scope', 'reported_by', 'date'],
        [
            ['pship-apple-alibaba-china', ['alibaba', 'apple'], ['qwen'], ['apple-intelligence', 'iphone'], 'china', 'Develop AI features for iPhone users in China.', ['the-information'], '2025-02'],
            ['pship-apple-openai', ['apple', 'openai'], [], ['apple-intelligence'], 'outside-china', "Third-party model layer of Apple's AI outside China.", [], None],
        ],
    ),
    'people': (
        ['person', 'name', 'link', 'direction', 'other'],
        [
            ['shen-siqi', 'Shen Siqi', 'AUTHOR_OF', 'out', 'src-article-000'],
            ['tim-cook', 'Tim Cook', 'ASSESSOR', 'in', 'asm-cook-china-apple-intelligence'],
            ['tim-cook', 'Tim Cook', 'CEO_OF', 'out', 'apple'],
        ],
    ),
    'security-group-members': (
        ['member', 'capex_low', 'capex_high', 'currency', 'fact'],
        [
            ['amazon', 105000000000, 105000000000, 'USD', 'fig-capex-2025-amazon'],
            ['apple', None, None, None, None],
            ['google', 75000000000, 75000000000, 'USD', 'fig-capex-2025-google'],
            ['meta', 60000000000, 65000000000, 'USD', 'fig-capex-2025-meta'],
            ['microsoft', 80000000000, 80000000000, 'USD', 'fig-capex-2025-microsoft'],
        ],
    ),
    'source-catalogue': (
        ['source', 'name', 'publisher', 'author', 'editor', 'published', 'url', 'records'],
        [
            ['src-article-000', 'Chinese tech re-rating: Alibaba, Qwen, DeepSeek and Apple (financial news, February 2025)', None, '申思琦', '硬AI', '2025-02', None, 100],
            ['src-arxiv-deepseek-r1', 'DeepSeek-R1 technical report (arXiv:2501.12948)', 'arXiv', 'DeepSeek-AI', None, '2025-01', 'https://arxiv.org/abs/2501.12948', 1],
            ['src-hf-deepseek-r1', 'DeepSeek-R1 model card (Hugging Face)', 'Hugging Face', 'DeepSeek-AI', None, '2025-01', 'https://huggingface.co/deepseek-ai/DeepSeek-R1', 1],
            ['src-wikipedia-alibaba', 'Alibaba Group (Wikipedia, English)', 'Wikipedia', None, None, None, 'https://en.wikipedia.org/wiki/Alibaba_Group', 0],
            ['src-wikipedia-alibaba-cloud', 'Alibaba Cloud (Wikipedia, English)', 'Wikipedia', None, None, None, 'https://en.wikipedia.org/wiki/Alibaba_Cloud', 1],
            ['src-wikipedia-hsi', 'Hang Seng Index (Wikipedia, English)', 'Wikipedia', None, None, None, 'https://en.wikipedia.org/wiki/Hang_Seng_Index', 1],
            ['src-wikipedia-mag7', 'Magnificent Seven (stocks) (Wikipedia, English)', 'Wikipedia', None, None, None, 'https://en.wikipedia.org/wiki/Magnificent_Seven_(stocks)', 5],
            ['src-wikipedia-qwen', 'Qwen (Wikipedia, English)', 'Wikipedia', None, None, None, 'https://en.wikipedia.org/wiki/Qwen', 1],
        ],
    ),
    'stock-vs-index': (
        ['security', 'window', 'date', 'move_low', 'move_high', 'benchmark', 'benchmark_low', 'benchmark_high', 'outperformance_low', 'fact', 'benchmark_fact'],
        [
            ['alibaba-hk-shares', 'past week', '2025-02', 13, None, 'hang-seng-index', 5, 5, 8, 'move-alibaba-hk-week', 'move-hsi-week'],
            ['alibaba-hk-shares', 'since the low', '2025-02', 40, None, None, None, None, None, 'move-alibaba-hk-from-low', None],
        ],
    ),
    'valuation-gap': (
        ['subject', 'subject_pe', 'peer', 'peer_pe', 'premium', 'gap', 'subject_fact', 'peer_fact'],
        [
            ['alibaba', 10, 'us-tech-stocks', 20, 2, 10, 'fig-alibaba-pe-before-rebound', 'fig-us-tech-pe'],
        ],
    ),
    "chips-and-makers": (
        ['chip', 'name', 'designers', 'makers', 'trained_models', 'release_date'],
        [
        ],
    ),
    "company-footprint": (
        ['kind', 'entity', 'type', 'via'],
        [
            ['cloud', 'alibaba-cloud', 'CloudProvider', 'qwen'],
            ['model_or_product', 'qwen', 'ModelFamily', 'alibaba-cloud'],
            ['model_or_product', 'qwen2.5-max', 'ModelRelease', 'alibaba-cloud'],
            ['partner', 'apple', 'Company', 'pship-apple-alibaba-china'],
            ['subsidiary', 'alibaba-cloud', 'CloudProvider', 'alibaba'],
        ],
    ),
    "export-control-listings": (
        ['date', 'organization', 'list', 'authority', 'listing', 'status', 'source'],
        [
        ],
    ),
    "funding-rounds": (
        ['date', 'round', 'investee', 'investors', 'round_name', 'amount', 'currency', 'valuation', 'status', 'source'],
        [
        ],
    ),
    "model-release-events": (
        ['date', 'event', 'model', 'organizations', 'developers', 'source'],
        [
            ['2025-01', 'evt-deepseek-open-model', 'deepseek-r1', ['deepseek'], ['deepseek'], 'src-article-000'],
            ['2025-01-29', 'evt-qwen2.5-max-release', 'qwen2.5-max', ['alibaba-cloud'], ['alibaba-cloud'], 'src-article-000'],
        ],
    ),
    "name-search": (
        ['entity', 'type', 'name', 'fields'],
        [
            ['qwen', 'ModelFamily', 'Qwen', ['alias', 'name']],
            ['qwen2.5-max', 'ModelRelease', 'Qwen2.5-Max', ['alias', 'name']],
            ['src-article-000', 'Source', 'Chinese tech re-rating: Alibaba, Qwen, DeepSeek and Apple (financial news, February 2025)', ['name']],
            ['src-wikipedia-qwen', 'Source', 'Qwen (Wikipedia, English)', ['name']],
        ],
    ),
    "open-weight-models": (
        ['licence', 'model', 'developers', 'parameters', 'release_date'],
        [
            [None, 'deepseek-r1', ['deepseek'], None, '2025-01'],
            [None, 'qwen', ['alibaba-cloud'], None, None],
        ],
    ),
}

# Parameter variations (values as given with -p): every engine must agree on each.
VARIATIONS = [
    ("apple-china-partner-selection", {"company": "蘋果"}),
    ("apple-china-partner-selection", {"company": "alibaba"}),
    ("apple-ai-stack", {"company": "openai"}),
    ("mixture-of-experts-models", {"architecture": "dense"}),
    ("capex-ranking", {"period": "FY2024"}),
    ("valuation-gap", {"company": "us-tech-stocks"}),
    ("stock-vs-index", {"stock": "阿里巴巴"}),
    ("stock-vs-index", {"stock": "HSI"}),
    ("institutions-turned-positive", {"stance": "positive"}),
    ("institutions-turned-positive", {"stance": "neutral"}),
    ("entity-profile", {"entity": "Qwen2.5-Max"}),
    ("entity-profile", {"entity": "DeepSeek R1"}),
    ("entity-profile", {"entity": "src-wikipedia-qwen"}),
    ("connection-paths", {"max_hops": "3"}),
    ("connection-paths", {"from": "阿里巴巴", "to": "OpenAI", "max_hops": "3"}),
    ("connection-paths", {"from": "apple", "to": "apple", "max_hops": "3"}),
    ("connection-paths", {"from": "tim-cook", "to": "qwen", "max_hops": "3"}),
    ("chinese-llm-competitors", {"region": "united-states"}),
    ("fact-sources", {"id": "pship-apple-alibaba-china"}),
    ("fact-sources", {"id": "rel-76978512c8f8"}),
    ("facts-from-source", {"source": "src-wikipedia-mag7"}),
    ("facts-in-window", {"from": "2023", "to": "2023"}),
    ("facts-in-window", {"from": "2014", "to": "2014"}),
    ("facts-in-window", {"from": "2025-02-20", "to": "2025-02-20"}),
    ("facts-in-window", {"from": "2024-12-31", "to": "2025-01-28"}),
    ("financial-figures", {"metric": "pe_ratio"}),
    ("company-market-figures", {"company": "alibaba"}),
    ("partnerships", {"company": "open AI"}),
    ("events-by-kind", {"kind": "earnings_release"}),
    ("group-portfolio", {"group": "苹果"}),
    ("security-group-members", {"group": "Chinese tech assets"}),
    ("assessments-about", {"subject": "中国科技股"}),
    ("entity-evidence", {"entity": "deepseek-r1"}),
    ("organizations-in-region", {"region": "美国"}),
    ("leaderboard-standings", {"board": "LMSYS Chatbot Arena"}),
]

# Exact answers for some variations (the others are held to engine agreement only).
VARIATION_EXPECTED = [
    ('apple-china-partner-selection', {'company': 'alibaba'}, []),
    ('capex-ranking', {'period': 'FY2024'}, []),
    ('valuation-gap', {'company': 'us-tech-stocks'}, [
        ['us-tech-stocks', 20, 'alibaba', 10, 0.5, -10, 'fig-us-tech-pe', 'fig-alibaba-pe-before-rebound'],
    ]),
    ('stock-vs-index', {'stock': 'HSI'}, [
        ['hang-seng-index', 'past week', '2025-02', 5, 5, None, None, None, None, 'move-hsi-week', None],
    ]),
    ('institutions-turned-positive', {'stance': 'positive'}, [
        ['morgan-stanley', 'FinancialInstitution', ['china-tech-stocks'], '2025-02', 'asm-morgan-stanley-china-tech'],
    ]),
    ('institutions-turned-positive', {'stance': 'neutral'}, [
        ['google', 'Company', ['google', 'microsoft'], '2025-02', 'asm-hyperscalers-capacity'],
        ['microsoft', 'Company', ['google', 'microsoft'], '2025-02', 'asm-hyperscalers-capacity'],
    ]),
    ('entity-profile', {'entity': 'DeepSeek R1'}, [
        ['property', 'aliases', None, None, 'DeepSeek R1', None, None, None],
        ['property', 'aliases', None, None, 'DeepSeek RI', None, None, None],
        ['property', 'architecture', None, None, 'mixture-of-experts', None, None, None],
        ['property', 'description', None, None, 'Reasoning model built on DeepSeek-V3-Base; 671B parameters in all, 37B active per token.', None, None, None],
        ['property', 'locator', None, None, 'Model Summary; Model Downloads', None, None, None],
        ['property', 'name_en', None, None, 'DeepSeek-R1', None, None, None],
        ['property', 'openWeights', None, None, True, None, None, None],
        ['property', 'releaseDate', None, None, '2025-01', None, None, None],
        ['property', 'source', None, None, 'src-hf-deepseek-r1', None, None, None],
        ['property', 'type', None, None, 'ModelRelease', None, None, None],
        ['relation', 'DEVELOPS', 'in', 'deepseek', None, 'rel-956d68850665', 'src-arxiv-deepseek-r1', 'Abstract'],
        ['role', 'SUBJECT', 'in', 'asm-releases-turning-point', 'Assessment', 'asm-releases-turning-point', 'src-article-000', '¶19'],
        ['role', 'SUBJECT', 'in', 'evt-deepseek-open-model', 'Event', 'evt-deepseek-open-model', 'src-article-000', '¶16'],
    ]),
    ('connection-paths', {'from': '阿里巴巴', 'to': 'OpenAI', 'max_hops': '3'}, [
        [1, 'alibaba -COMPETES_WITH-> openai', ['alibaba', 'openai']],
        [3, 'alibaba -BASED_IN-> china <-BASED_IN- deepseek -COMPETES_WITH-> openai', ['alibaba', 'china', 'deepseek', 'openai']],
        [3, 'alibaba <-CANDIDATE- sel-apple-china-ai-partner -CANDIDATE-> deepseek -COMPETES_WITH-> openai', ['alibaba', 'deepseek', 'openai', 'sel-apple-china-ai-partner']],
        [3, 'alibaba <-CANDIDATE- sel-apple-china-ai-partner -PASSED_OVER-> deepseek -COMPETES_WITH-> openai', ['alibaba', 'deepseek', 'openai', 'sel-apple-china-ai-partner']],
        [3, 'alibaba <-CHOSEN- sel-apple-china-ai-partner -CANDIDATE-> deepseek -COMPETES_WITH-> openai', ['alibaba', 'deepseek', 'openai', 'sel-apple-china-ai-partner']],
        [3, 'alibaba <-CHOSEN- sel-apple-china-ai-partner -PASSED_OVER-> deepseek -COMPETES_WITH-> openai', ['alibaba', 'deepseek', 'openai', 'sel-apple-china-ai-partner']],
    ]),
    ('connection-paths', {'from': 'apple', 'to': 'apple', 'max_hops': '3'}, []),
    ('chinese-llm-competitors', {'region': 'united-states'}, []),
    ('fact-sources', {'id': 'pship-apple-alibaba-china'}, [
        ['pship-apple-alibaba-china', 'Partnership', 'src-article-000', 'Chinese tech re-rating: Alibaba, Qwen, DeepSeek and Apple (financial news, February 2025)', '申思琦', None, '2025-02', None, '¶26', 'reported', 0.8, ['the-information']],
    ]),
    ('fact-sources', {'id': 'rel-76978512c8f8'}, [
        ['rel-76978512c8f8', 'DEVELOPS', 'src-wikipedia-qwen', 'Qwen (Wikipedia, English)', None, 'Wikipedia', None, 'https://en.wikipedia.org/wiki/Qwen', 'lead section', 'confirmed', None, []],
    ]),
    ('facts-from-source', {'source': 'src-wikipedia-mag7'}, [
        ['rel-256f7eeb16f9', 'MEMBER_OF', 'lead section', 'confirmed', None],
        ['rel-2867f23bdf06', 'MEMBER_OF', 'lead section', 'confirmed', None],
        ['rel-452739ae0cb3', 'MEMBER_OF', 'lead section', 'confirmed', None],
        ['rel-9cc6918e551b', 'MEMBER_OF', 'lead section', 'confirmed', None],
        ['rel-cdfe978bb1f3', 'MEMBER_OF', 'lead section', 'confirmed', None],
    ]),
    ('facts-in-window', {'from': '2023', 'to': '2023'}, [  # the selection began in 2023 and has no end
        ['2023', None, 'sel-apple-china-ai-partner', 'PartnerSelection', 'Apple began looking for a Chinese AI partner in 2023; after weighing several firms, Qwen won on technology and commercial capability. Apple was interested in DeepSeek but passed over it.'],
    ]),
    ('facts-in-window', {'from': '2014', 'to': '2014'}, [
        ['2014', '2014', 'evt-alibaba-ipo', 'Event', "Alibaba's 2014 listing, which the article says lifted China's new-economy stocks."],
    ]),
    ('facts-in-window', {'from': '2025-02-20', 'to': '2025-02-20'}, [
        ['2023', None, 'sel-apple-china-ai-partner', 'PartnerSelection', 'Apple began looking for a Chinese AI partner in 2023; after weighing several firms, Qwen won on technology and commercial capability. Apple was interested in DeepSeek but passed over it.'],
        ['2025-02', '2025-02', 'asm-alibaba-capex-framing', 'Assessment', "Ahead of the results the article watches whether Alibaba's management will steer spending to foreseeable growth in AI and cloud rather than to share buybacks alone."],
        ['2025-02', '2025-02', 'asm-analysts-alibaba-ecommerce-only', 'Assessment', 'Some analysts say the market prices Alibaba at about ten times its e-commerce profit and gives its cloud and AI businesses almost no value.'],
        ['2025-02', '2025-02', 'asm-banks-deepseek-moment', 'Assessment', 'Foreign banks quickly turned positive on Chinese assets, calling DeepSeek Chinese equities\' "Alibaba IPO moment": a chance for a medium- to long-term re-rating, as Alibaba\'s 2014 listing once lifted the new economy.'],
        ['2025-02', '2025-02', 'asm-deepseek-server-busy', 'Assessment', 'The article reasons that Apple, which puts user experience first, could not accept a service that often answered only that its servers were busy.'],
        ['2025-02', '2025-02', 'asm-hyperscalers-capacity', 'Assessment', 'Google and Microsoft said cloud capacity constraints held back revenue growth.'],
        ['2025-02', '2025-02', 'asm-morgan-stanley-china-tech', 'Assessment', "Global investors still value Chinese tech firms with an old internet-era frame and miss their frontier breakthroughs; China's AI strength is under-rated and investors should watch its innovators."],
        ['2025-02', '2025-02', 'asm-releases-turning-point', 'Assessment', "The article sees the two releases as what turned the market's view of Chinese AI around."],
        ['2025-02', '2025-02', 'asm-report-china-cloud', 'Assessment', "A recent report expects DeepSeek-style models to speed domestic cloud vendors' catch-up, move more firms to the cloud and, with scale, lift the vendors' margins."],
        ['2025-02', '2025-02', 'move-alibaba-hk-from-low', 'MarketMove', None],
        ['2025-02', '2025-02', 'move-alibaba-hk-week', 'MarketMove', None],
        ['2025-02', '2025-02', 'move-hsi-week', 'MarketMove', None],
        ['2025-02', '2025-02', 'pship-apple-alibaba-china', 'Partnership', 'Reported by The Information on a Tuesday in February 2025 and relayed by the article.'],
        ['2025-02-20', '2025-02-20', 'evt-alibaba-results-2025-02-20', 'Event', 'Results at which the size of AI and cloud capex was expected to be the focus.'],
    ]),
    ('facts-in-window', {'from': '2024-12-31', 'to': '2025-01-28'}, [
        ['2023', None, 'sel-apple-china-ai-partner', 'PartnerSelection', 'Apple began looking for a Chinese AI partner in 2023; after weighing several firms, Qwen won on technology and commercial capability. Apple was interested in DeepSeek but passed over it.'],
        ['2025-01', '2025-01', 'asm-cook-china-apple-intelligence', 'Assessment', "On Apple's latest earnings call Cook said iPhone sales in China last quarter suffered because Apple Intelligence was not offered there."],
        ['2025-01', '2025-01', 'evt-deepseek-open-model', 'Event', "Over the Spring Festival DeepSeek's open-source model, close to the leading models at far lower training and inference cost, shook markets worldwide and narrowed China's AI gap with the US."],
        ['2025-01', '2025-01', 'fig-china-us-model-gap', 'FinancialFigure', 'Before the Spring Festival, Chinese large models were thought to trail the US by 1.5 to 2 years.'],
    ]),
    ('financial-figures', {'metric': 'pe_ratio'}, [
        ['fig-alibaba-pe-before-rebound', ['alibaba'], None, None, None, None, None, 10, None, 'multiple', None, True, 'reported'],
        ['fig-us-tech-pe', ['us-tech-stocks'], None, None, None, None, None, 20, None, 'multiple', None, True, 'reported'],
    ]),
    ('events-by-kind', {'kind': 'earnings_release'}, [
        ['2025-02-20', 'evt-alibaba-results-2025-02-20', ['alibaba'], 'planned', 'Results at which the size of AI and cloud capex was expected to be the focus.'],
    ]),
    ('group-portfolio', {'group': '苹果'}, [
        ['apple', 'apple-intelligence', 'Feature', 'rel-9e60b5475dca', 'src-article-000'],
        ['apple', 'ios', 'Product', 'rel-f772b4cfa4d5', 'src-article-000'],
        ['apple', 'iphone', 'Product', 'rel-0d9558e5773f', 'src-article-000'],
    ]),
    ('organizations-in-region', {'region': '美国'}, [
        ['amazon', 'Company', []],
        ['apple', 'Company', []],
        ['google', 'Company', []],
        ['meta', 'Company', []],
        ['microsoft', 'Company', []],
    ]),
]


@pytest.fixture(scope="module")
def resolver(kg):
    return resolver_for(kg)


# -- the pack --------------------------------------------------------------------


def test_the_pack_holds_the_listed_questions():
    assert list(PACK) == NAMES
    assert sorted(EXPECTED) == NAMES


def test_query_api():
    q = PACK["apple-china-partner-selection"]
    assert q.name == "apple-china-partner-selection"
    assert q.question == {
        "en": "Whom did Apple consider as its AI partner in China, whom did it choose, and whom did it pass over and why?",
        "zh": "苹果在中国考虑过哪些人工智能合作伙伴，选择了谁，放弃了谁，为什么？",
    }
    assert [(p.name, p.type, p.default, p.allowed, p.cls, p.spec()) for p in q.params] == [
        ("company", "entity", "apple", None, "Organization", "entity(Organization)")
    ]
    assert q.columns == ("selection", "evaluator", "market", "candidate", "outcome", "reason", "models")
    assert q.list_columns == frozenset({"models"})
    assert q.files == ("queries/apple-china-partner-selection.rq", "queries/apple-china-partner-selection.cypher")
    assert q.sparql.startswith("# name: apple-china-partner-selection\n")
    assert q.cypher.startswith("// name: apple-china-partner-selection\n")
    enum = PACK["events-by-kind"].params[0]
    assert (enum.name, enum.type, enum.default, enum.allowed) == (
        "kind", "enum", "model_release", ("ipo", "earnings_release", "model_release", "report", "regulation", "export_rule",
                                                "acquisition"))
    hops = PACK["connection-paths"].param("max_hops")
    assert (hops.type, hops.range, hops.default, hops.spec()) == ("integer", (1, 3), "2", "integer(1..3)")


@pytest.mark.parametrize("name", NAMES)
def test_every_question_is_bilingual_and_totally_ordered(name, kg, schema):
    """The order of the rows is the query's own: the same graph, stored in the opposite order, gives it again."""
    from rdflib import Graph

    from china_ai_kg.queries.store import rdflib_graph

    q = PACK[name]
    assert q.question["en"].endswith("?") and q.question["en"].isascii()
    assert q.question["zh"].endswith("？") and any("\u4e00" <= c <= "\u9fff" for c in q.question["zh"])
    assert q.description
    forward = rdflib_graph(kg, schema)
    backward = Graph()
    backward.addN((s, p, o, backward) for s, p, o in reversed(sorted(forward)))
    bindings = {n: (q.param(n).type, v) for n, v in parse_params(q, [], resolver_for(kg)).items()}
    query = sparql_engine.prepare(q.sparql, bindings)
    init = rdflib_bindings(bindings)
    rows = [normalize_rows([list(r) for r in g.query(query, initBindings=init)], q.columns, q.list_columns)
            for g in (forward, backward)]
    assert rows[0] == rows[1] == EXPECTED[name][1]


# -- exact answers ------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_gives_the_expected_rows(name, kg, schema):
    result = run_query(PACK[name], {}, kg, schema)
    columns, rows = EXPECTED[name]
    assert result.columns == columns
    assert result.rows == rows


@pytest.mark.parametrize("name", NAMES)
def test_oxigraph_gives_the_same_rows(name, kg, schema):
    got = run_query(PACK[name], {}, kg, schema, engine="oxigraph")
    assert (got.query, got.engine) == (name, "oxigraph")
    assert (got.columns, got.rows) == EXPECTED[name]


@pytest.mark.parametrize("name, params", VARIATIONS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(VARIATIONS)])
def test_engines_agree_with_parameters(name, params, kg, schema):
    a = run_query(PACK[name], params, kg, schema, engine="rdflib")
    b = run_query(PACK[name], params, kg, schema, engine="oxigraph")
    assert (a.columns, a.rows) == (b.columns, b.rows)


@pytest.mark.parametrize(
    "name, params, rows", VARIATION_EXPECTED, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(VARIATION_EXPECTED)]
)
def test_parameters_give_the_expected_rows(name, params, rows, kg):
    assert run_query(PACK[name], params, kg).rows == rows


@pytest.mark.parametrize("names", [("apple", "Apple", "苹果", "蘋果", "Apple Inc.", "ＡＰＰＬＥ")])
def test_aliases_in_any_script_give_the_same_answer(names, kg):
    q = PACK["apple-china-partner-selection"]
    answers = [run_query(q, {"company": n}, kg).rows for n in names]
    assert all(a == EXPECTED[q.name][1] for a in answers)
    q = PACK["entity-profile"]
    answers = [run_query(q, {"entity": n}, kg, engine="oxigraph").rows for n in ("阿里巴巴", "阿裏巴巴", "BABA", "alibaba")]
    assert all(a == EXPECTED[q.name][1] for a in answers)


def test_answers_are_deterministic(kg):
    """Another process (another hash seed, building everything afresh) gives the same bytes as this one."""
    import os
    import subprocess
    import sys

    q = PACK["connection-paths"]
    here = json.dumps(run_query(q, {"max_hops": 3}, kg).to_json(), ensure_ascii=False, indent=2) + "\n"
    code = "from china_ai_kg.cli import cli; cli()"
    args = ["query", "run", "connection-paths", "-p", "max_hops=3", "--format", "json", "--engine", "rdflib"]
    for seed, cache in (("1", "off"),):  # another hash seed, and a graph built afresh there
        env = {**os.environ, "PYTHONHASHSEED": seed, "CNKG_CACHE_DIR": cache}
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True)
        assert out.stdout == here


def _paths_by_networkx(kg, a, b, cutoff):
    """The connection-paths definition, computed independently on the property graph."""
    import itertools

    import networkx as nx

    und = nx.Graph()
    und.add_nodes_from(kg.g.nodes)
    und.add_edges_from((u, v) for u, v in kg.g.edges())
    out = set()
    for nodes in nx.all_simple_paths(und, a, b, cutoff=cutoff):
        hops = []
        for u, v in zip(nodes, nodes[1:]):
            labels = {f" -{d['type']}-> " for d in kg.g.get_edge_data(u, v, default={}).values()}
            labels |= {f" <-{d['type']}- " for d in kg.g.get_edge_data(v, u, default={}).values()}
            hops.append(sorted(labels))
        for choice in itertools.product(*hops):
            out.add((len(nodes) - 1, nodes[0] + "".join(c + n for c, n in zip(choice, nodes[1:]))))
    return sorted(out)


@pytest.mark.parametrize("a, b", [("apple", "deepseek"), ("alibaba", "openai"), ("tim-cook", "qwen"), ("iphone", "hang-seng-index")])
def test_connection_paths_match_an_independent_computation(a, b, kg):
    rows = run_query(PACK["connection-paths"], {"from": a, "to": b, "max_hops": 3}, kg, engine="oxigraph").rows
    assert [(hops, path) for hops, path, _ in rows] == _paths_by_networkx(kg, a, b, 3)


def test_nodes_of_an_answer(kg):
    result = run_query(PACK["apple-ai-stack"], {}, kg)
    assert nodes_of(result, kg) == {
        "alibaba", "apple", "apple-intelligence", "china", "iphone", "openai", "outside-china", "qwen",
        "stack-apple-cloud", "stack-apple-on-device", "stack-apple-third-party-china",
        "stack-apple-third-party-outside-china",
    }


def test_result_to_json(kg):
    result = run_query(PACK["valuation-gap"], {"company": "阿里巴巴"}, kg, engine="oxigraph")
    assert isinstance(result, Result)
    assert result.to_json() == {
        "query": "valuation-gap",
        "engine": "oxigraph",
        "columns": ["subject", "subject_pe", "peer", "peer_pe", "premium", "gap", "subject_fact", "peer_fact"],
        "rows": [["alibaba", 10, "us-tech-stocks", 20, 2, 10, "fig-alibaba-pe-before-rebound", "fig-us-tech-pe"]],
    }


@pytest.mark.parametrize("name", NAMES)
def test_cached_algebra_answers_like_a_fresh_parse(name, kg, schema):
    """The on-disk cache of translated queries must not change any answer."""
    from china_ai_kg.queries.sparql.order import plan
    from china_ai_kg.queries.store import rdflib_graph

    graph = rdflib_graph(kg, schema)
    q = PACK[name]
    values = parse_params(q, [], resolver_for(kg))
    bindings = {n: (q.param(n).type, v) for n, v in values.items()}
    fresh, _ = parse_checked(q.sparql)
    plan(fresh, bindings)
    thawed = pickle.loads(sparql_engine._dumps(fresh))
    init = rdflib_bindings(bindings)
    assert list(graph.query(thawed, initBindings=init)) == list(graph.query(fresh, initBindings=init))


# -- parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, pairs, message",
    [
        ("apple-china-partner-selection", ["compny=apple"],
         "unknown parameter 'compny' for query 'apple-china-partner-selection' (did you mean company?)"),
        ("graph-overview", ["x=1"], "unknown parameter 'x' for query 'graph-overview' (it takes none)"),
        ("apple-china-partner-selection", ["company"], "bad parameter 'company' (expected key=value)"),
        ("apple-china-partner-selection", ["company=apple", "company=baidu"], "parameter 'company' is given twice"),
        ("connection-paths", ["max_hops=7"], "parameter 'max_hops': 7 is outside 1..3"),
        ("connection-paths", ["max_hops=two"], "parameter 'max_hops': expected an integer, got 'two'"),
        ("facts-in-window", ["from=2025-13"], "parameter 'from': expected a date YYYY, YYYY-MM or YYYY-MM-DD, got '2025-13'"),
        ("facts-in-window", ["to=2025-02-30"], "parameter 'to': expected a date YYYY, YYYY-MM or YYYY-MM-DD, got '2025-02-30'"),
        ("events-by-kind", ["kind=launch"],
         "parameter 'kind': 'launch' is not one of ipo, earnings_release, model_release, report, regulation, export_rule, acquisition"),
        ("apple-china-partner-selection", ["company=Appel"], "parameter 'company': unknown entity 'Appel' (did you mean apple?)"),
        ("apple-china-partner-selection", ["company=中国"],
         "parameter 'company': china is of class Region, not Organization or a subclass"),
        ("fact-sources", ["id=apple"], "parameter 'id': no fact or relationship with id 'apple'"),
        ("apple-china-partner-selection", ["company="], "parameter 'company': expected an entity id or name, got ''"),
    ],
)
def test_bad_parameters_are_clear_errors(name, pairs, message, resolver):
    with pytest.raises(QueryError) as e:
        parse_params(PACK[name], pairs, resolver)
    assert str(e.value) == message


def test_parameters_are_typed_and_defaulted(resolver):
    assert parse_params(PACK["connection-paths"], ["from=蘋果", "to=深度求索"], resolver) == {
        "from": "apple", "to": "deepseek", "max_hops": 2}
    assert parse_params(PACK["facts-in-window"], ["to=2025-02-20"], resolver) == {"from": "2025-01", "to": "2025-02-20"}
    assert parse_params(PACK["capex-ranking"], ["period=FY2024"], resolver) == {"period": "FY2024"}


def test_run_query_takes_command_line_strings_or_typed_values(kg):
    q = PACK["connection-paths"]
    assert run_query(q, {"max_hops": "3"}, kg).rows == run_query(q, {"max_hops": 3}, kg).rows


# -- injection through parameters ----------------------------------------------------------------


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_injection_attempts_change_nothing(engine, kg, schema):
    from china_ai_kg.queries.store import rdflib_graph

    size = len(rdflib_graph(kg, schema))
    with pytest.raises(QueryError, match="unknown entity"):
        run_query(PACK["apple-china-partner-selection"], {"company": 'apple" } ; DROP ALL ; #'}, kg, engine=engine)
    with pytest.raises(QueryError, match="unknown entity"):
        run_query(PACK["entity-profile"], {"entity": "apple> ?p ?o } UNION { ?s ?p ?o"}, kg, engine=engine)
    with pytest.raises(QueryError, match="is not one of"):
        run_query(PACK["financial-figures"], {"metric": 'capex" || true || "'}, kg, engine=engine)
    for period in ('2025" } UNION { ?f ?p ?o } #', "2025' OR 1=1 //", '2025"^^<http://www.w3.org/2001/XMLSchema#string>'):
        assert run_query(PACK["capex-ranking"], {"period": period}, kg, engine=engine).rows == []
    assert len(rdflib_graph(kg, schema)) == size
    assert run_query(PACK["capex-ranking"], {}, kg, engine=engine).rows == EXPECTED["capex-ranking"][1]


def test_oxigraph_substitutes_only_parameter_tokens():
    text = 'SELECT ?x WHERE { ?x <urn:p> $v . FILTER(?x != "$v") } # $v\n'
    out = substitute(text, {"v": ("string", 'a" } ; DROP ALL ; #')})
    assert out == 'SELECT ?x WHERE { ?x <urn:p> "a\\" } ; DROP ALL ; #" . FILTER(?x != "$v") } # $v\n'
    out = substitute(text, {"v": ("entity", "x:y")})
    assert out.startswith("SELECT ?x WHERE { ?x <urn:p> <https://w3id.org/cnkg/id/x%3Ay> .")
    out = substitute(text, {"v": ("date", "2025-02")})
    assert '"2025-02"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .' in out


# -- ad-hoc SPARQL: read-only and offline ------------------------------------------------------------

REFUSED = [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
     "SERVICE is refused: queries run on the loaded graph only and never reach the network"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SELECT ?s WHERE { SERVICE SILENT <http://example.org/s> { ?s ?q ?r } } } }",
     "SERVICE is refused: queries run on the loaded graph only and never reach the network"),
    ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
     "FROM / FROM NAMED is refused: queries run on the loaded graph only and never fetch data"),
    ("LOAD <http://example.org/data.ttl>",
     "SPARQL updates are refused (LOAD): queries are read-only and never load remote data"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }",
     "SPARQL updates are refused (INSERT DATA): queries are read-only and never load remote data"),
    ("DROP ALL", "SPARQL updates are refused (DROP): queries are read-only and never load remote data"),
    ("DESCRIBE <urn:x>", "DESCRIBE queries are not supported (use SELECT, ASK or CONSTRUCT)"),
]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("text, message", REFUSED)
def test_unsafe_sparql_is_refused_before_it_runs(text, message, engine, kg, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("a query tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    with pytest.raises(QueryError) as e:
        run_sparql_text(text, kg, engine)
    assert str(e.value) == message


def test_sparql_syntax_errors_say_where(kg):
    with pytest.raises(QueryError, match=r"^SPARQL syntax error at line 1, column \d+: "):
        run_sparql_text("SELECT ?x WHERE { ?x ?y }", kg)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_adhoc_sparql(engine, kg, tmp_path):
    text = "SELECT ?id ?n WHERE { ?c a cnkg:Company ; cnkg:id ?id ; rdfs:label ?n FILTER(LANG(?n) = 'en') } ORDER BY ?id LIMIT 3"
    result = run_sparql_text(text, kg, engine)
    assert (result.query, result.engine, result.columns) == (None, engine, ["id", "n"])
    assert result.rows == [["alibaba", "Alibaba Group"], ["amazon", "Amazon"], ["apple", "Apple"]]
    path = tmp_path / "q.rq"
    path.write_text("ASK { id:apple cnkg:basedIn id:united-states }", encoding="utf-8")
    assert run_sparql_text(f"@{path}", kg, engine).rows == [[True]]
    construct = run_sparql_text("CONSTRUCT { ?a cnkg:developedBy ?b } WHERE { ?b cnkg:develops ?a }", kg, engine)
    assert construct.columns == ["subject", "predicate", "object"]
    assert construct.rows[:2] == [["apple-intelligence", "DEVELOPED_BY", "apple"], ["deepseek-r1", "DEVELOPED_BY", "deepseek"]]
    assert len(construct.rows) == 6


def test_run_dispatches_queries_and_texts(kg):
    assert run(PACK["valuation-gap"], {}, kg=kg).rows == EXPECTED["valuation-gap"][1]
    assert run("SELECT (COUNT(*) AS ?n) WHERE { ?s a cnkg:Company }", kg=kg, engine="oxigraph").rows == [[9]]
    with pytest.raises(EngineError, match="unknown engine 'oxygraph' \\(did you mean oxigraph\\?\\)"):
        run(PACK["valuation-gap"], {}, kg=kg, engine="oxygraph")
    with pytest.raises(QueryError, match="ad-hoc SPARQL takes no parameters"):
        run("SELECT * WHERE { ?s ?p ?o }", {"x": "1"}, kg=kg)
    with pytest.raises(EngineError, match="needs a connection"):
        run("MATCH (n) RETURN n", engine="neo4j")


def test_read_text_arg(tmp_path):
    assert read_text_arg("SELECT 1") == "SELECT 1"
    with pytest.raises(QueryError, match="cannot read query file"):
        read_text_arg(f"@{tmp_path / 'missing.rq'}")
    with pytest.raises(QueryError, match="empty query text"):
        read_text_arg("  ")


# -- normalisation ----------------------------------------------------------------------------------------


def test_normalize_value_across_engines():
    from decimal import Decimal

    import pyoxigraph as ox
    from rdflib import XSD, BNode, Literal, URIRef

    node = "https://w3id.org/cnkg/id/apple"
    assert normalize_value(URIRef(node)) == "apple"
    assert normalize_value(ox.NamedNode(node)) == "apple"
    assert normalize_value(URIRef("https://w3id.org/cnkg/id/a%3Ab")) == "a:b"
    assert normalize_value(URIRef("https://w3id.org/cnkg/ontology#subsidiaryOf")) == "SUBSIDIARY_OF"
    assert normalize_value(URIRef("https://w3id.org/cnkg/ontology#Company")) == "Company"
    assert normalize_value(URIRef("http://example.org/x")) == "http://example.org/x"
    assert normalize_value(Literal("105000000000", datatype=XSD.decimal)) == 105000000000
    assert normalize_value(ox.Literal("-7.7", datatype=ox.NamedNode(str(XSD.decimal)))) == -7.7
    assert normalize_value(Literal("0.1234567891234", datatype=XSD.double)) == 0.123456789
    assert normalize_value(Decimal("2.50")) == 2.5
    assert normalize_value(62500000000.0) == 62500000000
    assert normalize_value(Literal("true", datatype=XSD.boolean)) is True
    assert normalize_value(ox.Literal("false", datatype=ox.NamedNode(str(XSD.boolean)))) is False
    assert normalize_value(Literal("2025-02", datatype=XSD.gYearMonth)) == "2025-02"
    assert normalize_value(Literal("阿里巴巴集團", lang="zh-Hant")) == "阿里巴巴集團"
    assert normalize_value(ox.Literal("x", language="en")) == "x"
    assert normalize_value(BNode("b0")) == "_:b0"
    assert normalize_value(None) is None
    assert normalize_value([1.0, "a"]) == [1, "a"]


# -- the pack format ---------------------------------------------------------------------------------------

TINY_HEADER = """\
{m} name: tiny
{m} question.en: Which companies are based in a region?
{m} question.zh: 哪些公司总部位于某地区？
{m} description: Companies by id.
{m} param: region entity(Region) default=china
{m} columns: company
"""
TINY_SPARQL = """\
PREFIX cnkg: <https://w3id.org/cnkg/ontology#>
SELECT ?company WHERE { ?c a cnkg:Company ; cnkg:basedIn $region ; cnkg:id ?company }
ORDER BY ?company
"""
TINY_CYPHER = """\
MATCH (c:Company)
WHERE EXISTS { (c)-[:BASED_IN]->(:CnkgNode {id: $region}) }
RETURN c.id AS company
ORDER BY company
"""


def _pack(tmp_path, rq=None, cypher=None, name="tiny", header=TINY_HEADER):
    d = tmp_path / "pack"
    d.mkdir(exist_ok=True)
    if rq is not False:
        (d / f"{name}.rq").write_text(rq if rq is not None else header.format(m="#") + TINY_SPARQL, encoding="utf-8")
    if cypher is not False:
        text = cypher if cypher is not None else header.format(m="//") + TINY_CYPHER
        (d / f"{name}.cypher").write_text(text, encoding="utf-8")
    return d


def test_a_user_pack_loads_and_runs(tmp_path, kg):
    d = _pack(tmp_path)
    (q,) = load_dir(d)
    assert (q.name, q.pack, q.files) == ("tiny", str(d), (str(d / "tiny.rq"), str(d / "tiny.cypher")))
    companies = [["alibaba"], ["baidu"], ["bytedance"], ["tencent"]]
    assert run_query(q, {}, kg).rows == companies
    assert run_query(q, {"region": "中國"}, kg, engine="oxigraph").rows == companies
    pack = load_pack([d])
    assert list(pack) == sorted([*NAMES, "tiny"])


def _header_error(tmp_path, rq_text=None, cy_text=None, **kw):
    d = _pack(tmp_path, rq_text, cy_text, **kw)
    with pytest.raises(QueryError) as e:
        load_dir(d)
    return d, str(e.value)


def _with(line_no, new, marker="#"):
    lines = TINY_HEADER.format(m=marker).splitlines(keepends=True)
    if new is None:
        del lines[line_no - 1]
    elif line_no > len(lines):
        lines.append(new + "\n")
    else:
        lines[line_no - 1] = new + "\n"
    return "".join(lines)


@pytest.mark.parametrize(
    "line_no, new, where, message",
    [
        (1, "#name: tiny", 1, "malformed header line (expected '# key: value')"),
        (1, "# name tiny", 1, "malformed header line (expected '# key: value')"),
        (2, "# questoin.en: Which?", 2, "unknown header key 'questoin.en' (did you mean question.en?)"),
        (4, "# name: tiny", 4, "header key 'name' is given twice (first on line 1)"),
        (6, None, 6, "header has no 'columns'"),
        (1, "# name: other", 1, "query name 'other' does not match the file name 'tiny'"),
        (5, "# param: region float", 5, "unknown parameter type 'float' (use string, integer, decimal, date, boolean, "
                                        "entity, fact, enum)"),
        (5, "# param: Region entity", 5, "malformed param 'Region entity' (expected: NAME TYPE [default=VALUE] [— doc])"),
        (5, "# param: region entity(Compny)", 5, "unknown entity class 'Compny' (did you mean Company?)"),
        (5, "# param: region enum(@colour)", 5, "enum(@colour): 'colour' is not an enumeration property of the ontology"),
        (5, "# param: region integer(1..3) default=7", 5, "bad default for 'region': 7 is outside 1..3"),
        (5, "# param: region date default=2025-2", 5,
         "bad default for 'region': expected a date YYYY, YYYY-MM or YYYY-MM-DD, got '2025-2'"),
        (6, "# columns: company, Company", 6, "malformed column 'Company' (expected NAME or NAME:list)"),
        (6, "# columns: company:set", 6, "unknown column type 'set' (only ':list')"),
        (6, "# columns: company, company", 6, "column 'company' is declared twice"),
        (7, "# param: year integer default=2025", 7, "parameter 'year' is declared but not used"),
    ],
)
def test_header_errors_name_file_and_line(line_no, new, where, message, tmp_path):
    rq = _with(line_no, new) + TINY_SPARQL
    d, error = _header_error(tmp_path, rq)
    assert error == f"{d / 'tiny.rq'}:{where}: {message}"


def test_parameter_used_but_not_declared(tmp_path):
    rq = TINY_HEADER.format(m="#") + TINY_SPARQL.replace("ORDER BY ?company", "FILTER(?c != $country)\nORDER BY ?company")
    d, error = _header_error(tmp_path, rq)
    assert error == f"{d / 'tiny.rq'}:9: parameter $country is used but not declared"
    cy = TINY_HEADER.format(m="//") + TINY_CYPHER.replace("RETURN", "AND c.id <> $country\nRETURN")
    d, error = _header_error(tmp_path, None, cy)
    assert error == f"{d / 'tiny.cypher'}:9: parameter $country is used but not declared"


def test_parameter_names_must_not_be_sparql_variables(tmp_path):
    rq = TINY_HEADER.format(m="#") + TINY_SPARQL.replace("?company }", "?company . ?region a ?x }")
    d, error = _header_error(tmp_path, rq)
    assert error == f"{d / 'tiny.rq'}:8: parameter 'region' is written ?region; write parameters as $region"


def test_parameters_in_strings_and_comments_are_not_parameters(tmp_path, kg):
    rq = TINY_HEADER.format(m="#") + TINY_SPARQL.replace("SELECT", "# $nothing here\nSELECT").replace(
        "?company }", '?company FILTER(?company != "$unknown") }')
    cy = TINY_HEADER.format(m="//") + TINY_CYPHER.replace("WHERE", "// $nothing\nWHERE").replace(
        "RETURN", "AND c.id <> '$unknown'\nRETURN")
    d = _pack(tmp_path, rq, cy)
    (q,) = load_dir(d)
    assert run_query(q, {}, kg).rows == [["alibaba"], ["baidu"], ["bytedance"], ["tencent"]]


def test_twins_must_exist_and_agree(tmp_path):
    d, error = _header_error(tmp_path, None, False)
    assert error == f"{d / 'tiny.rq'}:1: no Cypher twin tiny.cypher"
    (d / "tiny.rq").unlink()
    (d / "tiny.cypher").write_text(TINY_HEADER.format(m="//") + TINY_CYPHER, encoding="utf-8")
    with pytest.raises(QueryError) as e:
        load_dir(d)
    assert str(e.value) == f"{d / 'tiny.cypher'}:1: no SPARQL twin tiny.rq"
    cy = _with(2, "// question.en: Which firms are based in a region?", "//") + TINY_CYPHER
    d, error = _header_error(tmp_path, None, cy)
    assert error == f"{d / 'tiny.cypher'}:2: header differs from its twin ({d / 'tiny.rq'}:2) at 'question.en'"
    cy = _with(7, "// description: One more line.", "//") + TINY_CYPHER
    d, error = _header_error(tmp_path, None, cy)
    assert error == f"{d / 'tiny.cypher'}:7: header differs from its twin ({d / 'tiny.rq'}) at 'description'"


def test_a_file_without_header(tmp_path):
    d, error = _header_error(tmp_path, TINY_SPARQL)
    assert error == f"{d / 'tiny.rq'}:1: no header (the file must open with '# name: ...' lines)"


def test_duplicate_names_across_packs(tmp_path):
    header = TINY_HEADER.replace("name: tiny", "name: apple-ai-stack")
    d = _pack(tmp_path, name="apple-ai-stack", header=header)
    with pytest.raises(QueryError) as e:
        load_pack([d])
    assert str(e.value) == (f"{d / 'apple-ai-stack.rq'}:1: duplicate query name 'apple-ai-stack' "
                            "(first in queries/apple-ai-stack.rq:1)")


def test_a_missing_pack_directory(tmp_path):
    with pytest.raises(QueryError, match="query pack directory not found"):
        load_pack([tmp_path / "nope"])


def test_declared_columns_must_match_the_answer(tmp_path, kg):
    rq = TINY_HEADER.format(m="#") + TINY_SPARQL.replace("SELECT ?company", "SELECT ?c")
    (q,) = load_dir(_pack(tmp_path, rq))
    with pytest.raises(EngineError) as e:
        run_query(q, {}, kg)
    assert str(e.value) == f"{q.files[0]}: returns columns c but the header declares company"


def test_pack_queries_are_guarded_too(tmp_path, kg):
    rq = TINY_HEADER.format(m="#") + TINY_SPARQL.replace(
        "?c a cnkg:Company ;", "SERVICE <http://example.org/sparql> { ?c a cnkg:Company } ?c")
    (q,) = load_dir(_pack(tmp_path, rq))
    for engine in ("rdflib", "oxigraph"):
        with pytest.raises(QueryError, match="SERVICE is refused"):
            run_query(q, {}, kg, engine=engine)


def test_every_error_is_a_kgerror():
    assert issubclass(QueryError, KGError) and issubclass(EngineError, KGError)
    assert textwrap.dedent("x") == "x"


TRICKY = """\
sources:
  - {id: src-t, name: {en: "T \\"quoted\\" source"}}
entities:
  - id: acme
    type: Company
    name: {en: "Acme \\\\ Co", zh-Hans: 阿克米}
    description: "line one\\nline \\"two\\"\\ttab \\\\ end"
    source: src-t
    locator: "¶1"
  - {id: "acme:lab", type: AILab, name: {en: Acme Lab}, source: src-t, locator: "¶2"}
facts:
  - {type: SUBSIDIARY_OF, from: "acme:lab", to: acme, source: src-t, locator: "¶3"}
"""


@pytest.fixture
def tricky_kg(tmp_path):
    from china_ai_kg.loaders import load

    path = tmp_path / "tricky.yaml"
    path.write_text(TRICKY, encoding="utf-8")
    return load([path], bundled=False, cache=False)


def test_literals_survive_both_engines(tricky_kg):
    text = "SELECT ?id ?d ?n WHERE { ?e cnkg:id ?id ; rdfs:label ?n OPTIONAL { ?e cnkg:description ?d } } ORDER BY ?id ?n"
    a = run_sparql_text(text, tricky_kg, "rdflib")
    b = run_sparql_text(text, tricky_kg, "oxigraph")
    assert a.rows == b.rows
    assert ["acme", 'line one\nline "two"\ttab \\ end', "Acme \\ Co"] in a.rows
    paths = run_query(PACK["group-portfolio"], {"group": "Acme \\ Co"}, tricky_kg, engine="oxigraph")
    assert paths.rows == []
    q = PACK["connection-paths"]
    rows = run_query(q, {"from": "acme:lab", "to": "阿克米"}, tricky_kg, engine="oxigraph").rows
    assert rows == run_query(q, {"from": "acme:lab", "to": "acme"}, tricky_kg).rows == [
        [1, "acme:lab -SUBSIDIARY_OF-> acme", ["acme", "acme:lab"]]
    ]


def test_large_graphs_get_an_on_disk_oxigraph_store(tricky_kg, tmp_path, monkeypatch):
    from china_ai_kg.queries import store

    monkeypatch.setenv("CNKG_CACHE_DIR", str(tmp_path / "cache"))
    blob = pickle.dumps(tricky_kg)
    run1, run2 = pickle.loads(blob), pickle.loads(blob)  # the graph as two runs read it from the loader's cache
    first = store.oxigraph_store(run1, disk_threshold=0)
    path = store.store_path(run1)
    assert path.parent == tmp_path / "cache" and (path / "cnkg-complete").exists()
    assert store.oxigraph_store(run1, disk_threshold=0) is first  # memoised per graph object

    def no_rebuild(*args):
        raise AssertionError("the cached store was built again")

    monkeypatch.setattr(store, "_build_store_dir", no_rebuild)
    reopened = store.oxigraph_store(run2, disk_threshold=0)
    assert reopened is not first
    assert store.store_path(run2) == path
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert [s["n"] for s in reopened.query(count)] == [s["n"] for s in first.query(count)]


# -- the pack is checked against the ontology's vocabulary -------------------------------------------------


@pytest.mark.parametrize("old, new, line, message", [
    ("cnkg:basedIn", "cnkg:basedInn", 8, "unknown ontology term cnkg:basedInn (did you mean cnkg:basedIn?)"),
    ("a cnkg:Company", "a cnkg:Compnay", 8, "unknown ontology term cnkg:Compnay (did you mean cnkg:Company?)"),
    ("cnkg:id ?company }", "<https://w3id.org/cnkg/ontology#idd> ?company }", 8,
     "unknown ontology term cnkg:idd (did you mean cnkg:id?)"),
    ("PREFIX cnkg:", "PREFIX k: <https://w3id.org/cnkg/ontology#>\nPREFIX cnkg:", 9,
     "unknown ontology term cnkg:Compan (did you mean cnkg:Company?)"),
])
def test_sparql_terms_must_be_in_the_ontology(tmp_path, old, new, line, message):
    body = TINY_SPARQL.replace(old, new)
    if old == "PREFIX cnkg:":
        body = body.replace("a cnkg:Company", "a k:Compan")
    d, error = _header_error(tmp_path, TINY_HEADER.format(m="#") + body)
    assert error == f"{d / 'tiny.rq'}:{line}: {message}"


@pytest.mark.parametrize("old, new, line, message", [
    ("(c:Company)", "(c:Compnay)", 7, "unknown label :Compnay (did you mean :Company?)"),
    ("[:BASED_IN]", "[:BASED_INN]", 8, "unknown relationship type :BASED_INN (did you mean :BASED_IN?)"),
    ("[:BASED_IN]", "[:BASED_IN|OPERATES_INN]", 8,
     "unknown relationship type :OPERATES_INN (did you mean :OPERATES_IN?)"),
    ("(:CnkgNode", "(:CnkgNod", 8, "unknown label :CnkgNod (did you mean :CnkgNode?)"),
    ("c.id AS company", "c.idd AS company", 9, "unknown property key 'idd' (did you mean id?)"),
])
def test_cypher_terms_must_be_in_the_ontology(tmp_path, old, new, line, message):
    d, error = _header_error(tmp_path, None, TINY_HEADER.format(m="//") + TINY_CYPHER.replace(old, new))
    assert error == f"{d / 'tiny.cypher'}:{line}: {message}"


def test_maps_and_list_items_are_not_checked_as_properties(tmp_path, kg):
    cy = TINY_HEADER.format(m="//") + TINY_CYPHER.replace(
        "RETURN c.id AS company", "WITH c, {mid: 1, anything: c.name_en} AS m\nWITH c, [x IN [m] | x.mid] AS xs\n"
                                  "RETURN c.id AS company")
    (q,) = load_dir(_pack(tmp_path, None, cy))
    assert q.cypher == cy


def test_typed_defaults():
    from china_ai_kg.queries import Param

    assert [Param("x", t, d).default_value for t, d in [("integer", "2"), ("decimal", "2.5"), ("decimal", "3"),
                                                        ("boolean", "true"), ("date", "2025-02"),
                                                        ("entity", "apple"), ("string", "7")]] == [
        2, 2.5, 3, True, "2025-02", "apple", "7"]
    assert Param("x", "integer").default_value is None
