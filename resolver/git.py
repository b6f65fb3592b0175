"""The narrow functions through which the resolver reads git history (for staleness).

Every call is `git -C <workspace> ...` with an argument list, never a shell. The whole history of a
workspace is read with one `git log`; file contents at old revisions with one `git cat-file --batch`.
Nothing here changes a repository. Tests replace `run_git` to simulate a missing or failing git.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from storelayers.resolver.errors import GitError

GIT = "git"
_RS, _US = b"\x1e", b"\x1f"


class NotARepository(GitError):
    """The workspace is not inside a git work tree: staleness is unknown."""


@dataclass(frozen=True)
class Commit:
    """One commit of the workspace's history."""

    sha: str
    time: int  # committer time, seconds since the epoch (UTC)
    author: str
    subject: str


@dataclass(frozen=True)
class History:
    """The workspace's history, newest commit first (`git log --date-order`, so a child always
    comes before its parents): for each workspace-relative path, the indices of the commits that
    touched it, newest first. A smaller index means a newer commit."""

    commits: tuple[Commit, ...] = ()
    by_path: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: MappingProxyType({}))
    head: str = ""
    shallow: bool = False

    def last(self, path: str) -> int | None:
        """Index of the newest commit that touched `path`, None when it was never committed."""
        hit = self.by_path.get(path)
        return hit[0] if hit else None

    def newer_than(self, path: str, index: int) -> tuple[int, ...]:
        """Indices of the commits to `path` newer than commit `index`, newest first."""
        return tuple(i for i in self.by_path.get(path, ()) if i < index)


# Settings that make git run a program, each switched off on every call (`-c` beats the repository's
# own config). Filters and diff drivers are named by the repository, so their names are read first.
_OFF = (
    "core.fsmonitor=false",
    "core.hooksPath=" + os.devnull,
    "core.pager=cat",
    "core.editor=true",
    "core.askPass=",
    "core.sshCommand=",
    "core.attributesFile=" + os.devnull,
    "core.untrackedCache=false",
    "diff.external=",
    "log.showSignature=false",
    "gpg.program=",
    "credential.helper=",
    "protocol.allow=never",
)
_DRIVER = re.compile(r"^(filter|diff|merge)\.(.+)\.(clean|smudge|process|textconv|command|driver)$", re.S)
# Environment variables through which git would run a program or read another repository.
_ENV_DROP = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_EXTERNAL_DIFF",
    "GIT_ASKPASS",
    "SSH_ASKPASS",
    "GIT_SSH",
    "GIT_SSH_COMMAND",
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
    "GIT_PAGER",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_ATTR_SOURCE",
    "GIT_PROXY_COMMAND",
)


def _env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _ENV_DROP and not k.startswith("GIT_CONFIG_KEY_") and not k.startswith("GIT_CONFIG_VALUE_")
    }
    env.update(
        {
            "LC_ALL": "C",
            "LANGUAGE": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_PAGER": "cat",
            "PAGER": "cat",
            "GIT_ATTR_NOSYSTEM": "1",
            "GIT_NO_LAZY_FETCH": "1",
        }
    )
    return env


def _exec(cmd: list[str], stdin: bytes | None, env: Mapping[str, str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(  # noqa: S603 - an argument list naming git, never a shell
            cmd,
            input=stdin,
            capture_output=True,
            env=dict(env),
            check=False,
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed (or not on PATH)") from exc
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from exc


def _fail(root: Path, args: Sequence[str], proc: subprocess.CompletedProcess[bytes]) -> GitError:
    msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    first = next((m for m in msg if m.startswith(("fatal:", "error:"))), msg[0] if msg else "")
    first = first.removeprefix("fatal: ").removeprefix("error: ")
    if "not a git repository" in first:
        return NotARepository(f"{root} is not inside a git repository")
    if "dubious ownership" in first:
        return GitError(
            f"git refuses to read {root}: the repository belongs to another user "
            "(see git's safe.directory); history is not read"
        )
    return GitError(f"git {args[0] if args else ''} failed: {first or f'exit status {proc.returncode}'}")


def hardening(root: Path) -> list[str]:
    """The `-c` options that switch off everything git could execute for this repository.

    Fixed settings (fsmonitor, hooks, pager, external diff, signatures, credentials, transports) plus
    every filter, diff and merge driver that any config level names, each set to nothing. Reading the
    config runs nothing. The answer is kept per folder while the config files git reads from there
    are unchanged (`_config_files`: path, mtime, size, inode of each), so a series of git calls on one
    repository reads its config once, and an edit to any of them is seen by the next call."""
    key = os.path.abspath(root)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
    if hit is not None and hit[0] == _stamps(hit[1]):
        return list(hit[2])
    before = _config_files(key, hit[1] if hit is not None else ())
    stamped = _stamps(before)  # taken before reading: a file edited while git reads it is not kept as read
    opts = [a for kv in _OFF for a in ("-c", kv)]
    proc = _exec([GIT, *opts, "-C", str(root), "config", "--list", "--show-origin", "-z"], None, _env())
    drivers: set[str] = set()
    origins: list[str] = []
    keep = proc.returncode == 0
    if keep:
        origins = _scan_config(key, proc.stdout.split(b"\0"), drivers)
    else:  # a git before 2.8 has no --show-origin: the plain listing, not kept
        proc = _exec([GIT, *opts, "-C", str(root), "config", "--list", "-z"], None, _env())
        if proc.returncode == 0:
            for item in proc.stdout.split(b"\0"):
                m = _DRIVER.match(item.split(b"\n", 1)[0].decode("utf-8", "surrogateescape"))
                if m:
                    drivers.add(f"{m.group(1)}.{m.group(2)}")
    for d in sorted(drivers):
        if d.startswith("filter."):
            opts += ["-c", f"{d}.clean=", "-c", f"{d}.smudge=", "-c", f"{d}.process=", "-c", f"{d}.required=false"]
        elif d.startswith("diff."):
            opts += ["-c", f"{d}.textconv=", "-c", f"{d}.command="]
        else:
            opts += ["-c", f"{d}.driver="]
    if keep:
        files = _config_files(key, [*before, *origins])
        now = _stamps(files)
        keep = files[: len(before)] == before and now[: len(stamped)] == stamped
    if keep:
        with _CACHE_LOCK:
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = (now, files, tuple(opts))
    return opts


_Stamp = tuple[int, int, int, int] | None
_CACHE: dict[str, tuple[tuple[_Stamp | str, ...], tuple[str, ...], tuple[str, ...]]] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 64
# The environment that decides which config files git reads (the rest of `_env` is fixed).
_CONFIG_ENV = (
    "HOME",
    "XDG_CONFIG_HOME",
    "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_SYSTEM",
    "GIT_CONFIG_NOSYSTEM",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "PREFIX",
)


def _scan_config(root: str, items: list[bytes], drivers: set[str]) -> list[str]:
    """Driver names (into `drivers`) and the files behind `git config --list --show-origin -z`'s
    items, plus the files its `include.path` / `includeIf.*.path` entries name (they may not exist yet)."""
    files: list[str] = []
    origin = ""
    for i in range(0, len(items) - 1, 2):
        where = items[i].decode("utf-8", "surrogateescape")
        entry = items[i + 1].decode("utf-8", "surrogateescape")
        name, _, value = entry.partition("\n")
        if where.startswith("file:"):
            origin = os.path.join(root, where[5:])
            files.append(origin)
        m = _DRIVER.match(name)
        if m:
            drivers.add(f"{m.group(1)}.{m.group(2)}")
        low = name.lower()
        if value and low.endswith(".path") and (low == "include.path" or low.startswith("includeif.")):
            target = os.path.expanduser(value) if value.startswith("~") else value
            files.append(os.path.join(os.path.dirname(origin) if origin else root, target))
    return files


def _config_files(root: str, origins: Iterable[str]) -> tuple[str, ...]:
    """Every file whose change could change what `git config --list` says from `root`: the system
    and global config files (existing or not), each folder's `.git` from `root` up to the first
    repository found (a repository made in between would be found instead), that repository's
    config files, and the files the last listing came from (included ones too)."""
    env = os.environ
    home = env.get("HOME", "")
    xdg = env.get("XDG_CONFIG_HOME") or (os.path.join(home, ".config") if home else "")
    out: dict[str, None] = {}
    for f in (
        env.get("GIT_CONFIG_GLOBAL"),
        env.get("GIT_CONFIG_SYSTEM"),
        "/etc/gitconfig",
        os.path.join(home, ".gitconfig") if home else None,
        os.path.join(xdg, "git", "config") if xdg else None,
    ):
        if f:
            out[f] = None
    folder = root
    while True:
        dotgit = os.path.join(folder, ".git")
        out[dotgit] = None
        gitdir = _gitdir(folder, dotgit)
        if gitdir is not None:
            out[os.path.join(gitdir, "config")] = None
            out[os.path.join(gitdir, "config.worktree")] = None
            common = os.path.join(gitdir, "commondir")
            out[common] = None
            try:
                with open(common, encoding="utf-8", errors="surrogateescape") as fh:
                    shared = os.path.join(gitdir, fh.read().strip())
                out[os.path.join(shared, "config")] = None
            except OSError:
                pass
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for f in origins:
        out[f] = None
    return tuple(out)


def _gitdir(folder: str, dotgit: str) -> str | None:
    """The git folder a `.git` entry stands for: itself, or where a `.git` file's `gitdir:` points."""
    if os.path.isdir(dotgit):
        return dotgit
    try:
        with open(dotgit, encoding="utf-8", errors="surrogateescape") as fh:
            line = fh.readline().strip()
    except OSError:
        return None
    if line.startswith("gitdir:"):
        return os.path.join(folder, line[7:].strip())
    return None


def _stamps(files: tuple[str, ...]) -> tuple[_Stamp | str, ...]:
    """The environment that picks config files, and (mtime, ctime, size, inode) of each file (None: absent)."""
    out: list[_Stamp | str] = [os.environ.get(k, "\0") for k in _CONFIG_ENV]
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            out.append(None)
            continue
        out.append((st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino))
    return tuple(out)


def run_git(root: Path, args: Sequence[str], stdin: bytes | None = None, ok: Sequence[int] = (0,)) -> bytes:
    """Run `git -C root args...` hardened (see `hardening`) and return its standard output.

    GitError when git cannot run or exits with a status not in `ok`, with one clear line. Every git
    call of Store Layers goes through here: never a shell, never a pager, never a program named by
    the repository."""
    return _run_git(root, args, stdin, ok)[0]


def _run_git(
    root: Path, args: Sequence[str], stdin: bytes | None, ok: Sequence[int], config_root: Path | None = None
) -> tuple[bytes, int]:
    env = _env()
    cmd = [GIT, "--no-pager", *hardening(config_root or root), "-C", str(root), *args]
    proc = _exec(cmd, stdin, env)
    if proc.returncode not in ok:
        raise _fail(root, args, proc)
    return proc.stdout, proc.returncode


MERGE_LABELS = ("override", "hidden file then", "hidden file now")


def merge_file(base: bytes, ours: bytes, theirs: bytes, labels: Sequence[str] = MERGE_LABELS) -> tuple[bytes, int]:
    """Three-way merge with `git merge-file -p --diff3`: (merged content, number of conflicts).

    `ours` is the version whose changes are kept (the override), `base` the common ancestor, `theirs`
    the version that moved on. The three versions are written to a private temporary folder, which is
    also git's working folder (merge-file needs no repository). Conflicts are marked in the result
    with `<<<<<<<`, `|||||||`, `=======` and `>>>>>>>`. GitError when git cannot merge (binary files)."""
    result = merge_files([(base, ours, theirs, labels)])[0]
    if isinstance(result, GitError):
        raise result
    return result


MergeInput = tuple[bytes, bytes, bytes, Sequence[str]]
"""(base, ours, theirs, labels) of one `merge_file`."""


def merge_files(items: Sequence[MergeInput], jobs: int | None = None) -> list[tuple[bytes, int] | GitError]:
    """`merge_file` of many triples, each answer (or its GitError) in order: one `git merge-file`
    process per triple, up to `jobs` at a time (default: the processors, at most 4), each in a
    private folder of one temporary folder, with the environment and hardening made once."""
    import tempfile
    from concurrent.futures import ThreadPoolExecutor
    from queue import SimpleQueue

    if not items:
        return []
    jobs = max(1, min(jobs or min(4, os.cpu_count() or 1), len(items)))
    # git finds from a private folder what it finds from the temporary folder itself (the private
    # folder holds only the three files): that folder's hardening serves every merge.
    opts = hardening(Path(tempfile.gettempdir()))
    env = _env()
    names = ("ours", "base", "theirs")
    with tempfile.TemporaryDirectory(prefix="storelayers-merge-") as tmp:
        slots: SimpleQueue[str] = SimpleQueue()
        for i in range(jobs):
            os.mkdir(os.path.join(tmp, str(i)), 0o700)
            slots.put(os.path.join(tmp, str(i)))

        def one(item: MergeInput) -> tuple[bytes, int] | GitError:
            base, ours, theirs, labels = item
            slot = slots.get()
            try:
                for name, data in zip(names, (ours, base, theirs), strict=True):
                    with open(os.path.join(slot, name), "wb") as fh:
                        fh.write(data)
                args = ["merge-file", "-p", "--diff3", "-L", labels[0], "-L", labels[1], "-L", labels[2], *names]
                try:
                    proc = _exec([GIT, "--no-pager", *opts, "-C", slot, *args], None, env)
                except GitError as exc:
                    return exc
                # The exit status is the number of conflicts (capped at 127); a negative one is an error.
                if not 0 <= proc.returncode < 128:
                    return _fail(Path(slot), args, proc)
                return proc.stdout, proc.returncode
            finally:
                slots.put(slot)

        if jobs == 1:
            return [one(item) for item in items]
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="storelayers-merge") as pool:
            return list(pool.map(one, items))


def repo_prefix(root: Path) -> str:
    """The workspace's folder inside its repository ('' at the top); NotARepository outside one."""
    out = run_git(root, ["rev-parse", "--show-prefix"]).decode("utf-8", "replace").strip()
    return out


def head(root: Path) -> str | None:
    """The commit HEAD names, None in a repository without commits."""
    try:
        return run_git(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).decode().strip() or None
    except NotARepository:
        raise
    except GitError:
        return None


def is_shallow(root: Path) -> bool:
    """True in a shallow clone, whose history is cut off (CI checkouts often are)."""
    return run_git(root, ["rev-parse", "--is-shallow-repository"]).strip() == b"true"


def resolve(root: Path, rev: str) -> str:
    """The commit a revision names; GitError with one clear line when it names none."""
    try:
        out = run_git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"])
    except NotARepository:
        raise
    except GitError:
        out = b""
    sha = out.decode("utf-8", "replace").strip()
    if not sha:
        raise GitError(f"'{rev}' is not a revision of this repository")
    return sha


def parse_log(data: bytes) -> History:
    """Parse `git log -z --name-only --format=%x1e%H%x1f%ct%x1f%an%x1f%s` output."""
    commits: list[Commit] = []
    by_path: dict[str, list[int]] = {}
    for chunk in data.split(_RS):
        if not chunk:
            continue
        header, _, rest = chunk.partition(b"\0")
        parts = header.split(_US, 3)
        if len(parts) < 4:
            continue
        try:
            when = int(parts[1])
        except ValueError:
            when = 0
        idx = len(commits)
        commits.append(
            Commit(
                parts[0].decode("ascii", "replace"),
                when,
                parts[2].decode("utf-8", "replace"),
                parts[3].decode("utf-8", "replace"),
            )
        )
        for raw in rest.split(b"\0"):
            raw = raw.lstrip(b"\n")
            if not raw:
                continue
            name = raw.decode("utf-8", "surrogateescape")
            lst = by_path.get(name)
            if lst is None:
                by_path[name] = [idx]
            elif lst[-1] != idx:
                lst.append(idx)
    return History(tuple(commits), MappingProxyType({k: tuple(v) for k, v in by_path.items()}))


def read_history(root: Path, rev: str | None = None) -> History:
    """The whole history of the workspace folder in one `git log` (paths relative to the workspace),
    up to HEAD, or up to the commit `rev` names (the history of a revision under review)."""
    top = head(root) if rev is None else resolve(root, rev)
    if top is None:
        return History()
    data = run_git(
        root,
        [
            "log",
            "--date-order",
            "--no-renames",
            "--no-textconv",
            "--no-ext-diff",
            "--no-show-signature",
            "--relative",
            "--name-only",
            "-z",
            "--format=%x1e%H%x1f%ct%x1f%an%x1f%s",
            top,
            "--",
            ".",
        ],
    )
    hist = parse_log(data)
    return History(hist.commits, hist.by_path, top, is_shallow(root))


def changed_paths(root: Path, since: str, to: str | None = None) -> frozenset[str]:
    """Workspace-relative paths that differ between `since` and `to` (the working tree when None).

    With renames off, a rename is a deletion plus an addition, so it counts both of its paths."""
    revs = [resolve(root, since)] + ([resolve(root, to)] if to is not None else [])
    data = run_git(
        root,
        ["diff", "--name-only", "-z", "--no-renames", "--no-textconv", "--no-ext-diff", "--relative", *revs, "--", "."],
    )
    return frozenset(p.decode("utf-8", "surrogateescape") for p in data.split(b"\0") if p)


def changed_since(root: Path, rev: str) -> frozenset[str]:
    """Workspace-relative paths that differ between `rev` and the working tree (renames count both sides)."""
    return changed_paths(root, rev)


def show_many(root: Path, prefix: str, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], bytes | None]:
    """Contents of (commit, workspace-relative path) pairs in one `git cat-file --batch`.

    A pair whose path did not exist at that commit maps to None. `prefix` is `repo_prefix(root)`."""
    pairs = list(dict.fromkeys(wanted))
    out: dict[tuple[str, str], bytes | None] = {p: None for p in pairs}
    asked = [p for p in pairs if "\n" not in p[1]]
    if not asked:
        return out
    stdin = "".join(f"{rev}:{prefix}{path}\n" for rev, path in asked).encode("utf-8", "surrogateescape")
    data = run_git(root, ["cat-file", "--batch"], stdin)
    pos = 0
    for pair in asked:
        nl = data.find(b"\n", pos)
        if nl < 0:
            break
        line = data[pos:nl]
        pos = nl + 1
        if line.endswith((b" missing", b" ambiguous")):
            continue
        header = line.split(b" ")
        if len(header) == 3 and header[1] in (b"blob", b"tree", b"commit", b"tag"):
            size = int(header[2])
            if header[1] == b"blob":
                out[pair] = data[pos : pos + size]
            pos += size + 1  # contents, then a newline
    return out
