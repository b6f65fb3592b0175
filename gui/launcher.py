"""`storelayers`: the desktop app, its offscreen screenshot, or the headless commands.

No Qt import happens here at module level: headless commands run without PySide6 loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = text.lower().split("x")
        size = int(w), int(h)
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1440x900, not '{text}'") from None
    if not (200 <= size[0] <= 8000 and 200 <= size[1] <= 8000):
        raise argparse.ArgumentTypeError("size must be between 200x200 and 8000x8000")
    return size


def add_app_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register the desktop app's commands, `gui` and `screenshot`, on the CLI's one parser."""
    g = sub.add_parser("gui", help="open the desktop explorer (the default with no command)")
    g.add_argument("workspace", nargs="?", help="workspace folder (default: the last one, else the demo)")
    g.add_argument("--store", help="store id or folder to select")
    g.add_argument(
        "--select", metavar="APP/PATH", help="file to select, e.g. storefront-unified-nextjs/config/theme.ts"
    )
    g.add_argument("--demo", action="store_true", help="open the demo workspace (a copy of the bundled one)")
    g.add_argument(
        "--theme", choices=("light", "dark", "system"), help="light, dark, or follow the system (remembered)"
    )
    g.set_defaults(run=_run_app)
    s = sub.add_parser("screenshot", help="render the main window offscreen to a PNG and exit")
    s.add_argument("out", help="PNG file to write")
    s.add_argument("workspace", nargs="?", help="workspace folder (default: the demo)")
    s.add_argument("--store", help="store id or folder to select")
    s.add_argument("--select", metavar="APP/PATH", help="file to select")
    s.add_argument(
        "--view",
        choices=("tree", "diff", "review"),
        default="tree",
        help="the explorer (tree), the explorer with the diff large (diff), or the review view",
    )
    s.add_argument("--theme", choices=("light", "dark"), default="light")
    s.add_argument("--size", type=_size, default=(1440, 900), metavar="WxH")
    s.add_argument("--demo", action="store_true", help="use the bundled demo workspace")
    s.set_defaults(run=_run_app)


def _fail(message: str) -> int:
    print(f"storelayers: {message}", file=sys.stderr)
    return 2


def _run_app(ns: argparse.Namespace, out: TextIO) -> int:
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
    from storelayers.resolver.errors import StoreLayersError

    try:
        if getattr(ns, "workspace", None):
            from storelayers.resolver import check_workspace

            check_workspace(ns.workspace)  # one clear line and exit 2, before any window opens
        from storelayers.gui import app as gui_app

        if ns.command == "screenshot":
            ws = None if ns.demo else ns.workspace  # None: the demo copy (see gui/demo.py)
            return gui_app.screenshot(ns.out, ws, ns.store, ns.select, ns.view, ns.theme, ns.size)
        return gui_app.run(ns.workspace, ns.store, ns.select, ns.demo, ns.theme)
    except StoreLayersError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""))
    except KeyboardInterrupt:
        return 130


def main(argv: Sequence[str] | None = None) -> int:
    """`storelayers [COMMAND ...]`: no command (or only `--demo`) opens the app."""
    from storelayers.resolver.cli.main import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] == "--demo":
        args = ["gui", *args]
    return cli_main(args, extra=(add_app_commands,))


if __name__ == "__main__":
    sys.exit(main())
