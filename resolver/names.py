"""Names as they may be shown (issue #10 items 7 and 8), for the CLI and the app alike.

A file, folder or store name is data from the repository: it must never reach a terminal or a
window as control codes (ESC, BEL, CR, bidirectional marks) nor break an output encoding (bytes that
are not UTF-8). `shown` writes them visibly escaped; the form round-trips, `unescape(shown(name))
== name`, so what a user copies from the output is accepted back as input.
"""

from __future__ import annotations

import re

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\u200e\u200f\u061c"
_NEEDS = re.compile("[\\\\\x00-\x1f\x7f-\x9f\ud800-\udfff" + _BIDI + "]")


def _one(m: re.Match[str]) -> str:
    c = m.group()
    o = ord(c)
    if c == "\\":
        return "\\\\"
    if 0xDC80 <= o <= 0xDCFF:  # an undecodable byte, as os.fsdecode keeps it (surrogateescape)
        return f"\\x{o - 0xDC00:02x}"
    if o < 0x80:
        return f"\\x{o:02x}"
    return f"\\u{o:04x}"


def shown(text: str) -> str:
    """A name as it may be printed: control characters (C0, DEL, C1), bidirectional and line-
    separator marks written `\\xNN` / `\\uNNNN`, each byte that is not UTF-8 written `\\xNN`, and a
    literal backslash doubled. Plain names (the common case) come back unchanged."""
    if not _NEEDS.search(text):
        return text
    return _NEEDS.sub(_one, text)


def unescape(text: str, lone_backslash: str | None = None) -> str:
    """The inverse of `shown`: `\\\\` is a backslash, `\\xNN` a byte (bytes that are not UTF-8
    come back as the file system's own name), `\\uNNNN` a character. A backslash starting no
    escape is kept, or replaced by `lone_backslash` (the CLI passes "/" for Windows-style paths)."""
    if "\\" not in text:
        return text
    out = bytearray()
    pos = 0
    pattern = re.compile(r"\\(\\|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})?")
    for m in pattern.finditer(text):
        out += text[pos : m.start()].encode("utf-8", "surrogateescape")
        esc = m.group(1)
        if esc is None:
            out += (lone_backslash if lone_backslash is not None else "\\").encode()
        elif esc == "\\":
            out += b"\\"
        elif esc[0] == "x":
            out.append(int(esc[1:], 16))
        else:
            out += chr(int(esc[1:], 16)).encode("utf-8", "surrogatepass")
        pos = m.end()
    out += text[pos:].encode("utf-8", "surrogateescape")
    return out.decode("utf-8", "surrogateescape")


def shown_lines(text: str) -> str:
    """`shown` for a message of several lines: each line escaped, the line breaks kept."""
    return "\n".join(shown(line) for line in text.split("\n"))
