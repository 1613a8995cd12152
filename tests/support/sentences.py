"""Reading the product's sentences back: each claim's direction and printed interval against the estimate's."""

import re

NUMBER = r"[\d.,\u00a0]+"
PHRASES = {
    "en": re.compile(rf"(?P<word>rose by|fell by|no change detected) (?:{NUMBER} % )?\((?:95 % CI|consistent with) "
                     rf"(?P<lo>[+−]{NUMBER}) % to (?P<hi>[+−]{NUMBER}) %\)"),
    "ru": re.compile(rf"(?P<word>рост на|снижение на|изменение не выявлено) (?:{NUMBER} % )?\((?:95 % ДИ от|данные "
                     rf"совместимы с изменением от) (?P<lo>[+−]{NUMBER}) % до (?P<hi>[+−]{NUMBER}) %\)"),
}
SAID = {"rose by": "up", "fell by": "down", "no change detected": "none", "рост на": "up", "снижение на": "down",
        "изменение не выявлено": "none"}
DIRECTION_WORDS = {"en": r"\b(rose|fell|rise|fall|increased|decreased)\b", "ru": r"(рост|снижени|вырос|снизил)"}
COMPONENTS = (("rate_ratio", "lower", "upper"), ("slope_change", "slope_lower", "slope_upper"),
              ("cumulative_ratio", "cumulative_lower", "cumulative_upper"))


def _percent(printed: str, lang: str) -> float:
    """'+1,234.5' (English) or '+1 234,5' (Russian) as a number."""
    plain = printed.replace("−", "-").replace("\u00a0", "")
    return float(plain.replace(",", ".") if lang == "ru" else plain.replace(",", ""))


def contradictions(text: str, intervals: list[tuple[float, float]], lang: str) -> list[str]:
    """Each way the sentence's claims disagree with the intervals they come from (in order): a direction the interval
    does not support, printed bounds that are not the interval's, a claim too many or too few."""
    claims = list(PHRASES[lang].finditer(text))
    problems = [f"{len(claims)} claims for {len(intervals)} intervals"] if len(claims) != len(intervals) else []
    for claim, (lower, upper) in zip(claims, intervals, strict=False):
        said, truth = SAID[claim["word"]], "up" if lower > 1 else "down" if upper < 1 else "none"
        lo, hi = _percent(claim["lo"], lang), _percent(claim["hi"], lang)
        if said != truth:
            problems.append(f"says {claim['word']!r} for the interval {lower:.3f}–{upper:.3f}")
        if abs(lo - 100 * (lower - 1)) > 0.51 or abs(hi - 100 * (upper - 1)) > 0.51:
            problems.append(f"prints {lo}…{hi} % for {lower:.3f}–{upper:.3f}")
    stray = len(re.findall(DIRECTION_WORDS[lang], text)) - sum(SAID[c["word"]] != "none" for c in claims)
    problems += [f"{stray} direction word(s) outside the claims"] * (stray != 0)
    return problems


def row_contradictions(row: dict) -> list[str]:
    """contradictions() of both sentences of a blo_effects row."""
    intervals = [(row[lower], row[upper]) for estimate, lower, upper in COMPONENTS if row[estimate] is not None]
    return [f"{row['crossing_point']} [{lang}]: {problem}"
            for lang, column in (("en", "sentence"), ("ru", "sentence_ru"))
            for problem in contradictions(row[column], intervals, lang)]
