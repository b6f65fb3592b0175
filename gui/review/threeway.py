"""Three versions of a stale override side by side: the parent as the override last saw it, the
parent now, and the override now. Two diffs share the left column (the parent then): what the
parent changed since, and what the override changes. Diffs come from `resolver.diff` and are
painted by the app's own diff canvas.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from storelayers.gui.diff_view import DiffCanvas
from storelayers.gui.text import plural
from storelayers.resolver.content import Text
from storelayers.resolver.diff import FileDiff, Side, diff_texts
from storelayers.resolver.report.document import iso
from storelayers.resolver.review.findings import StaleOverride


def _pair(left: Side, lt: Text, right: Side, rt: Text) -> tuple[FileDiff | None, str]:
    for side, t in ((left, lt), (right, rt)):
        if t.kind != "text":
            return None, f"{side.label}: {t.message}"
    return FileDiff(left, right, "text", diff_texts(lt.text, rt.text)), ""


class ThreeWayDialog(QDialog):
    """Shows one stale override's three versions as two diffs against the parent then."""

    def __init__(
        self, finding: StaleOverride, versions: tuple[Text, Text, Text], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        o = finding.override
        self.finding = finding
        self.setWindowTitle(f"Stale override: {o.store_id} / {o.app}/{o.path}")
        self.resize(1280, 720)
        c = finding.override_commit
        then_side = Side(f"{o.hidden_layer} at {c.sha[:8]} ({iso(c.time)[:10]})", o.hidden_source)
        now_side = Side(f"{o.hidden_layer} now", o.hidden_source)
        mine_side = Side(f"{o.store_id} now", o.source)
        head = QLabel(
            f"<b>{_esc(o.source)}</b> is {plural(finding.commits_behind, 'commit')} and {plural(finding.days_behind, 'day')} "
            f"behind <b>{_esc(o.hidden_source)}</b>. Left: what the parent changed since the override's last "
            f"commit. Right: what the override changes from that same version."
        )
        head.setWordWrap(True)
        self.parent_diff = DiffCanvas(self)
        self.override_diff = DiffCanvas(self)
        self.files = frozenset((o.source, o.hidden_source))  # workspace-relative: what it follows on disk
        self._sides = (then_side, now_side, mine_side)
        self.show_versions(versions)
        panes = QHBoxLayout()
        for title, canvas in (
            ("Parent then → parent now", self.parent_diff),
            ("Parent then → override now", self.override_diff),
        ):
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>"))
            box.addWidget(canvas, 1)
            panes.addLayout(box, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(panes, 1)
        layout.addWidget(buttons)

    def show_versions(self, versions: tuple[Text, Text, Text]) -> None:
        """Show (again) the three versions: the parent now and the override now follow the disk."""
        then, parent_now, mine = versions
        then_side, now_side, mine_side = self._sides
        fd, msg = _pair(then_side, then, now_side, parent_now)
        self.parent_diff.set_diff(fd, msg)
        fd, msg = _pair(then_side, then, mine_side, mine)
        self.override_diff.set_diff(fd, msg)


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
