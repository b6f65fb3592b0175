"""SPEC.md's numbered rules, one or more tests each, named after the rule they check."""

from __future__ import annotations

import os
import sys

import pytest
from storelayers.resolver import BASE, Kind, Level, Status, load
from storelayers.resolver.affected import affected_stores
from storelayers.resolver.errors import BadConfigError, WorkspaceError, WriteRefused
from storelayers.resolver.ops.compose import MARKER, compose

from tests.wsbuilder import Link, store

WEB = "web"


def codes(ws, level=None):
    return sorted(d.code for d in ws.diagnostics if level is None or d.level is level)


def entry(ws, store_id, path, app=WEB):
    return ws.effective_tree(store_id, app).by_path().get(path)


# --------------------------------------------------------------------------- rule 1


def test_rule_1_stores_come_from_folder_nesting(make_ws):
    root = make_ws(
        {
            "apps": {
                WEB: {"a.ts": "a"},
                "stores": {
                    "top": store({WEB: {}}, {"mid": store({}, {"leaf": store({WEB: {"a.ts": "leaf"}})})}),
                    "other": store(),
                },
            }
        }
    )
    ws = load(root)
    by_id = {s.id: s for s in ws.stores.values()}
    assert set(by_id) == {"top", "mid", "leaf", "other"}
    assert by_id["top"].parent is None and by_id["top"].depth == 1
    assert ws.stores[by_id["mid"].parent].id == "top" and by_id["mid"].depth == 2
    assert ws.stores[by_id["leaf"].parent].id == "mid" and by_id["leaf"].depth == 3
    assert by_id["leaf"].key == "apps/stores/top/stores/mid/stores/leaf"
    assert [ws.layer_id(k) for k in ws.chain(by_id["leaf"].key)] == ["leaf", "mid", "top", BASE]
    assert set(ws.graph.successors(BASE)) == {by_id["top"].key, by_id["other"].key}


def test_rule_1_depth_is_unlimited(make_ws):
    spec = store({WEB: {"deep.ts": "x"}})
    for i in reversed(range(9)):
        spec = store({}, {f"s{i}": spec}) if i else spec
    root = make_ws({"apps": {WEB: {}, "stores": {"s0": store({}, {"s1": spec})}}})
    ws = load(root)
    deepest = max(ws.stores.values(), key=lambda s: s.depth)
    assert deepest.depth >= 3
    assert entry(ws, deepest.key, "deep.ts").status is Status.ADDED


def test_rule_1_duplicate_store_id_is_an_error_and_both_are_shown(make_ws):
    root = make_ws(
        {
            "apps": {
                WEB: {"a.ts": "a"},
                "stores": {"eu": store({}, {"shop": store({WEB: {"a.ts": "1"}})}), "shop": store({WEB: {}})},
            }
        }
    )
    ws = load(root)
    dups = [d for d in ws.diagnostics if d.code == "duplicate-store-id"]
    assert len(dups) == 2 and all(d.level is Level.ERROR for d in dups)
    keys = sorted(s.key for s in ws.stores.values() if s.id == "shop")
    assert keys == ["apps/stores/eu/stores/shop", "apps/stores/shop"]
    assert entry(ws, "apps/stores/eu/stores/shop", "a.ts").layer == "shop"
    assert entry(ws, "apps/stores/shop", "a.ts").layer == BASE
    with pytest.raises(Exception, match="used by 2 folders"):
        ws.store("shop")


# --------------------------------------------------------------------------- rule 2


DEPLOY = {"deployment": {"region": "us-east1"}}
LEGACY_PKG = '{"devDependencies": {"@alokai/cli": "^1.2.0"}}'


def test_rule_2_deployment_field_makes_deployable(make_ws):
    # v2: listed is not enough, the entry's deployment object decides (was: listed means deployable)
    root = make_ws(
        {
            "alokai.config.json": {"stores": {"leaf": DEPLOY, "tpl": {"ignorePaths": ["x.ts"]}}},
            "apps": {WEB: {"x.ts": "x"}, "stores": {"tpl": store({}, {"leaf": store(), "bare": store()})}},
        }
    )
    ws = load(root)
    kinds = {s.id: s.kind for s in ws.stores.values()}
    assert kinds == {"tpl": Kind.TEMPLATE, "leaf": Kind.DEPLOYABLE, "bare": Kind.TEMPLATE}
    assert codes(ws) == ["kind-rule"]
    rule = [d for d in ws.diagnostics if d.code == "kind-rule"][0]
    assert rule.level is Level.INFO and "2.x" in rule.message and "no @alokai/cli installed or declared" in rule.message


def test_rule_2_template_entry_with_ignore_paths_only_is_a_template(make_ws):
    # the case as found: Alokai's own ignorePaths example gives the template sports-brand an entry
    root = make_ws(
        {
            "alokai.config.json": {"stores": {"sports-brand": {"ignorePaths": ["a.ts"]}, "sports-us": DEPLOY}},
            "apps": {WEB: {"a.ts": "a", "b.ts": "b"}, "stores": {"sports-brand": store({}, {"sports-us": store()})}},
        }
    )
    ws = load(root)
    assert ws.store("sports-brand").kind is Kind.TEMPLATE and ws.store("sports-us").kind is Kind.DEPLOYABLE
    assert [a.store_id for a in affected_stores(ws, ["apps/web/b.ts"])] == ["sports-us"]
    assert ws.effective_tree("sports-us", WEB).ignored == ("a.ts",)  # the template's entry counts in the rules


@pytest.mark.parametrize("value", [True, "yes", [], None, 3])
def test_rule_2_bad_deployment_is_a_warning_and_a_template(make_ws, value):
    ws = load(
        make_ws(
            {
                "alokai.config.json": {"stores": {"a": {"deployment": value}}},
                "apps": {WEB: {}, "stores": {"a": store()}},
            }
        )
    )
    assert ws.store("a").kind is Kind.TEMPLATE
    assert [(d.code, d.level) for d in ws.diagnostics if d.code == "bad-deployment"] == [
        ("bad-deployment", Level.WARNING)
    ]


@pytest.mark.parametrize(
    ("files", "legacy"),
    [
        ({"node_modules": {"@alokai": {"cli": {"package.json": '{"version": "1.4.2"}'}}}}, True),
        ({"node_modules": {"@alokai": {"cli": {"package.json": '{"version": "0.9.0"}'}}}}, True),
        ({"node_modules": {"@alokai": {"cli": {"package.json": '{"version": "2.3.0"}'}}}}, False),
        # the installed CLI decides over what package.json declares
        (
            {
                "package.json": LEGACY_PKG,
                "node_modules": {"@alokai": {"cli": {"package.json": '{"version": "2.0.0-rc.1"}'}}},
            },
            False,
        ),
        ({"package.json": LEGACY_PKG}, True),
        ({"package.json": '{"dependencies": {"@alokai/cli": "~0.9"}}'}, True),
        ({"package.json": '{"devDependencies": {"@alokai/cli": "^2.1.0"}}'}, False),
        ({"package.json": '{"devDependencies": {"@alokai/cli": "latest"}}'}, False),
        ({"package.json": "not json"}, False),
        ({}, False),
    ],
)
def test_rule_2_older_projects_list_means_deployable(make_ws, files, legacy):
    root = make_ws(
        {
            "alokai.config.json": {"stores": {"leaf": {}}},
            "apps": {WEB: {}, "stores": {"tpl": store({}, {"leaf": store()})}},
            **files,
        }
    )
    ws = load(root)
    assert ws.config.rule.legacy is legacy
    assert ws.store("leaf").kind is (Kind.DEPLOYABLE if legacy else Kind.TEMPLATE)
    assert ws.store("tpl").kind is Kind.TEMPLATE
    rule = [d for d in ws.diagnostics if d.code == "kind-rule"]
    assert len(rule) == 1 and ("0.x/1.x" in rule[0].message) is legacy


@pytest.mark.parametrize(
    ("spec", "major"),
    [
        ("^1.2.0", 1),
        ("~0.9", 0),
        (">=1.0 <2", 1),
        ("1.x", 1),
        ("1.*", 1),
        ("2", 2),
        ("v1.0.0", 1),
        ("=1.2.3", 1),
        (">1", 2),
        (">1.5.0", 1),
        ("<2.0.0", 0),
        ("1.0.0 - 2.0.0", 1),
        ("^2 || ^1.9", 1),
        ("workspace:^1.2.0", 1),
        ("npm:@alokai/cli@^2.0.0", 2),
        ("workspace:*", None),
        ("latest", None),
        ("*", None),
        ("", None),
        ("file:../cli", None),
        ("github:alokai/cli#main", None),
    ],
)
def test_rule_2_declared_range_lowest_major(spec, major):
    from storelayers.resolver.kindrule import lowest_major

    assert lowest_major(spec) == major


def test_rule_2_no_config_current_rule_means_no_store_deployable(make_ws):
    # v2: no config under the 2.x rule deploys nothing (was: every store deployable, info)
    ws = load(make_ws({"apps": {WEB: {}, "stores": {"a": store(), "b": store()}}}))
    assert {s.kind for s in ws.stores.values()} == {Kind.TEMPLATE}
    assert [(d.code, d.level) for d in ws.diagnostics if d.code != "kind-rule"] == [("no-config", Level.WARNING)]


def test_rule_2_no_config_older_rule_means_every_store_deployable(make_ws):
    ws = load(make_ws({"package.json": LEGACY_PKG, "apps": {WEB: {}, "stores": {"a": store(), "b": store()}}}))
    assert {s.kind for s in ws.stores.values()} == {Kind.DEPLOYABLE}
    assert [(d.code, d.level) for d in ws.diagnostics if d.code != "kind-rule"] == [("no-config", Level.INFO)]


def test_rule_2_unknown_store_in_config_is_a_warning(make_ws):
    ws = load(make_ws({"alokai.config.json": {"stores": {"ghost": {}}}, "apps": {WEB: {}, "stores": {"a": store()}}}))
    assert [(d.code, d.level) for d in ws.diagnostics if d.code != "kind-rule"] == [("unknown-store", Level.WARNING)]


def test_rule_2_invalid_json_is_bad_config_with_line_and_column(make_ws):
    root = make_ws(
        {
            "package.json": LEGACY_PKG,
            "alokai.config.json": '{\n  "stores": {\n    "a": {,}\n  }\n}',
            "apps": {WEB: {}, "stores": {"a": store()}},
        }
    )
    ws = load(root)
    bad = [d for d in ws.diagnostics if d.code == "bad-config"]
    assert len(bad) == 1 and bad[0].level is Level.ERROR
    assert "line 3" in bad[0].message and "column" in bad[0].message
    # read as if there were no config: under the older rule every store deployable
    assert {s.kind for s in ws.stores.values()} == {Kind.DEPLOYABLE}


@pytest.mark.parametrize("text", ['{"stores": []}', "[1, 2]", '{"stores": "a"}', "{}", "null"])
def test_rule_2_stores_not_an_object_is_bad_config(make_ws, text):
    ws = load(make_ws({"alokai.config.json": text, "apps": {WEB: {}, "stores": {"a": store()}}}))
    assert "bad-config" in codes(ws, Level.ERROR)
    assert ws.config.broken
    with pytest.raises(BadConfigError):
        affected_stores(ws, ["apps/web/a.ts"])


# --------------------------------------------------------------------------- rule 3


def test_rule_3_missing_app_folder_is_an_empty_layer(make_ws):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "api": {"b.ts": "b"}, "stores": {"s": store({WEB: {"a.ts": "s"}})}}})
    ws = load(root)
    assert ws.apps == ("api", WEB)
    assert [f.layer for f in ws.effective_tree("s", "api").files] == [BASE]
    assert entry(ws, "s", "a.ts").status is Status.OVERRIDE


def test_rule_3_stray_folder_is_a_warning_and_never_composed(make_ws):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store({"docs": {"a.ts": "nope"}})}}})
    ws = load(root)
    stray = [d for d in ws.diagnostics if d.code == "stray-folder"]
    assert len(stray) == 1 and stray[0].path == "apps/stores/s/docs" and stray[0].level is Level.WARNING
    assert entry(ws, "s", "a.ts").layer == BASE


def test_rule_3_base_apps_skip_stores_and_dot_folders(make_ws):
    ws = load(make_ws({"apps": {WEB: {}, ".cache": {"x": "1"}, "stores": {}}}))
    assert ws.apps == (WEB,)


# --------------------------------------------------------------------------- rule 4


def test_rule_4_nearest_layer_wins_whole_file(make_ws):
    root = make_ws(
        {
            "apps": {
                WEB: {"c": {"x.ts": "base", "y.ts": "base-y"}},
                "stores": {
                    "p": store(
                        {WEB: {"c": {"x.ts": "parent", "y.ts": "parent-y"}}},
                        {"k": store({WEB: {"c": {"x.ts": "kid"}}})},
                    )
                },
            }
        }
    )
    ws = load(root)
    x = entry(ws, "k", "c/x.ts")
    assert (x.layer, x.status, x.chain) == ("k", Status.OVERRIDE, ("k", "p", BASE))
    assert x.source == "apps/stores/p/stores/k/web/c/x.ts"
    y = entry(ws, "k", "c/y.ts")
    assert (y.layer, y.status, y.chain) == ("p", Status.INHERITED, ("p", BASE))


# --------------------------------------------------------------------------- rule 5


def test_rule_5_folders_merge_and_stores_add_files(make_ws):
    root = make_ws(
        {
            "apps": {
                WEB: {"c": {"a.ts": "a"}},
                "stores": {"p": store({WEB: {"c": {"b.ts": "b"}}}, {"k": store({WEB: {"c": {"k.ts": "k"}}})})},
            }
        }
    )
    ws = load(root)
    tree = ws.effective_tree("k", WEB)
    assert [(f.path, f.layer, f.status.value) for f in tree.files] == [
        ("c/a.ts", BASE, "inherited"),
        ("c/b.ts", "p", "inherited"),
        ("c/k.ts", "k", "added"),
    ]
    assert entry(ws, "p", "c/b.ts").status is Status.ADDED


# --------------------------------------------------------------------------- rule 6


def test_rule_6_statuses(make_ws):
    root = make_ws(
        {
            "apps": {
                WEB: {"same.ts": "x = 1\n", "diff.ts": "x = 1\n", "inh.ts": "i"},
                "stores": {"s": store({WEB: {"same.ts": "x = 1\n", "diff.ts": "x = 2\n", "new.ts": "n"}})},
            }
        }
    )
    ws = load(root)
    got = {f.path: f.status for f in ws.effective_tree("s", WEB).files}
    assert got == {
        "same.ts": Status.REDUNDANT,
        "diff.ts": Status.OVERRIDE,
        "inh.ts": Status.INHERITED,
        "new.ts": Status.ADDED,
    }


def test_rule_6_redundancy_normalises_line_endings_and_trailing_whitespace(make_ws):
    root = make_ws(
        {
            "apps": {
                WEB: {"a.ts": "one\ntwo\n", "b.ts": "one\ntwo", "c.ts": "one\ntwo\n", "d.ts": "  one\ntwo\n"},
                "stores": {
                    "s": store(
                        {
                            WEB: {
                                "a.ts": b"one\r\ntwo\r\n\r\n",
                                "b.ts": "one  \t\ntwo\t\n\n\n",
                                "c.ts": b"one\rtwo\r",
                                "d.ts": "one\ntwo\n",
                            }
                        }
                    )
                },
            }
        }
    )
    ws = load(root)
    got = {f.path: f.status for f in ws.effective_tree("s", WEB).files}
    assert got["a.ts"] is Status.REDUNDANT
    assert got["b.ts"] is Status.REDUNDANT
    assert got["c.ts"] is Status.REDUNDANT
    assert got["d.ts"] is Status.OVERRIDE  # leading whitespace is content


def test_rule_6_redundant_compares_with_the_next_layer_that_has_the_path(make_ws):
    root = make_ws(
        {
            "apps": {
                WEB: {"a.ts": "base"},
                "stores": {
                    "p": store(
                        {WEB: {"a.ts": "parent"}},
                        {"k": store({WEB: {"a.ts": "parent"}}), "j": store({WEB: {"a.ts": "base"}})},
                    )
                },
            }
        }
    )
    ws = load(root)
    assert entry(ws, "k", "a.ts").status is Status.REDUNDANT
    assert entry(ws, "j", "a.ts").status is Status.OVERRIDE  # equal to base, but it hides the parent's


def test_rule_6_chain_lists_every_layer_that_has_the_path(make_ws):
    root = make_ws(
        {"apps": {WEB: {"a.ts": "b"}, "stores": {"p": store({WEB: {}}, {"k": store({WEB: {"a.ts": "k"}})})}}}
    )
    ws = load(root)
    assert entry(ws, "k", "a.ts").chain == ("k", BASE)


# --------------------------------------------------------------------------- rule 7


def _ignore_ws(make_ws, parent_rules, child_rules):
    return make_ws(
        {
            "alokai.config.json": {"stores": {"p": {"ignorePaths": parent_rules}, "k": {"ignorePaths": child_rules}}},
            "apps": {
                WEB: {
                    "c": {"a.ts": "a", "b.ts": "b", "keep.ts": "k"},
                    "x.log": "l",
                    "app": {"[locale]": {"page.tsx": "p"}, "l": {"page.tsx": "l"}},
                },
                "api": {"c": {"a.ts": "api"}},
                "stores": {"p": store({}, {"k": store()})},
            },
        }
    )


def test_rule_7_ignore_paths_hide_files_and_are_listed_apart(make_ws):
    ws = load(_ignore_ws(make_ws, ["c/a.ts", "*.log"], []))
    tree = ws.effective_tree("p", WEB)
    assert "c/a.ts" not in tree.by_path() and "x.log" not in tree.by_path()
    assert tree.ignored == ("c/a.ts", "x.log")
    e = ws.explain("p", WEB, "c/a.ts")
    assert e.winner is None and e.ignore.pattern == "c/a.ts" and e.ignore.store == "p" and e.ignore.ignored


def test_rule_7_rules_apply_to_every_app_of_the_store(make_ws):
    ws = load(_ignore_ws(make_ws, ["c/a.ts"], []))
    assert ws.effective_tree("p", "api").ignored == ("c/a.ts",)


def test_rule_7_child_inherits_parent_ignore(make_ws):
    ws = load(_ignore_ws(make_ws, ["c/"], []))
    assert set(ws.effective_tree("k", WEB).ignored) == {"c/a.ts", "c/b.ts", "c/keep.ts"}


def test_rule_7_child_reincludes_parent_ignore(make_ws):
    ws = load(_ignore_ws(make_ws, ["c/"], ["!c/keep.ts"]))
    tree = ws.effective_tree("k", WEB)
    assert "c/keep.ts" in tree.by_path()
    assert set(tree.ignored) == {"c/a.ts", "c/b.ts"}
    e = ws.explain("k", WEB, "c/keep.ts")
    assert e.ignore.pattern == "!c/keep.ts" and not e.ignore.ignored and e.winner == BASE
    assert "c/keep.ts" in ws.effective_tree("p", WEB).ignored  # the parent still ignores it


def test_rule_7_last_matching_pattern_decides(make_ws):
    ws = load(_ignore_ws(make_ws, ["c/*.ts", "!c/b.ts", "c/b.ts"], []))
    assert set(ws.effective_tree("p", WEB).ignored) == {"c/a.ts", "c/b.ts", "c/keep.ts"}
    ws = load(_ignore_ws(make_ws, ["c/b.ts"], ["c/*.ts", "!c/b.ts"]))
    assert set(ws.effective_tree("k", WEB).ignored) == {"c/a.ts", "c/keep.ts"}


def test_rule_7_literal_match_for_bracket_folders(make_ws):
    ws = load(_ignore_ws(make_ws, ["app/[locale]/page.tsx"], []))
    ignored = ws.effective_tree("p", WEB).ignored
    assert "app/[locale]/page.tsx" in ignored
    # the same pattern read as .gitignore is also a character class: app/l/page.tsx matches too
    assert "app/l/page.tsx" in ignored


# --------------------------------------------------------------------------- rule 8


def test_rule_8_never_composed_entries_are_skipped_at_any_depth(make_ws):
    junk = {
        name: {"x.js": "x"}
        for name in ["node_modules", ".git", ".turbo", ".next", ".nuxt", ".output", ".out", ".deploy"]
    }
    root = make_ws(
        {
            "apps": {
                WEB: {
                    "a.ts": "a",
                    ".env": "E=1",
                    ".eslintrc.json": "{}",
                    ".gitignore": "*.log\n",
                    ".DS_Store": "ds",
                    "deep": {**junk, "ok.ts": "ok"},
                    **junk,
                },
                "stores": {"s": store({WEB: {"node_modules": {"a.ts": "x"}}})},
            }
        }
    )
    ws = load(root)
    paths = [f.path for f in ws.effective_tree("s", WEB).files]
    assert paths == [".env", ".eslintrc.json", ".gitignore", "a.ts", "deep/ok.ts"]


def test_rule_8_gitignore_files_are_not_rules(make_ws):
    root = make_ws({"apps": {WEB: {".gitignore": "*.ts\n", "a.ts": "a"}, "stores": {"s": store()}}})
    assert "a.ts" in load(root).effective_tree("s", WEB).by_path()


# --------------------------------------------------------------------------- rule 9


def test_rule_9_app_root_package_json_always_comes_from_base(make_ws):
    root = make_ws(
        {
            "apps": {
                WEB: {"package.json": '{"name": "base"}', "lib": {"package.json": "{}"}},
                "stores": {
                    "s": store({WEB: {"package.json": '{"name": "store"}', "lib": {"package.json": '{"x": 1}'}}})
                },
            }
        }
    )
    ws = load(root)
    pkg = entry(ws, "s", "package.json")
    assert (pkg.layer, pkg.status, pkg.special, pkg.chain) == (BASE, Status.INHERITED, True, ("s", BASE))
    forbidden = [d for d in ws.diagnostics if d.code == "forbidden-override"]
    assert [d.path for d in forbidden] == ["apps/stores/s/web/package.json"] and forbidden[0].level is Level.WARNING
    nested = entry(ws, "s", "lib/package.json")  # only the app root is special
    assert (nested.layer, nested.status, nested.special) == ("s", Status.OVERRIDE, False)
    which = ws.explain("s", WEB, "package.json")
    assert [(c.layer, c.used) for c in which.chain] == [("s", False), (BASE, True)]


def test_rule_9_store_tsconfig_is_generated_never_an_override(make_ws):
    # v2: the app-root tsconfig.json comes from the base app (was: nearest wins, an override)
    root = make_ws(
        {
            "apps": {
                WEB: {"tsconfig.json": "{}", "c": {"tsconfig.json": "{}"}},
                "stores": {
                    "s": store({WEB: {"tsconfig.json": '{"a":1}', "c": {"tsconfig.json": "{}  "}}}),
                    "t": store(),
                },
            }
        }
    )
    ws = load(root)
    s = entry(ws, "s", "tsconfig.json")
    assert (s.layer, s.status, s.special) == (BASE, Status.INHERITED, True)
    assert entry(ws, "t", "tsconfig.json").special
    assert entry(ws, "s", "c/tsconfig.json").status is Status.REDUNDANT  # only the app root is special
    e = ws.explain("s", WEB, "tsconfig.json")
    assert [(c.layer, c.used, c.generated) for c in e.chain] == [("s", False, True), (BASE, True, False)]
    assert "generated" in e.note
    assert ws.counts("s", WEB).override == 0
    assert not [d for d in ws.diagnostics if d.code == "forbidden-override"]


def test_rule_9_special_files_are_counted_but_package_json_is_never_an_override(make_ws):
    root = make_ws({"apps": {WEB: {"package.json": "{}"}, "stores": {"s": store({WEB: {"package.json": "{1}"}})}}})
    c = load(root).counts("s", WEB)
    assert (c.inherited, c.override, c.redundant, c.added) == (1, 0, 0, 0)


# --------------------------------------------------------------------------- rule 10


def test_rule_10_file_folder_conflict_nearest_wins(make_ws):
    root = make_ws(
        {
            "apps": {
                WEB: {"thing": {"inner.ts": "base"}, "other": "base file"},
                "stores": {"s": store({WEB: {"thing": "store file", "other": {"x.ts": "x"}}})},
            }
        }
    )
    ws = load(root)
    conflicts = [d for d in ws.diagnostics if d.code == "file-folder-conflict"]
    assert conflicts and all(d.level is Level.ERROR for d in conflicts)
    assert {d.path for d in conflicts} == {"apps/stores/s/web/thing", "apps/web/other"}
    paths = {f.path: f.layer for f in ws.effective_tree("s", WEB).files}
    assert paths == {"thing": "s", "other/x.ts": "s"}
    c = ws.counts("s", WEB)
    assert c.override + c.added + c.inherited == 2


# --------------------------------------------------------------------------- rule 11


symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")


@symlinks
def test_rule_11_symlink_to_a_file_counts_as_that_file(make_ws):
    root = make_ws(
        {
            "shared": {"theme.ts": "t"},
            "apps": {
                WEB: {"theme.ts": "base"},
                "stores": {"s": store({WEB: {"theme.ts": Link("../../../../shared/theme.ts")}})},
            },
        }
    )
    ws = load(root)
    e = entry(ws, "s", "theme.ts")
    assert (e.layer, e.status) == ("s", Status.OVERRIDE)


@symlinks
def test_rule_11_symlinked_folder_inside_workspace_is_followed(make_ws):
    root = make_ws(
        {"shared": {"ui": {"b.tsx": "b"}}, "apps": {WEB: {"ui": Link("../../shared/ui")}, "stores": {"s": store()}}}
    )
    ws = load(root)
    assert "ui/b.tsx" in ws.effective_tree("s", WEB).by_path()


@symlinks
def test_rule_11_symlinked_folder_outside_workspace_is_skipped(make_ws, tmp_path):
    outside = tmp_path / "outside"
    (outside / "x").mkdir(parents=True)
    (outside / "x" / "a.ts").write_text("a")
    root = make_ws({"apps": {WEB: {"ext": Link(str(outside / "x"))}, "stores": {"s": store()}}})
    ws = load(root)
    assert [d.code for d in ws.diagnostics if d.level is Level.WARNING and d.code != "no-config"] == ["symlink-skipped"]
    assert ws.effective_tree("s", WEB).files == ()


@symlinks
def test_rule_11_symlink_loop_terminates_and_is_skipped(make_ws):
    root = make_ws(
        {"apps": {WEB: {"a": {"loop": Link(".."), "f.ts": "f"}, "self": Link(".")}, "stores": {"s": store()}}}
    )
    ws = load(root)
    assert [f.path for f in ws.effective_tree("s", WEB).files] == ["a/f.ts"]
    assert [c for c in codes(ws, Level.WARNING) if c != "no-config"] == ["symlink-skipped", "symlink-skipped"]


@symlinks
def test_rule_11_dangling_link_is_a_broken_link_warning(make_ws):
    root = make_ws({"apps": {WEB: {"gone.ts": Link("nowhere.ts"), "a.ts": "a"}, "stores": {"s": store()}}})
    ws = load(root)
    assert [(d.code, d.path) for d in ws.diagnostics if d.level is Level.WARNING and d.code != "no-config"] == [
        ("broken-link", "apps/web/gone.ts")
    ]


# --------------------------------------------------------------------------- rule 12


@pytest.fixture
def affected_ws(make_ws):
    return load(
        make_ws(
            {
                "alokai.config.json": {
                    "stores": {"us": DEPLOY, "de": {"ignorePaths": ["promo/"], **DEPLOY}, "solo": DEPLOY}
                },
                "apps": {
                    WEB: {"package.json": "{}", "a.ts": "a", "b.ts": "b", "promo": {"p.ts": "p"}},
                    "stores": {
                        "fashion": store({WEB: {"b.ts": "fb"}}, {"us": store({WEB: {"a.ts": "us"}}), "de": store()}),
                        "solo": store({WEB: {"package.json": "{}"}}),
                    },
                },
            }
        )
    )


def _aff(ws, paths, **kw):
    return {a.store_id: (a.reasons, a.files) for a in affected_stores(ws, paths, **kw)}


def test_rule_12_lockfile_and_config_affect_every_deployable_store(affected_ws):
    assert _aff(affected_ws, ["yarn.lock"]) == {
        s: (("PACKAGE_LOCK_CHANGED",), ("yarn.lock",)) for s in ["de", "solo", "us"]
    }
    assert set(_aff(affected_ws, ["pnpm-lock.yaml", "alokai.config.json"])["us"][0]) == {
        "PACKAGE_LOCK_CHANGED",
        "GLOBAL_DEPENDENCIES_CHANGED",  # v2: from a plain file list (was: the invented CONFIG_CHANGED)
    }
    # only the root lockfile counts as a lockfile; one inside a layer is a layer file like any other
    assert {r for r, _ in _aff(affected_ws, ["apps/web/yarn.lock"]).values()} == {("ANCESTOR_CHANGED",)}


def test_rule_12_global_dependencies_glob(affected_ws):
    got = _aff(affected_ws, ["packages/ui/button.ts"], global_dependencies=["packages/**"])
    assert set(got) == {"de", "us", "solo"} and got["de"][0] == ("GLOBAL_DEPENDENCIES_CHANGED",)
    assert _aff(affected_ws, ["packages/ui/button.ts"], global_dependencies=["other/*"]) == {}


def test_rule_12_layer_change_affects_stores_that_use_it(affected_ws):
    # base a.ts: us overrides it, so only de and solo use the base copy
    assert _aff(affected_ws, ["apps/web/a.ts"]) == {
        "de": (("ANCESTOR_CHANGED",), ("apps/web/a.ts",)),
        "solo": (("ANCESTOR_CHANGED",), ("apps/web/a.ts",)),
    }
    # the template's b.ts reaches its deployable children, and the template itself is not listed
    assert set(_aff(affected_ws, ["apps/stores/fashion/web/b.ts"])) == {"us", "de"}
    assert _aff(affected_ws, ["apps/stores/fashion/stores/us/web/a.ts"]) == {
        "us": (("STORE_CHANGED",), ("apps/stores/fashion/stores/us/web/a.ts",))
    }


def test_rule_12_ignored_paths_affect_nothing(affected_ws):
    assert set(_aff(affected_ws, ["apps/web/promo/p.ts"])) == {"us", "solo"}


def test_rule_12_package_json_rules(affected_ws):
    assert set(_aff(affected_ws, ["apps/web/package.json"])) == {"us", "de", "solo"}
    assert _aff(affected_ws, ["apps/stores/solo/web/package.json"]) == {}


def test_rule_12_deleted_file_counts_like_a_changed_one(affected_ws):
    assert set(_aff(affected_ws, ["apps/stores/fashion/web/gone.ts"])) == {"us", "de"}


def test_rule_12_other_paths_affect_nothing(affected_ws):
    assert _aff(affected_ws, ["README.md", "apps/stores/solo/docs/x.md", "apps/web/node_modules/x/index.js"]) == {}


def test_rule_12_git_diff_counts_both_sides_of_a_rename(affected_ws):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from storelayers.resolver.affected import git_changed_paths

    root = affected_ws.root
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@e",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@e",
    }
    run = lambda *a: subprocess.run(["git", "-C", str(root), *a], check=True, capture_output=True, env=env)  # noqa: E731
    run("init", "-q")
    run("add", "-A")
    run("commit", "-qm", "one")
    run("mv", "apps/stores/fashion/web/b.ts", "apps/stores/fashion/web/renamed.ts")
    run("commit", "-qm", "two")
    changed = git_changed_paths(root, "HEAD~1", "HEAD")
    assert changed == ["apps/stores/fashion/web/b.ts", "apps/stores/fashion/web/renamed.ts"]


# --------------------------------------------------------------------------- rule 13


def test_rule_13_composition_copies_bytes_and_replaces_old_output(make_ws, tmp_path):
    root = make_ws(
        {
            "alokai.config.json": {"stores": {"s": {"ignorePaths": ["secret.ts"]}}},
            "apps": {
                WEB: {"package.json": '{"name":"base"}', "a.ts": "base", "secret.ts": "s", "ui": {"b.tsx": "b"}},
                "api": {"i.ts": "i"},
                "stores": {"s": store({WEB: {"a.ts": "mine", "package.json": "{}"}})},
            },
        }
    )
    ws = load(root)
    out = tmp_path / "out"
    compose(ws, "s", out)  # v2: only an earlier composition's output is replaced
    (out / "s" / "stale").mkdir(parents=True)
    (out / "s" / "stale" / "old.txt").write_text("old")
    result = compose(ws, "s", out)
    files = sorted(
        p.relative_to(out / "s").as_posix() for p in (out / "s").rglob("*") if p.is_file() and p.name != MARKER
    )
    assert files == ["api/i.ts", "web/a.ts", "web/package.json", "web/ui/b.tsx"]
    assert (out / "s" / "web" / "a.ts").read_text() == "mine"
    # v2: the base's package.json with a store-specific name, two-space JSON (was: copied unchanged)
    assert (out / "s" / "web" / "package.json").read_text() == '{\n  "name": "base-s"\n}\n'
    assert not any(p.is_symlink() for p in (out / "s").rglob("*"))
    assert result.files == 4
    assert sorted(p.name for p in out.iterdir()) == ["s"]  # no staging leftovers


def test_rule_13_default_output_is_workspace_out(make_ws):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store()}}})
    compose(load(root), "s")
    assert (root / ".out" / "s" / WEB / "a.ts").read_text() == "a"
    # .out is never composed itself (rule 8) and a reload still works
    assert [f.path for f in load(root).effective_tree("s", WEB).files] == ["a.ts"]


@pytest.mark.parametrize("where", ["apps/web/out", "apps/stores/s/web", "apps/stores", "apps"])
def test_rule_13_output_inside_a_layer_is_refused(make_ws, where):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store({WEB: {"b.ts": "b"}})}}})
    before = sorted(p.as_posix() for p in root.rglob("*"))
    with pytest.raises(WriteRefused):
        compose(load(root), "s", root / where)
    assert sorted(p.as_posix() for p in root.rglob("*")) == before


# --------------------------------------------------------------------------- not a workspace


@pytest.mark.parametrize("kind", ["missing", "file", "no-apps"])
def test_not_a_workspace_is_one_clear_error(tmp_path, kind):
    p = tmp_path / "x"
    if kind == "file":
        p.write_text("x")
    elif kind == "no-apps":
        p.mkdir()
    with pytest.raises(WorkspaceError):
        load(p)
