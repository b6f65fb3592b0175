"""`storelayers` headless commands: parse arguments, call the resolver, print. Nothing else.

Exit codes: 0 success; 1 `check` (or a `report` threshold) failed; 2 bad usage or unusable input,
always with one line on stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from storelayers.resolver.cli import fix as fix_cli
from storelayers.resolver.cli import report as report_cli
from storelayers.resolver.cli import textout
from storelayers.resolver.config import CONFIG_NAME
from storelayers.resolver.errors import StoreLayersError
from storelayers.resolver.model import Kind, Level
from storelayers.resolver.workspace import Workspace, load

PROG = "storelayers"


class UsageError(StoreLayersError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2 (argparse's own default prints usage too)
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _print_json(data: object, out: TextIO) -> None:
    out.write(json.dumps(textout.json_safe(data), indent=2, ensure_ascii=False) + "\n")  # one write, not one per token


def _split_app_path(ws: Workspace, value: str, store_key: str) -> tuple[str, str]:
    """APP/PATH, or a PATH alone (as `tree` prints it) when exactly one app of the store has it."""
    value = textout.unescape(value).strip("/")  # rule 1: a lone backslash is part of a name, kept
    app, _, path = value.partition("/")
    if app not in ws.apps:
        having = [a for a in ws.apps if ws.explain(store_key, a, value).chain]
        if len(having) == 1:
            return having[0], value
        if having:
            raise UsageError(f"'{value}' is in {len(having)} apps: name one, e.g. {having[0]}/{value}")
        raise UsageError(
            f"no app '{app}' in this workspace, and no app of {ws.stores[store_key].id} has '{value}': give APP/PATH "
            f"(apps: {', '.join(ws.apps) or 'none'})"
        )
    if not path:
        raise UsageError(f"'{value}' names no file: give APP/PATH, e.g. {app}/components/Header.tsx")
    return app, path


# ----------------------------------------------------------------------------- commands


def cmd_stores(args: argparse.Namespace, out: TextIO) -> int:
    ws = load(args.workspace)
    if args.json:
        _print_json(
            {
                "workspace": str(ws.root),
                "apps": list(ws.apps),
                "stores": [
                    {
                        "id": s.id,
                        "parent": ws.stores[s.parent].id if s.parent else None,
                        "kind": s.kind.value,
                        "depth": s.depth,
                        "path": s.key,
                    }
                    for s in ws.stores.values()
                ],
                "diagnostics": [d.to_json() for d in ws.diagnostics],
            },
            out,
        )
        return 0
    textout.print_stores(ws, out)
    return 0


def cmd_tree(args: argparse.Namespace, out: TextIO) -> int:
    ws = load(args.workspace)
    s = ws.store(textout.unescape(args.store))
    apps = [ws.check_app(textout.unescape(args.app))] if args.app else list(ws.apps)
    trees = [ws.effective_tree(s.key, a) for a in apps]
    if args.json:
        _print_json(
            {
                "store": s.id,
                "apps": [
                    {"app": t.app, "files": [f.to_json() for f in t.files], "ignored": list(t.ignored)} for t in trees
                ],
            },
            out,
        )
        return 0
    textout.print_trees(ws, s, trees, out)
    return 0


def cmd_which(args: argparse.Namespace, out: TextIO) -> int:
    ws = load(args.workspace)
    s = ws.store(textout.unescape(args.store))
    app, path = _split_app_path(ws, args.path, s.key)
    e = ws.explain(s.key, app, path)
    if not e.chain:
        raise UsageError(f"no layer in {s.id}'s chain has {app}/{path}")
    if args.json:
        _print_json(
            {
                "store": s.id,
                "app": app,
                "path": e.path,
                "winner": e.winner,
                "status": e.status.value if e.status else None,
                "chain": [
                    {
                        "layer": c.layer,
                        "source": c.source,
                        "used": c.used,
                        **({"generated": True} if c.generated else {}),
                    }
                    for c in e.chain
                    if not c.is_folder
                ],
                "ignored_by": e.ignore.pattern if e.ignore is not None and e.ignore.ignored else None,
            },
            out,
        )
        return 0
    textout.print_explanation(ws, s, e, out)
    return 0


def cmd_stats(args: argparse.Namespace, out: TextIO) -> int:
    ws = load(args.workspace)
    st = ws.stats()
    if args.json:
        _print_json(
            {
                "stores": [
                    {"id": x.id, "kind": x.kind.value, "apps": {a: c.to_json() for a, c in x.apps.items()}} for x in st
                ]
            },
            out,
        )
        return 0
    textout.print_stats(ws, st, out, by_app=args.by_app)
    return 0


def cmd_affected(args: argparse.Namespace, out: TextIO) -> int:
    from storelayers.resolver.affected import affected_stores, git_changed_paths, git_config_diff  # its command only

    ws = load(args.workspace)
    config_diff = None
    if args.files is not None:
        if args.to is not None:
            raise UsageError("--to goes with --since, not with --files")
        changed = [textout.unescape(f) for f in args.files]
    else:
        since = args.since or "HEAD~1"  # rule 12: like `store changed`
        changed = git_changed_paths(ws.root, since, args.to)
        if CONFIG_NAME in changed:
            config_diff = git_config_diff(ws.root, since, args.to)
    result = affected_stores(ws, changed, args.global_dependencies or (), config_diff)
    if args.condensed:
        _print_json([a.store_id for a in result], out)
    else:
        _print_json([a.to_json() for a in result], out)
    return 0


def cmd_compose(args: argparse.Namespace, out: TextIO) -> int:
    from storelayers.resolver.ops.compose import compose  # its command only (ops.* load ~10 ms)

    ws = load(args.workspace)
    dest = Path(args.out) if args.out else None
    if args.all:
        keys = [s.key for s in ws.stores.values() if s.kind is Kind.DEPLOYABLE]  # rule 13: deployable only
        if not keys:
            raise UsageError("no store is deployable: nothing to compose (see 'storelayers stores')")
    else:
        keys = [ws.store(textout.unescape(args.store)).key]
    results = [compose(ws, k, dest) for k in keys]
    for k in keys:
        if ws.stores[k].kind is Kind.TEMPLATE:  # said once it worked, so a refusal stays one line
            args.err.write(
                f"{PROG}: note: {textout.shown(ws.stores[k].id)} is a template; Alokai never composes templates\n"
            )
    if args.json:
        _print_json(
            [
                {"store": r.store, "out": str(r.out), "files": r.files, "bytes": r.bytes, "apps": list(r.apps)}
                for r in results
            ],
            out,
        )
        return 0
    for r in results:
        out.write(
            f"composed {textout.shown(r.store)}: {r.files} files ({r.bytes:,} bytes) into {textout.shown(str(r.out))}\n"
        )
    return 0


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    ws = load(args.workspace)
    diags = ws.diagnostics
    if args.json:
        _print_json([d.to_json() for d in diags], out)
    else:
        textout.print_diagnostics(diags, out)
    failing = (Level.ERROR, Level.WARNING) if getattr(args, "strict", False) else (Level.ERROR,)
    return 1 if any(d.level in failing for d in diags) else 0


# ----------------------------------------------------------------------------- parser


AddCommands = Callable[["argparse._SubParsersAction[_Parser]"], None]


def version() -> str:
    """The installed distribution's version ('unknown' when run from a bare checkout)."""
    from importlib import metadata

    try:
        return metadata.version("storelayers")
    except metadata.PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse.Action):
    """--version, asking the installed metadata only when given (that costs 50 ms at every start)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        sys.stdout.write(f"{PROG} {version()}\n")  # where argparse's own version action writes
        parser.exit()


def build_parser(extra: Sequence[AddCommands] = ()) -> argparse.ArgumentParser:
    """The one argument parser of `storelayers`: the headless commands, plus what `extra` registers
    (the desktop launcher adds `gui` and `screenshot` this way)."""
    p = _Parser(
        prog=PROG,
        description="See which layer every file of an Alokai Multistore store comes from.",
        epilog=(
            "With no command, the desktop app opens (the last workspace, else the bundled demo)."
            if extra
            else "The desktop app's commands (gui, screenshot) come with the 'storelayers' command."
        ),
    )
    p.add_argument("--version", action=_VersionAction, help="show program's version number and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in extra:
        add(sub)

    def ws_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("workspace", metavar="WORKSPACE", help="folder holding apps/ (and alokai.config.json)")

    sp = sub.add_parser("stores", help="list the stores, their kinds and the workspace's diagnostics")
    ws_arg(sp)
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.set_defaults(run=cmd_stores)

    sp = sub.add_parser("tree", help="a store's effective tree: every file and the layer it comes from")
    ws_arg(sp)
    sp.add_argument("store", metavar="STORE", help="store id (or its folder, when ids clash)")
    sp.add_argument("--app", help="only this app")
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.set_defaults(run=cmd_tree)

    sp = sub.add_parser("which", help="the cascade behind one file: which layer wins and why")
    ws_arg(sp)
    sp.add_argument("store", metavar="STORE")
    sp.add_argument(
        "path",
        metavar="APP/PATH",
        help="e.g. storefront-unified-nextjs/components/Header.tsx; the PATH alone (as `tree` prints it) "
        "when only one app has it",
    )
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.set_defaults(run=cmd_which)

    sp = sub.add_parser("stats", help="per-store counts of inherited, override, added, redundant and ignored files")
    ws_arg(sp)
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.add_argument("--by-app", action="store_true", help="one row per store and app")
    sp.set_defaults(run=cmd_stats)

    sp = sub.add_parser("affected", help="the deployable stores a change hits (for CI), as JSON")
    ws_arg(sp)
    src = sp.add_mutually_exclusive_group()
    src.add_argument("--files", nargs="+", metavar="PATH", help="changed workspace-relative paths")
    src.add_argument("--since", metavar="REV", help="read changes from git diff REV [--to REV] (default: HEAD~1)")
    sp.add_argument("--to", metavar="REV", help="with --since: the newer revision (default: the working tree)")
    sp.add_argument(
        "--global-dependencies", action="append", metavar="GLOB", help="paths whose change affects every store"
    )
    sp.add_argument("--condensed", action="store_true", help="print only the store ids")
    sp.add_argument("--json", action="store_true", help="print JSON (affected always does)")
    sp.set_defaults(run=cmd_affected)

    sp = sub.add_parser("compose", help="write a store's effective tree as files (like Alokai's .out/)")
    ws_arg(sp)
    which_store = sp.add_mutually_exclusive_group(required=True)
    which_store.add_argument("--store", metavar="ID", help="one store (a template too, with a note)")
    which_store.add_argument("--all", action="store_true", help="every deployable store")
    sp.add_argument("--out", metavar="DIR", help="output folder (default: WORKSPACE/.out)")
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.set_defaults(run=cmd_compose)

    sp = sub.add_parser("check", help="the workspace's diagnostics; exit 1 when any is an error")
    ws_arg(sp)
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings too (e.g. an ignore pattern that cannot be read)"
    )
    sp.set_defaults(run=cmd_check)

    report_cli.add_parser(sub)
    sub.choices["report"].set_defaults(run=lambda args, out: report_cli.run(args, out, args.err))
    fix_cli.add_parser(sub)
    return p


def _lenient(stream: TextIO) -> TextIO:
    """A standard stream that can print anything: what its encoding cannot hold is written as a
    backslash escape instead of raising (the text is already escaped by `textout.shown`; this is
    the last guard, for a strict or non-UTF-8 terminal)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (OSError, ValueError):
            pass
    return stream


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    extra: Sequence[AddCommands] = (),
) -> int:
    """Run one command; returns the exit code."""
    out = out or _lenient(sys.stdout)
    err = err or _lenient(sys.stderr)
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(extra)
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help and --version print and stop
            return 0 if exc.code in (0, None) else 2
        if not getattr(args, "command", None):
            parser.print_help(out)
            return 2
        args.err = err
        return int(args.run(args, out) or 0)
    except StoreLayersError as exc:
        err.write(f"{PROG}: {textout.shown(str(exc))}\n")
        return 2
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        err.write(f"{PROG}: interrupted\n")
        return 130
    except Exception as exc:  # the last guard: one line, never a traceback
        err.write(f"{PROG}: internal error: {type(exc).__name__}: {textout.shown(str(exc))}\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
