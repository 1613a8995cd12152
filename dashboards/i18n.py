"""Pack and chart wording, month names and number formats in English and Russian."""

from __future__ import annotations

import datetime as dt

from assets.evaluate.words import direction, survival
from assets.evaluate.words import number as number
from assets.evaluate.words import sentence as finding_sentence

LANGUAGES = ("en", "ru")

TEXT = {
    "en": {
        "title": "Border Liaison Offices: seizures before and after", "period": "Period", "built": "Warehouse built",
        "donor": "Prepared for", "data": "Data", "summary": "Summary", "crossing_point": "Crossing point",
        "blo_opened": "BLO opened", "pre": "Events (kg) a month before", "post": "Events (kg) a month after",
        "rate_ratio": "Rate ratio (95 % CI)", "status": "Finding", "methods": "Methods and caveats",
        "no_blo": "No BLO at this crossing point: it serves as a comparison for the region-wide estimate.",
        "no_blo_short": "no BLO", "kg": "kg", "window_open": "evaluation window ends {month}", "snapshot": "Snapshot",
        "source": "Source: BLO Seizure Trends warehouse, built {built}", "synthetic_mark": "SYNTHETIC DEMO DATA",
        "events_axis": "seizure events per month", "kg_axis": "kg seized per month", "month_axis": "month",
        "events_trace": "events / month", "kg_trace": "kg / month", "pre_mean": "pre-BLO mean",
        "post_mean": "post-BLO mean", "no_report": "no agency report (missing, not zero)",
        "blo_line": "BLO opened", "monthly_title": "{name}: monthly seizures",
        "share_axis": "share of seizure events (%)", "mix_period_axis": "period relative to the BLO opening",
        "before": "before", "after": "after", "mix_title": "{name}: substance mix before and after the BLO",
        "band_title": "{name}: observed events vs the pre-BLO level carried forward",
        "band_trace": "pre-BLO mean ± 95 % range, carried forward (not a model fit)",
        "observed": "observed events / month", "es_title": "Region-wide event study (Callaway & Sant'Anna)",
        "es_x": "quarters since the BLO opened (e)",
        "es_y": "effect on log((events + ½) / reported months), log points",
        "es_trace": "ATT(e) with 95 % CI", "es_zero": "BLO opens (e = 0)",
        "map_title": "Crossing points coloured by before/after rate ratio", "lon": "longitude (°E)",
        "lat": "latitude (°N)", "rate_ratio_bar": "rate ratio (×)", "no_estimate": "no estimate / no BLO",
        "map_borders": "borders: Natural Earth 1:10m v4.1.0, public domain",
        "map_unplaced": "Not on the map (no sourced coordinates): {names}", "country_KAZ": "Kazakhstan",
        "country_KGZ": "Kyrgyzstan", "country_TJK": "Tajikistan", "country_UZB": "Uzbekistan",
        "country_TKM": "Turkmenistan", "country_AFG": "Afghanistan", "country_IRN": "Iran", "country_CHN": "China",
        "country_RUS": "Russia",
        "methods_text": (
            "Seizures measure trafficking flow and enforcement effort at the same time: a BLO can raise seizures by "
            "improving detection even when trafficking is unchanged, so a rise is not proof of more trafficking, nor "
            "a fall proof of less. Monthly seizure events in the 24 months before and after each BLO opened are "
            "modelled with a quasi-Poisson interrupted time series (seasonality, errors allowing for correlated "
            "months); the rate ratio is the change in the monthly event rate at opening. Counts and kilograms are "
            "reported separately because one "
            "large haul dominates kilograms. Months in which no agency reported are missing, not zero. The "
            "region-wide estimate is a staggered difference-in-differences (Callaway & Sant'Anna) with never-treated "
            "and not-yet-treated crossing points as controls. A sentence says that seizures rose or fell only when "
            "the 95 % interval excludes no change; otherwise it says no change was detected and gives the range the "
            "data are consistent with. Testing some twenty crossing points at once makes one or more 'significant' "
            "changes likely by chance alone, so the table also shows whether each change survives the Holm and "
            "Benjamini–Hochberg corrections for testing them all together."),
        "story_heading": "{period} in brief",
        "story_lead": "In {period} the agencies reported {events} seizure events and {kg} kg at the {points} "
                      "crossing points of this pack.",
        "story_change": "On {period}: events {events}, kg {kg}.", "story_caveat": (
            "Changes are descriptive: seizures measure enforcement effort as well as trafficking."),
        "story_rule": ("'No report': agency reports do not cover every month of that period at every crossing point "
                       "of the row, so no change is computed against it."),
        "story_gaps": "No report: {gaps}.",
        "story_silent": "Agencies that have not reported every month of {period}: {agencies}.",
        "by_country": "By country", "by_group": "By substance group",
        "story_total": "All crossing points of this pack", "events_in": "Events {period}", "kg_in": "kg {period}",
        "vs": "vs {period}", "no_report_cell": "no report", "from_zero": "up from 0",
        "notable": "Notable seizures of {period}", "notable_kg": "Largest by weight, per substance group",
        "notable_units": "Largest by count (tablets, pieces…), per substance group",
        "no_notable": "No single seizure events were reported in this period (monthly totals only).",
        "seizure_line": "{quantity} of {substance} at {place} ({agency}, {date})", "g": "g", "map": "Map",
        "agency_customs": "Customs", "agency_border": "Border guards", "agency_drug_control": "Drug control",
        "agency_police": "Police", "unit_tablet": "tablets", "unit_capsule": "capsules", "unit_box": "boxes",
        "unit_piece": "pieces", "unit_round": "rounds",
        "up": "rose", "down": "fell", "none": "no change detected", "both": "survives Holm and BH",
        "bh": "survives BH only", "neither": "not significant after correction",
        "synthetic_note": ("These figures are built from synthetic demo data: the seizures and the BLO opening "
                           "dates are simulated and must not be cited."),
    },
    "ru": {
        "title": "Пограничные офисы связи: изъятия до и после", "period": "Период", "built": "Дата сборки хранилища",
        "donor": "Подготовлено для", "data": "Данные", "summary": "Сводка", "crossing_point": "Пункт пропуска",
        "blo_opened": "ПОС открыт", "pre": "Случаев (кг) в месяц до", "post": "Случаев (кг) в месяц после",
        "rate_ratio": "Отношение частот (95 % ДИ)", "status": "Вывод", "methods": "Методы и оговорки",
        "no_blo": "На этом пункте пропуска нет ПОС: он служит для сравнения в оценке по региону.",
        "no_blo_short": "нет ПОС", "kg": "кг",
        "window_open": "окно оценки заканчивается: {month}", "snapshot": "Снимок",
        "source": "Источник: хранилище BLO Seizure Trends, сборка {built}",
        "synthetic_mark": "СИНТЕТИЧЕСКИЕ ДЕМОНСТРАЦИОННЫЕ ДАННЫЕ",
        "events_axis": "случаев изъятия в месяц", "kg_axis": "изъято кг в месяц", "month_axis": "месяц",
        "events_trace": "случаев / месяц", "kg_trace": "кг / месяц", "pre_mean": "среднее до ПОС",
        "post_mean": "среднее после ПОС", "no_report": "нет отчёта ведомств (пропуск, не ноль)",
        "blo_line": "ПОС открыт", "monthly_title": "{name}: изъятия по месяцам",
        "share_axis": "доля случаев изъятия (%)", "mix_period_axis": "период относительно открытия ПОС",
        "before": "до", "after": "после", "mix_title": "{name}: состав изъятий до и после открытия ПОС",
        "band_title": "{name}: наблюдаемые случаи и уровень до ПОС, продолженный вперёд",
        "band_trace": "среднее до ПОС ± 95 % диапазон, продолжено вперёд (не модель)",
        "observed": "наблюдаемые случаи / месяц",
        "es_title": "Оценка по региону: динамика эффекта (Callaway–Sant'Anna)",
        "es_x": "кварталы после открытия ПОС (e)",
        "es_y": "эффект на log((случаи + ½) / месяцы с отчётами), лог. пункты",
        "es_trace": "ATT(e) с 95 % ДИ", "es_zero": "открытие ПОС (e = 0)",
        "map_title": "Пункты пропуска: отношение частот до и после", "lon": "долгота (° в. д.)",
        "lat": "широта (° с. ш.)", "rate_ratio_bar": "отношение частот (×)", "no_estimate": "нет оценки / нет ПОС",
        "map_borders": "границы: Natural Earth 1:10m v4.1.0, общ. достояние",
        "map_unplaced": "Нет на карте (нет координат с источником): {names}", "country_KAZ": "Казахстан",
        "country_KGZ": "Кыргызстан", "country_TJK": "Таджикистан", "country_UZB": "Узбекистан",
        "country_TKM": "Туркменистан", "country_AFG": "Афганистан", "country_IRN": "Иран", "country_CHN": "Китай",
        "country_RUS": "Россия",
        "methods_text": (
            "Изъятия отражают одновременно поток контрабанды и усилия правоохранительных органов: ПОС может "
            "увеличить число изъятий, улучшив выявление, даже если поток не изменился, поэтому рост не доказывает "
            "роста контрабанды, а снижение — её сокращения. Число случаев изъятия в месяц за 24 месяца до и после "
            "открытия каждого ПОС моделируется прерванным временным рядом (квазипуассоновская модель, сезонность, "
            "ошибки с учётом автокорреляции месяцев); отношение частот — изменение месячной частоты случаев в "
            "момент открытия. Случаи и килограммы приводятся отдельно: одно крупное изъятие определяет сумму "
            "килограммов. Месяцы без отчётов "
            "ведомств считаются пропущенными, а не нулевыми. Оценка по региону — разность разностей со ступенчатым "
            "началом (Callaway–Sant'Anna); контроль — пункты без ПОС и пункты, где ПОС ещё не открыт. Рост или "
            "снижение называются только тогда, когда 95 % доверительный интервал исключает отсутствие изменений; "
            "иначе сказано, что изменение не выявлено, и приведён диапазон, с которым совместимы данные. При "
            "проверке около двадцати пунктов сразу одно или несколько «значимых» изменений вероятны и случайно, "
            "поэтому в таблице отмечено, сохраняется ли изменение после поправок Холма и Бенджамини–Хохберга на "
            "одновременную проверку всех пунктов."),
        "story_heading": "{period}: коротко",
        "story_lead": "Случаев изъятия за {period}, по данным ведомств: {events}; изъято {kg} кг; пунктов пропуска "
                      "в отчёте: {points}.",
        "story_change": "К {period}: случаи {events}, кг {kg}.", "story_caveat": (
            "Изменения описательные: изъятия отражают и поток контрабанды, и усилия правоохранительных органов."),
        "story_rule": ("«Нет отчёта»: отчёты ведомств не охватывают каждый месяц этого периода на каждом пункте "
                       "пропуска строки, поэтому изменение к нему не вычисляется."),
        "story_gaps": "Нет отчёта: {gaps}.",
        "story_silent": "Ведомства, не отчитавшиеся за каждый месяц периода {period}: {agencies}.",
        "by_country": "По странам", "by_group": "По группам веществ",
        "story_total": "Все пункты пропуска отчёта", "events_in": "Случаи {period}", "kg_in": "кг {period}",
        "vs": "к {period}", "no_report_cell": "нет отчёта", "from_zero": "рост с 0",
        "notable": "Крупные изъятия за {period}", "notable_kg": "Крупнейшие по весу, по группам веществ",
        "notable_units": "Крупнейшие по количеству (таблетки, штуки…), по группам веществ",
        "no_notable": "Отдельных случаев изъятия за период не поступало (только месячные итоги).",
        "seizure_line": "{substance} — {quantity}, {place} ({agency}, {date})", "g": "г", "map": "Карта",
        "agency_customs": "таможня", "agency_border": "пограничная служба", "agency_drug_control": "наркоконтроль",
        "agency_police": "полиция", "unit_tablet": "табл.", "unit_capsule": "капс.", "unit_box": "кор.",
        "unit_piece": "шт.", "unit_round": "патр.",
        "up": "рост", "down": "снижение", "none": "изменение не выявлено", "both": "сохраняется (Холм и Б–Х)",
        "bh": "сохраняется только по Б–Х", "neither": "незначимо после поправки",
        "synthetic_note": ("Графики построены на синтетических демонстрационных данных: изъятия и даты открытия "
                           "ПОС смоделированы, ссылаться на них нельзя."),
    },
}

MONTHS = {"en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
          "ru": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]}
DATA_LABELS = {"synthetic demo data": "синтетические демонстрационные данные", "agency data": "данные ведомств"}
SEPARATORS = {"en": ".,", "ru": ",\u00a0"}  # Plotly's layout.separators: decimal mark, then thousands mark
# Russian names of the substance groups of warehouse/reference/substances.csv (UNODC's English names)
GROUPS_RU = {
    "All": "Все группы", "Ammunition and weapons": "Боеприпасы и оружие",
    "Amphetamines and Stimulants": "Амфетамины и стимуляторы",
    "Cannabis and Synthetic Cannabinoids": "Каннабис и синтетические каннабиноиды",
    "Classic Hallucinogens": "Классические галлюциногены", "Cocaine and Derivatives": "Кокаин и производные",
    "Currency": "Валюта", "MDMA and Ecstasy-like Drugs": "МДМА и экстази-подобные вещества",
    "Miscellaneous": "Прочие вещества", "NPS": "Новые психоактивные вещества",
    "Opioids and Opiates": "Опиоиды и опиаты",
    "Other goods": "Прочие товары", "Tobacco": "Табак", "Tranquillizers and Sedatives": "Транквилизаторы и седативные",
}
# Russian names of the substances agencies most often report; any other keeps its warehouse (English) name
SUBSTANCES_RU = {
    "heroin": "героин", "opium": "опий", "morphine": "морфин", "hashish": "гашиш", "cannabis herb": "марихуана",
    "cannabis oil": "гашишное масло", "cannabis plants": "растения конопли", "methamphetamine": "метамфетамин",
    "amphetamine": "амфетамин", "mephedrone": "мефедрон", "cocaine": "кокаин", "tramadol": "трамадол",
    "codeine": "кодеин", "methadone": "метадон", "poppy straw": "маковая солома", "tropicamide": "тропикамид",
    "phenazepam": "феназепам", "baclofen": "баклофен", "pregabalin": "прегабалин", "zopiclone": "зопиклон",
    "gabapentin": "габапентин", "diazepam": "диазепам", "alprazolam": "алпразолам", "cigarettes": "сигареты",
    "tobacco": "табак", "nasvay": "насвай", "ammunition": "боеприпасы", "firearms": "огнестрельное оружие",
    "currency": "валюта", "acetic anhydride": "уксусный ангидрид", "acetone": "ацетон",
    "sulphuric acid": "серная кислота", "hydrochloric acid": "соляная кислота", "spice": "спайс",
}


def text(key: str, lang: str, **values: object) -> str:
    """A label in the given language, with any {placeholders} filled."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not '{lang}'")
    return TEXT[lang][key].format(**values) if values else TEXT[lang][key]


def month_label(month: dt.date | None, lang: str) -> str:
    """'Jul 2022' / 'июл 2022'."""
    return "" if month is None else f"{MONTHS[lang][month.month - 1]} {month.year}"


def data_label(label: str, lang: str) -> str:
    """The warehouse's data label in the pack's language."""
    return DATA_LABELS.get(label, label) if lang == "ru" else label


def group_name(group: str, lang: str) -> str:
    """A substance group in the given language (the warehouse holds UNODC's English names)."""
    return GROUPS_RU.get(group, group) if lang == "ru" else group


def substance_name(substance: str, lang: str) -> str:
    """A substance in the given language, where a Russian name is known."""
    return SUBSTANCES_RU.get(substance, substance) if lang == "ru" else substance


def day_label(day: dt.date, lang: str) -> str:
    """'21 Nov 2023' / '21 ноя 2023', as the programme's news items date a seizure."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def status(effect: dict, lang: str) -> str:
    """What the estimate says in a word or two, and whether it survives testing every crossing point together; the
    pipeline's reasons, when there is no estimate, are kept as written."""
    if effect.get("status") != "ok":
        return effect.get("status") or ""
    said, verdict = direction(effect["lower"], effect["upper"]), survival(effect)
    return f"{text(said, lang)}; {text(verdict, lang)}" if verdict and said != "none" else text(said, lang)


def interval(effect: dict, lang: str) -> str:
    """'1.30 (1.05–1.61)' — the rate ratio with its 95 % interval, when there is an estimate."""
    if effect.get("status") != "ok" or effect.get("rate_ratio") is None:
        return ""
    return (f"{number(effect['rate_ratio'], lang, 2)} ({number(effect['lower'], lang, 2)}–"
            f"{number(effect['upper'], lang, 2)})")


def sentence(name: str, effect: dict | None, lang: str, synthetic: bool = False) -> str:
    """The plain-language finding for one crossing point, by the warehouse's own sentence rules."""
    if effect is None:
        return text("no_blo", lang)
    return finding_sentence(effect, lang, name=name, synthetic=synthetic)
