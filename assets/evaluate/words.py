"""The words an evaluator signs: each direction read from its 95 % interval, never from raw means, in English and
Russian, with the enforcement-effort caveat beside the numbers.

A change is "rose" or "fell" only when its interval excludes no change; otherwise "no change detected", with the
range of changes the data are consistent with. One rule for the warehouse's sentences, the dashboards and the packs.
"""

from __future__ import annotations

import math

LANGUAGES = ("en", "ru")
ALPHA = 0.05  # the level a corrected p-value must stay under for a change to survive testing many crossing points
MINUS = "\u2212"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MONTHS_IN = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре",
             "ноябре", "декабре"]  # Russian prepositional case: "открыт в июле 2022 г."
SYNTHETIC = {"en": " (synthetic demo data)", "ru": " (синтетические демонстрационные данные)"}
CAVEAT = {"en": "More seizures can mean more smuggling or better detection.",
          "ru": "Больше изъятий может означать и больше контрабанды, и лучшее выявление."}
CHANGE = {
    "en": {"up": "rose by {size} % (95 % CI {lo} % to {hi} %)", "down": "fell by {size} % (95 % CI {lo} % to {hi} %)",
           "none": "no change detected (consistent with {lo} % to {hi} %)"},
    "ru": {"up": "рост на {size} % (95 % ДИ от {lo} % до {hi} %)",
           "down": "снижение на {size} % (95 % ДИ от {lo} % до {hi} %)",
           "none": "изменение не выявлено (данные совместимы с изменением от {lo} % до {hi} %)"},
}
TEXT = {
    "en": {
        "opening": "At {name}, where the BLO opened in {opened} ({pre} months before and {post} after compared): ",
        "level": "seizure events at the opening: {}", "slope": "the trend after the opening, per month: {}",
        "total": "all seizure events in the {post} months after, against the earlier trend: {}",
        "kg": "Kilograms, descriptive only (no model): {pre} kg a month before, {post} kg after.",
        "survives": "The change at the opening survives correction for testing {n} crossing points together "
                    "(Holm p = {holm}; Benjamini–Hochberg q = {bh}).",
        "bh_only": "The change at the opening survives the Benjamini–Hochberg correction for testing {n} crossing "
                   "points together (q = {bh}) but not Holm's stricter one (p = {holm}).",
        "fails": "Across the {n} crossing points tested together, the change at the opening is not significant "
                 "(Holm p = {holm}; Benjamini–Hochberg q = {bh}): it may be a chance finding.",
        "method": "Quasi-Poisson interrupted time series with seasonality.",
        "status": "At {name}, the BLO opened in {opened} can't be evaluated yet: {status}.",
        "region": "Region-wide (staggered difference-in-differences, Callaway & Sant'Anna, on log((events + ½) / "
                  "reported months) per crossing point and quarter; {units} crossing points, {cohorts} opening "
                  "cohorts), the monthly rate of seizure events at BLO crossing points against {control}, over the "
                  "opening quarter and up to {lags} quarters after it: {change}.",
        "control": {"never-treated": "crossing points without a BLO",
                    "not-yet-treated": "crossing points whose BLO had not opened yet"},
        "pretrend_bad": "Pre-trend test p = {p}: the effects before the openings are not all zero, a warning that BLO "
                        "and comparison crossing points were already drifting apart, so the estimate may be biased "
                        "(one test in twenty fails by chance at this level).",
        "pretrend_ok": "Pre-trend test p = {p}: no sign that BLO and comparison crossing points were drifting apart "
                       "before the openings.",
        "pretrend_none": "The pre-trend could not be tested.",
        "power": "The test has little power: one quarter before an opening would have to be off by about {mde} % to "
                 "be caught four times in five; passing it would not prove the trends were parallel.",
        "region_status": "Region-wide, against {control}: not estimated — {reason}.",
    },
    "ru": {
        "opening": "{name} (ПОС открыт в {opened}; сравниваются {pre} мес. до и {post} мес. после): ",
        "level": "число случаев изъятия в момент открытия — {}", "slope": "тренд после открытия, в месяц — {}",
        "total": "все случаи изъятия за {post} мес. после открытия относительно прежнего тренда — {}",
        "kg": "Килограммы, только описательно (без модели): {pre} кг в месяц до, {post} кг после.",
        "survives": "Изменение в момент открытия сохраняется после поправки на одновременную проверку {n} пунктов "
                    "пропуска (Холм p = {holm}; Бенджамини–Хохберг q = {bh}).",
        "bh_only": "Изменение в момент открытия сохраняется после поправки Бенджамини–Хохберга на одновременную "
                   "проверку {n} пунктов пропуска (q = {bh}), но не после более строгой поправки Холма (p = {holm}).",
        "fails": "При одновременной проверке {n} пунктов пропуска изменение в момент открытия незначимо (Холм "
                 "p = {holm}; Бенджамини–Хохберг q = {bh}): оно может быть случайным.",
        "method": "Квазипуассоновский прерванный временной ряд с сезонностью.",
        "status": "{name}: оценка до/после для ПОС, открытого в {opened}, не приводится ({status}).",
        "region": "По региону (разность разностей со ступенчатым началом, Callaway–Sant'Anna, по log((случаи + ½) / "
                  "месяцы с отчётами) на пункт и квартал; пунктов пропуска: {units}, когорт открытия: {cohorts}) "
                  "месячная частота случаев изъятия на пунктах с ПОС по сравнению с {control} за квартал открытия "
                  "и до {lags} кварталов после него — {change}.",
        "control": {"never-treated": "пунктами без ПОС", "not-yet-treated": "пунктами, где ПОС ещё не открыт"},
        "pretrend_bad": "Проверка трендов до открытия: p = {p} — эффекты до открытия не все равны нулю; это "
                        "предупреждение, что пункты с ПОС и пункты сравнения расходились ещё до открытия, и оценка "
                        "может быть смещена (на этом уровне одна проверка из двадцати не проходит случайно).",
        "pretrend_ok": "Проверка трендов до открытия: p = {p} — признаков расхождения пунктов с ПОС и пунктов "
                       "сравнения до открытия нет.",
        "pretrend_none": "Тренды до открытия проверить не удалось.",
        "power": "Мощность проверки мала: отклонение одного квартала до открытия обнаруживается в четырёх случаях из "
                 "пяти лишь при величине около {mde} %, так что прохождение проверки не доказывает параллельности "
                 "трендов.",
        "region_status": "По региону, по сравнению с {control}: оценка не получена — {reason}.",
    },
}


def number(value: float | None, lang: str, digits: int = 1) -> str:
    """'1,234.5' in English, '1 234,5' in Russian (no-break space); empty for a missing value."""
    if value is None:
        return ""
    formatted = f"{value:,.{digits}f}"
    return formatted.replace(",", "\u00a0").replace(".", ",") if lang == "ru" else formatted


def direction(lower: float, upper: float) -> str:
    """'up' when the whole interval of a ratio lies above 1, 'down' when below, else 'none' (no change detected)."""
    return "up" if lower > 1 else "down" if upper < 1 else "none"


def change(ratio: float, lower: float, upper: float, lang: str) -> str:
    """A ratio and its 95 % interval as a percentage change, its direction read from the interval."""
    size, lo, hi = (100 * (value - 1) for value in (ratio, lower, upper))
    digits = 0 if max(abs(size), abs(lo), abs(hi)) >= 10 else 1
    return CHANGE[lang][direction(lower, upper)].format(
        size=number(abs(size), lang, digits), lo=_signed(lo, lang, digits), hi=_signed(hi, lang, digits))


def survival(row: dict) -> str | None:
    """Whether the change at the opening survives testing every crossing point together: 'both' (Holm and
    Benjamini–Hochberg), 'bh' (the latter only), 'neither'; None without a test."""
    if row.get("p_holm") is None:
        return None
    return "both" if row["p_holm"] < ALPHA else "bh" if row["p_bh"] < ALPHA else "neither"


def sentence(row: dict, lang: str, name: str | None = None, synthetic: bool = False) -> str:
    """The finding for one crossing point: the change at the opening, and where fitted the trend change and the total
    over the post window, each as its interval says; kilograms described; multiplicity; the caveat."""
    words, name = TEXT[lang], name or row["crossing_point"]
    opened = row["blo_established"]
    when = (f"{MONTHS_IN[opened.month - 1]} {opened.year} г." if lang == "ru"
            else f"{MONTHS[opened.month - 1]} {opened.year}")
    tail = SYNTHETIC[lang] if synthetic else ""
    if row["status"] != "ok":
        return words["status"].format(name=name, opened=when, status=row["status"]) + tail
    parts = [words["level"].format(change(row["rate_ratio"], row["lower"], row["upper"], lang))]
    if row.get("slope_change") is not None:
        parts.append(words["slope"].format(change(row["slope_change"], row["slope_lower"], row["slope_upper"], lang)))
    if row.get("cumulative_ratio") is not None:
        parts.append(words["total"].format(change(row["cumulative_ratio"], row["cumulative_lower"],
                                                  row["cumulative_upper"], lang), post=row["post_months"]))
    text = [words["opening"].format(name=name, opened=when, pre=row["pre_months"], post=row["post_months"])
            + "; ".join(parts) + "."]
    if row.get("pre_mean_kg") is not None and row.get("post_mean_kg") is not None:
        text.append(words["kg"].format(pre=number(row["pre_mean_kg"], lang), post=number(row["post_mean_kg"], lang)))
    verdict = survival(row)
    if verdict and direction(row["lower"], row["upper"]) != "none":
        key = {"both": "survives", "bh": "bh_only", "neither": "fails"}[verdict]
        text.append(words[key].format(n=row["n_tested"], holm=_p(row["p_holm"], lang), bh=_p(row["p_bh"], lang)))
    text += [words["method"], CAVEAT[lang]]
    return " ".join(text) + tail


def region_sentence(summary: dict, lang: str, lags: int, detectable: float | None) -> str:
    """The region-wide DiD as a percentage change of the monthly event rate with its interval, what its pre-trend
    test means, and how small a pre-trend the test could catch (`detectable`, log points)."""
    words = TEXT[lang]
    control = words["control"][summary["control"]]
    if summary["status"] != "ok":
        return words["region_status"].format(control=control, reason=summary["reason"])
    rates = (math.exp(summary[key]) for key in ("att", "lower", "upper"))
    text = [words["region"].format(lags=lags, control=control, change=change(*rates, lang), units=summary["n_units"],
                                   cohorts=summary["n_cohorts"])]
    p = summary.get("pretrend_p")
    text.append(words["pretrend_none"] if p is None else
                words["pretrend_bad" if p < ALPHA else "pretrend_ok"].format(p=_p(p, lang)))
    if detectable is not None:
        text.append(words["power"].format(mde=number(100 * (math.exp(detectable) - 1), lang, 0)))
    text.append(CAVEAT[lang])
    return " ".join(text)


def _signed(value: float, lang: str, digits: int) -> str:
    """'+8', '−35' (a true minus sign)."""
    return ("+" if value >= 0 else MINUS) + number(abs(value), lang, digits)


def _p(value: float, lang: str) -> str:
    """A p-value to two significant places, '< 0.001' when smaller."""
    if value < 0.001:
        return "< " + number(0.001, lang, 3)
    return number(value, lang, 3 if value < 0.01 else 2)
