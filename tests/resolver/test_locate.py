"""resolver.locate: pasted paths from build output or layers, to store, app and path."""

from __future__ import annotations

from storelayers import resolver
from storelayers.resolver.locate import locate

from tests.wsbuilder import store


def _ws(make_ws):
    return resolver.load(
        make_ws({"apps": {"web": {"a.ts": "1"}, "stores": {"s1": store({"web": {"a.ts": "2"}}, {"kid": store({})})}}})
    )


def test_output_path_with_position(make_ws) -> None:
    ws = _ws(make_ws)
    loc = locate(ws, ".out/kid/web/src/a.ts:12:3")
    assert loc.store_key == "apps/stores/s1/stores/kid" and loc.path == "src/a.ts" and loc.line == 12
    assert loc.via == "output"


def test_layer_paths(make_ws) -> None:
    ws = _ws(make_ws)
    assert locate(ws, "apps/web/a.ts").store_key is None
    loc = locate(ws, f"{ws.root}/apps/stores/s1/web/x/y.ts(4,1)")
    assert (loc.store_key, loc.app, loc.path, loc.line) == ("apps/stores/s1", "web", "x/y.ts", 4)
    assert locate(ws, "./apps/stores/s1/stores/kid/web/z.ts").store_key.endswith("kid")


def test_unknown_paths(make_ws) -> None:
    ws = _ws(make_ws)
    assert locate(ws, "") is None
    assert locate(ws, "/elsewhere/file.ts") is None
    assert locate(ws, ".out/nope/web/a.ts") is None
