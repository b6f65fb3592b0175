"""One palette for the app and the HTML report, and one list of scorecard columns for the app's
table, the report's table and the JSON document (issue #8, item 9)."""

from __future__ import annotations

import re
from pathlib import Path

from storelayers import resolver
from storelayers.resolver import palette
from storelayers.resolver.report import css
from storelayers.resolver.report.document import to_json
from storelayers.resolver.report.html import html_report
from storelayers.resolver.review.columns import SCORECARD_COLUMNS
from storelayers.resolver.review.divergence import review
from storelayers.resolver.review.findings import ReviewOptions

from tests.resolver.test_review import spec

ROOT = Path(__file__).resolve().parents[2]
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def test_the_report_css_takes_every_colour_from_the_palette() -> None:
    light = css.CSS.split("@media", 1)[0]
    dark = css.CSS.split("prefers-color-scheme: dark){", 1)[1].split("}", 1)[0]
    for block, values in ((light, palette.LIGHT), (dark, palette.DARK)):
        found = dict(re.findall(r"--(\w+):(#[0-9a-fA-F]{6})", block))
        assert found == {var: values[name] for var, name in css.VARIABLES.items()}


def test_no_colour_is_written_outside_the_palette() -> None:
    for rel in ("gui/theme.py", "resolver/report/css.py", "resolver/report/html.py", "resolver/report/svg.py"):
        assert HEX.findall((ROOT / rel).read_text(encoding="utf-8")) == [], rel
    assert set(palette.LIGHT) == set(palette.DARK) == set(palette.PALETTE)


def test_report_table_and_json_follow_the_one_column_list(make_ws) -> None:
    ws = resolver.load(make_ws(spec()))
    rv = review(ws, ReviewOptions(git=False))
    page = html_report(rv, ws)
    table = page[page.index('<table class="grid"><thead><tr><th title=') :]
    heads = re.findall(r"<th title=\"[^\"]*\">([^<]*)</th>", table.split("</thead>")[0])
    assert heads == [c.header for c in SCORECARD_COLUMNS]
    card = to_json(rv)["scorecards"][0]
    assert [c.json for c in SCORECARD_COLUMNS if c.json] == [
        k for k in card if k in {c.json for c in SCORECARD_COLUMNS}
    ]
