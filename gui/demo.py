"""The demo workspace the app opens: a copy of the bundled demo in the user's data folder, with a
short generated git history, so that edits never touch the installed files and the review shows
every kind of finding from the first minute.

The copy lives in `<AppDataLocation>/demo` (on Linux `$XDG_DATA_HOME/StoreLayers/Store Layers/demo`).
It is made again when the bundled demo (or the history below) changes: a content hash of both is
kept beside it, in `demo.sha256`. A copy being replaced is kept, renamed `demo-<hash>`, never deleted.

The history is made with a small git helper: `git` from PATH with an argument list, no shell,
a fixed author and committer, fixed dates, and none of the user's or the system's git config (no
hooks, no signing), in the repository it has just created.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storelayers import resources
from storelayers.gui.system import data_folder
from storelayers.resolver.errors import StoreLayersError

HISTORY_VERSION = "1"
"""Bump when the generated history changes: existing copies are then made again."""

IDENTITY = ("Store Layers demo", "demo@storelayers.invalid")
NEXT = "apps/storefront-unified-nextjs"
MIDDLEWARE = "apps/storefront-middleware"
FASHION_EU = "apps/stores/fashion/stores/fashion-eu"
ELECTRONICS = "apps/stores/electronics"
B2B = "apps/stores/electronics/stores/electronics-b2b"


class DemoUnavailable(StoreLayersError):
    """The demo copy could not be made (one line for the user)."""


def bundle_hash(folder: Path | None = None) -> str:
    """A hash of the bundled demo's names and bytes, and of the history's version."""
    src = folder or resources.demo_workspace()
    h = hashlib.sha256(f"history {HISTORY_VERSION}\n".encode())
    for p in sorted(src.rglob("*")):
        if p.is_file() and not p.is_symlink():
            h.update(p.relative_to(src).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def demo_workspace(folder: Path | None = None) -> Path:
    """The demo copy to open: made (or made again) when missing or out of date. The bundled demo is
    only read. Raises DemoUnavailable when the data folder cannot be written."""
    home = folder or data_folder()
    dest = home / "demo"
    stamp = home / "demo.sha256"
    want = bundle_hash()
    if dest.is_dir() and stamp.is_file() and stamp.read_text(encoding="ascii").strip() == want:
        return dest
    try:
        home.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".demo-building-", dir=home))
        work = building / "demo"
        shutil.copytree(resources.demo_workspace(), work, symlinks=True)
        for p in [work, *work.rglob("*")]:  # installed files may be read-only: the copy is for editing
            if not p.is_symlink():
                p.chmod(p.stat().st_mode | 0o200)
        made_history = make_history(work)
        if dest.exists():  # an older copy, perhaps with edits: kept beside, never deleted
            old = stamp.read_text(encoding="ascii").strip()[:8] if stamp.is_file() else "old"
            keep = home / f"demo-{old}"
            n = 1
            while keep.exists():
                n += 1
                keep = home / f"demo-{old}-{n}"
            dest.rename(keep)
        work.rename(dest)
        building.rmdir()
        stamp.write_text(want + "\n", encoding="ascii")
    except OSError as exc:
        raise DemoUnavailable(f"cannot make the demo copy in {home}: {exc.strerror or exc}") from exc
    if not made_history:
        (home / "demo-no-history.txt").write_text("git was not found: the demo copy has no history\n", encoding="utf-8")
    return dest


# ------------------------------------------------------------ the generated history


@dataclass(frozen=True)
class Step:
    """One commit: its date (UTC), message, and what it changes in the work tree first."""

    date: str
    message: str
    change: Callable[[Path], None]


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with (root / rel).open("a", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    return change


def _rename(rel: str, new_rel: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / new_rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).rename(root / new_rel)

    return change


def _cosmetic_copy(rel: str, new_rel: str) -> Callable[[Path], None]:
    """A copy that differs only in comments and blank lines (finding F4, cosmetic)."""

    def change(root: Path) -> None:
        text = (root / rel).read_text(encoding="utf-8")
        lines = ["// Copied for the B2B store; same settings, tidied up.", ""]
        for line in text.splitlines():
            lines.append(line)
            if line.rstrip().endswith(";") and not line.startswith(" "):
                lines.append("")
        (root / new_rel).parent.mkdir(parents=True, exist_ok=True)
        (root / new_rel).write_text("\n".join(lines) + "\n", encoding="utf-8")

    return change


def _nothing(root: Path) -> None:
    return None


STEPS = (
    Step("2026-01-05T10:00:00+00:00", "Start the Atelier and Voltix storefronts", _nothing),
    Step(
        "2026-01-20T09:30:00+00:00",
        "fashion-eu: footer shows the EU withdrawal notice",
        _append(
            f"{FASHION_EU}/storefront-unified-nextjs/components/footer/Footer.tsx",
            "\nexport const WITHDRAWAL_NOTICE = 'eu';\n",
        ),
    ),
    Step(
        "2026-02-02T14:10:00+00:00",
        "base: header gets a skip-to-content link",
        _append(f"{NEXT}/components/header/Header.tsx", "\nexport const SKIP_LINK_TARGET = '#main';\n"),
    ),
    Step(
        "2026-02-12T11:00:00+00:00",
        "middleware: rename the unified extension after what it adds",
        _rename(
            f"{MIDDLEWARE}/integrations/sapcc/extensions/unified.ts",
            f"{MIDDLEWARE}/integrations/sapcc/extensions/unified-products.ts",
        ),
    ),
    Step(
        "2026-02-20T16:45:00+00:00",
        "electronics-b2b: own copy of the theme",
        _cosmetic_copy(
            f"{ELECTRONICS}/storefront-unified-nextjs/config/theme.ts",
            f"{B2B}/storefront-unified-nextjs/config/theme.ts",
        ),
    ),
    Step(
        "2026-03-01T08:20:00+00:00",
        "fashion-eu: footer links the ODR platform",
        _append(
            f"{FASHION_EU}/storefront-unified-nextjs/components/footer/Footer.tsx",
            "export const ODR_URL = 'https://ec.europa.eu/consumers/odr';\n",
        ),
    ),
    Step(
        "2026-03-06T13:05:00+00:00",
        "fashion-eu: footer notice in the shop's language",
        _append(
            f"{FASHION_EU}/storefront-unified-nextjs/components/footer/Footer.tsx",
            "export const NOTICE_LOCALE = 'auto';\n",
        ),
    ),
)


def _git(root: Path, args: list[str], date: str = STEPS[0].date) -> None:
    """Run git in the repository the demo just created: fixed identity and date, no config but ours."""
    name, email = IDENTITY
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(root),  # no ~/.gitconfig
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    safe = ["-c", "core.hooksPath=" + os.devnull, "-c", "commit.gpgSign=false", "-c", "core.autocrlf=false"]
    subprocess.run(  # noqa: S603 - an argument list naming git, never a shell
        ["git", *safe, "-C", str(root), *args],  # noqa: S607 - git from PATH, as the resolver runs it
        env=env,
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )


def make_history(root: Path) -> bool:
    """Make `root` a git repository whose history holds every kind of review finding: stale
    overrides (a hidden file changed after the override copied it), an orphaned one (the file it
    overrode was renamed), a cosmetic one (only comments and blank lines differ). False when git
    is not there (the copy then has no history)."""
    if shutil.which("git") is None:
        return False
    try:
        _git(root, ["init", "-q", "-b", "main"])
        for step in STEPS:
            step.change(root)
            _git(root, ["add", "-A"], step.date)
            _git(root, ["commit", "-q", "--allow-empty", "-m", step.message], step.date)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root / ".git", ignore_errors=True)
        err = exc.stderr.decode("utf-8", "replace").strip().splitlines() if exc.stderr else []
        raise OSError(f"git failed making the demo history: {err[-1] if err else exc}") from exc
    return True
