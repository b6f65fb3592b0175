"""File contents: the normalisation behind `redundant` (SPEC rule 6), digests, text decoding."""

from __future__ import annotations

import codecs
import hashlib
import threading
from dataclasses import dataclass

from storelayers.resolver import fsio

BINARY_SNIFF = 8192


def normalize(data: bytes) -> bytes:
    """SPEC rule 6: a leading UTF-8 BOM off, CRLF and CR to LF, trailing spaces and tabs off every
    line, trailing newlines off the end."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b" \n" in data or b"\t\n" in data:  # only then is there anything to strip; most files have neither
        # Line by line, never a regex: `[ \t]+\n` backtracks over every run of blanks that no
        # newline ends (quadratic: 80,000 spaces took 11 s), this is linear in the file.
        data = b"\n".join([line.rstrip(b" \t") for line in data.split(b"\n")])
    return data.rstrip(b" \t\n")


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(normalize(data), digest_size=16).digest()


class DigestCache:
    """Normalised digests of files, remembered by (absolute path, size, mtime).

    Shared by the snapshots of one workspace: a snapshot stays immutable, and a file that has not
    changed on disk is never read twice. Safe to use from any thread: every write holds the lock,
    and a read is one dict lookup of an entry that is only ever replaced whole.
    """

    def __init__(self) -> None:
        self._data: dict[str, tuple[int, int, bytes | None]] = {}
        self._lock = threading.Lock()
        self.reads = 0

    def forget(self, abs_path: str) -> None:
        """Drop what is known of a file the watcher reported as changed (mtime can repeat)."""
        with self._lock:
            self._data.pop(abs_path, None)

    def get(self, abs_path: str, size: int, mtime_ns: int) -> bytes | None:
        """The digest, or None when the file cannot be read (it then never counts as redundant)."""
        hit = self._data.get(abs_path)
        if hit is not None and hit[0] == size and hit[1] == mtime_ns:
            return hit[2]
        try:
            value: bytes | None = digest(fsio.read_bytes(abs_path))
        except OSError:
            value = None
        with self._lock:
            self.reads += 1
            self._data[abs_path] = (size, mtime_ns, value)
        return value

    def same(self, a: str, a_size: int, a_mtime_ns: int, b: str, b_size: int, b_mtime_ns: int) -> bool:
        """True when both files are readable and their normalised contents are equal (rule 6).

        `get` twice, its cache hit written out: this runs for every override of every count."""
        data = self._data
        hit = data.get(a)
        da = (
            hit[2] if hit is not None and hit[0] == a_size and hit[1] == a_mtime_ns else self.get(a, a_size, a_mtime_ns)
        )
        if da is None:
            return False
        hit = data.get(b)
        db = (
            hit[2] if hit is not None and hit[0] == b_size and hit[1] == b_mtime_ns else self.get(b, b_size, b_mtime_ns)
        )
        return da == db


@dataclass(frozen=True)
class Text:
    """A file's contents as a diff or a viewer wants them."""

    kind: str  # "text", "binary", "too-large", "unreadable"
    text: str = ""
    encoding: str = ""
    size: int = 0
    message: str = ""


def looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return False
    return b"\x00" in head


def decode(data: bytes) -> tuple[str, str]:
    """Decode text: BOMs honoured, UTF-8 first, undecodable bytes shown as replacement marks."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8 (with undecodable bytes)"


def read_text(abs_path: str, limit: int = 8 * 1024 * 1024) -> Text:
    """Read a file for showing: never raises, never reads more than `limit` bytes of a huge file."""
    st = fsio.stat_path(abs_path)
    if st is None:
        return Text("unreadable", message="the file no longer exists or cannot be read")
    size = st.st_size
    if size > limit:
        return Text("too-large", size=size, message=f"{size:,} bytes: too large to show ({limit:,} at most)")
    try:
        data = fsio.read_head(abs_path, limit + 1)  # the file may have grown since stat
    except IsADirectoryError:
        return Text("unreadable", size=size, message="this path is now a folder")
    except OSError as exc:
        return Text("unreadable", size=size, message=f"cannot read: {exc.strerror or exc}")
    if len(data) > limit:
        return Text("too-large", size=len(data), message=f"more than {limit:,} bytes: too large to show")
    if looks_binary(data[:BINARY_SNIFF]):
        return Text("binary", size=len(data), message=f"binary file, {len(data):,} bytes")
    text, enc = decode(data)
    return Text("text", text=text, encoding=enc, size=len(data))
