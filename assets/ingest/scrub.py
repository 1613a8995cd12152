"""Remove personal data (names, birth dates, document numbers, phones, e-mail and street addresses) from free text
before it is stored."""

from __future__ import annotations

import polars as pl

REDACTED = "[redacted]"
_UP = "A-ZА-ЯЁЎҚҒҲҶӢӮӘӨҮҰІҢҺÇÄŇÖŞÜÝŽ"
_LOW = "a-zа-яёўқғҳҷӣӯәөүұіңһçäňöşüýžʻ'’‘"
_Q = "['ʻ’‘`]?"  # Uzbek Latin writes o‘ and g‘ with any apostrophe, or none
_WORD = rf"[{_UP}][{_LOW}]+"
_INITIALS = rf"[{_UP}]\.\s?(?:[{_UP}]\.?)?"
_SURNAME = rf"{_WORD}(?:-{_WORD})?"
# Endings of the region's family names and patronymics, in Cyrillic and in Latin transliteration
_FAMILY = (r"(?:ов|ова|ев|ева|ёв|ёва|иев|иева|ин|ина|ын|ына|зода|заде|зоды|енко|ский|ская|цкий|цкая|ян|дзе|швили"
           r"|ov|ova|ev|eva|yev|yeva|iev|ieva|ow|owa|ew|ewa|ýew|ýewa|in|ina|zoda|zade|enko|sky|skiy|skaya|yan|dze|shvili)")
_PATRONYMIC = r"(?:ович|евич|ич|овна|евна|ична|инична|ovich|evich|ovna|evna|ichna)"
_PATRONYMIC_WORD = (rf"(?:o{_Q}g{_Q}li|ogli|o{_Q}g{_Q}ly|ogly|qizi|gyzy|kyzy|uulu|uly|угли|ўғли|уғли|оглы|кизи|қизи"
                    r"|кызы|қызы|уулу|улы|ұлы)")
_DATE = r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+[^\W\d_]{3,}\.?\s+\d{4}|\d{4})"
_BIRTH = (rf"(?:дата\s+рождения|д\.\s?р\.|г\.\s?р\.|рожд\w*|род\.|date\s+of\s+birth|birth\s*date|born|d\.?o\.?b\.?"
          rf"|tug{_Q}ilgan(?:\s+sana\w*|\s+yil\w*)?|туғилган(?:\s+сана\w*|\s+йил\w*)?"
          rf"|(?:санаи|соли)\s+таваллуд|таваллуд\w*|туған\s+(?:күні|жылы)|туулган\s+(?:күнү|жылы)"
          rf"|doglan\s+(?:senesi|ýyly|yyly)|т\.\s?ж\.|t\.\s?y\.)")
_AFTER_BIRTH = (rf"(?:г\.?\s?р\.?|г\.\s?рожд\.?|года\s+рождения|y\.\s?t\.|-?\s?yil(?:da)?\s+tug{_Q}ilgan"
                r"|-?\s?йил(?:да)?\s+туғилган|соли\s+таваллуд|ж\.\s?т\.|жылы\s+туған|born)")
_STREET_BEFORE = (r"(?:ул\.|улица|пр\.|пр-т|проспект|переулок|пер\.|проезд|бульвар|б-р|шоссе|мкр\.?|микрорайон|массив"
                  r"|кӯчаи|кучаи|шоҳкӯчаи|даҳаи|street|avenue|mavze|kvartal)")
_STREET_AFTER = (rf"(?:ko{_Q}chasi|kuchasi|кўчаси|кучаси|shoh\s?ko{_Q}chasi|mahallasi|маҳалласи|көшесі|даңғылы"
                 r"|көчөсү|проспектиси|köçesi|şaýoly|street|st\.|str\.|avenue|ave\.|road|rd\.|lane)")
_HOUSE = r"(?:,?\s*(?:д\.|дом|uy|house|№)?\s*\d+[\w/-]*)?(?:,?\s*(?:кв\.?|квартира|xonadon|apt\.?|flat)\s*\d+)?"
# Hand-written patterns: no maintained PII library recognises names, addresses or birth dates in Russian, Uzbek,
# Tajik, Kyrgyz, Kazakh or Turkmen remarks offline (Presidio's name recogniser needs a spaCy model per language, none
# for these languages installable from a package registry; Natasha reads Russian only); each pattern is tested in
# tests/unit/test_scrub.py against the forms agencies use.
PATTERNS = [
    # e-mail addresses
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    # dates of birth: a birth word then the date, or the date then a birth word ("1985 г.р.", "1985 yilda tug'ilgan")
    rf"(?i)\b{_BIRTH}\s*[:\-–]?\s*{_DATE}",
    rf"(?i){_DATE}\s*{_AFTER_BIRTH}",
    # street addresses: after an address word to the end of the clause, or a street with its house and flat number
    r"(?i)(?:по\s+адресу|адрес\w*|address|manzil\w*|манзил\w*|суроға\w*|мекен-?жай\w*|дарег\w*|salgy\w*)\s*:?\s*"
    r"[^;\n]{1,100}",
    rf"(?:{_WORD}\s+){{1,3}}(?i:{_STREET_AFTER}){_HOUSE}",
    rf"(?i)\b{_STREET_BEFORE}\s*(?:[{_UP}{_LOW}\d-]+\.?\s*){{1,4}}{_HOUSE}",
    r"(?i)\b(?:д\.|дом)\s*\d+[\w/-]*,?\s*кв\.?\s*\d+",
    # passport / ID words followed by a number ("паспорт AA1234567", "passport No. FA 7654321", "ID 12345678")
    r"(?i)(?:паспорт\w*|passport|pasport|шиносном\w*|төлқұжат\w*|id[- ]?card|id|уд\.?\s*личности|ЖШШИР|ПИНФЛ|ИНН)"
    r"\s*(?:№|no\.?|n)?\s*[:#]?\s*[A-ZА-Я]{0,3}\s?\d[\d\s-]{4,}\d",
    # bare document numbers: two capitals then 7 digits (Central Asian passports)
    rf"\b[{_UP}]{{2}}\s?\d{{7}}\b",
    # long digit runs (personal ID numbers, 9+ digits)
    r"\b\d{9,}\b",
    # phone numbers (+998 90 123-45-67, 8 (701) 123 45 67, 992-93-555-12-34)
    r"(?:\+?\d{1,3}[\s-]?)?\(?\d{2,3}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}\b",
    r"\+\d{1,3}(?:[\s-]?\(?\d{2,4}\)?){2,5}\b",  # any international number (+996 700 123 456, +993 62 98-76-54)
    # full names without initials: surname, name and patronymic ("Каримов Алишер Бахтиёрович", "Karimov Alisher
    # Baxtiyor o'g'li"), or a name and a surname either way round ("Alisher Karimov", "Рахимзода Фирдавс")
    rf"\b{_SURNAME}\s+{_WORD}(?:\s+{_WORD}{_PATRONYMIC}\b|(?:\s+{_WORD})?\s+{_PATRONYMIC_WORD}\b)",
    rf"\b[{_UP}][{_LOW}]*{_FAMILY}\s+{_WORD}\b",
    rf"\b{_WORD}\s+[{_UP}][{_LOW}]*{_FAMILY}\b",
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


def scrub_columns(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """The frame with personal data removed from these text columns, each distinct text scrubbed once."""
    # the distinct texts of all the columns in one pass (a pass per column: 0.6 s over the 1M-row bench's 97 files,
    # this 0.4 s)
    texts = frame.select(pl.concat_list(columns).explode().drop_nulls().unique()).to_series().to_list()
    changed = _scrubbed(texts)
    old, new = list(changed), list(changed.values())
    return frame.with_columns(pl.col(c).replace(old, new) for c in columns) if changed else frame


_MEMO: dict[str, str] = {}  # text → scrubbed text, for the life of the process: remarks repeat across an agency's files
_MEMO_LIMIT = 200_000


def _scrubbed(texts: list[str]) -> dict[str, str]:
    """The texts the patterns change, with what they become."""
    if len(_MEMO) > _MEMO_LIMIT:
        _MEMO.clear()
    new = [t for t in texts if t not in _MEMO]
    if new:
        _MEMO.update(zip(new, pl.DataFrame({"t": new}, schema={"t": pl.String}).select(scrub_expr("t"))
                         .get_column("t").to_list(), strict=True))
    return {t: _MEMO[t] for t in texts if _MEMO[t] != t}
