"""Issue 11: counts in the CLI's text agree with their words ("1 warning", never "1 warnings" or
"warning(s)")."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from storelayers.resolver.cli.main import main
from storelayers.resolver.words import plural, verb

from tests.conftest import DEMO

PACKAGE = "apps/stores/electronics/stores/electronics-b2b/storefront-unified-nextjs/package.json"


def _run(*argv: str | Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    main([str(a) for a in argv], out=out, err=err)
    return out.getvalue() + err.getvalue()


def test_plural_and_verb() -> None:
    assert plural(1, "warning") == "1 warning"
    assert plural(0, "warning") == "0 warnings"
    assert plural(1204, "store") == "1,204 stores"
    assert plural(2, "copy", "copies") == "2 copies"
    assert verb(1, "takes", "take") == "takes" and verb(3, "takes", "take") == "take"


def test_check_counts_one_warning_as_one_warning(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    shutil.copytree(DEMO, ws, symlinks=True)
    before = _run("check", ws)
    assert "2 warnings" in before and "1 note\n" in before
    (ws / PACKAGE).unlink()  # the demo's forbidden package.json override: one warning fewer
    text = _run("check", ws)
    assert "0 errors, 1 warning, 1 note\n" in text, text
    assert not re.search(r"\(s\)|\b1 (errors|warnings|notes)\b", text)
