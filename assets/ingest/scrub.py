"""Remove personal data (names, passport/ID numbers, phone numbers) from free text before it is stored."""

from __future__ import annotations

import polars as pl

REDACTED = "[redacted]"
_UP = "A-ZА-ЯЁЎҚҒҲҶӢӮ"
_LOW = "a-zа-яёўқғҳҷӣӯʻ'’"
_INITIALS = rf"[{_UP}]\.\s?(?:[{_UP}]\.?)?"
_SURNAME = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
# Hand-written patterns: no maintained PII library covers Russian/Uzbek/Tajik remarks offline; each pattern is
# tested in tests/unit/test_scrub.py against the forms agencies use.
PATTERNS = [
    # passport / ID words followed by a number ("паспорт AA1234567", "passport No. FA 7654321", "ID 12345678")
    r"(?i)(?:паспорт\w*|passport|pasport|шиносном\w*|id[- ]?card|id|уд\.?\s*личности|ЖШШИР|ПИНФЛ|ИНН)"
    r"\s*(?:№|no\.?|n)?\s*[:#]?\s*[A-ZА-Я]{0,3}\s?\d[\d\s-]{4,}\d",
    # bare document numbers: two capitals then 7 digits (Central Asian passports)
    rf"\b[{_UP}]{{2}}\s?\d{{7}}\b",
    # long digit runs (personal ID numbers, 9+ digits)
    r"\b\d{9,}\b",
    # phone numbers (+998 90 123-45-67, 8 (701) 123 45 67, 992-93-555-12-34)
    r"(?:\+?\d{1,3}[\s-]?)?\(?\d{2,3}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}\b",
    # citizen/person words followed by a name ("гр. Каримов А.А.", "гражданин Алиев", "citizen A.A.")
    rf"(?i:\bгр\.|\bгражданин\w*|\bгражданк\w*|\bcitizen|\bfuqaro\w*|\bшаҳрванд\w*|\bводител\w*|\bпассажир\w*|\bdriver|\bpassenger|\bhaydovchi\w*|\bронанда\w*|\bMr\.?|\bMrs\.?|\bMs\.?)"
    rf"\s*(?:{_SURNAME}(?:\s+{_SURNAME})?(?:\s+{_INITIALS})?|{_INITIALS})",
    # surname with initials ("Каримов А.А.", "A.A. Karimov", "Karimov A.")
    rf"\b{_SURNAME}\s+{_INITIALS}",
    rf"\b{_INITIALS}\s?{_SURNAME}",
    # initials alone ("A.A.")
    rf"\b[{_UP}]\.\s?[{_UP}]\.",
]


def scrub_expr(column: str) -> pl.Expr:
    """The column's text with personal data replaced by a marker."""
    expr = pl.col(column)
    for pattern in PATTERNS:
        expr = expr.str.replace_all(pattern, REDACTED)
    return expr.alias(column)


def scrub_column(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """The frame with personal data removed from one column, each distinct text scrubbed once (remarks repeat)."""
    lookup = frame.select(pl.col(column).unique().drop_nulls()).with_columns(scrub_expr(column).alias("_scrubbed"))
    return (frame.join(lookup, on=column, how="left", maintain_order="left")
            .with_columns(pl.col("_scrubbed").alias(column)).drop("_scrubbed"))


def scrub_text(text: str | None) -> str | None:
    """One string with personal data replaced by a marker."""
    if text is None:
        return None
    return pl.DataFrame({"t": [text]}).select(scrub_expr("t")).item()
