"""Half-broken workspaces: the resolver says what it could not read and shows the rest."""

from __future__ import annotations

import errno
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storelayers.resolver import Kind, Level, Options, Status, fsio, load
from storelayers.resolver.affected import affected_stores
from storelayers.resolver.config import load_config
from storelayers.resolver.content import read_text
from storelayers.resolver.errors import BadConfigError

from tests.wsbuilder import store

WEB = "web"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_random_bytes_as_config_never_raise(tmp_path_factory, raw):
    root = tmp_path_factory.mktemp("cfg")
    (root / "alokai.config.json").write_bytes(raw)
    cfg = load_config(root)
    if cfg.broken:
        assert [d.code for d in cfg.diagnostics] == ["bad-config"]
        assert not cfg.present


@settings(max_examples=200, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
        max_leaves=10,
    )
)
def test_wrong_types_inside_config_never_raise(tmp_path_factory, value):
    root = tmp_path_factory.mktemp("types")
    (root / "apps" / WEB).mkdir(parents=True)
    (root / "apps" / "stores" / "s").mkdir(parents=True)
    for doc in ({"stores": value}, {"stores": {"s": value}}, {"stores": {"s": {"ignorePaths": value}}}):
        (root / "alokai.config.json").write_text(json.dumps(doc))
        ws = load(root)
        assert ws.effective_tree("s", WEB).files == ()
        assert all(d.level in Level for d in ws.diagnostics)


def test_ignore_paths_with_wrong_types_are_skipped_with_a_warning(make_ws):
    root = make_ws(
        {
            "alokai.config.json": {
                "stores": {"s": {"ignorePaths": ["a.ts", 3, None]}, "t": {"ignorePaths": "a.ts"}, "u": 7}
            },
            "apps": {WEB: {"a.ts": "a"}, "stores": {"s": store(), "t": store(), "u": store()}},
        }
    )
    ws = load(root)
    assert ws.effective_tree("s", WEB).ignored == ("a.ts",)
    assert ws.effective_tree("t", WEB).ignored == ()
    warnings = sorted(d.message for d in ws.diagnostics if d.level is Level.WARNING)
    assert len(warnings) == 4 and any("ignorePaths[1]" in m for m in warnings)
    # v2 (rule 2): no entry has a deployment object, so every store is a template (was: all listed, deployable)
    assert {s.kind for s in ws.stores.values()} == {Kind.TEMPLATE}


def test_unreadable_config_is_bad_config(make_ws, monkeypatch):
    root = make_ws({"alokai.config.json": "{}", "apps": {WEB: {}, "stores": {}}})
    real = fsio.read_bytes

    def deny(path):
        if path.endswith("alokai.config.json"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path)

    monkeypatch.setattr(fsio, "read_bytes", deny)
    ws = load(root)
    bad = [d for d in ws.diagnostics if d.code == "bad-config"]
    assert bad and "Permission denied" in bad[0].message
    with pytest.raises(BadConfigError):
        affected_stores(ws, ["yarn.lock"])


def test_config_that_is_a_folder_is_bad_config(make_ws):
    root = make_ws({"alokai.config.json/": {}, "apps": {WEB: {}, "stores": {}}})
    (root / "alokai.config.json").mkdir(exist_ok=True)
    assert "bad-config" in [d.code for d in load(root).diagnostics]


def test_unreadable_folder_is_a_diagnostic_and_the_rest_is_shown(make_ws, monkeypatch):
    root = make_ws(
        {"apps": {WEB: {"ok.ts": "1", "locked": {"x.ts": "2"}}, "stores": {"s": store({WEB: {"s.ts": "3"}})}}}
    )
    real = fsio.list_dir

    def deny(path, fd=None):
        if path.endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path, fd)

    monkeypatch.setattr(fsio, "list_dir", deny)
    ws = load(root)
    warnings = [(d.code, d.path) for d in ws.diagnostics if d.level is Level.WARNING and d.code != "no-config"]
    assert warnings == [("unreadable", "apps/web/locked")]
    assert [f.path for f in ws.effective_tree("s", WEB).files] == ["ok.ts", "s.ts"]


def test_file_vanishing_during_the_scan(make_ws, monkeypatch):
    root = make_ws({"apps": {WEB: {"a.ts": "a", "b.ts": "b"}, "stores": {"s": store({WEB: {"a.ts": "a"}})}}})
    real = fsio.list_dir

    def vanish(path, fd=None):
        entries = real(path, fd)
        if path.endswith(os.path.join("stores", "s", WEB)):
            os.remove(os.path.join(path, "a.ts"))  # gone between listing and reading
        return entries

    monkeypatch.setattr(fsio, "list_dir", vanish)
    ws = load(root)
    monkeypatch.setattr(fsio, "list_dir", real)
    # The listing still has it; its content cannot be read, so it is an override, never "redundant".
    e = ws.effective_tree("s", WEB).by_path()["a.ts"]
    assert e.status is Status.OVERRIDE
    assert read_text(str(root / "apps/stores/s/web/a.ts")).kind == "unreadable"
    new, changes = ws.update([root / "apps/stores/s/web/a.ts"])
    assert new.effective_tree("s", WEB).by_path()["a.ts"].layer == "base"


def test_file_turning_into_a_folder(make_ws):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store({WEB: {"x": "file"}})}}})
    ws = load(root)
    x = root / "apps/stores/s/web/x"
    x.unlink()
    x.mkdir()
    (x / "inner.ts").write_text("i")
    new, changes = ws.update([x])
    assert [f.path for f in new.effective_tree("s", WEB).files] == ["a.ts", "x/inner.ts"]
    assert {c.path for c in changes.entries} == {"x", "x/inner.ts"}


def test_case_insensitive_file_system_matches_names_ignoring_case(make_ws):
    root = make_ws({"apps": {WEB: {"Header.tsx": "base"}, "stores": {"s": store({WEB: {"header.tsx": "store"}})}}})
    ws = load(root, Options(case_sensitive=False))
    files = ws.effective_tree("s", WEB).files
    assert [(f.path, f.layer, f.status) for f in files] == [("header.tsx", "s", Status.OVERRIDE)]
    sensitive = load(root, Options(case_sensitive=True))
    assert len(sensitive.effective_tree("s", WEB).files) == 2


def test_case_sensitivity_is_asked_of_the_file_system(make_ws):
    root = make_ws({"apps": {WEB: {}, "stores": {}}})
    expected = not (root / "APPS").exists()
    assert load(root).case_sensitive is expected


@pytest.mark.parametrize(
    "name", ["with space.tsx", "[slug].tsx", "(group)", "ünïcødé.ts", "-leading-dash.ts", "emoji-🛒.ts"]
)
def test_awkward_names_resolve_and_explain(make_ws, name):
    root = make_ws({"apps": {WEB: {"d": {name: "base"}}, "stores": {"s": store({WEB: {"d": {name: "store"}}})}}})
    ws = load(root)
    e = ws.explain("s", WEB, f"d/{name}")
    assert e.winner == "s" and e.status is Status.OVERRIDE and len(e.chain) == 2


def test_binary_huge_and_undecodable_text_reads_never_raise(tmp_path):
    (tmp_path / "bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "bad").write_bytes(b"ok \xff\xfe\xfa bytes")
    (tmp_path / "u16").write_bytes("héllo".encode("utf-16"))
    (tmp_path / "big").write_bytes(b"a" * 2048)
    assert read_text(str(tmp_path / "bin")).kind == "binary"
    bad = read_text(str(tmp_path / "bad"))
    assert bad.kind == "text" and "\ufffd" in bad.text
    u16 = read_text(str(tmp_path / "u16"))
    assert (u16.kind, u16.text) == ("text", "héllo")
    assert read_text(str(tmp_path / "big"), limit=1024).kind == "too-large"
    assert read_text(str(tmp_path / "missing")).kind == "unreadable"
    assert read_text(str(tmp_path)).kind == "unreadable"
