"""Hostile names on output (issue #10 items 7 and 8): control characters never reach the terminal
raw, bytes that are not UTF-8 never break an output, and the escaped form is accepted back."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from storelayers.resolver.cli.textout import shown, unescape

from tests.hostile import run_strict

WEB = "web"
CONTROL = "x\x1b]0;pwned\x07\x1b[2J\rboom"  # set the title, clear the screen, return to column 0
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="names with control bytes")
RAW = os.fsdecode(b"caf\xe9-\xff")  # not UTF-8: Python keeps the bytes as lone surrogates


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    web = root / "apps" / WEB
    web.mkdir(parents=True)
    (web / "a.ts").write_text("a")
    (web / f"{CONTROL}.ts").write_text("c")
    os.mkdir(os.fsencode(web) + b"/dir\xff")
    (Path(os.fsdecode(os.fsencode(web) + b"/dir\xff")) / f"{RAW}.ts").write_text("r")
    for sid in (CONTROL, RAW):
        layer = root / "apps" / "stores" / sid / WEB
        layer.mkdir(parents=True)
        (layer / "a.ts").write_text("override")
        (layer / f"{RAW}.ts").write_text("added")
    (root / "alokai.config.json").write_text(json.dumps({"stores": {CONTROL: {"deployment": {}}}}))
    return root


def _no_control(text: str) -> None:
    assert not any(c in text for c in "\x1b\x07\r"), text


@posix_only
@pytest.mark.parametrize("cmd", [["stores"], ["tree", CONTROL], ["tree", RAW], ["stats"], ["check"]])
def test_text_output_escapes_control_characters_and_undecodable_bytes(hostile, cmd):
    code, out, err = run_strict(cmd[0], hostile, *cmd[1:])
    assert code in (0, 1), err
    _no_control(out)
    _no_control(err)
    if cmd[0] in ("stores", "tree"):
        assert shown(CONTROL) in out and "\\x1b]0;pwned\\x07" in out
        assert "caf\\xe9-\\xff" in out


@posix_only
def test_which_output_escapes_the_names(hostile):
    code, out, err = run_strict("which", hostile, shown(CONTROL), f"{WEB}/a.ts")
    assert code == 0, err
    _no_control(out)
    assert shown(CONTROL) in out


@posix_only
@pytest.mark.parametrize("cmd", [["stores"], ["tree", RAW], ["stats"], ["check"], ["affected", "--files", "x"]])
def test_json_output_is_valid_utf8_with_control_characters_escaped_by_json(hostile, cmd):
    args = [cmd[0], hostile, *cmd[1:]]
    if cmd[0] != "affected":
        args.append("--json")
    code, out, err = run_strict(*args)
    assert code in (0, 1), err
    _no_control(out)  # JSON writes ESC as \u001b
    data = json.loads(out)
    text = json.dumps(data, ensure_ascii=False)
    if cmd[0] == "stores":
        assert CONTROL in [s["id"] for s in data["stores"]]  # the exact name, once JSON is read
    if cmd[0] in ("stores", "tree"):
        assert "caf\\\\xe9-\\\\xff" in text  # the undecodable bytes in the escaped form


@posix_only
def test_report_files_with_undecodable_names_are_written(hostile, tmp_path):
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    code, out, err = run_strict("report", hostile, "--html", html, "--json", js)
    assert code == 0, err
    html.read_bytes().decode("utf-8")  # valid UTF-8
    json.loads(js.read_bytes().decode("utf-8"))
    code, out, err = run_strict("report", hostile, "--json", "-")
    assert code == 0, err
    json.loads(out)


@posix_only
def test_escaped_names_are_accepted_back_as_input(hostile):
    code, out, err = run_strict("which", hostile, shown(RAW), f"{WEB}/{shown(RAW)}.ts", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["status"] == "added" and data["path"] == f"{shown(RAW)}.ts"
    code, out, err = run_strict("which", hostile, shown(CONTROL), f"{WEB}/dir\\xff/{shown(RAW)}.ts", "--json")
    assert code == 0, err
    assert json.loads(out)["status"] == "inherited"
    code, out, err = run_strict("tree", hostile, shown(CONTROL), "--json")
    assert code == 0, err
    code, out, err = run_strict(
        "affected", hostile, "--files", f"apps/stores/{shown(CONTROL)}/{WEB}/{shown(RAW)}.ts", "--condensed"
    )
    assert code == 0, err
    assert json.loads(out) == [CONTROL]


def test_an_unknown_store_with_control_characters_is_one_escaped_line(hostile):
    code, out, err = run_strict("tree", hostile, "nope\x1b[2J")
    assert code == 2
    _no_control(err)
    assert err.count("\n") == 1


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",))) | st.builds(os.fsdecode, st.binary()))
def test_shown_round_trips_through_unescape(name):
    out = shown(name)
    assert unescape(out) == name
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in out)
