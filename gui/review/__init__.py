"""The review view: scorecards, hotspot heatmap, store graph and stale overrides (issue #4)."""

from __future__ import annotations

from storelayers.gui.review.panel import ReviewPanel

__all__ = ["ReviewPanel"]
