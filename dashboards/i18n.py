"""Pack wording and number formats in English and Russian."""

from __future__ import annotations

TEXT = {
    "en": {"title": "Border Liaison Offices: seizures before and after", "period": "Period", "built": "Built",
           "data": "Data", "summary": "Summary", "crossing_point": "Crossing point", "blo_opened": "BLO opened",
           "pre": "Events/month before", "post": "Events/month after", "rate_ratio": "Rate ratio (95% CI)",
           "status": "Status", "methods": "Methods and caveats", "no_blo": "No BLO at this crossing point.",
           "no_blo_short": "no BLO",
           "methods_text": "Seizures measure trafficking and enforcement effort: a BLO can raise seizures. Monthly "
                           "events in the 24 months before and after each BLO opened are modelled with a "
                           "quasi-Poisson interrupted time series with seasonality and HAC errors; counts and "
                           "kilograms are reported separately; months with no agency report are missing, not "
                           "zero."},
    "ru": {"title": "Пограничные офисы связи: изъятия до и после", "period": "Период", "built": "Дата сборки",
           "data": "Данные", "summary": "Сводка", "crossing_point": "Пункт пропуска", "blo_opened": "ПОС открыт",
           "pre": "Случаев в месяц до", "post": "Случаев в месяц после", "rate_ratio": "Отношение (95% ДИ)",
           "status": "Статус", "methods": "Методы и оговорки", "no_blo": "На этом пункте пропуска нет ПОС.",
           "no_blo_short": "нет ПОС",
           "methods_text": "Изъятия отражают и интенсивность контрабанды, и усилия правоохранительных органов: "
                           "ПОС может увеличить число изъятий. Ежемесячное число случаев за 24 месяца до и после "
                           "открытия ПОС моделируется прерванным временным рядом (квазипуассоновская модель с "
                           "сезонностью и HAC-ошибками); случаи и килограммы приводятся отдельно; месяцы без "
                           "отчётов считаются пропущенными, а не нулевыми."},
}


def text(key: str, lang: str) -> str:
    """A label in the pack's language."""
    return TEXT[lang][key]


def number(value: float | None, lang: str, digits: int) -> str:
    """'1,234.5' in English, '1 234,5' in Russian."""
    if value is None:
        return ""
    formatted = f"{value:,.{digits}f}"
    return formatted.replace(",", "\u00a0").replace(".", ",") if lang == "ru" else formatted
