"""Validate the SARIF logs `storelayers report --sarif` writes against the OASIS SARIF 2.1.0 schema.

The project ships neither the schema nor a validator (the tests check the required properties by
hand on every run); a maintainer runs this by hand after changing `resolver/report/sarif.py`:

    pip install jsonschema
    python .ci/sarif_schema_check.py sarif-schema-2.1.0.json [WORKSPACE]

WORKSPACE defaults to a temporary copy of the bundled demo (made a git repository, so stale and
orphaned findings appear). Exit 0 when every log is valid, 1 with the first errors otherwise.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
from storelayers.resolver.cli.main import main as cli


def _demo_repo(tmp: Path) -> Path:
    demo = Path(__file__).resolve().parents[1] / "resources" / "demo"
    ws = tmp / "demo"
    shutil.copytree(demo, ws, symlinks=True)
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=ci", "-c", "user.email=ci@example.com", "commit", "-qm", "demo"],
    ):
        subprocess.run(["git", *args], cwd=ws, check=True)  # noqa: S603,S607 - our own fixed git arguments on our own copy
    return ws


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    validator = jsonschema.Draft7Validator(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        ws = Path(argv[1]) if len(argv) > 1 else _demo_repo(tmp)
        bad = 0
        for name, extra in (("state.sarif", []), ("change.sarif", ["--base", "HEAD"])):
            out = tmp / name
            code = cli(["report", str(ws), "--sarif", str(out), *extra])
            if code != 0:
                print(f"{name}: report exited {code}", file=sys.stderr)
                return 1
            errors = [e.message for e in validator.iter_errors(json.loads(out.read_text(encoding="utf-8")))]
            print(f"{name}: {len(errors)} schema error(s)")
            for e in errors[:5]:
                print(f"  {e}")
            bad += len(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
