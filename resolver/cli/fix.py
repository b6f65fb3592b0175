"""`storelayers fix`: repairs from the command line, previewed unless --apply, undoable.

Exit 0 when the plan was applied (or, dry, when it can be applied in full); 1 when some items
cannot be (conflicts, blocked items, files changed since the plan: one per line, nothing of them
applied); 2 for bad input (one line on stderr). This module only parses, calls the engine and prints.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from storelayers.resolver.words import plural
from storelayers.resolver.workspace import Workspace, load

if TYPE_CHECKING:
    from storelayers.resolver.ops.plan import Plan

# The repairs (ops.*) are imported by the commands that run them, not when the CLI builds its
# parser: every command (a `report` or `stats` too) would otherwise pay some 30 ms to import them.

PROG = "storelayers"


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]  # argparse's private generic
    """Register `fix` and its repairs on the CLI's subparsers."""
    fx = subparsers.add_parser(
        "fix",
        help="repairs for the review's findings: rebase, cleanup, move-up, orphans; undo and redo",
        description="Compute a repair as a plan and print it; --apply applies it all-or-nothing. Exit 0 when "
        "applied (or, dry, when it can be applied in full), 1 when some items cannot be, 2 for bad input.",
    )
    sub = fx.add_subparsers(dest="repair", metavar="REPAIR", required=True, parser_class=type(fx))

    def common(sp: argparse.ArgumentParser, store: bool = True) -> None:
        sp.add_argument("workspace", metavar="WORKSPACE", help="folder holding apps/ (and alokai.config.json)")
        if store:
            sp.add_argument("--store", metavar="ID", help="only this store's files")
        sp.add_argument("--apply", action="store_true", help="apply the plan (default: print it, change nothing)")
        sp.add_argument("--json", action="store_true", help="print the plan (and the outcome) as JSON")

    sp = sub.add_parser("rebase", help="merge the hidden file's newer changes into stale overrides (F1)")
    common(sp)
    sp.add_argument("--path", metavar="APP/PATH", help="only the override at this path")
    sp.set_defaults(run=_rebase)

    sp = sub.add_parser("cleanup", help="remove redundant overrides (F3), with --cosmetic also cosmetic ones (F4)")
    common(sp)
    sp.add_argument("--cosmetic", action="store_true", help="also overrides differing only in whitespace or comments")
    sp.set_defaults(run=_cleanup)

    sp = sub.add_parser("move-up", help="move a copy that children share into their parent's layer (F5)")
    common(sp, store=False)
    sp.add_argument("--path", metavar="APP/PATH", required=True, help="the shared file")
    sp.add_argument("--parent", metavar="ID", required=True, help="the store whose layer gets the copy")
    sp.add_argument("--keep-others", action="store_true", help="the parent's other descendants keep what they have")
    sp.set_defaults(run=_move_up)

    sp = sub.add_parser("orphans", help="follow the base file's rename, or remove orphaned overrides (F2)")
    common(sp)
    sp.set_defaults(run=_orphans)

    for verb in ("undo", "redo"):
        sp = sub.add_parser(verb, help=f"{verb} the last repair {'applied' if verb == 'undo' else 'undone'}")
        sp.add_argument("workspace", metavar="WORKSPACE")
        sp.add_argument("--json", action="store_true", help="print the outcome as JSON")
        sp.set_defaults(run=lambda a, out, verb=verb: _undo_redo(a, out, verb))


def _cleanup(args: argparse.Namespace, out: TextIO) -> int:
    from storelayers.resolver.ops.repairs import plan_cleanup

    return _plan_and_run(args, out, plan_cleanup(load(args.workspace), args.store, args.cosmetic))


def _orphans(args: argparse.Namespace, out: TextIO) -> int:
    from storelayers.resolver.ops.orphans import plan_orphans

    return _plan_and_run(args, out, plan_orphans(load(args.workspace), args.store))


def _split_app_path(ws: Workspace, value: str) -> tuple[str, str]:
    from storelayers.resolver.ops.repairs import split_app_path

    return split_app_path(ws, value)


def _rebase(args: argparse.Namespace, out: TextIO) -> int:
    from storelayers.resolver.ops.merge import plan_rebase

    ws = load(args.workspace)
    app = path = None
    if args.path:
        app, path = _split_app_path(ws, args.path)
    return _plan_and_run(args, out, plan_rebase(ws, args.store, app, path))


def _move_up(args: argparse.Namespace, out: TextIO) -> int:
    from storelayers.resolver.ops.repairs import plan_move_up

    ws = load(args.workspace)
    app, path = _split_app_path(ws, args.path)
    return _plan_and_run(args, out, plan_move_up(ws, app, path, args.parent, args.keep_others))


def _plan_and_run(args: argparse.Namespace, out: TextIO, plan: Plan) -> int:
    from storelayers.resolver.ops.applying import PlanRefused
    from storelayers.resolver.ops.journal import Journal

    outcome: dict[str, Any] = {"applied": False, "refused": []}
    code = 0 if plan.complete else 1
    message = ""
    if args.apply and not plan.empty:
        try:
            Journal(plan.root).apply(plan)
            outcome["applied"] = True
            message = (
                "applied" + ("; the blocked items above were not" if plan.blocked else "") + f" (undo: {PROG} fix undo)"
            )
        except PlanRefused as exc:
            outcome["refused"] = list(exc.paths)
            code = 1
            message = f"refused, nothing changed: {exc}"
    elif args.apply:
        message = "nothing to apply"
    else:
        message = "dry run: nothing changed" + ("" if plan.empty else "; run again with --apply to apply it")
    if args.json:
        data = plan.to_json()
        data.update(outcome)
        data["exit"] = code
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return code
    print_plan(plan, out)
    if outcome["refused"]:
        out.write("changed since the plan was made:\n")
        for p in outcome["refused"]:
            out.write(f"  {p}\n")
    out.write(message + "\n")
    return code


def print_plan(plan: Plan, out: TextIO) -> None:
    """The plan as text: a title, each write and removal with its reason, blocked items, effects, notes."""
    n = len(plan.writes) + len(plan.removals)
    out.write(f"Plan: {plan.title} ({plural(n, 'file change')})\n")
    for w in plan.writes:
        verb = "write " if w.expect is not None else "create"
        out.write(f"  {verb} {w.path}\n      {w.reason}\n")
        for line in w.diff.splitlines():
            out.write(f"      {line}\n")
    for r in plan.removals:
        out.write(f"  remove {r.path}\n      {r.reason}\n")
    if plan.effects:
        out.write("What each store gets:\n")
        for e in plan.effects:
            now = e.now or "nothing"
            then = e.then or "nothing"
            kind = "deployable" if e.deployable else "template"
            same = (
                "same content"
                if e.same
                else "changes"
                + (f" at {'line' if len(e.lines) == 1 else 'lines'} {', '.join(map(str, e.lines))}" if e.lines else "")
            )
            out.write(f"  {e.store} ({kind}) {e.app}/{e.path}: {now} -> {then}, {same}\n")
    if plan.blocked:
        out.write(f"Cannot be repaired automatically ({len(plan.blocked)}):\n")
        for b in plan.blocked:
            out.write(f"  {b.path}: {b.reason}\n")
    for note in plan.notes:
        out.write(f"{note}\n")
    if not n and not plan.blocked:
        out.write("nothing to repair\n")


def _undo_redo(args: argparse.Namespace, out: TextIO, verb: str) -> int:
    from storelayers.resolver.ops.applying import PlanRefused
    from storelayers.resolver.ops.journal import Journal, NothingToUndo

    root = load(args.workspace).root
    journal = Journal(root)
    try:
        entry = journal.undo() if verb == "undo" else journal.redo()
    except NothingToUndo as exc:
        _say(args, out, {"done": False, "reason": str(exc)}, str(exc))
        return 1
    except PlanRefused as exc:
        lines = [str(exc), *[f"  {p}" for p in exc.paths]]
        _say(args, out, {"done": False, "reason": str(exc), "changed": list(exc.paths)}, "\n".join(lines))
        return 1
    done = "undone" if verb == "undo" else "redone"
    paths = [s.path for s in entry.steps]
    text = f"{done}: {entry.title} ({plural(len(paths), 'file')})\n" + "\n".join(f"  {p}" for p in paths)
    _say(args, out, {"done": True, "kind": entry.kind, "title": entry.title, "paths": paths}, text)
    return 0


def _say(args: argparse.Namespace, out: TextIO, data: dict[str, Any], text: str) -> None:
    if args.json:
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(text.rstrip("\n") + "\n")
