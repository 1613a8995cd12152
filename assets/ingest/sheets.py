"""A table of text cells as an export holds it, the text of its bytes, and how it writes its numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from charset_normalizer import from_bytes

SNIFF_BYTES = 64 * 1024
# a number whose comma cannot group thousands ("12,5", "0,125", "1,2 кг"): the file writes decimal commas
DECIMAL_COMMA = r"^-?(\d+,\d{1,2}|\d+,\d{4,}|0,\d+)(\s*[^\W\d_]+\.?)?$"


class UnreadableFile(ValueError):
    """A file that cannot be read as an agency export; the message is one line for the user."""


@dataclass
class Sheet:
    """One table of text cells as found in the file; `rows` keeps file order, row 1 = first physical row."""

    name: str
    rows: pl.DataFrame
    first_row: int = 1
    fixed: dict[str, str] = field(default_factory=dict)
    decimal: str | None = None


def decode(raw: bytes, name: str) -> str:
    """Text of a file in whichever common encoding it uses (UTF-8 ± BOM, UTF-16 ± BOM, cp1251, …)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raw = raw[3:]  # a UTF-8 byte-order mark on text in another encoding: detect it below
    if b"\x00" in raw[:SNIFF_BYTES]:
        utf16 = from_bytes(raw[:SNIFF_BYTES], cp_isolation=["utf_16_le", "utf_16_be"]).best()
        if utf16 is None:
            raise UnreadableFile(f"{name}: binary content, not a text export")
        return raw.decode(utf16.encoding, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw[: 4 * SNIFF_BYTES], cp_isolation=["cp1251", "koi8_r", "cp1252", "latin_1"]).best()
    if best is None:
        raise UnreadableFile(f"{name}: cannot tell the text encoding")
    return raw.decode(best.encoding, errors="replace")


def decimal_hint(frame: pl.DataFrame) -> str | None:
    """A file that writes a number with a comma that cannot group thousands ("12,5 кг") uses decimal commas."""
    sample = frame.head(200).unpivot().get_column("value").drop_nulls().str.strip_chars()
    return "," if sample.str.contains(DECIMAL_COMMA).any() else None
