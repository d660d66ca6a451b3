"""A deterministic synthetic graph for benchmarks: N facts as JSON Lines (and YAML).

The mix follows the bundled data: about one entity per five facts, names in
English and Chinese, 60% binary relationships and 40% n-ary facts, every
record with a source and a locator.

    python -m bench.synth 100000 /tmp/synth.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

__all__ = ["generate", "records"]

_HANZI = "阿里巴云腾讯百度字节跳动深度求索智谱月之暗面科技数据模型智能网络计算芯片华为小米京东美团"
_ORG_TYPES = ("Company", "AILab", "CloudProvider")


def _name(rng: random.Random, prefix: str, i: int) -> dict:
    zh = "".join(rng.choice(_HANZI) for _ in range(4)) + str(i)
    return {"en": f"{prefix} {i}", "zh-Hans": zh}


def records(n_facts: int, seed: int = 0):
    """Yield the records of a synthetic graph with *n_facts* facts."""
    rng = random.Random(seed)
    n_ent = max(10, n_facts // 5)
    n_src = max(1, n_ent // 100)
    for s in range(n_src):
        yield {"id": f"src-{s}", "type": "Source", "name": {"en": f"Source {s}"}, "published": "2025-02"}
    n_org, n_model, n_region = n_ent * 6 // 10, n_ent * 3 // 10, max(1, n_ent // 10)
    orgs, models, regions, boards = [], [], [], []
    for i in range(n_org):
        orgs.append(f"org-{i}")
        yield {"id": f"org-{i}", "type": _ORG_TYPES[i % 3], "name": _name(rng, "Org", i),
               "aliases": [f"O{i}"], "source": f"src-{i % n_src}", "locator": f"¶{i % 50}"}
    for i in range(n_model):
        models.append(f"model-{i}")
        yield {"id": f"model-{i}", "type": "ModelRelease", "name": _name(rng, "Model", i),
               "architecture": rng.choice(["mixture-of-experts", "dense"]),
               "source": f"src-{i % n_src}", "locator": f"¶{i % 50}"}
    for i in range(n_region):
        regions.append(f"region-{i}")
        yield {"id": f"region-{i}", "type": "Region", "name": _name(rng, "Region", i),
               "source": f"src-{i % n_src}", "locator": f"¶{i % 50}"}
    for i in range(max(1, n_ent // 1000)):
        boards.append(f"board-{i}")
        yield {"id": f"board-{i}", "type": "Leaderboard", "name": {"en": f"Board {i}"},
               "source": "src-0", "locator": "¶1"}
    for i in range(n_facts):
        src = {"source": f"src-{i % n_src}", "locator": f"¶{i % 50}"}
        r = rng.random()
        if r < 0.25:
            yield {"type": "DEVELOPS", "from": rng.choice(orgs), "to": rng.choice(models), "id": f"f{i}", **src}
        elif r < 0.40:
            yield {"type": "BASED_IN", "from": rng.choice(orgs), "to": rng.choice(regions), "id": f"f{i}", **src}
        elif r < 0.50:
            yield {"type": "PARTNERS_WITH", "from": rng.choice(orgs), "to": rng.choice(orgs), "id": f"f{i}",
                   "validFrom": f"20{rng.randint(10, 25)}", **src}
        elif r < 0.60:
            yield {"type": "COMPETES_WITH", "from": rng.choice(orgs), "to": rng.choice(orgs), "id": f"f{i}", **src}
        elif r < 0.75:
            yield {"id": f"f{i}", "type": "BenchmarkResult", "model": rng.choice(models), "leaderboard": rng.choice(boards),
                   "score": rng.randint(900, 1400), "rank": rng.randint(1, 100), "category": "overall", **src}
        elif r < 0.90:
            yield {"id": f"f{i}", "type": "FinancialFigure", "metric": "capex", "subject": [rng.choice(orgs)],
                   "value": rng.randint(1, 200) * 10**9, "unit": "money", "currency": "USD",
                   "period": str(rng.randint(2020, 2026)), **src}
        else:
            a, b = rng.sample(orgs, 2)
            yield {"id": f"f{i}", "type": "Partnership", "party": [a, b], "market": rng.choice(regions),
                   "date": f"20{rng.randint(15, 25)}-0{rng.randint(1, 9)}", **src}


def generate(n_facts: int, path, seed: int = 0) -> Path:
    """Write the synthetic graph to *path*: ``.jsonl`` or ``.yaml`` by suffix."""
    path = Path(path)
    recs = list(records(n_facts, seed))
    if path.suffix == ".jsonl":
        with open(path, "w", encoding="utf-8") as f:
            for rec in recs:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        import yaml

        sources = [r for r in recs if r["type"] == "Source"]
        entities = [r for r in recs if r["type"] != "Source" and "locator" in r and "from" not in r
                    and r["type"][0].isupper() and not r["id"].startswith("f")]
        facts = [r for r in recs if r not in sources and r not in entities] if len(recs) < 5000 else \
            [r for r in recs if r.get("id", "").startswith("f")]
        with open(path, "w", encoding="utf-8") as f:
            yaml.safe_dump({"sources": sources, "entities": entities, "facts": facts}, f,
                           allow_unicode=True, sort_keys=False, width=1000)
    return path


if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2])
