"""One trip into Python per painted cell: `QAbstractItemModel.multiData` for the app's models.

A delegate asks a cell for seven roles (font, alignment, colours, check state, icon, text), and
Qt's own `multiData` calls `data()` once for each: seven calls from C++ into Python per cell, each
converting its arguments and taking the interpreter lock. A model that overrides `multiData` with
`fill` answers them in one call, looking its node up once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan

Span = QModelRoleDataSpan | QModelRoleData
"""What Qt hands `multiData`: a span of roles (or, as the stubs allow, one role's slot)."""


def fill(span: Span, value: Callable[[int], Any]) -> None:
    """Every role of `span` set to `value(role)` (None: no data for that role)."""
    slots = (span,) if isinstance(span, QModelRoleData) else cast(Iterable[QModelRoleData], span)
    for rd in slots:  # (the stubs do not say a span iterates)
        v = value(rd.role())
        if v is None:
            rd.clearData()
        else:
            rd.setData(v)
