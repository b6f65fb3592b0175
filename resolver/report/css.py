"""The HTML report's stylesheet. Its colours are the app's palette (`resolver/palette.py`), as CSS
variables for the light scheme and, under `prefers-color-scheme: dark`, the dark one."""

from __future__ import annotations

from collections.abc import Mapping

from storelayers.resolver.palette import DARK, LAYER_COLOURS, LIGHT

VARIABLES: dict[str, str] = {
    "bg": "window",
    "panel": "surface",
    "alt": "alt_base",
    "head": "header",
    "text": "text",
    "dim": "text.dim",
    "faint": "text.faint",
    "border": "border",
    "accent": "accent",
    "chip": "chip",
    **{f"l{i}": f"layer.{i}" for i in range(LAYER_COLOURS)},
    "ov": "heat",
    "stale": "level.error",
    "red": "status.redundant",
    "ok": "status.added",
    "err": "level.error",
    "warn": "level.warning",
    "ins": "diff.insert",
    "del": "diff.delete",
    "hunk": "hover",
    "heat": "heat",
    "empty": "header",
    "nodetext": "accent.text",
}
"""CSS variable (`--name`) -> the palette's colour name."""


def _root(values: Mapping[str, str]) -> str:
    return ":root{" + ";".join(f"--{var}:{values[name]}" for var, name in VARIABLES.items()) + "}"


CSS = (
    _root(LIGHT)
    + "\n@media (prefers-color-scheme: dark){"
    + _root(DARK)
    + "}\n"
    + """*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
header{padding:22px 32px 14px;background:var(--panel);border-bottom:1px solid var(--border)}
h1{margin:0 0 4px;font-size:22px;font-weight:600}
h2{font-size:17px;margin:0 0 8px;font-weight:600}
h3{font-size:14px;margin:18px 0 8px}
.sub{margin:2px 0;color:var(--dim);overflow-wrap:anywhere}
main{padding:18px 32px 40px;max-width:1500px}
section{background:var(--panel);border:1px solid var(--border);border-radius:8px;padding:16px 18px;margin:16px 0}
nav{display:flex;gap:14px;flex-wrap:wrap;margin:14px 0 0;font-size:13px}
nav a{color:var(--accent);text-decoration:none}
.dim{color:var(--dim)} .small{font-size:12px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px}
.card{background:var(--panel);border:1px solid var(--border);border-radius:8px;padding:12px 14px}
.card .k{color:var(--dim);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:26px;font-weight:600;margin:2px 0}
.card .s{color:var(--dim);font-size:12px}
.verdict{border-radius:8px;padding:12px 16px;margin:0 0 14px;border:1px solid}
.verdict.ok{border-color:var(--ok);color:var(--ok)}
.verdict.fail{border-color:var(--err)} .verdict.fail b{color:var(--err)}
.verdict ul{margin:6px 0 0;padding-left:20px;overflow-wrap:anywhere}
.scroll{overflow-x:auto}
table.grid{border-collapse:collapse;width:100%;font-size:13px}
.grid th{background:var(--head);text-align:left;font-weight:600;padding:6px 7px;border-bottom:1px solid var(--border);
vertical-align:bottom}
.grid td{padding:5px 7px;border-bottom:1px solid var(--border);vertical-align:top;overflow-wrap:break-word}
.grid td.nw{white-space:nowrap}
.grid tbody tr:nth-child(even){background:var(--alt)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.num.bad{color:var(--stale);font-weight:600} .num.warn{color:var(--red);font-weight:600}
.meter{display:inline-block;width:40px;height:7px;border-radius:4px;background:var(--chip);margin-right:8px;
vertical-align:1px;overflow:hidden}
.meter i{display:block;height:100%;background:var(--ov)}
td.store{padding-left:calc(8px + var(--d) * 16px);white-space:nowrap}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;vertical-align:-1px}
.dot.l0{background:var(--l0)}.dot.l1{background:var(--l1)}.dot.l2{background:var(--l2)}.dot.l3{background:var(--l3)}
.dot.l4{background:var(--l4)}
.dot.tplk{border:2px dashed var(--dim);background:transparent}
.legend{display:flex;gap:14px;flex-wrap:wrap;color:var(--dim);font-size:12px}
.chip{display:inline-block;background:var(--chip);border-radius:10px;padding:0 8px;margin:3px 4px 0 0;font-size:12px}
.tag{display:inline-block;border-radius:4px;padding:0 6px;font-size:11.5px;font-weight:600;color:var(--nodetext)}
.tag.st{background:var(--stale)} .tag.nr{background:var(--red)} .tag.mv{background:var(--heat)} .tag.cf{background:var(--heat)}
.lv{font-weight:600} .lv.error{color:var(--err)} .lv.warning{color:var(--warn)}
.unknown{border-left:3px solid var(--warn);padding:4px 10px}
details{border:1px solid var(--border);border-radius:6px;margin:8px 0;background:var(--panel)}
summary{cursor:pointer;padding:7px 10px;overflow-wrap:anywhere}
.det{padding:0 12px 10px}
ul.commits{margin:4px 0;padding-left:18px;font-size:12.5px}
pre.diff{margin:6px 0 0;border:1px solid var(--border);border-radius:6px;overflow-x:auto;padding:6px 0;line-height:1.4}
pre.diff span{display:block;padding:0 10px;white-space:pre}
pre.diff .ins{background:var(--ins)} pre.diff .del{background:var(--del)}
pre.diff .hunk{background:var(--hunk);color:var(--dim)}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg .edge{fill:none;stroke:var(--faint);stroke-width:1.4}
svg .l0{fill:var(--l0)}svg .l1{fill:var(--l1)}svg .l2{fill:var(--l2)}svg .l3{fill:var(--l3)}
svg .l4{fill:var(--l4)}
svg .tpl{stroke:var(--text);stroke-width:1.5;stroke-dasharray:4 3}
svg circle.stale{stroke:var(--stale);stroke-width:1.6}
svg .nl{fill:var(--nodetext);font-size:12.5px;font-weight:600;text-anchor:middle}
svg .badge{fill:var(--chip);stroke:var(--border)} svg .b-st{fill:var(--stale);stroke:none}
svg .b-rd{fill:var(--red);stroke:none}
svg .bt{font-size:10.5px;text-anchor:middle;fill:var(--text)}
svg .b-st + .bt, svg .b-rd + .bt{fill:var(--nodetext);font-weight:600}
svg .rl{fill:var(--text);font-size:9.5px}
svg .cl{fill:var(--text);font-size:11px}
svg .al{fill:var(--dim);font-size:11.5px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
svg .rl2{fill:var(--text);font-size:12px;text-anchor:end}
svg .sep{stroke:var(--border)}
svg .hc{fill:var(--heat)} svg .h0{fill:var(--empty)}
svg .hv{fill:var(--text);font-size:11px;text-anchor:middle} svg .hv.hi{fill:var(--nodetext);font-weight:600}
footer{color:var(--faint);font-size:12px;padding:0 32px 24px}
"""
)
