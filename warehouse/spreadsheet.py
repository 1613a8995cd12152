"""Text cells made safe for a spreadsheet: every CSV the product writes, and the way back when one is ingested.

OWASP's guidance on CSV injection (https://owasp.org/www-community/attacks/CSV_Injection): a cell that begins with
=, +, -, @, a tab or a carriage return is evaluated by Excel, LibreOffice and Google Sheets; prefixing it with a single
quote makes it text. Plain numbers ("-5", "+3.2") are left as they are: no spreadsheet runs them.
"""

from __future__ import annotations

import polars as pl

TRIGGERS = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$"
GUARDED = r"^'[=+\-@\t\r]"  # a guarded cell: the quote, then what it guards


def neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell a spreadsheet would evaluate prefixed with a single quote."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(guard(pl.col(name)).alias(name) for name in text)


def guard(cell: pl.Expr) -> pl.Expr:
    """One text column, each formula-like cell quoted."""
    risky = cell.str.contains(TRIGGERS) & ~cell.str.contains(PLAIN_NUMBER)
    return pl.when(risky).then(pl.lit("'") + cell).otherwise(cell)


def restored(cell: pl.Expr) -> pl.Expr:
    """A cell as it was before `guard` quoted it (for corrections files coming back)."""
    return pl.when(cell.str.contains(GUARDED)).then(cell.str.slice(1)).otherwise(cell)
