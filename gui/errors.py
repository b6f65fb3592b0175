"""One error hook: failures become a short message for the user; tracebacks go to stderr, never to a dialog."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from storelayers.resolver.errors import StoreLayersError

Reporter = Callable[[str, str], None]  # (title, message)

_reporter: Reporter | None = None


def user_message(exc: BaseException) -> str:
    """One clear line for a failure."""
    if isinstance(exc, StoreLayersError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return f"Permission denied: {exc.filename or exc}"
    if isinstance(exc, FileNotFoundError):
        return f"No such file or folder: {exc.filename or exc}"
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    return f"Something went wrong ({type(exc).__name__}: {exc}). Details were written to the terminal."


def report(exc: BaseException, title: str = "Store Layers") -> None:
    """Show a failure to the user (logging the traceback when it is a bug, not a refusal)."""
    if not isinstance(exc, StoreLayersError):
        text = getattr(exc, "__traceback_text__", None) or "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__)
        )
        sys.stderr.write(text)
    if _reporter is not None:
        _reporter(title, user_message(exc))


def install(reporter: Reporter) -> None:
    """Route uncaught exceptions (including those raised in Qt slots) to `reporter`."""
    global _reporter  # noqa: PLW0603 - one error hook per process, installed once by the app
    _reporter = reporter

    def hook(tp: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(tp, KeyboardInterrupt):
            sys.__excepthook__(tp, value, tb)
            return
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        report(value)

    sys.excepthook = hook
