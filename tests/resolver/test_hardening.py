"""Issue #5: hostile input, faults and races. Each test names the item it proves.

What test_rules.py and test_faults.py already prove (symlink loops and links out of the workspace,
dangling links, duplicate ids, stray folders, file/folder conflicts, unreadable folders and
configs, random bytes as config) is not repeated here. Tests run as root in CI, so permission
failures are simulated through the narrow functions (`resolver.fsio`) rather than chmod.
"""

from __future__ import annotations

import ast
import contextlib
import errno
import io
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storelayers import resolver
from storelayers.resolver import fsio, load
from storelayers.resolver.cli.main import main as cli_main
from storelayers.resolver.config import load_config
from storelayers.resolver.content import read_text
from storelayers.resolver.diff import Side, diff_files
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.ops import scaffold
from storelayers.resolver.ops.compose import compose

from tests.wsbuilder import Link, store

WEB = "web"
REPO = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fifos and symlinks")


def cli(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):  # `report` prints to sys.stderr
        code = cli_main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def in_thread(fn, timeout: float = 10.0):
    """Run `fn` on a daemon thread; fail (instead of hanging the suite) when it does not return."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"{getattr(fn, '__name__', fn)} did not return within {timeout}s (a hang)"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def unblock_fifo(path: Path) -> None:
    """Open a fifo for writing without blocking, so a reader stuck on it (old code) wakes up."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


@pytest.fixture
def ws(make_ws):
    return load(
        make_ws(
            {
                "alokai.config.json": {"stores": {"s1": {}, "s2": {}}},
                "apps": {
                    WEB: {"package.json": "{}", "a.ts": "base a\n", "deep": {"x.ts": "x\n"}},
                    "stores": {"s1": store({WEB: {"a.ts": "s1 a\n"}}, {"s2": store({WEB: {"only.ts": "mine\n"}})})},
                },
            }
        )
    )


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# =============================================================================== not a workspace


@pytest.mark.parametrize("kind", ["missing", "file", "no-apps"])
@pytest.mark.parametrize(
    "argv",
    [
        ["stores"],
        ["stats"],
        ["check"],
        ["tree", "s"],
        ["affected", "--files", "yarn.lock"],
        ["report"],
        ["compose", "--store", "s"],
    ],
)
def test_not_a_workspace_is_exit_2_with_one_line_for_every_command(tmp_path, kind, argv):
    p = tmp_path / "x"
    if kind == "file":
        p.write_text("not a folder")
    elif kind == "no-apps":
        p.mkdir()
    code, out, err = cli(argv[0], p, *argv[1:])
    assert code == 2 and out == ""
    assert err.startswith("storelayers: ") and err.count("\n") == 1 and "Traceback" not in err
    assert {"missing": "no such folder", "file": "is a file", "no-apps": "no apps/ folder"}[kind] in err


def test_wrong_types_in_config_name_the_place_and_affected_exits_2(make_ws):
    root = make_ws({"alokai.config.json": '{"stores": ["s"]}', "apps": {WEB: {"a.ts": "a"}, "stores": {"s": store()}}})
    ws = load(root)
    bad = [d for d in ws.diagnostics if d.code == "bad-config"]
    assert bad and bad[0].path == "alokai.config.json" and '"stores" must be an object, found a list' in bad[0].message
    assert [f.path for f in ws.effective_tree("s", WEB).files] == ["a.ts"]  # the rest still shown
    code, out, err = cli("affected", root, "--files", "apps/web/a.ts")
    assert code == 2 and out == "" and "must be an object" in err and err.count("\n") == 1
    code, out, err = cli("report", root)
    assert code == 2 and "must be an object" in err and err.count("\n") == 1


def _looping_stores(make_ws, tmp_path):
    outside = tmp_path / "elsewhere"
    (outside / WEB).mkdir(parents=True)
    (outside / WEB / "x.ts").write_text("x")
    return make_ws(
        {
            "apps": {
                WEB: {"a.ts": "a"},
                "stores": {
                    "s": store({WEB: {"b.ts": "b"}}, {"loop": Link("../.."), "self": Link("."), "t": store()}),
                    "away": Link(str(outside)),
                },
            }
        }
    )


@posix_only
def test_store_folders_that_loop_or_leave_the_workspace_terminate(make_ws, tmp_path):
    ws = in_thread(lambda: load(_looping_stores(make_ws, tmp_path)))
    assert "away" not in {s.id for s in ws.stores.values()}
    assert ("symlink-skipped", "apps/stores/away") in {(d.code, d.path) for d in ws.diagnostics}
    assert [f.path for f in ws.effective_tree("t", WEB).files] == ["a.ts", "b.ts"]


@posix_only
def test_rule_11_store_links_back_into_their_own_ancestors_are_skipped(make_ws, tmp_path):
    ws = load(_looping_stores(make_ws, tmp_path))
    assert sorted(s.id for s in ws.stores.values()) == ["s", "t"]
    skipped = sorted(d.path for d in ws.diagnostics if d.code == "symlink-skipped")
    assert skipped == ["apps/stores/away", "apps/stores/s/stores/loop", "apps/stores/s/stores/self"]


def test_an_unreadable_stores_folder_is_a_diagnostic_and_the_rest_is_shown(make_ws, monkeypatch):
    root = make_ws(
        {"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store({WEB: {"b.ts": "b"}}, {"t": store()}), "u": store()}}}
    )
    real = fsio.list_dir

    def deny(path, fd=None):
        if path == str(root / "apps/stores/s/stores"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path, fd)

    monkeypatch.setattr(fsio, "list_dir", deny)
    ws = load(root)
    assert sorted(s.id for s in ws.stores.values()) == ["s", "u"]
    assert [(d.code, d.path) for d in ws.diagnostics if d.code == "unreadable"] == [
        ("unreadable", "apps/stores/s/stores")
    ]
    assert [f.path for f in ws.effective_tree("s", WEB).files] == ["a.ts", "b.ts"]


# =============================================================================== special files


@posix_only
def test_a_fifo_as_the_config_is_bad_config_not_a_hang(make_ws):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store()}}})
    fifo = root / "alokai.config.json"
    os.mkfifo(fifo)
    try:
        ws = in_thread(lambda: load(root))
    finally:
        unblock_fifo(fifo)
    bad = [d for d in ws.diagnostics if d.code == "bad-config"]
    assert bad and "not a regular file" in bad[0].message
    assert [f.path for f in ws.effective_tree("s", WEB).files] == ["a.ts"]


@posix_only
def test_a_config_linked_to_a_device_is_bad_config_not_an_endless_read(make_ws):
    root = make_ws({"apps": {WEB: {}, "stores": {}}})
    os.symlink("/dev/zero", root / "alokai.config.json")
    cfg = in_thread(lambda: load_config(root))
    assert cfg.broken and "not a regular file" in cfg.error.message


@posix_only
def test_a_file_replaced_by_a_fifo_after_the_scan_never_blocks_a_digest(make_ws):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store({WEB: {"a.ts": "b"}})}}})
    ws = load(root)
    own = root / "apps/stores/s/web/a.ts"
    own.unlink()
    os.mkfifo(own)  # the listing still says "a regular file"
    try:
        counts = in_thread(lambda: ws.counts("s", WEB))
        text = in_thread(lambda: read_text(str(own)))
    finally:
        unblock_fifo(own)
    assert counts.override == 1  # unreadable content never counts as redundant
    assert text.kind == "unreadable"


def test_a_file_that_grows_between_stat_and_read_is_never_read_whole(tmp_path, monkeypatch):
    big = tmp_path / "big.ts"
    big.write_bytes(b"x" * (3 * 1024 * 1024))
    real_stat = fsio.stat_path

    def stale_stat(path):  # what stat said a moment before the file grew
        st = real_stat(path)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 10, 0, 0, 0))

    monkeypatch.setattr(fsio, "stat_path", stale_stat)
    t = read_text(str(big), limit=1024 * 1024)
    assert t.kind == "too-large" and t.text == ""


# =============================================================================== changes during a scan or a diff


def test_a_file_vanishing_or_turning_into_a_folder_during_a_diff(tmp_path):
    a, b = tmp_path / "a.ts", tmp_path / "b.ts"
    a.write_text("one\n")
    b.write_text("two\n")
    left, right = Side("base", "a.ts", str(a)), Side("s", "b.ts", str(b))
    b.unlink()
    fd = diff_files(left, right)
    assert fd.kind == "unreadable" and fd.text is None and "s:" in fd.message
    b.mkdir()
    fd = diff_files(left, right)
    assert fd.kind == "unreadable" and "folder" in fd.message


MUTATIONS = ("delete-file", "file-to-folder", "folder-to-file", "delete-folder", "add-file", "add-loop-link")


def _mutate(root: Path, op: str, target: Path) -> Path:
    """Change `target` on disk the way a checkout or an editor would, mid-scan."""
    if op == "delete-file" and target.is_file():
        target.unlink()
    elif op == "file-to-folder" and target.is_file():
        target.unlink()
        target.mkdir()
        (target / "inner.ts").write_text("inner")
    elif op == "folder-to-file" and target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
        target.write_text("now a file")
    elif op == "delete-folder" and target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif op == "add-file" and target.is_dir():
        (target / "new.ts").write_text("new")
        return target / "new.ts"
    elif op == "add-loop-link" and target.is_dir() and not target.is_symlink() and sys.platform != "win32":
        link = target / "loop"
        if not os.path.lexists(link):
            os.symlink("..", link)
        return link
    return target


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=st.lists(st.tuples(st.integers(0, 12), st.sampled_from(MUTATIONS), st.integers(0, 50)), min_size=1, max_size=4)
)
def test_changes_during_a_scan_never_break_it_and_the_watchers_paths_repair_it(tmp_path_factory, monkeypatch, plan):
    """Files change, vanish, turn into folders (and back) while `load` lists folders: the scan
    finishes without raising, and updating with the changed paths (what the watcher reports)
    gives exactly a fresh reading."""
    root = tmp_path_factory.mktemp("race")
    from tests.wsbuilder import build

    build(
        root,
        {
            "apps": {
                WEB: {"a.ts": "a", "b": {"c.ts": "c", "d": {"e.ts": "e"}}, "f.ts": "f"},
                "api": {"g.ts": "g"},
                "stores": {
                    "s": store(
                        {WEB: {"a.ts": "sa", "b": {"c.ts": "sc"}}}, {"t": store({WEB: {"b": {"d": {"e.ts": "te"}}}})}
                    ),
                    "u": store({"api": {"g.ts": "ug"}}),
                },
            }
        },
    )
    real = fsio.list_dir
    calls = {"n": 0}
    changed: list[Path] = []
    todo = sorted(plan)

    def racing_list_dir(path: str, fd: int | None = None):
        entries = real(path, fd)
        n = calls["n"]
        calls["n"] += 1
        while todo and todo[0][0] <= n:
            _, op, pick = todo.pop(0)
            candidates = sorted(Path(root).rglob("*"), key=str)
            candidates = [c for c in candidates if c != root / "apps" and c.name != "stores"]
            if candidates:
                target = candidates[pick % len(candidates)]
                changed.append(_mutate(root, op, target))
        return entries

    monkeypatch.setattr(fsio, "list_dir", racing_list_dir)
    ws = load(root)
    monkeypatch.setattr(fsio, "list_dir", real)
    for s in ws.stores.values():
        for app in ws.apps:
            ws.effective_tree(s.key, app)
    new, _ = ws.update(changed)
    fresh = load(root)
    assert _view(new) == _view(fresh)


def _view(ws):
    out = {}
    for s in ws.stores.values():
        for app in ws.apps:
            t = ws.effective_tree(s.key, app)
            out[(s.key, app)] = ([(f.path, f.layer, f.status.value, f.chain) for f in t.files], t.ignored)
    return out, sorted((d.code, d.path) for d in ws.diagnostics)


# =============================================================================== scaffolding


def test_disk_full_while_writing_an_override_is_refused_and_leaves_nothing(ws, monkeypatch):
    plan = scaffold.plan_override(ws, "s2", WEB, "deep/x.ts")
    layer = ws.root / "apps/stores/s1/stores/s2/web"
    before = listing(layer)
    real = fsio.write_all

    def full_disk(fd: int, data: bytes) -> None:
        real(fd, data[: len(data) // 2])  # half of it went out before the disk filled up
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsio, "write_all", full_disk)
    with pytest.raises(WriteRefused, match="No space left on device") as info:
        scaffold.write_override(plan)
    assert "nothing was written" in str(info.value)
    assert not plan.destination_abs.exists()
    assert listing(layer) == before  # no half-written file, no temporary file, no new folder


def test_read_only_folder_is_refused_with_a_clear_message_and_rolled_back(ws, monkeypatch):
    plan = scaffold.plan_override(ws, "s2", WEB, "deep/x.ts")
    layer = ws.root / "apps/stores/s1/stores/s2/web"
    before = listing(layer)

    def read_only(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fsio, "write_temp", read_only)
    with pytest.raises(WriteRefused, match="Permission denied"):
        scaffold.write_override(plan)
    assert listing(layer) == before  # the folder deep/ made for the copy is gone again


def test_locked_source_is_refused(ws, monkeypatch):
    plan = scaffold.plan_override(ws, "s2", WEB, "deep/x.ts")
    real = fsio.open_regular

    def locked(path, *args, **kwargs):
        if path.endswith("x.ts"):
            raise OSError(errno.EBUSY, "Device or resource busy")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(fsio, "open_regular", locked)
    with pytest.raises(WriteRefused, match="busy"):
        scaffold.write_override(plan)
    assert not plan.destination_abs.exists()


def test_override_refuses_a_source_changed_since_it_was_shown(ws):
    plan = scaffold.plan_override(ws, "s2", WEB, "a.ts")
    assert (plan.source_size, plan.source_mtime_ns) != (-1, -1)
    src = plan.source_abs
    src.write_text("s1 a, edited in an editor meanwhile\n")
    with pytest.raises(WriteRefused, match="changed since"):
        scaffold.write_override(plan)
    assert not plan.destination_abs.exists()


def test_override_never_overwrites_a_file_that_appeared_after_the_plan(ws):
    plan = scaffold.plan_override(ws, "s2", WEB, "a.ts")
    plan.destination_abs.write_text("typed by hand meanwhile\n")
    with pytest.raises(WriteRefused, match="already exists"):
        scaffold.write_override(plan)
    assert plan.destination_abs.read_text() == "typed by hand meanwhile\n"


@posix_only
def test_destination_folder_linked_out_of_the_workspace_is_refused(make_ws, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = make_ws(
        {
            "apps": {
                WEB: {"deep": {"x.ts": "x\n"}},
                "stores": {"s": store({WEB: {"deep": Link(str(outside))}})},
            }
        }
    )
    ws = load(root)
    targets = scaffold.override_targets(ws, "s", WEB, "deep/x.ts")
    assert not targets[0].valid and "outside the workspace" in targets[0].reason
    with pytest.raises(WriteRefused, match="outside the workspace"):
        scaffold.plan_override(ws, "s", WEB, "deep/x.ts")
    assert list(outside.iterdir()) == []


@posix_only
def test_a_link_out_of_the_workspace_swapped_in_after_the_plan_is_refused(ws, tmp_path):
    plan = scaffold.plan_override(ws, "s2", WEB, "deep/x.ts")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, plan.destination_abs.parent)  # .../s2/web/deep -> outside
    with pytest.raises(WriteRefused, match="outside the workspace"):
        scaffold.write_override(plan)
    assert list(outside.iterdir()) == []


@posix_only
def test_a_destination_linked_into_another_layer_is_refused(make_ws):
    root = make_ws(
        {
            "apps": {
                WEB: {"deep": {"x.ts": "x\n"}, "ui": {}},
                "stores": {"s": store({WEB: {"deep": Link("../../../web/ui")}})},
            }
        }
    )
    ws = load(root)
    t = scaffold.override_targets(ws, "s", WEB, "deep/x.ts")[0]
    assert not t.valid and "another layer" in t.reason
    assert list((root / "apps/web/ui").iterdir()) == []


def test_removal_refuses_a_file_changed_since_the_plan(ws, tmp_path):
    plan = scaffold.plan_removal(ws, "s1", WEB, "a.ts")
    plan.source_abs.write_text("s1 a, with an edit the dialog never showed\n")
    trashed: list[Path] = []
    with pytest.raises(WriteRefused, match="changed since"):
        scaffold.remove_file(plan, lambda p: trashed.append(p) or "")
    assert trashed == [] and plan.source_abs.is_file()


def test_removal_of_a_locked_file_is_refused_and_keeps_it(ws):
    plan = scaffold.plan_removal(ws, "s1", WEB, "a.ts")

    def locked_trash(p: Path) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(p))

    with pytest.raises(WriteRefused, match="nothing was removed"):
        scaffold.remove_file(plan, locked_trash)
    assert plan.source_abs.read_text() == "s1 a\n"


def test_undo_that_cannot_make_its_folder_is_refused(ws, tmp_path, monkeypatch):
    trash = tmp_path / "trash"
    trash.mkdir()
    plan = scaffold.plan_removal(ws, "s2", WEB, "only.ts")

    def to_trash(p: Path) -> str:
        dest = trash / p.name
        shutil.move(str(p), dest)
        return str(dest)

    rec = scaffold.remove_file(plan, to_trash)
    shutil.rmtree(plan.source_abs.parent)  # the layer folder went meanwhile

    real_mkdir = Path.mkdir

    def read_only(self, *a, **k):
        if self == plan.source_abs.parent:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *a, **k)

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(WriteRefused, match="Permission denied"):
        scaffold.undo(rec, to_trash)
    assert (trash / "only.ts").read_text() == "mine\n"  # still safe in the trash


# =============================================================================== security


def test_config_is_data_never_code(make_ws, tmp_path):
    canary = tmp_path / "pwned"
    hostile = f"__import__('os').system('touch {canary}')"
    root = make_ws(
        {
            "alokai.config.json": {"stores": {hostile: {"ignorePaths": [hostile, "${HOME}", "`id`"]}, "s": {}}},
            "alokai.config.js": f"require('child_process').execSync('touch {canary}')",
            "apps": {WEB: {"a.ts": "a"}, "stores": {"s": store()}},
        }
    )
    ws = load(root)
    assert not canary.exists()
    assert any(d.code == "unknown-store" and hostile in d.message for d in ws.diagnostics)


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_ATTRS = {
    ("os", "system"),
    ("os", "popen"),
    ("pickle", "loads"),
    ("pickle", "load"),
    ("yaml", "load"),
    ("marshal", "loads"),
    ("subprocess", "getoutput"),
    ("subprocess", "getstatusoutput"),
}


def _sources() -> list[Path]:
    return sorted(p for pkg in ("resolver", "gui") for p in (REPO / pkg).rglob("*.py"))


def test_nothing_in_the_engine_or_app_evaluates_code_or_starts_a_shell():
    problems = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if isinstance(f, ast.Name) and f.id in FORBIDDEN_CALLS:
                problems.append(f"{path.name}:{node.lineno} {f.id}()")
            if (
                isinstance(f, ast.Attribute)
                and isinstance(f.value, ast.Name)
                and (f.value.id, f.attr) in FORBIDDEN_ATTRS
            ):
                problems.append(f"{path.name}:{node.lineno} {f.value.id}.{f.attr}()")
            for kw in node.keywords:
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    problems.append(f"{path.name}:{node.lineno} shell=")
            if (
                isinstance(f, ast.Attribute)
                and f.attr in ("run", "Popen", "call", "check_output", "check_call")
                and isinstance(f.value, ast.Name)
                and f.value.id == "subprocess"
            ):
                first = node.args[0] if node.args else None
                if isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp)):
                    problems.append(f"{path.name}:{node.lineno} subprocess with a command string")
    assert problems == []


def test_hostile_revisions_and_names_reach_git_as_arguments_only(make_ws, tmp_path, monkeypatch):
    import subprocess

    from storelayers.resolver import git
    from storelayers.resolver.affected import git_changed_paths

    canary = tmp_path / "pwned"
    seen: list = []
    real_run = subprocess.run

    def spy(cmd, *a, **k):
        seen.append((cmd, k.get("shell", False)))
        return real_run(cmd, *a, **k)

    monkeypatch.setattr(subprocess, "run", spy)
    root = make_ws({"apps": {WEB: {}, "stores": {}}})
    for rev in (f"$(touch {canary})", f"HEAD;touch {canary}", f"`touch {canary}`"):
        with pytest.raises(resolver.StoreLayersError):
            git_changed_paths(root, rev)
        with pytest.raises(resolver.StoreLayersError):
            git.resolve(root, rev)
    assert seen and all(isinstance(cmd, list) and shell is False for cmd, shell in seen)
    assert not canary.exists()


def test_editor_is_started_without_a_shell_and_odd_names_stay_one_argument(monkeypatch, tmp_path):
    pytest.importorskip("PySide6")
    from storelayers.gui import system

    canary = Path.cwd() / "pwned"
    target = tmp_path / "-rf $(touch pwned); echo [x] `id`.tsx"
    target.write_text("x")
    fake_editor = tmp_path / "ed"
    fake_editor.write_text("#!/bin/sh\nexit 0\n")
    fake_editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", f"{fake_editor} --wait")
    monkeypatch.delenv("VISUAL", raising=False)
    argv = system.editor_command(target)
    assert argv == [str(fake_editor), "--wait", str(target)]
    assert argv[-1].startswith("/")  # an absolute path: a leading dash can never read as an option
    started: list = []
    monkeypatch.setattr(system.subprocess, "Popen", lambda cmd, **k: started.append((cmd, k)))
    system.open_in_editor(target)
    ((cmd, kw),) = started
    assert cmd == argv and not kw.get("shell", False)
    assert not canary.exists()


def test_html_report_escapes_store_ids_and_config_keys(make_ws, tmp_path):
    evil = "<b onmouseover=alert(1)>x"
    root = make_ws(
        {
            "alokai.config.json": {"stores": {evil: {}, "<script>alert(2)</script>": {}}},
            "apps": {WEB: {"a.ts": "a"}, "stores": {evil: store({WEB: {"a.ts": "b"}})}},
        }
    )
    out = tmp_path / "r.html"
    code, _, err = cli("report", root, "--html", out)
    assert code in (0, 1), err
    page = out.read_text(encoding="utf-8")
    assert evil not in page and "<script" not in page.lower()
    assert "&lt;b onmouseover=alert(1)&gt;x" in page


@posix_only
def test_compose_refuses_an_output_folder_linked_into_a_layer(make_ws, tmp_path):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store({WEB: {"b.ts": "b"}})}}})
    via = tmp_path / "innocent-looking"
    os.symlink(root / "apps" / "stores" / "s" / WEB, via)
    before = listing(root)
    code, out, err = cli("compose", root, "--store", "s", "--out", via)
    assert code == 2 and "inside a layer" in err and err.count("\n") == 1
    os.symlink(root / "apps" / WEB, tmp_path / "out-s")
    (tmp_path / "out").mkdir()
    os.symlink(root / "apps" / WEB, tmp_path / "out" / "s")  # <out>/<store> itself leads into the base app
    with pytest.raises(WriteRefused):
        compose(load(root), "s", tmp_path / "out")
    assert listing(root) == before


def test_compose_on_a_full_disk_keeps_the_previous_output(make_ws, tmp_path, monkeypatch):
    root = make_ws({"apps": {WEB: {"a.ts": "a", "b.ts": "b"}, "stores": {"s": store()}}})
    out = tmp_path / "out"
    compose(load(root), "s", out)
    (root / "apps" / WEB / "a.ts").write_text("new a")
    real = fsio.write_all
    calls = {"n": 0}

    def full(fd, data):  # the marker is the first write, a.ts the second, b.ts the third
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(fsio, "write_all", full)
    with pytest.raises(WriteRefused, match="previous output kept"):
        compose(load(root), "s", out)
    assert (out / "s" / WEB / "a.ts").read_text() == "a"
    assert sorted(p.name for p in out.iterdir()) == ["s"]
