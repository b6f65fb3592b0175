"""`storelayers report`: JSON and HTML contents, escaping, thresholds and exit codes."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from storelayers import resolver
from storelayers.resolver.cli.main import main
from storelayers.resolver.report.document import Thresholds, evaluate, json_text, to_json
from storelayers.resolver.report.html import html_report
from storelayers.resolver.review.divergence import review
from storelayers.resolver.review.evidence import report_evidence
from storelayers.resolver.review.findings import ReviewOptions

from tests.gitrepo import DAY, T0, base_moves_on
from tests.resolver.test_review import C1, S1, S2, spec

needs_git = pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")
XSS = "<img src=x onerror=alert(1)>.tsx"


def run(*argv: object) -> tuple[int, str, str]:
    """Run the CLI as a user would and capture what it prints on stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def ws_root(make_ws) -> Path:
    s = spec()
    s["apps"]["web"]["comp"][XSS] = "const a = '<script>alert(2)</script>';\n"
    # a cosmetic copy: only a comment added, so the page shows its diff (escaped)
    s["apps"]["stores"]["s1"]["web"]["comp"][XSS] = (
        "const a = '<script>alert(2)</script>'; // <script>alert(3)</script> & more\n"
    )
    s["apps"]["stores"]["s2"]["web"]["comp"][XSS] = "const a = '<script>alert(2)</script>';\n\n"
    return make_ws(s)


@pytest.fixture
def repo_root(make_ws) -> Path:
    return base_moves_on(make_ws(spec(), "repo"), "// <b>fix</b> & more\n", "base: fix X <now>")


def test_json_document_has_every_section(ws_root: Path, tmp_path: Path):
    out = tmp_path / "r.json"
    code, stdout, err = run("report", ws_root, "--json", out)
    assert code == 0, err
    doc = json.loads(out.read_text())
    assert doc["schema"] == "storelayers.review/2"
    assert set(doc) >= {
        "workspace",
        "git",
        "options",
        "staleness",
        "orphans",
        "summary",
        "scorecards",
        "stale",
        "orphaned",
        "redundant",
        "cosmetic",
        "hotspots",
        "clusters",
        "heatmap",
        "diagnostics",
    }
    assert "thresholds" not in doc  # none given
    assert doc["staleness"]["state"] == "unknown" and doc["summary"]["stale"] is None
    card = next(c for c in doc["scorecards"] if c["store"] == S1)
    assert set(card) == {
        "store",
        "id",
        "kind",
        "parent",
        "depth",
        "apps",
        "files",
        "inherited",
        "override",
        "added",
        "ignored",
        "redundant",
        "cosmetic",
        "stale",
        "oldestStaleDays",
        "orphaned",
        "differsFromBase",
        "overrideRatio",
        "baseDivergence",
        "linesChanged",
        "insertions",
        "deletions",
    }
    assert card["stale"] is None and card["kind"] == "deployable"
    red = {r["source"] for r in doc["redundant"]}
    assert red == {"apps/stores/s1/web/b.ts", f"apps/stores/s2/web/comp/{XSS}"}
    assert doc["redundant"][0]["hides"]["layer"] == "base" and doc["redundant"][0]["usedBy"] == [S1]
    assert doc["hotspots"][0]["path"] == "comp/x.tsx" and doc["hotspots"][0]["parent"] is None
    assert doc["hotspots"][0]["stores"] == ["apps/stores/s2", "apps/stores/s3"]
    assert doc["orphans"]["state"] == "unknown" and doc["summary"]["orphaned"] is None
    assert [c["source"] for c in doc["cosmetic"]] == [f"apps/stores/s1/web/comp/{XSS}"]
    assert doc["heatmap"]["stores"][0] == S1 and len(doc["heatmap"]["counts"]) == len(doc["heatmap"]["rows"])
    assert "JSON report:" in stdout and "staleness unknown" in stdout


@needs_git
def test_json_stale_entries_carry_commits_and_days(repo_root: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0 + 12 * DAY))  # ages as seen on the day of HEAD (2024-01-13)
    code, stdout, err = run("report", repo_root, "--json", "-")
    assert code == 0, err
    doc = json.loads(stdout)  # with --json -, the summary goes to stderr
    assert "Divergence review" in err
    stale = {(s["store"], s["path"]): s for s in doc["stale"]}
    assert set(stale) == {(S1, "comp/x.tsx"), (S2, "comp/x.tsx"), ("apps/stores/s3", "comp/x.tsx"), (C1, "comp/x.tsx")}
    s = stale[(S2, "comp/x.tsx")]
    assert (s["commitsBehind"], s["daysBehind"], s["staleDays"]) == (1, 11, 0)
    assert s["overrideCommit"]["subject"] == "stores" and s["parentCommit"]["subject"] == "base: fix X <now>"
    assert s["staleSince"] == "2024-01-13T00:00:00Z" and s["parentLines"]["insertions"] == 1
    assert doc["summary"]["stale"] == 4 and doc["staleness"]["state"] == "known"


def test_html_is_self_contained_and_escapes_every_name(ws_root: Path, tmp_path: Path):
    out = tmp_path / "r.html"
    code, _, err = run("report", ws_root, "--html", out, "--fail-on", "redundant")
    assert code == 1, err
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert XSS not in page and "<script" not in page.lower()
    assert "&lt;img src=x onerror=alert(1)&gt;.tsx" in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page  # file contents in a diff, escaped
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from a network
    assert "<link" not in page and "@import" not in page
    assert "<svg" in page and "prefers-color-scheme: dark" in page
    for section in ("graph", "scorecards", "heatmap", "hotspots", "stale", "orphaned", "redundant", "cosmetic"):
        assert f'id="{section}"' in page
    assert "Thresholds failed" in page and "Staleness unknown" in page


@needs_git
def test_html_shows_stale_diffs_with_escaped_commit_subjects(repo_root: Path):
    ws = resolver.load(repo_root)
    rv = review(ws, ReviewOptions())
    page = html_report(rv, report_evidence(ws, rv))
    assert "base: fix X &lt;now&gt;" in page and "<now>" not in page
    assert '<span class="ins">+// &lt;b&gt;fix&lt;/b&gt; &amp; more</span>' in page
    assert page.count('class="tag st"') == 4


def test_thresholds_pass_and_fail_with_readable_lines(ws_root: Path):
    code, out, err = run("report", ws_root)
    assert code == 0 and "Thresholds" not in out
    code, out, err = run(
        "report", ws_root, "--fail-on", "forbidden,error", "--max-depth", 2, "--max-override-ratio", "1"
    )
    assert code == 1 and err == ""
    assert "FAILED: these thresholds do not hold:" in out and out.count("  - ") == 1
    assert "  - forbidden: apps/stores/s1/web/package.json:" in out
    code, out, _ = run("report", ws_root, "--max-depth", 1, "--max-override-ratio", "40%")
    assert code == 1
    assert "max-depth 1: store 'c1' (apps/stores/tpl/stores/c1) is at depth 2" in out
    # s1 has 8 files (the counts of `stats`, special files included as rule 9 decides their status)
    assert re.search(
        r"max-override-ratio 0.4: store 's1' \(apps/stores/s1\) overrides \d+\.\d% of its files "
        r"\([45] of 8, redundant copies included\)",
        out,
    )
    code, out, _ = run("report", ws_root, "--max-depth", 2, "--max-override-ratio", "0.9", "--fail-on", "error")
    assert code == 0 and "Thresholds: all hold." in out


def test_fail_on_stale_when_staleness_is_unknown_fails_and_says_why(ws_root: Path):
    code, out, _ = run("report", ws_root, "--fail-on", "stale")
    assert code == 1 and "stale: cannot check, the workspace is not inside a git repository" in out


@needs_git
def test_fail_on_stale_and_since(repo_root: Path):
    code, out, _ = run("report", repo_root, "--fail-on", "stale")
    assert code == 1 and "stale: apps/stores/s2/web/comp/x.tsx is 1 commit(s) and 11 day(s) behind" in out
    code, out, err = run("report", repo_root, "--fail-on", "stale", "--since", "HEAD")
    assert code == 0, err
    assert "findings limited to the 0 file(s) changed since HEAD" in out
    code, _, err = run("report", repo_root, "--since", "no-such-rev")
    assert code == 2 and err.count("\n") == 1 and "not a revision" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (("--fail-on", "stale,bogus"), "unknown kind(s) bogus"),
        (("--max-override-ratio", "abc"), "is not a number"),
        (("--max-override-ratio", "1.5"), "not between 0 and 1"),
        (("--max-depth", "-1"), "must be 0 or more"),
        (("--hotspot-stores", "x"), "not a whole number"),
        (("--hotspot-stores", "0"), "must be 1 or more"),
        (("--html", "/no/such/folder/r.html"), "does not exist"),
    ],
)
def test_bad_options_exit_2_with_one_line(ws_root: Path, args, message):
    code, out, err = run("report", ws_root, *args)
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_workspace_and_bad_config_exit_2(tmp_path: Path, make_ws):
    code, _, err = run("report", tmp_path / "missing")
    assert code == 2 and err.startswith("storelayers: ") and err.count("\n") == 1
    root = make_ws({"alokai.config.json": "{not json", "apps": {"web": {"a": "1"}}}, "bad")
    code, _, err = run("report", root)
    assert code == 2 and "not valid JSON" in err and "line 1" in err


def test_no_git_outside_a_repository_with_since_is_bad_input(ws_root: Path):
    code, _, err = run("report", ws_root, "--since", "HEAD")
    assert code == 2 and "not inside a git repository" in err


def test_evaluate_and_to_json_agree(ws_root: Path):
    ws = resolver.load(ws_root)
    rv = review(ws, ReviewOptions(git=False))
    th = Thresholds(frozenset({"redundant"}), None, None)
    failures = evaluate(rv, th)
    assert [f.split(":")[0] for f in failures] == ["redundant", "redundant"]
    doc = to_json(rv, th, failures)
    assert doc["thresholds"] == {
        "failOn": ["redundant"],
        "maxOverrideRatio": None,
        "maxDepth": None,
        "passed": False,
        "failures": list(failures),
    }
    assert json.loads(json_text(rv)) == json.loads(json.dumps(to_json(rv)))


def test_demo_report_end_to_end(tmp_path: Path):
    from tests.conftest import DEMO

    code, out, err = run("report", DEMO, "--html", tmp_path / "d.html", "--json", tmp_path / "d.json")
    assert code == 0, err
    doc = json.loads((tmp_path / "d.json").read_text())
    assert doc["summary"]["stores"] == len(doc["scorecards"]) >= 5
    assert doc["redundant"] and "cosmetic" in doc and "orphaned" in doc


def test_one_count_everywhere_report_and_stats_agree_on_the_demo():
    """fashion-us showed 4 overrides in the app, 6 in the review and 5 in `stats`: one definition now."""
    from tests.conftest import DEMO

    code, out, err = run("report", DEMO, "--json", "-")
    assert code == 0, err
    doc = json.loads(out)
    code, out, err = run("stats", DEMO, "--json")
    assert code == 0, err
    stats = {s["id"]: s["apps"] for s in json.loads(out)["stores"]}
    assert {c["id"]: c["apps"] for c in doc["scorecards"]} == stats
    for c in doc["scorecards"]:
        for key in ("inherited", "override", "added", "redundant", "ignored"):
            assert c[key] == sum(a[key] for a in stats[c["id"]].values())
    assert doc["summary"]["override"] == sum(a["override"] for apps in stats.values() for a in apps.values())
    assert (
        doc["summary"]["redundant"]
        == len(doc["redundant"])
        == sum(a["redundant"] for apps in stats.values() for a in apps.values())
    )
    ws = resolver.load(DEMO)
    app = ws.apps[0]
    us = next(c for c in doc["scorecards"] if c["id"] == "fashion-us")
    assert us["apps"][app] == ws.counts(us["store"], app).to_json()  # what the app's store list shows


def test_html_draws_big_workspaces_radially(make_ws):
    s = {"apps": {"web": {"a.ts": "a\n"}, "stores": {}}}
    for i in range(45):
        s["apps"]["stores"][f"store-{i:02d}"] = {"web": {"a.ts": f"a {i}\n"}}
    ws = resolver.load(make_ws(s))
    rv = review(ws, ReviewOptions(git=False))
    page = html_report(rv, report_evidence(ws, rv))
    graph = page[page.index('<svg class="graph"') :]
    graph = graph[: graph.index("</svg>")]
    assert graph.count("<circle") == 46 and "rotate(" in graph and "store-44" in graph
