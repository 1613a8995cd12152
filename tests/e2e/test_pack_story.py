"""The demo's 2024-Q4 pack for Japan opens with the quarter: totals, comparisons, notable seizures, in English and
Russian; then the summary, the map (with the points it cannot place) and a page per crossing point in scope."""

import datetime as dt
import shutil

import pytest
from pypdf import PdfReader

from dashboards import data
from dashboards.figures import mix_figure
from dashboards.i18n import GROUPS_RU
from support.front_door import blo, sql
from warehouse.access import read_only
from warehouse.home import Home

SCOPE = ("SELECT crossing_point FROM crossing_points WHERE blo_established <= DATE '2024-12-31'"
         " AND crossing_point IN (SELECT crossing_point FROM monthly_series)")


@pytest.fixture(scope="module")
def home(built, tmp_path_factory):
    source, _, _ = built
    copy = Home(tmp_path_factory.mktemp("story") / "home")
    shutil.copytree(source.root, copy.root, ignore=shutil.ignore_patterns("outbox", "packs"))
    return copy.ensure()


@pytest.fixture(scope="module")
def packs(home):
    for lang in ("en", "ru"):
        result = blo("pack", "--donor", "japan", "--period", "2024-Q4", "--lang", lang, home=home.root)
        assert result.returncode == 0, result.stderr
    folder = home.packs / "japan" / "2024-Q4"
    return {lang: PdfReader(folder / f"blo-pack-japan-2024-Q4-{lang}.pdf") for lang in ("en", "ru")}


def first_pages(reader: PdfReader, pages: int = 3) -> str:
    """The text of the cover and the pages after it, whitespace folded (pypdf reads a no-break space as a space)."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages[:pages]).split())


def quarter(home, first: str, last: str) -> tuple[int, float]:
    row = sql(f"SELECT sum(events) AS events, sum(mass_kg) AS kg FROM monthly_series WHERE substance_group = 'All'"
              f" AND month BETWEEN DATE '{first}' AND DATE '{last}' AND crossing_point IN ({SCOPE})", home.root)[0]
    return int(row["events"]), float(row["kg"])


def largest_by_kg(home) -> dict:
    return sql(f"SELECT period_start, crossing_point, substance, mass_kg FROM seizures WHERE period_start = period_end"
               f" AND period_start BETWEEN DATE '2024-10-01' AND DATE '2024-12-31' AND crossing_point IN ({SCOPE})"
               " ORDER BY mass_kg DESC NULLS LAST LIMIT 1", home.root)[0]


def test_the_english_pack_opens_with_the_quarter(home, packs):
    text = first_pages(packs["en"])
    events, kg = quarter(home, "2024-10-01", "2024-12-01")
    points = len(sql(SCOPE, home.root))
    assert (f"In 2024-Q4 the agencies reported {events:,} seizure events and {kg:,.1f} kg at the {points} crossing "
            "points of this pack.") in text
    for label, first, last in (("2024-Q3", "2024-07-01", "2024-09-01"), ("2023-Q4", "2023-10-01", "2023-12-01")):
        before, _ = quarter(home, first, last)
        change = round(100 * (events - before) / before)
        sign = "+" if change > 0 else "−" if change < 0 else "±"
        assert f"On {label}: events {sign}{abs(change)} %" in text and f"vs {label}" in text
    assert "By country" in text and "Uzbekistan" in text and "By substance group" in text
    big = largest_by_kg(home)
    kilos, grams = divmod(round(big["mass_kg"] * 1000), 1000)
    day = dt.date.fromisoformat(big["period_start"])
    said = f"{kilos:,} kg {grams} g of {big['substance']} at {big['crossing_point']} ("
    assert "Notable seizures of 2024-Q4" in text and said in text and f"{day.day} {day:%b} {day.year})" in text
    assert "Largest by count (tablets, pieces…)" in text


def test_the_russian_pack_opens_with_the_quarter_in_russian(home, packs):
    text = first_pages(packs["ru"])
    events, kg = quarter(home, "2024-10-01", "2024-12-01")
    kg_ru = f"{kg:,.1f}".replace(",", " ").replace(".", ",")
    events_ru = f"{events:,}".replace(",", " ")
    assert f"Случаев изъятия за 2024-Q4, по данным ведомств: {events_ru}; изъято {kg_ru} кг" in text
    assert "К 2024-Q3: случаи" in text and "К 2023-Q4: случаи" in text and "По странам" in text
    assert "Узбекистан" in text and "По группам веществ" in text and "Крупные изъятия за 2024-Q4" in text
    assert "Опиоиды и опиаты" in text and "таможня" in text and "Opioids and Opiates" not in text
    assert "By country" not in text and " of heroin at " not in text


def test_the_pack_goes_on_with_summary_map_and_only_the_points_in_scope(home, packs):
    scope = sorted(row["crossing_point"] for row in sql(SCOPE, home.root))
    outline = [item.title for item in packs["en"].outline]
    assert outline[:3] == ["2024-Q4 in brief", "Summary", "Map"] and outline[-1] == "Methods and caveats"
    assert sorted(outline[3:-1]) == scope
    assert len(packs["en"].pages) == 5 + len(scope)  # cover, the quarter, summary, map, a page per point, methods
    unplaced = [r["crossing_point"] for r in sql(f"SELECT crossing_point FROM crossing_points WHERE lat IS NULL"
                                                 f" AND crossing_point IN ({SCOPE}) ORDER BY 1", home.root)]
    where = next(item for item in packs["en"].outline if item.title == "Map")
    map_page = " ".join(packs["en"].pages[packs["en"].get_destination_page_number(where)].extract_text().split())
    assert unplaced and f"Not on the map (no sourced coordinates): {', '.join(unplaced)}" in map_page


def test_russian_chart_legends_name_the_substance_groups_in_russian(home):
    with read_only(home) as con:
        series, effects = data.all_series(con), data.effects(con)
        point = next(p for p, e in effects.items() if e["status"] == "ok" and p in series)
        fig = mix_figure(data.mix(series[point], effects[point]), point, data.provenance(con), "ru")
    assert fig.data and all(trace.name == GROUPS_RU[trace.meta["group"]] for trace in fig.data)
