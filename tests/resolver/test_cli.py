"""The command line: JSON shapes, exit codes, one-line errors, and the demo's real answers."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from storelayers.resolver.cli.main import main

from tests.conftest import DEMO

NX = "storefront-unified-nextjs"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def run_json(*argv: str):
    code, out, err = run(*argv)
    assert code == 0, err
    return json.loads(out)


def test_stores_json_shape_on_the_demo():
    data = run_json("stores", DEMO, "--json")
    assert set(data) == {"workspace", "apps", "stores", "diagnostics"}
    assert Path(data["workspace"]).is_absolute()
    assert data["apps"] == ["playwright", "storefront-middleware", NX]
    by_id = {s["id"]: s for s in data["stores"]}
    assert set(by_id) == {
        "electronics",
        "electronics-b2b",
        "fashion",
        "fashion-eu",
        "fashion-de",
        "fashion-fr",
        "fashion-us",
        "outlet",
    }
    assert all(set(s) == {"id", "parent", "kind", "depth", "path"} for s in data["stores"])
    assert by_id["fashion-de"] == {
        "id": "fashion-de",
        "parent": "fashion-eu",
        "kind": "deployable",
        "depth": 3,
        "path": "apps/stores/fashion/stores/fashion-eu/stores/fashion-de",
    }
    assert by_id["fashion"]["parent"] is None and by_id["fashion"]["kind"] == "template"
    # v2: the kind rule is said, and fashion-de's hand-moved tsconfig.json is flagged (rules 2, 15)
    assert [(d["level"], d["code"]) for d in data["diagnostics"]] == [
        ("info", "kind-rule"),
        ("warning", "forbidden-override"),
        ("warning", "tsconfig-chain-mismatch"),
    ]


def test_tree_json_shape_and_statuses_on_the_demo():
    data = run_json("tree", DEMO, "fashion-us", "--json")
    assert data["store"] == "fashion-us"
    assert [a["app"] for a in data["apps"]] == ["playwright", "storefront-middleware", NX]
    nx = next(a for a in data["apps"] if a["app"] == NX)
    files = {f["path"]: f for f in nx["files"]}
    assert [f["path"] for f in nx["files"]] == sorted(files)
    assert set(nx["files"][0]) == {"path", "layer", "status", "chain", "special", "source"}
    footer = files["components/footer/Footer.tsx"]
    assert (footer["status"], footer["layer"], footer["chain"]) == ("redundant", "fashion-us", ["fashion-us", "base"])
    nav = files["config/navigation.ts"]
    assert (nav["status"], nav["chain"]) == ("override", ["fashion-us", "fashion", "base"])
    header = files["components/header/Header.tsx"]
    assert (header["status"], header["layer"], header["source"]) == (
        "inherited",
        "fashion",
        f"apps/stores/fashion/{NX}/components/header/Header.tsx",
    )
    assert files["package.json"]["special"] and files["package.json"]["layer"] == "base"
    only = run_json("tree", DEMO, "outlet", "--app", NX, "--json")
    assert [a["app"] for a in only["apps"]] == [NX]
    assert "app/[locale]/(default)/wishlist/page.tsx" in only["apps"][0]["ignored"]


def test_which_json_shape():
    data = run_json("which", DEMO, "fashion-fr", f"{NX}/config/currencies.ts", "--json")
    assert data == {
        "store": "fashion-fr",
        "app": NX,
        "path": "config/currencies.ts",
        "winner": "fashion-fr",
        "status": "redundant",
        "chain": [
            {
                "layer": "fashion-fr",
                "source": f"apps/stores/fashion/stores/fashion-eu/stores/fashion-fr/{NX}/config/currencies.ts",
                "used": True,
            },
            {
                "layer": "fashion-eu",
                "source": f"apps/stores/fashion/stores/fashion-eu/{NX}/config/currencies.ts",
                "used": False,
            },
            {"layer": "base", "source": f"apps/{NX}/config/currencies.ts", "used": False},
        ],
        "ignored_by": None,
    }
    ignored = run_json("which", DEMO, "electronics", f"{NX}/components/reviews/ReviewList.tsx", "--json")
    assert ignored["winner"] is None and ignored["ignored_by"] == "components/reviews/**"
    back = run_json("which", DEMO, "electronics-b2b", f"{NX}/components/reviews/ReviewSummary.tsx", "--json")
    assert back["winner"] == "base" and back["ignored_by"] is None


def test_stats_json_shape():
    data = run_json("stats", DEMO, "--json")
    assert set(data) == {"stores"}
    row = next(s for s in data["stores"] if s["id"] == "electronics")
    assert set(row) == {"id", "kind", "apps"}
    assert set(row["apps"][NX]) == {"inherited", "override", "added", "redundant", "ignored"}
    assert row["apps"][NX]["ignored"] == 2


def test_affected_json_shape_and_condensed():
    path = f"apps/stores/fashion/{NX}/config/theme.ts"
    data = run_json("affected", DEMO, "--files", path)
    assert data == [
        {"storeId": "fashion-de", "reasons": ["ANCESTOR_CHANGED"], "files": [path]},
        {"storeId": "fashion-us", "reasons": ["ANCESTOR_CHANGED"], "files": [path]},
    ]  # fashion-fr overrides theme.ts itself; fashion and fashion-eu are templates
    assert run_json("affected", DEMO, "--files", path, "--condensed") == ["fashion-de", "fashion-us"]
    everyone = run_json("affected", DEMO, "--files", "yarn.lock", "--condensed")
    assert everyone == sorted(everyone) and len(everyone) == 6


def test_affected_refuses_a_broken_config(make_ws):
    root = make_ws({"alokai.config.json": "{oops", "apps": {"web": {}, "stores": {}}})
    code, out, err = run("affected", root, "--files", "yarn.lock")
    assert code == 2 and out == "" and err.count("\n") == 1 and "not valid JSON" in err
    # the commands that show a workspace still work, with a bad-config diagnostic
    code, out, _ = run("check", root)
    assert code == 1 and "bad-config" in out


def test_affected_since_reads_git(demo_copy):
    import os
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@e",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@e",
    }
    git = lambda *a: subprocess.run(["git", "-C", str(demo_copy), *a], check=True, capture_output=True, env=env)  # noqa: E731
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "base")
    theme = demo_copy / "apps" / "stores" / "outlet" / NX / "config" / "theme.ts"
    theme.write_text(theme.read_text() + "\n// sale\n")
    assert run_json("affected", demo_copy, "--since", "HEAD", "--condensed") == ["outlet"]
    git("commit", "-qam", "sale")
    assert run_json("affected", demo_copy, "--since", "HEAD~1", "--to", "HEAD", "--condensed") == ["outlet"]
    code, _, err = run("affected", demo_copy, "--since", "no-such-rev")
    assert code == 2 and err == "storelayers: 'no-such-rev' is not a revision of this repository\n"


def test_compose_writes_and_reports(demo_copy, tmp_path):
    code, out, err = run("compose", demo_copy, "--store", "fashion-de", "--out", tmp_path / "out")
    assert code == 0, err
    assert "composed fashion-de" in out
    header = tmp_path / "out" / "fashion-de" / NX / "components" / "header" / "Header.tsx"
    assert (
        header.read_bytes()
        == (
            demo_copy / "apps/stores/fashion/stores/fashion-eu/stores/fashion-de" / NX / "components/header/Header.tsx"
        ).read_bytes()
    )
    code, _, err = run("compose", demo_copy, "--store", "fashion-de", "--out", demo_copy / "apps" / NX / "x")
    assert code == 2 and "inside a layer" in err


def test_check_exit_codes(make_ws):
    ok = make_ws({"apps": {"web": {"a": "1"}, "stores": {}}}, name="ok")
    assert run("check", ok)[0] == 0
    bad = make_ws({"apps": {"web": {"a": "1"}, "stores": {"x": {"web": {"a": {"b": "1"}}}}}}, name="bad")
    code, out, _ = run("check", bad, "--json")
    assert code == 1 and [d["code"] for d in json.loads(out)] == ["kind-rule", "no-config", "file-folder-conflict"]


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["tree", "/definitely/not/here", "s"], "no such folder"),
        (["tree", DEMO, "nope"], "no store 'nope'"),
        (["tree", DEMO, "outlet", "--app", "nuxt"], "no app 'nuxt'"),
        (["which", DEMO, "outlet", NX], "names no file"),
        (["bogus"], "invalid choice"),
        # v2: affected without --files or --since reads git since HEAD~1 (was: refused)
        (["affected", DEMO, "--files", "a", "--to", "HEAD"], "--to goes with --since"),
        (["compose", DEMO], "required"),
    ],
)
def test_bad_input_is_one_line_exit_2(argv, fragment):
    code, out, err = run(*argv)
    assert code == 2
    assert err.startswith("storelayers: ") and err.count("\n") == 1 and fragment in err
    assert "Traceback" not in err


def test_text_output_is_aligned_and_plain_when_not_a_tty():
    code, out, _ = run("stats", DEMO)
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["STORE", "KIND", "INHERITED", "OVERRIDE", "ADDED", "REDUNDANT", "IGNORED"]
    assert len({len(line) for line in lines}) == 1  # right-aligned numbers: every row equally wide
    assert "\x1b[" not in out


def test_console_script_runs_without_a_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "storelayers.resolver", "stores", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "apps/" in proc.stderr


def test_resolver_never_imports_qt(tmp_path):
    # The installed name, from a folder where the repository's own folders are not importable.
    code = (
        "import sys, pkgutil, importlib, storelayers.resolver as r; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(r.__path__, 'storelayers.resolver.') "
        "if not m.name.endswith('__main__')]; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'storelayers.gui'))))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_report_errors_go_to_the_callers_error_stream(tmp_path):
    code, out, err = run("report", tmp_path / "missing")
    assert code == 2 and out == "" and err.startswith("storelayers: ") and err.count("\n") == 1


def test_which_takes_a_path_as_tree_prints_it_when_one_app_has_it(make_ws):
    ws = make_ws({"apps": {"web": {"a.ts": "1", "both.ts": "1"}, "mw": {"both.ts": "2"}, "stores": {"s": {}}}})
    code, out, _ = run("which", ws, "s", "a.ts", "--json")
    assert code == 0 and json.loads(out)["app"] == "web" and json.loads(out)["winner"] == "base"
    code, _, err = run("which", ws, "s", "both.ts")
    assert code == 2 and "in 2 apps: name one" in err and err.count("\n") == 1, err
    code, _, err = run("which", ws, "s", "none.ts")
    assert code == 2 and "no app of s has 'none.ts'" in err, err


def test_check_lines_up_messages_after_the_longest_code():
    code, out, _ = run("check", DEMO)  # the demo has 'tsconfig-chain-mismatch', 23 characters
    lines = [ln for ln in out.splitlines() if ln.startswith(("info", "warning", "error"))]
    starts = {len(ln) - len(ln[8:].split(" ", 1)[1].lstrip()) for ln in lines}
    assert code == 0 and len(lines) >= 3 and len(starts) == 1, lines


def test_a_diagnostic_names_its_file_once(make_ws):
    ws = make_ws({"alokai.config.json": "{not json", "apps": {NX: {"a.ts": "a"}}})
    code, out, _ = run("stores", ws)
    line = next(ln for ln in out.splitlines() if "bad-config" in ln)
    assert line.count("alokai.config.json") == 1, line
    ws = make_ws({"alokai.config.json": {"stores": {"ghost": {}}}, "apps": {NX: {"a.ts": "a"}}}, "ghost")
    code, out, _ = run("stores", ws)
    line = next(ln for ln in out.splitlines() if "unknown-store" in ln)
    assert line.count("alokai.config.json") == 1 and "'ghost'" in line, line
