"""Issue #12, "Reviewing a change, not only a state": `storelayers report --base REV` on a git
history whose last commit (the "pull request") adds, removes and changes overrides, moves a base
file on under a store's copy (newly stale), renames a base file under another (newly orphaned) and
turns a redundant copy into a real override (a resolved finding); plus the Markdown comment, the
SARIF log, and the refusals (a bad revision, a workspace outside git)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from storelayers import resolver
from storelayers.resolver.cli.change import review_change
from storelayers.resolver.report.markdown import LIMIT, MARKER, change_markdown, code, state_markdown
from storelayers.resolver.report.sarif import BASE_ID, FINGERPRINT, SARIF_VERSION
from storelayers.resolver.review.divergence import review
from storelayers.resolver.review.findings import ReviewOptions

from tests.gitrepo import commit, git, init
from tests.hostile import hostile_git_config
from tests.resolver.test_report import run
from tests.wsbuilder import build

pytestmark = pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")

BODY = "".join(f"  const v{i} = {i};\n" for i in range(12))
S1, S2, S3 = "apps/stores/s1", "apps/stores/s2", "apps/stores/s3"


def ts(name: str, extra: str = "") -> str:
    return f"export function {name}() {{\n{BODY}{extra}  return v0;\n}}\n"


def spec() -> dict:
    return {
        "alokai.config.json": {"stores": {k: {"deployment": {}} for k in ("s1", "s2", "s3")}},
        "package.json": '{"name": "shop"}',
        "apps": {
            "web": {
                "package.json": '{"name": "web"}',
                **{f"{n}.ts": ts(n) for n in ("a", "b", "c", "d", "old", "r")},
            },
            "stores": {
                "s1": {"web": {"a.ts": ts("a", "  const s1 = 1;\n"), "r.ts": ts("r")}},  # r.ts: redundant
                "s2": {"web": {"d.ts": ts("d", "  const s2 = 2;\n"), "old.ts": ts("old", "  const s2 = 2;\n")}},
                "s3": {"web": {"b.ts": ts("b", "  const s3 = 3;\n"), "c.ts": ts("c", "  const s3 = 3;\n")}},
            },
        },
    }


def make_history(root: Path) -> str:
    """Build the workspace, commit it as the base (returns its commit), then commit the change."""
    build(root, spec())
    init(root)
    commit(root, "base apps", 0, ("apps/web", "package.json", "alokai.config.json"))
    base = commit(root, "stores copy what they change", 1)
    web, s1 = root / "apps/web", root / S1 / "web"
    (s1 / "c.ts").write_text(ts("c", "  const s1 = 'c';\n"))  # added
    (root / S3 / "web/b.ts").unlink()  # removed
    (s1 / "a.ts").write_text(ts("a", "  const s1 = 'changed';\n"))  # changed
    (s1 / "r.ts").write_text(ts("r", "  const s1 = 'r';\n"))  # redundant no more: resolved
    (web / "d.ts").write_text(ts("d").replace("const v3 = 3;", "const v3 = 33;"))  # s2's d.ts: stale
    git(root, "mv", "apps/web/old.ts", "apps/web/new.ts")  # s2's old.ts: orphaned
    commit(root, "the pull request", 5)
    return base


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("base") / "ws"
    return root, make_history(root)


@pytest.fixture(scope="module")
def change(repo: tuple[Path, str]):
    root, base = repo
    ws = resolver.load(root)
    rv, ch = review_change(ws, base, ReviewOptions())
    return ws, rv, ch


def tree_hash(root: Path) -> str:
    """Every name, link target, mode and content under `root`, `.git` included."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            p = Path(dirpath) / name
            st = p.lstat()
            h.update(f"{p.relative_to(root)}\0{st.st_mode}\0".encode("utf-8", "surrogateescape"))
            if p.is_symlink():
                h.update(os.readlink(p).encode("utf-8", "surrogateescape"))
            elif p.is_file():
                h.update(p.read_bytes())
                h.update(str(st.st_mtime_ns).encode())
    return h.hexdigest()


# ----------------------------------------------------------------------------- the change


def test_report_base_lists_overrides_added_removed_and_changed_per_store(change):
    _, _, ch = change
    got = {(c.change, c.store, c.path) for c in ch.overrides}
    assert got == {
        ("added", S1, "c.ts"),
        ("changed", S1, "a.ts"),
        ("changed", S1, "r.ts"),
        ("removed", S3, "b.ts"),
        ("orphaned", S2, "old.ts"),  # kept, but it overrides nothing now
    }
    by_store = {s.store: s for s in ch.stores}
    assert [c.path for c in by_store[S1].overrides] == ["a.ts", "c.ts", "r.ts"]
    assert [c.change for c in by_store[S2].overrides] == ["orphaned"]  # d.ts did not change: what it hides did
    removed = next(c for c in ch.overrides if c.change == "removed")
    assert removed.lines_after is None and removed.lines_before is not None and removed.lines_before.changed == 1
    r = next(c for c in ch.overrides if c.path == "r.ts")
    assert r.lines_before is not None and r.lines_before.changed == 0 and not r.redundant


def test_report_base_a_base_change_makes_an_override_newly_stale(change):
    _, rv, ch = change
    assert rv.staleness == "known" and "stale" not in " ".join(ch.unknown)
    stale = [(f.store, f.path) for f in ch.introduced if f.kind == "stale"]
    assert stale == [(S2, "d.ts")]


def test_report_base_a_rename_makes_a_newly_orphaned_file(change):
    _, _, ch = change
    orphaned = [f for f in ch.introduced if f.kind == "orphaned"]
    assert [(f.store, f.path) for f in orphaned] == [(S2, "old.ts")]
    assert "renamed to apps/web/new.ts" in orphaned[0].message


def test_report_base_a_change_that_resolves_a_finding_says_so(change):
    _, _, ch = change
    assert [(f.kind, f.store, f.path) for f in ch.resolved] == [("redundant", S1, "r.ts")]
    assert {f.kind for f in ch.introduced} == {"stale", "orphaned"}  # nothing else is new


def test_report_base_figures_before_after_and_delta(change):
    _, _, ch = change
    totals = {f.name: f for f in ch.totals}
    assert (totals["override"].before, totals["override"].after, totals["override"].delta) == (5, 5, 0)
    assert (totals["redundant"].before, totals["redundant"].after) == (1, 0)
    assert (totals["stale"].before, totals["stale"].after) == (0, 1)
    assert (totals["orphaned"].before, totals["orphaned"].after) == (0, 1)
    s3 = next(s for s in ch.stores if s.store == S3)
    assert {f.name: f.delta for f in s3.figures}["override"] == -1


def test_report_base_cli_writes_json_html_markdown_and_sarif(repo, tmp_path: Path):
    root, base = repo
    out = {k: tmp_path / f"r.{k}" for k in ("json", "html", "md", "sarif")}
    code_, stdout, err = run(
        "report", root, "--base", base, "--json", out["json"], "--html", out["html"],
        "--markdown", out["md"], "--sarif", out["sarif"],
    )  # fmt: skip
    assert code_ == 0, err
    assert f"This change, compared with {base}" in stdout and "+ stale:" in stdout and "- redundant:" in stdout
    doc = json.loads(out["json"].read_text())
    assert doc["schema"] == "storelayers.review/2"
    ch = doc["change"]
    assert ch["base"] == {"rev": base, "commit": base}
    assert ch["totals"]["redundant"] == {"before": 1, "after": 0, "delta": -1}
    assert {(o["change"], o["source"]) for o in ch["overrides"]} >= {("removed", f"{S3}/web/b.ts")}
    assert [(f["kind"], f["source"]) for f in ch["resolved"]] == [("redundant", f"{S1}/web/r.ts")]
    assert {s["store"] for s in ch["stores"]} == {S1, S2, S3}
    page = out["html"].read_text()
    assert '<section id="change"><h2>This change</h2>' in page and 'href="#change"' in page
    assert page.index("Findings this change introduces") < page.index("Findings this change resolves")
    md = out["md"].read_text()
    assert md.startswith(MARKER) and md.index("introduces (2)") < md.index("resolves (1)")
    sarif = json.loads(out["sarif"].read_text())
    states = {r["ruleId"]: r["baselineState"] for r in sarif["runs"][0]["results"]}
    assert states == {"stale": "new", "orphaned": "new"}


def test_report_base_without_a_change_finds_nothing_new(repo):
    root, _ = repo
    ws = resolver.load(root)
    _, ch = review_change(ws, "HEAD", ReviewOptions())
    assert ch.overrides == () and ch.introduced == () and ch.resolved == ()
    assert all(f.delta == 0 for f in ch.totals)


def test_report_base_sees_uncommitted_work_in_the_working_tree(tmp_path: Path):
    root = tmp_path / "ws"
    base = make_history(root)
    (root / S3 / "web/d.ts").write_text(ts("d", "  const s3 = 'wip';\n"))  # not committed: still an override
    ws = resolver.load(root)
    _, ch = review_change(ws, "HEAD", ReviewOptions())
    assert [(c.change, c.store, c.path) for c in ch.overrides] == [("added", S3, "d.ts")]
    _, ch2 = review_change(ws, base, ReviewOptions())
    assert ("added", S3, "d.ts") in {(c.change, c.store, c.path) for c in ch2.overrides}


def test_report_base_workspace_in_a_subfolder_of_the_repository(tmp_path: Path):
    repo_root = tmp_path / "mono"
    init(repo_root)
    (repo_root / "README.md").write_text("outside the workspace\n")
    build(repo_root / "shop", spec())
    commit(repo_root, "shop", 1)
    base = git(repo_root, "rev-parse", "HEAD").strip()
    (repo_root / "shop" / S1 / "web/b.ts").write_text(ts("b", "  const s1 = 'b';\n"))
    commit(repo_root, "s1 overrides b", 2)
    code_, _, err = run("report", repo_root / "shop", "--base", base, "--sarif", tmp_path / "r.sarif")
    assert code_ == 0, err
    ws = resolver.load(repo_root / "shop")
    _, ch = review_change(ws, base, ReviewOptions())
    assert [(c.change, c.source) for c in ch.overrides] == [("added", f"{S1}/web/b.ts")]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads((tmp_path / "r.sarif").read_text())["runs"][0]["results"]
    }
    assert f"shop/{S1}/web/r.ts" in uris  # relative to the repository root, not to the workspace


# ----------------------------------------------------------------------------- safety and refusals


def test_report_base_leaves_the_workspace_and_its_git_folder_as_they_were(tmp_path: Path, monkeypatch):
    root = tmp_path / "ws"
    base = make_history(root)
    (root / S3 / "web/d.ts").write_text("uncommitted\n")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # let TMPDIR count in this process
    before = tree_hash(root)
    reports = tmp_path / "out"
    reports.mkdir()
    code_, _, err = run("report", root, "--base", base, "--json", reports / "r.json", "--markdown", reports / "r.md")
    assert code_ == 0, err
    assert tree_hash(root) == before
    assert list(private_tmp.iterdir()) == []  # the revision's folder was deleted


def test_report_base_runs_nothing_a_hostile_repository_names(tmp_path: Path):
    root = tmp_path / "ws"
    base = make_history(root)
    ran = tmp_path / "ran"
    (root / ".gitattributes").write_text("* filter=evil diff=evil\n")
    commit(root, "attributes", 6)  # names the filter for every file of the revision too
    base = git(root, "rev-parse", "HEAD").strip()
    hostile_git_config(root, ran)
    assert not ran.exists()
    code_, _, err = run("report", root, "--base", base, "--json", tmp_path / "r.json")
    assert code_ == 0, err
    assert not ran.exists()


def test_report_base_bad_revision_is_one_line_and_exit_2(repo, tmp_path: Path):
    root, _ = repo
    for rev in ("no-such-branch", "--output=/tmp/x", "HEAD~99"):
        code_, stdout, err = run("report", root, f"--base={rev}", "--json", tmp_path / "r.json")
        assert code_ == 2, (rev, err)
        assert len(err.strip().splitlines()) == 1 and "is not a revision" in err and "Traceback" not in err
    assert not (tmp_path / "r.json").exists()


def test_report_base_outside_git_is_one_line_and_exit_2(make_ws):
    root = make_ws(spec())
    code_, _, err = run("report", root, "--base", "HEAD")
    assert code_ == 2
    assert err.strip().splitlines() == [f"storelayers: {root} is not inside a git repository"]


def test_report_base_and_since_together_are_refused(repo):
    root, base = repo
    code_, _, err = run("report", root, "--base", base, "--since", base)
    assert code_ == 2 and "--base and --since" in err


# ----------------------------------------------------------------------------- Markdown


def test_markdown_introduced_first_then_resolved_then_tables_per_store(change):
    _, rv, ch = change
    md = change_markdown(rv, ch)
    assert md.index("introduces (2)") < md.index("resolves (1)") < md.index("### Per store")
    assert "#### `s1`" in md and "| changed | `web/a.ts` |" in md and "| removed | `web/b.ts` |" in md
    assert "| **stale** | `s2` | `apps/stores/s2/web/d.ts` |" in md


def test_markdown_is_cut_to_the_limit_with_an_and_n_more_line(change):
    _, rv, ch = change
    whole = change_markdown(rv, ch)
    rows = len(ch.introduced) + len(ch.resolved) + len(ch.overrides)
    for limit in (1200, 1500, 1900):
        md = change_markdown(rv, ch, limit=limit)
        assert len(md) <= limit < len(whole)
        m = re.search(r"_… and (\d+) more \((.*)\): the JSON and HTML reports list them all\._\n$", md)
        assert m, md[-300:]
        shown = md.count("\n| **") + len(
            re.findall(r"^\| (added|removed|changed|orphaned)(?: \(redundant\))? \| `", md, re.M)
        )
        assert shown + int(m.group(1)) == rows
        assert "\n\n_… and" in md  # after a blank line: never read as a row of the table above
    assert LIMIT == 65_536 and len(whole) < LIMIT and "more (" not in whole


def test_markdown_of_a_big_state_fits_a_pull_request_comment(make_ws):
    s = spec()
    s["apps"]["web"].update({f"f{i:04}.ts": f"export const f{i} = {i};\n" for i in range(1500)})
    s["apps"]["stores"]["s3"]["web"].update({f"f{i:04}.ts": f"export const f{i} = {i};\n" for i in range(1500)})
    ws = resolver.load(make_ws(s))
    rv = review(ws, ReviewOptions(git=False))
    assert len(rv.redundant) == 1501
    md = state_markdown(rv)
    assert len(md.encode("utf-16-le")) // 2 <= LIMIT
    m = re.search(r"_… and ([\d,]+) more \(([\d,]+) findings\)", md)
    assert m and int(m.group(1).replace(",", "")) == 1501 - md.count("\n| **")


def test_markdown_code_spans_hold_any_name():
    assert code("a|b.ts") == "`a\\|b.ts`"
    assert code("x`y") == "``x`y``"
    assert code("`edge`") == "`` `edge` ``"
    assert code("a|b", table=False) == "`a|b`"
    assert code("esc\x1b[2J") == "`esc\\x1b[2J`"


def test_markdown_without_base_lists_the_findings_per_store(change):
    _, rv, _ = change
    md = state_markdown(rv)
    assert md.startswith(MARKER) and "## Store Layers review" in md
    assert "#### `s2` (2)" in md and "| **orphaned** | `apps/stores/s2/web/old.ts` |" in md


# ----------------------------------------------------------------------------- SARIF


def _check_sarif(doc: dict) -> None:
    """The SARIF 2.1.0 schema's required properties, and GitHub code scanning's, checked by hand
    (the project's test environment has no JSON-schema validator)."""
    assert doc["version"] == SARIF_VERSION == "2.1.0" and doc["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(doc["runs"]) == 1
    run_ = doc["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "Store Layers" and isinstance(driver["version"], str)
    ids = [r["id"] for r in driver["rules"]]
    assert len(set(ids)) == len(ids) and {"stale", "orphaned", "redundant", "cosmetic", "hotspot"} <= set(ids)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] in (
            "note",
            "warning",
            "error",
        )
    for r in run_["results"]:
        assert r["ruleId"] in ids and ids[r["ruleIndex"]] == r["ruleId"]
        assert r["level"] in ("none", "note", "warning", "error")
        assert isinstance(r["message"]["text"], str) and r["message"]["text"]
        assert r["locations"], "GitHub needs a location"
        for loc in r["locations"] + r.get("relatedLocations", []):
            art = loc["physicalLocation"]["artifactLocation"]
            assert art["uriBaseId"] == BASE_ID and BASE_ID in run_["originalUriBaseIds"]
            assert not art["uri"].startswith(("/", "file:")) and ".." not in art["uri"].split("/")
            assert isinstance(loc["physicalLocation"]["region"]["startLine"], int)
            assert loc["physicalLocation"]["region"]["startLine"] >= 1
        fp = r["partialFingerprints"]
        assert set(fp) == {FINGERPRINT} and re.fullmatch(r"[0-9a-f]{32}", fp[FINGERPRINT])


def test_sarif_has_one_run_rules_for_each_kind_and_located_results(repo, tmp_path: Path):
    root, _ = repo
    code_, _, err = run("report", root, "--sarif", tmp_path / "r.sarif")
    assert code_ == 0, err
    doc = json.loads((tmp_path / "r.sarif").read_text())
    _check_sarif(doc)
    results = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r
        for r in doc["runs"][0]["results"]
    }
    assert set(results) == {("stale", f"{S2}/web/d.ts"), ("orphaned", f"{S2}/web/old.ts")}
    assert "baselineState" not in results[("stale", f"{S2}/web/d.ts")]  # no --base: the whole state
    assert results[("orphaned", f"{S2}/web/old.ts")]["level"] == "error"


def test_sarif_a_stale_override_points_at_the_line_where_the_parent_changed(repo, tmp_path: Path):
    root, _ = repo
    run("report", root, "--sarif", tmp_path / "r.sarif")
    doc = json.loads((tmp_path / "r.sarif").read_text())
    stale = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "stale")
    line = stale["locations"][0]["physicalLocation"]["region"]["startLine"]
    lines = (root / S2 / "web/d.ts").read_text().splitlines()
    assert lines[line - 1] == "  const v3 = 3;"  # the base changed this line since the override's last commit
    orphan = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "orphaned")
    assert orphan["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_sarif_fingerprints_are_stable_across_runs_and_checkouts(repo, tmp_path: Path):
    root, _ = repo
    clone = tmp_path / "elsewhere" / "clone"
    clone.parent.mkdir()
    shutil.copytree(root, clone, symlinks=True)

    def prints(ws: Path, name: str) -> dict[tuple[str, str], str]:
        code_, _, err = run("report", ws, "--sarif", tmp_path / name)
        assert code_ == 0, err
        doc = json.loads((tmp_path / name).read_text())
        return {
            (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r["partialFingerprints"][
                FINGERPRINT
            ]
            for r in doc["runs"][0]["results"]
        }

    first = prints(root, "1.sarif")
    assert first == prints(root, "2.sarif") == prints(clone, "3.sarif")
    assert len(set(first.values())) == len(first) == 2
    # the base moves on again, elsewhere in the file: the line moves, the finding stays (an edit of the
    # override itself would make it current: it last changed after the base)
    (clone / "apps/web/d.ts").write_text(ts("d").replace("const v9 = 9;", "const v9 = 99;"))
    assert prints(clone, "4.sarif")[("stale", f"{S2}/web/d.ts")] == first[("stale", f"{S2}/web/d.ts")]


def test_sarif_and_markdown_escape_names_that_break_markup(tmp_path: Path):
    s = spec()
    odd = "we|ird `name` @team <b>.ts"
    s["apps"]["web"][odd] = ts("w")
    s["apps"]["stores"]["s1"]["web"][odd] = ts("w")  # redundant
    root = tmp_path / "ws"
    build(root, s)
    code_, _, err = run("report", root, "--sarif", tmp_path / "r.sarif", "--markdown", tmp_path / "r.md")
    assert code_ == 0, err
    md = (tmp_path / "r.md").read_text()
    assert "``apps/stores/s1/web/we\\|ird `name` @team <b>.ts``" in md
    assert "we\\|ird \\`name\\` \\@team \\<b\\>.ts" in md  # in the plain text of the message
    doc = json.loads((tmp_path / "r.sarif").read_text())
    _check_sarif(doc)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]]
    assert "apps/stores/s1/web/we%7Cird%20%60name%60%20%40team%20%3Cb%3E.ts" in uris


# ----------------------------------------------------------------------------- README and pre-commit

ROOT = Path(__file__).resolve().parents[2]


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_yaml_blocks_and_the_pre_commit_hooks_file_parse():
    import yaml  # the test extra: the README's workflow and the hooks file must be YAML a runner reads

    blocks = _yaml_blocks()
    assert len(blocks) >= 3
    for text in blocks:
        assert isinstance(yaml.safe_load(text), dict)
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["storelayers-check", "storelayers-report"]
    for h in hooks:
        assert h["language"] == "python" and h["pass_filenames"] is False and h["entry"].startswith("storelayers ")
    flow = next(b for b in blocks if "upload-sarif" in b)
    steps = yaml.safe_load(flow)["jobs"]["review"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert any(s.get("uses", "").startswith("actions/github-script") for s in steps)


def test_readme_pull_request_workflow_runs_as_written(repo, tmp_path: Path, monkeypatch):
    root, base = repo
    flow = next(b for b in _yaml_blocks() if "upload-sarif" in b)
    m = re.search(r"run: \|\n\s+(storelayers report .*?)\n\s+- name", flow, re.S)
    assert m, flow
    command = m.group(1).replace("\\\n", " ").replace('"origin/${{ github.base_ref }}"', base).split()
    assert command[:4] == ["storelayers", "report", ".", "--base"]
    monkeypatch.chdir(tmp_path)
    code_, _, err = run(*[str(root) if a == "." else a for a in command[1:]])
    assert code_ == 0, err
    assert (tmp_path / "review.md").read_text().startswith(MARKER)  # the comment step looks for this line
    _check_sarif(json.loads((tmp_path / "review.sarif").read_text()))
    assert "<!-- storelayers-review -->" in flow


def test_readme_change_sample_has_the_keys_the_report_writes(repo, tmp_path: Path):
    root, base = repo
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r'```json\n(\{\n  "change".*?)```', text, re.S)
    assert m
    sample = json.loads(m.group(1))["change"]
    run("report", root, "--base", base, "--json", tmp_path / "r.json")
    real = json.loads((tmp_path / "r.json").read_text())["change"]
    assert set(sample) == set(real) and set(sample["totals"]) == set(real["totals"])
    for key in ("introduced", "resolved", "overrides", "stores"):
        assert set(sample[key][0]) == set(real[key][0]), key


def _hooks() -> list[tuple[str, list[str]]]:
    """(entry, args) of each hook in .pre-commit-hooks.yaml (read without a YAML library: the file
    keeps each on one line, args in JSON-compatible flow style)."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entries = re.findall(r"^  entry: (.+)$", text, re.M)
    args = [json.loads(a) for a in re.findall(r"^  args: (\[.*\])$", text, re.M)]
    assert len(entries) == len(args) == 2
    return list(zip(entries, args, strict=True))


def test_pre_commit_hooks_run_as_declared(repo, make_ws, monkeypatch):
    (check_entry, check_args), (report_entry, report_args) = _hooks()
    assert check_entry == "storelayers check" and report_entry == "storelayers report"
    root, _ = repo
    monkeypatch.chdir(root)  # pre-commit runs hooks from the repository root
    assert run(*check_entry.split()[1:], *check_args)[0] == 0
    code_, stdout, _ = run(*report_entry.split()[1:], *report_args)
    assert code_ == 1 and "orphaned: apps/stores/s2/web/old.ts overrides nothing" in stdout
    broken = make_ws(spec(), "broken")
    (broken / "alokai.config.json").write_text("{not json")
    monkeypatch.chdir(broken)
    assert run(*check_entry.split()[1:], *check_args)[0] == 1


def test_check_strict_fails_on_warnings_too(make_ws):
    s = spec()
    s["alokai.config.json"]["stores"]["s1"]["ignorePaths"] = ["["]  # cannot be read: a warning
    root = make_ws(s)
    code_, stdout, _ = run("check", root)
    assert code_ == 0 and "bad-ignore-pattern" in stdout
    assert run("check", root, "--strict")[0] == 1
    assert run("check", make_ws(spec(), "clean"), "--strict")[0] == 0


def test_the_revision_tree_holds_only_what_the_layout_needs_and_links_stay_links(tmp_path: Path):
    from storelayers.resolver.revision import materialise

    root = tmp_path / "ws"
    build(root, spec())
    (root / "docs").mkdir()
    (root / "docs/big.bin").write_bytes(b"\0" * 1000)
    (root / "apps/web/node_modules/pkg").mkdir(parents=True)
    (root / "apps/web/node_modules/pkg/index.js").write_text("x\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(str(outside / "secret.ts"), root / S1 / "web/evil.ts")
    init(root)
    git(root, "add", "-f", "-A")
    sha = commit(root, "all", 1)
    with materialise(root, "HEAD") as tree:
        assert tree.sha == sha
        names = sorted(str(p.relative_to(tree.root)) for p in tree.root.rglob("*") if not p.is_dir())
        assert "docs/big.bin" not in names and not any("node_modules" in n for n in names)
        assert {"alokai.config.json", "package.json", "apps/web/a.ts", f"{S1}/web/r.ts"} <= set(names)
        link = tree.root / S1 / "web/evil.ts"
        assert link.is_symlink() and os.readlink(link) == str(outside / "secret.ts")
        assert (tree.files, tree.links) == (len(names) - 1, 1)
        kept = tree.root
    assert not kept.exists()
    assert list(outside.iterdir()) == []


def test_report_base_html_section_escapes_names(tmp_path: Path):
    root = tmp_path / "ws"
    base = make_history(root)
    odd = "<img src=x onerror=alert(1)>.ts"
    (root / "apps/web" / odd).write_text(ts("o"))
    (root / S1 / "web" / odd).write_text(ts("o", "  const s1 = '<script>';\n"))
    code_, _, err = run("report", root, "--base", base, "--html", tmp_path / "r.html")
    assert code_ == 0, err
    page = (tmp_path / "r.html").read_text()
    section = page[page.index('<section id="change">') : page.index("</section>", page.index('<section id="change">'))]
    assert "&lt;img src=x onerror=alert(1)&gt;.ts" in section and "<img" not in section
    assert '<td class="num bad">+1</td>' in section  # one more stale override: worse, flagged


def test_report_base_a_revision_before_the_workspace_existed_shows_everything_added(tmp_path: Path):
    root = tmp_path / "ws"
    init(root)
    (root / "README.md").write_text("soon a monorepo\n")
    before = commit(root, "start", 0)
    build(root, spec())
    commit(root, "the workspace", 1)
    ws = resolver.load(root)
    rv, ch = review_change(ws, before, ReviewOptions())
    assert {c.change for c in ch.overrides} == {"added"} and len(ch.overrides) == len(rv.overrides)
    assert {s.state for s in ch.stores} == {"added"}
    assert {f.kind for f in ch.introduced} == {"redundant"}  # s1's r.ts


def test_report_base_an_edit_that_leaves_only_a_comment_is_newly_cosmetic(tmp_path: Path):
    root = tmp_path / "ws"
    make_history(root)
    lines = ts("c").splitlines(keepends=True)
    (root / S3 / "web/c.ts").write_text("".join(lines[:2] + ["  // s3: keep in step with the base\n"] + lines[2:]))
    ws = resolver.load(root)
    rv, ch = review_change(ws, "HEAD", ReviewOptions())
    assert [(f.kind, f.store, f.path) for f in ch.introduced] == [("cosmetic", S3, "c.ts")]
    assert [(c.change, c.path) for c in ch.overrides] == [("changed", "c.ts")]
    code_, _, err = run("report", root, "--base", "HEAD", "--sarif", tmp_path / "r.sarif")
    assert code_ == 0, err
    result = next(
        r for r in json.loads((tmp_path / "r.sarif").read_text())["runs"][0]["results"] if r["ruleId"] == "cosmetic"
    )
    assert result["baselineState"] == "new"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3  # the first line that differs
