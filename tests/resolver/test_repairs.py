"""Repairs (issue 12): every plan kind on a git-history fixture, all-or-nothing applying, undo/redo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from storelayers import resolver
from storelayers.resolver import git
from storelayers.resolver.content import digest
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.ops import applying, userdata
from storelayers.resolver.ops.applying import PlanRefused
from storelayers.resolver.ops.journal import Journal, NothingToUndo
from storelayers.resolver.ops.merge import plan_rebase
from storelayers.resolver.ops.orphans import find_orphans, plan_orphans
from storelayers.resolver.ops.plan import content_digest
from storelayers.resolver.ops.repairs import RepairError, is_cosmetic, plan_cleanup, plan_move_up

from tests.gitrepo import has_git
from tests.resolver.repairs_fixture import C1, C2, C3, LINES, S1, S2, SHARED, TPL, make

needs_git = pytest.mark.skipif(not has_git(), reason="git is not installed")


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder (journal, backups, trash) in a temporary folder."""
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if not has_git():
        pytest.skip("git is not installed")
    return make(tmp_path / "ws")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under apps/, by workspace-relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "apps").rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def composed(root: Path) -> dict[tuple[str, str, str], bytes]:
    """Each deployable store's composed files, normalised (rule 6), by (store id, app, path)."""
    ws = resolver.load(root)
    out = {}
    for s in ws.stores.values():
        if s.kind is not resolver.Kind.DEPLOYABLE:
            continue
        for app in ws.apps:
            for f in ws.effective_tree(s.key, app).files:
                out[(s.id, app, f.path)] = digest((root / f.source).read_bytes())
    return out


def no_temp_files(root: Path) -> bool:
    return not [p for p in root.rglob(".storelayers-*")]


# --------------------------------------------------------------------------------------- F1 rebase


@needs_git
def test_finding_f1_rebase_clean_merge_is_a_write_with_the_parents_change_and_the_stores_own(repo: Path) -> None:
    ws = resolver.load(repo)
    plan = plan_rebase(ws, "s1")
    assert [w.path for w in plan.writes] == [f"{S1}/a.ts"]
    w = plan.writes[0]
    text = w.content.decode()
    assert "line 3 by s1\n" in text and "line 15 fixed in base\n" in text
    assert w.expect == content_digest((repo / S1 / "a.ts").read_bytes())
    assert w.digest == content_digest(w.content)
    assert "-line 15\n+line 15 fixed in base" in w.diff
    assert plan.complete
    before = snapshot(repo)
    Journal(plan.root).apply(plan)
    after = snapshot(repo)
    assert after[f"{S1}/a.ts"] == w.content
    assert {k for k in after if after[k] != before.get(k)} == {f"{S1}/a.ts"}
    again = plan_rebase(resolver.load(repo), "s1")  # changed since its last commit: it last changed now, current
    assert not again.writes and again.title == "rebase 0 stale overrides of s1"


@needs_git
def test_finding_f1_rebase_conflict_is_reported_and_never_written(repo: Path) -> None:
    plan = plan_rebase(resolver.load(repo), "s2")
    assert not plan.writes
    assert [b.path for b in plan.blocked] == [f"{S2}/a.ts"]
    b = plan.blocked[0]
    assert b.conflicts == 1
    assert b"<<<<<<< s2" in b.merged and b"line 15 by s2" in b.merged and b"line 15 fixed in base" in b.merged
    assert not plan.complete


def test_git_merge_file_works_outside_any_repository() -> None:
    if not has_git():
        pytest.skip("git is not installed")
    merged, conflicts = git.merge_file(b"a\nb\nc\nd\ne\n", b"A\nb\nc\nd\ne\n", b"a\nb\nc\nd\nE\n")
    assert (merged, conflicts) == (b"A\nb\nc\nd\nE\n", 0)
    merged, conflicts = git.merge_file(b"a\n", b"x\n", b"y\n")
    assert conflicts == 1 and b"|||||||" in merged


def test_rebase_outside_a_repository_says_why(tmp_path: Path) -> None:
    root = make(tmp_path / "plain", history=False)
    with pytest.raises(RepairError, match="cannot rebase"):
        plan_rebase(resolver.load(root))


# --------------------------------------------------------------------------------------- F3/F4 cleanup


def test_finding_f3_cleanup_removes_redundant_and_composed_outputs_stay_equal(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    plan = plan_cleanup(resolver.load(root))
    assert [r.path for r in plan.removals] == [f"{S1}/b.ts"]
    assert [(e.store, e.now, e.then, e.same) for e in plan.effects] == [("s1", "s1", "base", True)]
    assert plan.writes == () and plan.complete
    before = composed(root)
    Journal(plan.root).apply(plan)
    assert not (root / S1 / "b.ts").exists()
    assert composed(root) == before


def test_finding_f4_cosmetic_cleanup_names_the_lines_that_change(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    assert [r.path for r in plan_cleanup(resolver.load(root)).removals] == [f"{S1}/b.ts"]
    plan = plan_cleanup(resolver.load(root), cosmetic=True)
    assert sorted(r.path for r in plan.removals) == [f"{S1}/b.ts", f"{S1}/d.ts"]
    d = next(e for e in plan.effects if e.path == "d.ts")
    assert (d.store, d.then, d.same) == ("s1", "base", False) and d.lines == (1, 2)


def test_is_cosmetic_compares_tokens_without_comments_and_whitespace() -> None:
    assert is_cosmetic("a.ts", b"// mine\nconst  a = 1;\n\n", b"const a = 1;\n")
    assert not is_cosmetic("a.ts", b"const a = 2;\n", b"const a = 1;\n")
    assert not is_cosmetic("a.ts", b"const a = 1;  \n", b"const a = 1;\n")  # redundant, not cosmetic
    assert not is_cosmetic("a.ts", b"'// x'\n", b"'// y'\n")  # a string is no comment
    assert is_cosmetic("a.ts", b"/* one\n two */\nconst a = 1;\n", b"/* three\n four */\nconst a = 1;\n")
    assert not is_cosmetic("a.ts", b"/* one */\nconst a = 1;\nb\n", b"/* one */\nconst a = 1;\nc\n")
    assert is_cosmetic("a.py", b"# mine\nx = 1\n", b"x = 1\n")
    assert not is_cosmetic("a.py", b"x = 2\n", b"x = 1\n")


# --------------------------------------------------------------------------------------- F5 move-up


def test_finding_f5_move_up_names_the_others_that_would_take_the_moved_copy(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    plan = plan_move_up(resolver.load(root), "web", "comp/x.tsx", "tpl")
    assert [(w.path, w.content, w.expect) for w in plan.writes] == [(f"{TPL}/comp/x.tsx", SHARED.encode(), None)]
    assert [r.path for r in plan.removals] == [f"{C1}/comp/x.tsx", f"{C2}/comp/x.tsx"]
    changed = {e.store: (e.now, e.then) for e in plan.effects if not e.same}
    assert changed == {"tpl": ("base", "tpl"), "c3": ("base", "tpl")}
    before = composed(root)
    Journal(plan.root).apply(plan)
    after = composed(root)
    assert after[("c3", "web", "comp/x.tsx")] != before[("c3", "web", "comp/x.tsx")]
    assert after[("c1", "web", "comp/x.tsx")] == before[("c1", "web", "comp/x.tsx")]


def test_finding_f5_move_up_keep_others_gives_them_what_they_have_today(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    plan = plan_move_up(resolver.load(root), "web", "comp/x.tsx", "tpl", keep_others=True)
    assert [w.path for w in plan.writes] == [f"{TPL}/comp/x.tsx", f"{C3}/comp/x.tsx"]
    assert plan.writes[1].content == (root / "apps/web/comp/x.tsx").read_bytes()
    assert all(e.same for e in plan.effects if e.deployable)
    before = composed(root)
    Journal(plan.root).apply(plan)
    assert composed(root) == before
    assert resolver.load(root).explain("c1", "web", "comp/x.tsx").winner == "tpl"


def test_move_up_bad_input_is_one_clear_error(tmp_path: Path) -> None:
    ws = resolver.load(make(tmp_path / "ws", history=False))
    with pytest.raises(RepairError, match="no child of s1"):
        plan_move_up(ws, "web", "comp/x.tsx", "s1")
    with pytest.raises(RepairError, match="no two children"):
        plan_move_up(ws, "web", "only.ts", "tpl")
    with pytest.raises(RepairError, match="base app"):
        plan_move_up(ws, "web", "package.json", "tpl")


# --------------------------------------------------------------------------------------- F2 orphans


@needs_git
def test_finding_f2_orphans_rename_moves_the_copy_and_deleted_one_is_removed(repo: Path) -> None:
    ws = resolver.load(repo)
    found = {o.source: o.new_source for o in find_orphans(ws)}
    assert found == {f"{S1}/comp/old.tsx": "apps/web/comp/new.tsx", f"{S2}/comp/gone.tsx": None}
    plan = plan_orphans(ws)
    assert [(w.path, w.expect) for w in plan.writes] == [(f"{S1}/comp/new.tsx", None)]
    assert plan.writes[0].content == (repo / S1 / "comp/old.tsx").read_bytes()
    assert sorted(r.path for r in plan.removals) == [f"{S1}/comp/old.tsx", f"{S2}/comp/gone.tsx"]
    Journal(plan.root).apply(plan)
    ws = resolver.load(repo)
    assert ws.explain("s1", "web", "comp/new.tsx").status is resolver.Status.OVERRIDE
    assert not (repo / S2 / "comp/gone.tsx").exists() and not (repo / S1 / "comp/old.tsx").exists()


@needs_git
def test_finding_f2_orphans_of_one_store(repo: Path) -> None:
    plan = plan_orphans(resolver.load(repo), "s2")
    assert [r.path for r in plan.removals] == [f"{S2}/comp/gone.tsx"] and not plan.writes


# --------------------------------------------------------------------------------------- applying


def test_a_file_edited_between_plan_and_apply_refuses_the_whole_plan(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    plan = plan_move_up(resolver.load(root), "web", "comp/x.tsx", "tpl", keep_others=True)
    (root / C2 / "comp/x.tsx").write_text("edited meanwhile\n", encoding="utf-8")
    before = snapshot(root)
    with pytest.raises(PlanRefused) as exc:
        Journal(plan.root).apply(plan)
    assert exc.value.paths == (f"{C2}/comp/x.tsx",)
    assert f"{C2}/comp/x.tsx" in str(exc.value)
    assert snapshot(root) == before
    assert Journal(plan.root).entries() == ((), ())


def test_a_file_created_where_a_plan_writes_refuses_it(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    plan = plan_move_up(resolver.load(root), "web", "comp/x.tsx", "tpl")
    (root / TPL / "comp").mkdir()
    (root / TPL / "comp/x.tsx").write_text("mine\n", encoding="utf-8")
    with pytest.raises(PlanRefused, match="a file now exists there"):
        Journal(plan.root).apply(plan)
    assert (root / C1 / "comp/x.tsx").exists()


def test_a_failure_half_way_leaves_every_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make(tmp_path / "ws", history=False)
    plan = plan_move_up(resolver.load(root), "web", "comp/x.tsx", "tpl", keep_others=True)
    before = snapshot(root)
    real_replace = os.replace
    calls: list[str] = []

    def failing_replace(src: str, dst: str) -> None:
        if str(dst).startswith(str(root)):
            calls.append(str(dst))
            if len(calls) == 2:
                raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(WriteRefused, match="every file is as it was"):
        Journal(plan.root).apply(plan)
    monkeypatch.setattr(os, "replace", real_replace)
    assert calls[0].endswith(os.path.join("tpl", "web", "comp", "x.tsx"))  # the first write was made, then undone
    assert snapshot(root) == before
    assert not (root / TPL / "comp").exists()  # the folder it made is gone again
    assert no_temp_files(root)
    assert Journal(plan.root).entries() == ((), ())


def test_a_removal_failing_half_way_brings_back_the_files_already_removed(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    plan = plan_move_up(resolver.load(root), "web", "comp/x.tsx", "tpl")
    before = snapshot(root)
    seen: list[Path] = []

    def trash(path: Path) -> str | None:
        seen.append(path)
        if len(seen) == 2:
            raise OSError(13, "Permission denied", str(path))
        return userdata.system_trash(path)

    with pytest.raises(WriteRefused):
        Journal(plan.root).apply(plan, trash)
    assert len(seen) == 2
    assert snapshot(root) == before
    assert no_temp_files(root)


def test_removal_goes_to_the_backup_when_no_trash_works(tmp_path: Path, data_home: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    plan = plan_cleanup(resolver.load(root))
    Journal(plan.root).apply(plan, lambda p: None)
    backups = list((data_home / "storelayers" / "backup").rglob("b.ts"))
    assert len(backups) == 1 and backups[0].read_bytes() == b"export const b = 1;   \r\n"


def test_removal_goes_to_the_trash_with_its_info(tmp_path: Path, data_home: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    plan = plan_cleanup(resolver.load(root))
    Journal(plan.root).apply(plan)
    assert (data_home / "Trash" / "files" / "b.ts").read_bytes() == b"export const b = 1;   \r\n"
    info = (data_home / "Trash" / "info" / "b.ts.trashinfo").read_text()
    assert "Path=" in info and "b.ts" in info


def test_a_path_leading_out_of_its_layer_is_refused(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / TPL / "comp")
    change = applying.Change(f"{TPL}/comp/x.tsx", TPL, None, b"x")
    with pytest.raises(PlanRefused, match="outside its layer"):
        applying.apply_changes(str(root), [change])
    assert not list(outside.iterdir())


# --------------------------------------------------------------------------------------- undo / redo


def test_undo_and_redo_several_levels(tmp_path: Path, data_home: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    states = [snapshot(root)]
    Journal(root).apply(plan_cleanup(resolver.load(root)))
    states.append(snapshot(root))
    Journal(root).apply(plan_move_up(resolver.load(root), "web", "comp/x.tsx", "tpl", keep_others=True))
    states.append(snapshot(root))
    Journal(root).apply(plan_cleanup(resolver.load(root), cosmetic=True))
    states.append(snapshot(root))
    assert len({tuple(sorted(s.items())) for s in states}) == 4
    j = Journal(root)
    assert [e.kind for e in j.entries()[0]] == ["cleanup", "move-up", "cleanup"]
    for level in (2, 1, 0):
        j.undo()
        assert snapshot(root) == states[level]
    with pytest.raises(NothingToUndo):
        j.undo()
    for level in (1, 2, 3):
        j.redo()
        assert snapshot(root) == states[level]
    with pytest.raises(NothingToUndo):
        j.redo()
    assert not list(root.rglob("*.trashinfo")) and not (root / ".storelayers").exists()
    assert (data_home / "storelayers" / "journal").is_dir()


def test_undo_refuses_after_an_edit_and_names_the_file(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    Journal(root).apply(plan_move_up(resolver.load(root), "web", "comp/x.tsx", "tpl"))
    (root / TPL / "comp/x.tsx").write_text("edited after the repair\n", encoding="utf-8")
    edited = snapshot(root)
    with pytest.raises(PlanRefused) as exc:
        Journal(root).undo()
    assert exc.value.paths == (f"{TPL}/comp/x.tsx",)
    assert "changed since it was applied" in str(exc.value)
    assert snapshot(root) == edited
    assert len(Journal(root).entries()[0]) == 1  # still undoable once the edit is taken back


def test_undo_removes_the_folders_the_repair_made(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    before = snapshot(root)
    Journal(root).apply(plan_move_up(resolver.load(root), "web", "comp/x.tsx", "tpl", keep_others=True))
    assert (root / TPL / "comp").is_dir() and (root / C3 / "comp").is_dir()
    Journal(root).undo()
    assert snapshot(root) == before
    assert not (root / TPL / "comp").exists() and not (root / C3 / "comp").exists()
    assert (root / TPL).is_dir()  # the layer folder was there before


def test_redo_refuses_after_an_edit(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    Journal(root).apply(plan_cleanup(resolver.load(root)))
    Journal(root).undo()
    (root / S1 / "b.ts").write_text("changed\n", encoding="utf-8")
    with pytest.raises(PlanRefused, match="changed since it was undone"):
        Journal(root).redo()


def test_a_new_repair_clears_the_redo_stack(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    Journal(root).apply(plan_cleanup(resolver.load(root)))
    Journal(root).undo()
    Journal(root).apply(plan_move_up(resolver.load(root), "web", "comp/x.tsx", "tpl"))
    assert Journal(root).entries()[1] == ()


def test_the_journal_is_keyed_by_the_real_path(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", history=False)
    link = tmp_path / "link"
    os.symlink(root, link)
    Journal(link).apply(plan_cleanup(resolver.load(link)))
    assert len(Journal(root).entries()[0]) == 1
    assert LINES  # the fixture's text is shared with the CLI tests


@needs_git
def test_finding_f1_rebase_without_a_common_version_or_of_a_binary_file_is_blocked(tmp_path: Path) -> None:
    from tests.gitrepo import commit, init
    from tests.wsbuilder import build

    root = tmp_path / "bin"
    build(
        root,
        {
            "alokai.config.json": {"stores": {"s": {}}},
            "apps": {
                "web": {"img.bin": b"\x00base\x00"},
                "stores": {"s": {"web": {"img.bin": b"\x00mine\x00", "late.ts": "mine\n"}}},
            },
        },
    )
    init(root)
    commit(root, "all", 0)
    (root / "apps/web/img.bin").write_bytes(b"\x00base 2\x00")
    (root / "apps/web/late.ts").write_text("base came later\n", encoding="utf-8")
    commit(root, "base moves on", 5)
    plan = plan_rebase(resolver.load(root))
    assert not plan.writes
    reasons = {b.path: b.reason for b in plan.blocked}
    assert "git cannot merge" in reasons["apps/stores/s/web/img.bin"]
    assert "did not exist at the override's last commit" in reasons["apps/stores/s/web/late.ts"]


def test_a_data_folder_inside_the_workspace_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make(tmp_path / "ws", history=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "apps" / "stores" / "s1"))
    before = snapshot(root)
    with pytest.raises(PlanRefused, match="inside the workspace"):
        Journal(root).apply(plan_cleanup(resolver.load(root)))
    assert snapshot(root) == before


def test_a_backup_into_a_data_folder_inside_the_workspace_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make(tmp_path / "ws", history=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "apps" / "stores" / "s1"))
    before = snapshot(root)
    victim = root / S1 / "d.ts"
    assert victim.is_file()
    with pytest.raises(WriteRefused, match="inside the workspace"):
        userdata.backup(victim, os.path.realpath(root), f"{S1}/d.ts")
    assert snapshot(root) == before


# --------------------------------------------------------------------------------------- picked findings (the app)


def test_cleanup_of_picked_overrides_only(tmp_path: Path) -> None:
    ws = resolver.load(make(tmp_path / "ws", history=False))
    plan = plan_cleanup(ws, None, cosmetic=True, only=frozenset({f"{S1}/d.ts"}))
    assert [r.path for r in plan.removals] == [f"{S1}/d.ts"]  # b.ts is redundant too, but not picked
    assert [e.path for e in plan.effects] == ["d.ts"]


@needs_git
def test_finding_f2_a_picked_renamed_orphan_can_be_removed_instead_of_moved(repo: Path) -> None:
    ws = resolver.load(repo)
    plan = plan_orphans(ws, None, only=frozenset({f"{S1}/comp/old.tsx"}), follow_renames=False)
    assert plan.writes == ()
    assert [r.path for r in plan.removals] == [f"{S1}/comp/old.tsx"]
    assert "was renamed to apps/web/comp/new.tsx" in plan.removals[0].reason
    moved = plan_orphans(ws, None, only=frozenset({f"{S1}/comp/old.tsx"}))
    assert [w.path for w in moved.writes] == [f"{S1}/comp/new.tsx"]


@needs_git
def test_finding_f1_a_merge_finished_by_hand_is_written_only_without_markers_and_unchanged(repo: Path) -> None:
    from storelayers.resolver.ops.merge import has_conflict_markers, plan_resolved
    from storelayers.resolver.review.divergence import review

    ws = resolver.load(repo)
    finding = next(f for f in review(ws).stale if f.override.source == f"{S2}/a.ts")
    mine = (repo / S2 / "a.ts").read_bytes()
    with pytest.raises(RepairError, match="conflict marker"):
        plan_resolved(ws, finding, b"a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n", content_digest(mine))
    assert has_conflict_markers(b"x\n=======\n") and not has_conflict_markers(b"x\n======== a heading\n")
    done = b"resolved\n"
    plan = plan_resolved(ws, finding, done, content_digest(mine))
    assert [(w.path, w.expect, w.content) for w in plan.writes] == [(f"{S2}/a.ts", content_digest(mine), done)]
    (repo / S2 / "a.ts").write_bytes(mine + b"edited meanwhile\n")
    with pytest.raises(PlanRefused, match="changed since the plan was made"):
        Journal(plan.root).apply(plan)
    assert (repo / S2 / "a.ts").read_bytes() == mine + b"edited meanwhile\n"
