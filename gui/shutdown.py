"""A window closed by a signal closes as its close button closes it.

`kill`, a logout (SIGTERM, SIGHUP) or Ctrl+C in the terminal that started the app (SIGINT) used to end
the process where it stood: the store, file, layout and first-run hint were not remembered, and a
review or copy on a worker was cut off. Python runs a signal handler only when the interpreter gets
control, which Qt's event loop does not give it while it waits; so the signal also writes a byte to a
socket (`signal.set_wakeup_fd`) that the event loop watches, and the handler then closes the window
through the event loop.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QWidget

SIGNALS = tuple(s for s in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)) if s is not None)

_LIVE: list[tuple[socket.socket, socket.socket, QSocketNotifier]] = []
"""The installed socket pairs and notifiers, kept until `restore`: Python writes to the socket's file
number at every signal, so the socket must outlive the caller's frame (a closed one's number is soon
another file's)."""


def close_on_signals(close: Callable[[], object], parent: QObject) -> Callable[[], None]:
    """Call `close` on the GUI thread when one of `SIGNALS` arrives; returns what puts the previous
    handlers back. Call it from the main thread (Python delivers signals there only)."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    old_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, parent)

    def drain() -> None:  # running Python here lets the interpreter call the handler below
        try:
            reader.recv(64)
        except OSError:
            pass

    notifier.activated.connect(drain)
    live = (reader, writer, notifier)
    _LIVE.append(live)

    def handler(_signum: int, _frame: FrameType | None) -> None:
        QTimer.singleShot(0, close)

    old = {s: signal.signal(s, handler) for s in SIGNALS}

    def restore() -> None:
        for s, h in old.items():
            signal.signal(s, h)
        signal.set_wakeup_fd(old_fd)
        notifier.setEnabled(False)
        _LIVE.remove(live)
        reader.close()
        writer.close()

    return restore


def close_all(win: QWidget) -> None:
    """Close an open dialog (as Cancel would: nothing it offers happens), then the window."""
    while (modal := QApplication.activeModalWidget()) is not None and modal is not win:
        modal.close()
        if modal.isVisible():  # it refused to close: leave the rest as it is
            return
    win.close()
