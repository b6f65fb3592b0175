"""`storelayers`: the desktop app, its offscreen screenshot, or the headless commands.

No Qt import happens here at module level: headless commands run without PySide6 loaded.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

GUI_COMMANDS = ("gui", "screenshot")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = text.lower().split("x")
        size = int(w), int(h)
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1440x900, not '{text}'") from None
    if not (200 <= size[0] <= 8000 and 200 <= size[1] <= 8000):
        raise argparse.ArgumentTypeError("size must be between 200x200 and 8000x8000")
    return size


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="storelayers", description="See which layer every file of a store comes from.")
    sub = p.add_subparsers(dest="command")
    g = sub.add_parser("gui", help="open the desktop explorer")
    g.add_argument("workspace", nargs="?", help="workspace folder (default: the last one, else the demo)")
    g.add_argument("--store", help="store id or folder to select")
    g.add_argument("--select", metavar="APP/PATH", help="file to select, e.g. storefront-unified-nextjs/config/theme.ts")
    g.add_argument("--demo", action="store_true", help="open the bundled demo workspace")
    s = sub.add_parser("screenshot", help="render the main window offscreen to a PNG and exit")
    s.add_argument("out", help="PNG file to write")
    s.add_argument("workspace", nargs="?", help="workspace folder (default: the demo)")
    s.add_argument("--store", help="store id or folder to select")
    s.add_argument("--select", metavar="APP/PATH", help="file to select")
    s.add_argument("--view", choices=("tree", "diff", "review"), default="tree",
                   help="the explorer (tree), the explorer with the diff large (diff), or the review view")
    s.add_argument("--theme", choices=("light", "dark"), default="light")
    s.add_argument("--size", type=_size, default=(1440, 900), metavar="WxH")
    s.add_argument("--demo", action="store_true", help="use the bundled demo workspace")
    return p


def _fail(message: str) -> int:
    print(f"storelayers: {message}", file=sys.stderr)
    return 2


def main(argv: Optional[Sequence[str]] = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in and args_in[0] not in GUI_COMMANDS and args_in[0] != "--demo":
        from resolver import cli

        return cli.main(args_in)
    if not args_in:
        args_in = ["gui"]
    elif args_in[0] == "--demo":
        args_in = ["gui"] + args_in
    try:
        ns = _parser().parse_args(args_in)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    headless = (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
    )
    if headless and ns.command == "screenshot":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif headless:
        # Qt would abort the process here; say it in one line instead.
        return _fail(
            "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
            "'storelayers screenshot OUT.png' renders the app without one"
        )
    from resolver.errors import StoreLayersError

    try:
        if getattr(ns, "workspace", None):
            from resolver import check_workspace

            check_workspace(ns.workspace)  # one clear line and exit 2, before any window opens
        from gui import app as gui_app

        if ns.command == "screenshot":
            ws = ns.workspace
            if ns.demo or ws is None:
                import resources

                ws = str(resources.demo_workspace())
            return gui_app.screenshot(ns.out, ws, ns.store, ns.select, ns.view, ns.theme, ns.size)
        return gui_app.run(ns.workspace, ns.store, ns.select, ns.demo)
    except StoreLayersError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
