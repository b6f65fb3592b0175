"""The finding kinds `report --fail-on` accepts: a module of its own so that building the command
line does not import the report's machinery."""

from __future__ import annotations

FAIL_ON = ("stale", "orphaned", "redundant", "cosmetic", "hotspot", "forbidden", "error")
