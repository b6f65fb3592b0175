"""resolver.git: one batched log, contents at old revisions, clear errors, never a shell."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from storelayers.resolver import git
from storelayers.resolver.errors import GitError

from tests.gitrepo import DAY, T0, append, commit, init
from tests.hostile import hostile_git_config

pytestmark = pytest.mark.skipif(not __import__("shutil").which("git"), reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose workspace is a subfolder `ws/`, with three commits."""
    r = init(tmp_path / "repo")
    ws = r / "ws"
    (ws / "apps" / "web").mkdir(parents=True)
    (ws / "apps" / "web" / "a.ts").write_text("one\n")
    (ws / "apps" / "web" / "we ird\nname.ts").write_text("odd\n")
    (r / "outside.txt").write_text("not in the workspace\n")
    commit(r, "first", 0)
    append(ws / "apps" / "web" / "a.ts", "two\n")
    (ws / "apps" / "web" / "b.ts").write_text("b\n")
    commit(r, "second: a and b", 2)
    (r / "outside.txt").write_text("changed\n")
    commit(r, "outside only", 3)
    append(ws / "apps" / "web" / "a.ts", "three\n")
    commit(r, "third", 5)
    return ws


def test_history_is_one_log_relative_to_the_workspace(repo: Path, monkeypatch):
    calls = []
    real = git.run_git

    def spy(root, args, stdin=None):
        calls.append(list(args))
        return real(root, args, stdin)

    monkeypatch.setattr(git, "run_git", spy)
    hist = git.read_history(repo)
    assert [c[0] for c in calls].count("log") == 1
    assert [c.subject for c in hist.commits] == ["third", "second: a and b", "first"]  # "outside only" left out
    assert hist.commits[0].time == T0 + 5 * DAY
    assert hist.by_path["apps/web/a.ts"] == (0, 1, 2)
    assert hist.by_path["apps/web/b.ts"] == (1,)
    assert hist.by_path["apps/web/we ird\nname.ts"] == (2,)
    assert "outside.txt" not in hist.by_path
    assert hist.last("apps/web/a.ts") == 0 and hist.last("nope") is None
    assert hist.newer_than("apps/web/a.ts", 2) == (0, 1)
    assert not hist.shallow and len(hist.head) == 40


def test_prefix_and_contents_at_old_revisions_in_one_batch(repo: Path, monkeypatch):
    prefix = git.repo_prefix(repo)
    assert prefix == "ws/"
    hist = git.read_history(repo)
    first, second = hist.commits[2].sha, hist.commits[1].sha
    calls = []
    real = git.run_git
    monkeypatch.setattr(git, "run_git", lambda r, a, s=None: calls.append(a) or real(r, a, s))
    got = git.show_many(
        repo,
        prefix,
        [
            (first, "apps/web/a.ts"),
            (second, "apps/web/a.ts"),
            (first, "apps/web/b.ts"),
            (first, "apps/web/we ird\nname.ts"),
        ],
    )
    assert len(calls) == 1 and calls[0][0] == "cat-file"
    assert got[(first, "apps/web/a.ts")] == b"one\n"
    assert got[(second, "apps/web/a.ts")] == b"one\ntwo\n"
    assert got[(first, "apps/web/b.ts")] is None  # did not exist yet
    assert got[(first, "apps/web/we ird\nname.ts")] is None  # cannot be asked in a batch line: unknown, not wrong


def test_changed_since_and_bad_revisions(repo: Path):
    hist = git.read_history(repo)
    assert git.changed_since(repo, hist.commits[1].sha) == {"apps/web/a.ts"}
    (repo / "apps" / "web" / "b.ts").write_text("edited, not committed\n")
    assert git.changed_since(repo, "HEAD") == {"apps/web/b.ts"}
    with pytest.raises(GitError, match="not a revision"):
        git.resolve(repo, "no-such-branch")
    with pytest.raises(GitError, match="not a revision"):
        git.resolve(repo, "--output=/tmp/x")  # an option-looking revision is never taken as an option


def test_not_a_repository(tmp_path: Path):
    (tmp_path / "apps").mkdir()
    with pytest.raises(git.NotARepository):
        git.repo_prefix(tmp_path)


def test_git_missing_is_a_clear_error(repo: Path, monkeypatch):
    monkeypatch.setattr(git, "GIT", "git-that-does-not-exist-here")
    with pytest.raises(GitError, match="git is not installed"):
        git.repo_prefix(repo)


def test_empty_repository_has_no_history(tmp_path: Path):
    r = init(tmp_path / "empty")
    assert git.head(r) is None
    assert git.read_history(r).commits == ()


def test_parse_log_tolerates_odd_input():
    data = (
        b"\x1eaaa\x1f100\x1fAnn\x1fsubject with \x1f inside\x00\nx.ts\x00y.ts\x00"
        b"\x1ebroken header\x00\nz.ts\x00"
        b"\x1ebbb\x1fnot-a-time\x1fBob\x1fs\x00\nx.ts\x00"
    )
    hist = git.parse_log(data)
    assert [c.sha for c in hist.commits] == ["aaa", "bbb"]
    assert hist.commits[0].subject == "subject with \x1f inside"
    assert hist.commits[1].time == 0
    assert hist.by_path == {"x.ts": (0, 1), "y.ts": (0,)}


def test_never_a_shell(monkeypatch, repo: Path):
    seen = {}
    import subprocess

    real = subprocess.run

    def check(cmd, **kw):
        seen["cmd"] = cmd
        seen["shell"] = kw.get("shell", False)
        return real(cmd, **kw)

    monkeypatch.setattr(subprocess, "run", check)
    git.repo_prefix(repo)
    cmd = seen["cmd"]
    assert isinstance(cmd, list) and cmd[0] == "git" and cmd[cmd.index("-C") + 1] == str(repo)
    assert "--no-pager" in cmd and "core.fsmonitor=false" in cmd
    assert seen["shell"] is False


def test_git_runs_nothing_a_hostile_repository_config_names(repo: Path, tmp_path: Path):
    sentinel = tmp_path / "PWNED"
    hostile_git_config(repo.parent, sentinel)
    (repo / "apps" / "web" / "a.ts").write_text("edited in the working tree\n")
    os_time = 1_600_000_000
    __import__("os").utime(repo / "apps" / "web" / "a.ts", (os_time, os_time))  # stat-dirty: git re-reads it
    hist = git.read_history(repo)
    assert git.changed_since(repo, hist.commits[1].sha) == {"apps/web/a.ts"}
    assert "apps/web/a.ts" in git.changed_since(repo, "HEAD")
    git.show_many(repo, git.repo_prefix(repo), [(hist.head, "apps/web/a.ts")])
    assert not sentinel.exists(), "git ran a command named by the repository's config"


def _listings(monkeypatch) -> list[list[str]]:
    """The `git config --list` calls the hardening makes from now on."""
    seen: list[list[str]] = []
    real = git._exec

    def spy(cmd, stdin, env):
        if "config" in cmd and "--list" in cmd:
            seen.append(cmd)
        return real(cmd, stdin, env)

    monkeypatch.setattr(git, "_exec", spy)
    return seen


def test_hardening_reads_a_repository_config_once_while_it_is_unchanged(repo: Path, monkeypatch):
    listings = _listings(monkeypatch)
    first = git.hardening(repo)
    git.read_history(repo)
    git.show_many(repo, git.repo_prefix(repo), [("HEAD", "apps/web/a.ts")])
    assert git.hardening(repo) == first
    assert len(listings) == 1


def test_hardening_rereads_a_config_changed_between_calls(repo: Path, tmp_path: Path, monkeypatch):
    listings = _listings(monkeypatch)
    assert "filter.later.clean=" not in git.hardening(repo)
    subprocess.run(["git", "-C", str(repo), "config", "filter.later.clean", "touch x; cat"], check=True)
    assert "filter.later.clean=" in git.hardening(repo)
    # a file the config includes, missing at first, then written
    extra = tmp_path / "extra.inc"
    subprocess.run(["git", "-C", str(repo), "config", "include.path", str(extra)], check=True)
    assert "diff.inc.textconv=" not in git.hardening(repo)
    extra.write_text('[diff "inc"]\n\ttextconv = touch x; cat\n')
    assert "diff.inc.textconv=" in git.hardening(repo)
    extra.write_text('[merge "inc2"]\n\tdriver = touch x\n')  # the included file edited
    opts = git.hardening(repo)
    assert "merge.inc2.driver=" in opts and "diff.inc.textconv=" not in opts
    assert len(listings) == 5


def test_hardening_rereads_a_global_config_changed_between_calls(tmp_path: Path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    assert "filter.home.clean=" not in git.hardening(folder)
    (home / ".gitconfig").write_text('[filter "home"]\n\tclean = touch x; cat\n')
    assert "filter.home.clean=" in git.hardening(folder)
    # a repository made above the folder is found from it, and its config read
    r = init(tmp_path)
    subprocess.run(["git", "-C", str(r), "config", "diff.above.command", "touch x"], check=True)
    assert "diff.above.command=" in git.hardening(folder)


def test_merges_share_one_reading_of_the_config(monkeypatch):
    listings = _listings(monkeypatch)
    for n in range(3):
        merged, conflicts = git.merge_file(b"a\nb\nc\nd\ne\n", b"a\nB\nc\nd\ne\n", f"a\nb\nc\nd\ne{n}\n".encode())
        assert (merged, conflicts) == (f"a\nB\nc\nd\ne{n}\n".encode(), 0)
    assert len(listings) <= 1


def test_merge_files_answers_each_triple_in_order_with_its_own_error():
    base = b"a\nb\nc\nd\ne\n"
    items = [(base, b"a\nB\nc\nd\ne\n", f"a\nb\nc\nd\ne{n}\n".encode(), git.MERGE_LABELS) for n in range(6)]
    items.insert(2, (b"\0bin", b"\0bin2", b"\0bin3", git.MERGE_LABELS))  # git refuses binary files
    items.append((base, b"x\nb\nc\nd\ne\n", b"y\nb\nc\nd\ne\n", ("mine", "then", "now")))  # one conflict
    got = git.merge_files(items, jobs=3)
    assert len(got) == len(items)
    assert isinstance(got[2], GitError)
    clean = [g for i, g in enumerate(got[:-1]) if i != 2]
    assert clean == [(f"a\nB\nc\nd\ne{n}\n".encode(), 0) for n in range(6)]
    merged, conflicts = got[-1]
    assert conflicts == 1 and b"<<<<<<< mine\nx\n||||||| then\na\n=======\ny\n>>>>>>> now\n" in merged
