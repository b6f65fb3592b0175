"""Nothing in the engine backtracks on pathological input (issue #10 item 10, the part outside
ignorePaths and --global-dependencies): the redundancy normalisation (SPEC rule 6) is linear."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from storelayers.resolver.content import normalize


def _reference(data: bytes) -> bytes:
    """SPEC rule 6 as written (v2: a leading UTF-8 BOM removed first), on small inputs only."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    data = re.sub(rb"[ \t]+\n", b"\n", data)
    return data.rstrip(b" \t\n")


@given(
    st.binary(max_size=64) | st.lists(st.sampled_from([b" ", b"\t", b"\n", b"\r", b"x", b"\xef\xbb\xbf"])).map(b"".join)
)
def test_rule_6_normalisation_is_unchanged(data):
    assert normalize(data) == _reference(data)


def test_rule_6_normalising_a_long_run_of_blanks_without_a_newline_finishes():
    # With the old regex this input took about half an hour (quadratic); the figures for both
    # sizes are in benchmarks/pathological.py. No time is asserted here: it finishes, and is right.
    data = b" " * 1_000_000 + b"x \n" + b"\t" * 1_000_000
    assert normalize(data) == b" " * 1_000_000 + b"x"
