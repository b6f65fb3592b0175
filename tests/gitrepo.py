"""Git histories for tests: deterministic dates, a local identity, never touching the project's repo."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

DAY = 86400
T0 = 1_704_067_200  # 2024-01-01T00:00:00Z


def git(repo: Path, *args: str, when: int | None = None) -> str:
    """Run git in `repo` with a clean, deterministic environment; returns stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"})
    if when is not None:
        stamp = f"@{when} +0000"
        env["GIT_AUTHOR_DATE"] = stamp
        env["GIT_COMMITTER_DATE"] = stamp
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return proc.stdout


def init(repo: Path) -> Path:
    """`git init` with a local user name and email."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Store Layers Tests")
    git(repo, "config", "user.email", "tests@example.invalid")
    git(repo, "config", "commit.gpgsign", "false")
    return repo


def commit(repo: Path, message: str, day: float, paths: tuple[str, ...] = (".",)) -> str:
    """Stage `paths` and commit them `day` days after 2024-01-01; returns the commit id."""
    git(repo, "add", "-A", "--", *paths)
    when = int(T0 + day * DAY)
    git(repo, "commit", "-q", "--allow-empty", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def append(path: Path, text: str) -> None:
    """Add lines to the end of a file."""
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(text)


def has_git() -> bool:
    return shutil.which("git") is not None


def base_moves_on(root: Path, line: str = "// base fix\n", subject: str = "base: fix X") -> Path:
    """Make `root` (built from tests.resolver.test_review.spec) a repository in which the stores
    copied the base, then the base's comp/x.tsx moved on: every copy of it is now stale."""
    init(root)
    commit(root, "base", 0, ("apps/web",))
    commit(root, "stores", 1)
    append(root / "apps/web/comp/x.tsx", line)
    commit(root, subject, 12)
    return root
