"""The I/O floor of `storelayers stats` (issue #2): the least work any correct resolver does.

    python benchmarks/io_floor.py WORKSPACE [--json]

It lists every layer folder (the base apps and every store's app folders, stores found by folder
nesting as SPEC rule 1 says), recursively with os.scandir, skipping SPEC rule 8's names, and reads
every file whose relative path exists in two or more layers of one app (a resolver must read those
to tell `redundant` from `override`). Nothing else: no stat() beyond what scandir's d_type gives,
no hashing, no comparison, no config parsing, and only the standard library's `os` and `sys` are
imported, so the process costs interpreter start-up plus the I/O.
"""

import os
import sys

SKIP = frozenset({"node_modules", ".git", ".turbo", ".next", ".nuxt", ".output", ".out", ".deploy", ".DS_Store"})


def list_layer(root, into):
    """Map each relative path of the layer at `root` to its absolute path, appending to `into`."""
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            it = os.scandir(folder)
        except OSError:
            continue
        with it:
            for e in it:
                name = e.name
                if name in SKIP:
                    continue
                if e.is_dir():
                    stack.append((e.path, prefix + name + "/"))
                else:
                    rel = prefix + name
                    hit = into.get(rel)
                    if hit is None:
                        into[rel] = [e.path]
                    else:
                        hit.append(e.path)


def store_folders(stores_dir, out):
    try:
        it = os.scandir(stores_dir)
    except OSError:
        return
    with it:
        for e in it:
            if e.is_dir() and not e.name.startswith(".") and e.name not in SKIP:
                out.append(e.path)
                store_folders(os.path.join(e.path, "stores"), out)


def floor(ws):
    apps_dir = os.path.join(ws, "apps")
    apps = sorted(
        e.name for e in os.scandir(apps_dir) if e.is_dir() and e.name != "stores" and not e.name.startswith(".")
    )
    stores = []
    store_folders(os.path.join(apps_dir, "stores"), stores)
    layers = files_listed = files_read = bytes_read = 0
    for app in apps:
        paths = {}
        for root in [os.path.join(apps_dir, app)] + [os.path.join(s, app) for s in stores]:
            if os.path.isdir(root):
                layers += 1
                list_layer(root, paths)
        files_listed += len(paths)
        for copies in paths.values():
            if len(copies) > 1:
                for p in copies:
                    with open(p, "rb") as fh:
                        bytes_read += len(fh.read())
                    files_read += 1
    return {
        "apps": len(apps),
        "stores": len(stores),
        "layers": layers,
        "paths": files_listed,
        "files_read": files_read,
        "bytes_read": bytes_read,
    }


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--json"]
    if len(args) != 1:
        sys.stderr.write("usage: io_floor.py WORKSPACE [--json]\n")
        sys.exit(2)
    r = floor(args[0])
    if "--json" in sys.argv[1:]:
        import json

        print(json.dumps(r))
    else:
        print(" ".join(f"{k}={v}" for k, v in r.items()))
