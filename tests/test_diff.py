"""``cnkg diff``: what changed between two files, directories or git revisions, as a table, JSON and a page."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from test_render_html import page_data
from test_time import FIXTURE

from china_ai_kg.graph.diff import diff_graphs
from china_ai_kg.loaders import load

NEW_FIGURE = ('  - {id: fig-new, type: FinancialFigure, subject: ex-labs, metric: capex, period: "2025", value: 20, '
              'unit: money, currency: USD, source: src-wire, locator: p7}\n')


def _edited(text: str) -> str:
    """The fixture with one figure changed, one relationship and one entity (with its one fact) removed, a
    locator moved and a figure added."""
    lines = [line for line in text.splitlines(keepends=True)
             if "id: r-carol," not in line and "id: ex-later," not in line and "id: pship-old," not in line]
    out = "".join(lines).replace("value: 12, unit: money", "value: 13, unit: money")
    return out.replace("value: -7, unit: percent, source: src-wire, locator: p5", "value: -7, unit: percent, "
                       "source: src-wire, locator: p6") + NEW_FIGURE


@pytest.fixture
def versions(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    old.write_text(text, encoding="utf-8")
    new.write_text(_edited(text), encoding="utf-8")
    return old, new


EXPECTED = [
    ["removed", "relationship", "r-carol", "CEO_OF", "src-blog", ""],
    ["removed", "fact", "pship-old", "Partnership", "src-ledger", ""],
    ["added", "fact", "fig-new", "FinancialFigure", "src-wire", ""],
    ["changed", "fact", "fig-capex-wire", "FinancialFigure", "src-wire", "value: 12 → 13"],
    ["changed", "fact", "fig-sales-wire", "FinancialFigure", "src-wire", "locator: p5 → p6"],
    ["removed", "entity", "ex-later", "Company", "src-wire", ""],
]


def _rows(changes) -> list:
    return [[c["change"], c["kind"], c["id"], c["type"], c["source"],
             "; ".join(f"{f['name']}: {f['old']} → {f['new']}" for f in c["fields"])] for c in changes]


def test_the_changes_between_two_files_per_source(cli, versions):
    old, new = versions
    code, out, _ = cli("diff", str(old), str(new), "--format", "json")
    data = json.loads(out)
    assert code == 0 and _rows(data["changes"]) == EXPECTED
    assert data["summary"] == {"added": {"fact": 1}, "changed": {"fact": 2},
                               "removed": {"entity": 1, "fact": 1, "relationship": 1}}
    code, out, _ = cli("diff", str(old), str(new))
    assert code == 0 and out.rstrip().endswith("(1 added, 2 changed, 3 removed)")
    assert diff_graphs(load([old], bundled=False), load([old], bundled=False)) == []


def test_an_export_is_a_side_too(cli, versions, tmp_path):
    old, new = versions
    exported = tmp_path / "old.ttl"
    assert cli("export", "--no-bundled", "--data", str(old), "--all-claims", "-o", str(exported))[0] == 0
    code, out, _ = cli("diff", str(exported), str(new), "--format", "json")
    assert code == 0 and _rows(json.loads(out)["changes"]) == EXPECTED


def test_a_git_revision_is_a_side(cli, versions, tmp_path, monkeypatch):
    git = shutil.which("git")
    assert git, "git is part of the machine (CI clones with it)"
    old, new = versions
    repo = tmp_path / "repo"
    (repo / "facts").mkdir(parents=True)
    shutil.copy(old, repo / "facts" / "graph.yaml")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "first"]):
        subprocess.run([git, *args], cwd=repo, env=env, check=True)
    shutil.copy(new, repo / "facts" / "graph.yaml")
    monkeypatch.chdir(repo)
    code, out, _ = cli("diff", "HEAD:facts", "facts", "--format", "json")
    assert code == 0 and _rows(json.loads(out)["changes"]) == EXPECTED
    code, _, err = cli("diff", "HEAD~3:facts", "facts")
    assert (code, err.strip()) == (1, f"Error: OLD: 'HEAD~3' is not a file, a directory or a git revision of {repo}")
    code, _, err = cli("diff", "HEAD:elsewhere", "facts")
    assert (code, err.strip()) == (1, f"Error: OLD: HEAD has no 'elsewhere' in {repo}")
    (repo / "facts" / "graph.yaml").write_text("entities:\n  - {id: x, type: Nothing}\n", encoding="utf-8")
    subprocess.run([git, "commit", "-qam", "broken"], cwd=repo, env=env, check=True)
    code, _, err = cli("diff", "HEAD:facts", "HEAD~1:facts")
    assert (code, err.strip()) == (1, "Error: HEAD:facts/graph.yaml:2: unknown type 'Nothing'")


def test_a_side_that_is_nothing_is_one_line(cli, tmp_path):
    code, out, err = cli("diff", str(tmp_path / "missing.yaml"))
    assert code == 1 and out == "" and err.startswith(f"Error: OLD: '{tmp_path / 'missing.yaml'}' is not a file")


def test_the_page_marks_what_changed(cli, versions, tmp_path):
    old, new = versions
    page = tmp_path / "diff.html"
    code, _, _ = cli("diff", str(old), str(new), "--html", str(page))
    data = page_data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {e["id"]: e for e in data["edges"]}
    assert nodes["fig-new"]["color"]["border"] == "#2e7d32"  # added
    assert nodes["fig-capex-wire"]["color"]["border"] == "#ef6c00"  # changed
    assert nodes["ex-later"]["color"]["border"] == "#c62828" and nodes["ex-later"]["shapeProperties"]  # removed
    assert edges["r-carol"]["color"] == {"color": "#c62828"} and edges["r-carol"]["dashes"] is True
    assert "ex-labs" in nodes and "src-wire" not in nodes  # the neighbourhood, without the sources
    assert [r[2][0].get("id", r[2][0]["text"]) for r in data["answer"]["rows"]] == [row[2] for row in EXPECTED]
    assert data["answer"]["rows"][2][2][0]["text"] == "capex 2025: USD 20"  # the added figure, by what it states
