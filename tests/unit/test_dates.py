"""Dates and reporting periods as agencies write them: the day/month order read from each column, every claimed
format and language, each distinct cell parsed once, and one-line reasons for the cells that give no usable date."""

import datetime as dt

import polars as pl
import pytest

import assets.ingest.values as values
from assets.ingest.files import process_file
from assets.ingest.profiles import Profile, available_profiles
from assets.ingest.records import _periods
from assets.ingest.values import (
    MONTH_FIRST,
    date_problem,
    month_number,
    parse_date,
    parse_period,
    period_problem,
    read_dates,
    read_periods,
)

TODAY = dt.date(2026, 1, 1)
EVENTS = "Дата,Пункт пропуска,Вещество,Количество"
MONTHS = "Месяц,Пункт пропуска,Наименование,Кол-во фактов,\"Изъято, кг\""


def _ingest(tmp_path, header: str, *rows: str, profile: Profile | None = None):
    path = tmp_path / "export.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    outcome = process_file(path, available_profiles(), forced=profile)
    assert outcome.status == "loaded", outcome.message
    return outcome


def _days(outcome) -> list[str]:
    return outcome.records.get_column("period_start").cast(str).to_list()


def _note(*cells: str, **convention) -> str | None:
    return read_dates(pl.DataFrame({"d": list(cells)}), "d", TODAY, **convention)[1]


def test_a_first_part_over_12_makes_the_column_day_first(tmp_path):
    outcome = _ingest(tmp_path, EVENTS, "31/03/2024,Ойбек,героин,2 кг", "03/04/2024,Ойбек,гашиш,1 кг")
    assert _days(outcome) == ["2024-03-31", "2024-04-03"]
    assert _note("31/03/2024", "03/04/2024") is None


def test_a_second_part_over_12_makes_the_column_month_first(tmp_path):
    outcome = _ingest(tmp_path, "incident_date,bcp,item_desc,weight_kg", "03/14/2024,Panji Poyon,Hashish,12.5",
                      "04/03/2024,Ishkoshim,Opium,4.75", "04/31/2024,Kokul,Hashish,1.1")
    assert _days(outcome) == ["2024-03-14", "2024-04-03"]
    assert outcome.quarantine.get_column("reason").to_list() == ["unreadable date '04/31/2024'"]


def test_a_column_with_both_orders_gives_no_dd_mm_date(tmp_path):
    outcome = _ingest(tmp_path, EVENTS, "31/03/2024,Ойбек,героин,2 кг", "03/14/2024,Ойбек,гашиш,1 кг",
                      "03/04/2024,Ойбек,опий,3 кг", "2024-04-05,Ойбек,героин,1 кг")
    assert _days(outcome) == ["2024-04-05"]
    reasons = outcome.quarantine.get_column("reason").to_list()
    assert reasons[0] == "unreadable date '31/03/2024' (its column mixes day-first and month-first dates)"
    assert len(reasons) == 3
    assert _note("31/03/2024", "03/14/2024") == (
        "dates unreadable: day first (31/03/2024) and month first (03/14/2024) in one column")


def test_an_undecidable_column_reads_day_first_in_the_region_and_says_so(tmp_path):
    outcome = _ingest(tmp_path, EVENTS, "03.04.2024,Ойбек,героин,2 кг", "05.04.2024,Ойбек,гашиш,1 кг")
    assert _days(outcome) == ["2024-04-03", "2024-04-05"]
    assert _note("03.04.2024", "05.04.2024") == (
        "dates read day first (03.04.2024 = 3 April): no value decides the order (the region's convention)")
    assert _note("03.03.2024", "2024-04-05") is None  # no cell reads differently in the other order


def test_an_undecidable_column_of_a_us_export_reads_month_first(tmp_path):
    profile = Profile(name="us_test", agency="U.S. test agency", country_iso3="USA")
    outcome = _ingest(tmp_path, "date,bcp,item_desc,weight_kg", "03/04/2024,Oybek,Heroin,1", profile=profile)
    assert _days(outcome) == ["2024-03-04"]
    assert _note("03/04/2024", country="USA") == (
        "dates read month first (03/04/2024 = 4 March): no value decides the order (the US convention)")


def test_the_profiles_convention_decides_before_the_country():
    assert _note("03/04/2024", convention=MONTH_FIRST, country="UZB") == (
        "dates read month first (03/04/2024 = 4 March): no value decides the order (the profile's convention)")
    assert _note("03/04/2024", "13/04/2024", convention=MONTH_FIRST) is None  # the values decide first


def test_periods_hands_the_note_to_the_summary_in_a_column():
    body = pl.DataFrame({"f_date": ["03.04.2024", None], "_skip": [None, "blank row"]},
                        schema={"f_date": pl.String, "_skip": pl.String})
    staged, grain = _periods(body, None, TODAY)
    assert grain == "event"
    assert staged.select(pl.first("_date_note")).item().startswith("dates read day first (03.04.2024 = 3 April)")


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-14", "2024-03-14"), ("14.03.2024", "2024-03-14"), ("14/03/2024", "2024-03-14"),
    ("14-03-2024", "2024-03-14"), ("4.3.2024", "2024-03-04"), ("2024/03/14", "2024-03-14"),
    ("14.03.2024 г.", "2024-03-14"), ("14.03.24", "2024-03-14"), ("01.05.99", "1999-05-01"),
    ("45251", "2023-11-21"), ("45251.0", "2023-11-21"), ("45251.75", "2023-11-21"),
])
def test_numeric_dates_two_digit_years_and_excel_serials(text, expected):
    assert str(parse_date(text, TODAY)) == expected


def test_two_digit_years_pivot_at_69():
    assert date_problem("01.05.68", TODAY) == "date '01.05.68' is in the future"  # 2068
    assert date_problem("01.05.69", TODAY) == "date '01.05.69' is before 1990"  # 1969


def test_excel_serials_written_as_text_in_a_date_column(tmp_path):
    outcome = _ingest(tmp_path, "№,Сана,Гузаргоҳи сарҳадӣ,Мол,Миқдор", "1,45251,Фотеҳобод,Героин,71 кг 110 г",
                      "2,45254.0,Фотехобод,Ҳашиш,3 кг 400 г")
    assert _days(outcome) == ["2023-11-21", "2023-11-24"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-04-10T01:15:00+05:00", "2024-04-10"), ("2024-04-10T01:15+05:00", "2024-04-10"),
    ("2024-04-09T23:40:00-0300", "2024-04-09"), ("2024-03-14T08:30:00Z", "2024-03-14"),
    ("2024-03-14 08:30", "2024-03-14"), ("2024-03-14 08:30:15", "2024-03-14"),
    ("2024-03-14 08:30:15.250000", "2024-03-14"), ("14.03.2024 08:30", "2024-03-14"),
])
def test_timestamps_keep_their_local_date(text, expected):
    assert str(parse_date(text, TODAY)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("14 марта 2024", "2024-03-14"), ("14 марта 2024 г.", "2024-03-14"), ("1 мая 2024 года", "2024-05-01"),
    ("14-mart 2024", "2024-03-14"), ("2024 yil 14 mart", "2024-03-14"), ("14 апрел 2024", "2024-04-14"),
    ("14 наурыз 2024", "2024-03-14"), ("2024 жылғы 14 сәуір", "2024-04-14"), ("14-nji mart 2024", "2024-03-14"),
    ("2024-nji ýylyň 14-nji noýabry", "2024-11-14"), ("14 March 2024", "2024-03-14"), ("Mar 14, 2024", "2024-03-14"),
    ("March 14th, 2024", "2024-03-14"), ("14 Sept 2024", "2024-09-14"),
])
def test_dates_with_the_month_named(text, expected):
    assert str(parse_date(text, TODAY)) == expected


MONTH_NAMES = {
    "Russian": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "Russian genitive": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "Uzbek Latin": "yanvar fevral mart aprel may iyun iyul avgust sentabr oktabr noyabr dekabr",
    "Uzbek Cyrillic / Tajik": "январ феврал март апрел май июн июл август сентябр октябр ноябр декабр",
    "Kazakh": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
    "Turkmen": "ýanwar fewral mart aprel maý iýun iýul awgust sentýabr oktýabr noýabr dekabr",
    "English": "January February March April May June July August September October November December",
    "English short": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
}


@pytest.mark.parametrize("language", MONTH_NAMES)
def test_reporting_months_named_in_each_language(language):
    for number, name in enumerate(MONTH_NAMES[language].split(), 1):
        assert parse_period(f"{name} 2024", TODAY)[0] == dt.date(2024, number, 1), name


@pytest.mark.parametrize(("text", "month"), [
    ("Март 2024 г.", 3), ("марта 2024 года", 3), ("2024 yil mart", 3), ("2024-yil aprel", 4), ("mart oyi 2024", 3),
    ("моҳи ноябри соли 2023", 11), ("апрель 2024", 4), ("март айы 2024", 3), ("жалган куран 2024", 3),
    ("Бугу 2024", 5), ("Тогуздун айы 2024", 10), ("2024-03", 3), ("03.2024", 3), ("01.03.2024", 3),
])
def test_reporting_months_as_written(text, month):
    assert parse_period(text, TODAY)[0].month == month


def test_a_period_column_of_years_has_year_grain_and_months_month_grain():
    years, grain = read_periods(pl.DataFrame({"p": ["2023", "2023 год"]}), "p", TODAY)
    assert grain == "year" and years.get_column("period_end").to_list() == [dt.date(2023, 12, 31)] * 2
    months, grain = read_periods(pl.DataFrame({"p": ["февраль 2024", "2023"]}), "p", TODAY)
    assert grain == "month" and months.get_column("period_end").to_list() == [dt.date(2024, 2, 29),
                                                                              dt.date(2023, 12, 31)]


def test_words_that_only_begin_like_a_month_name_none():
    assert [month_number(w) for w in ("декларация", "Marlboro", "marixuana", "маршрут", "mayda")] == [None] * 5


def test_each_distinct_cell_is_parsed_once(monkeypatch):
    calls = []
    parse = values._any_date
    monkeypatch.setattr(values, "_any_date", lambda text, order: calls.append(text) or parse(text, order))
    cells = [f"{day:02d}.03.2024" for day in range(1, 31)] * 2000
    dated, _ = read_dates(pl.DataFrame({"d": cells}), "d", TODAY)
    assert dated.get_column("period_start").null_count() == 0 and dated.height == 60_000
    assert len(calls) == 30


@pytest.mark.parametrize(("cell", "reason"), [
    ("31.02.2024", "unreadable date '31.02.2024'"), ("12.03.2099", "date '12.03.2099' is in the future"),
    ("01.01.1985", "date '01.01.1985' is before 1990"), ("вчера", "unreadable date 'вчера'"),
    ('"14.03\n2024"', "unreadable date '14.03 2024'"), ("", "no date"),
])
def test_unusable_dates_are_quarantined_with_a_one_line_reason(tmp_path, cell, reason):
    outcome = _ingest(tmp_path, EVENTS, "13.03.2024,Ойбек,героин,2 кг", f"{cell},Ойбек,гашиш,1 кг")
    assert outcome.quarantine.get_column("reason").to_list() == [reason]


@pytest.mark.parametrize(("cell", "reason"), [
    ("весна 2024", "unreadable period 'весна 2024'"), ("декабрь 2099", "period 'декабрь 2099' is in the future"),
    ("", "no period"),
])
def test_unusable_periods_are_quarantined_with_a_one_line_reason(tmp_path, cell, reason):
    outcome = _ingest(tmp_path, MONTHS, 'март 2024,Ойбек,Гашиш,2,"1,5"', f'{cell},Ойбек,Героин,1,"0,5"')
    assert outcome.quarantine.get_column("reason").to_list() == [reason]
    assert period_problem(cell or None, TODAY) == reason
