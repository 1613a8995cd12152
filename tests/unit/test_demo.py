"""The synthetic demo exports: deterministic, in each agency's format, with exactly the planted problems and effect."""

import csv
import datetime as dt
import io
import json
import time
from pathlib import Path

import numpy as np
import openpyxl
import polars as pl
import pytest

import demo
import demo.exports as demo_exports
from demo.events import draw_events
from demo.names import CROSSING_VARIANTS, PII, TAJIK_CROSSINGS, UNKNOWN_CROSSINGS
from demo.plant import decorate, second_reports
from demo.world import CROSSINGS, NEVER_TREATED

COUNTRY = {name: country for name, country, *_ in CROSSINGS}
CANONICAL = {v: c for c, vs in CROSSING_VARIANTS.items() for v in vs} | {c: c for c in COUNTRY} | {
    v: c for c, v in TAJIK_CROSSINGS.items()}
PREFIX_COUNTRY = {"uz_customs": "UZB", "uz_border_guard": "UZB", "tj_customs": "TJK", "tj_drug_control": "TJK",
                  "kg_border": "KGZ", "kz_border": "KAZ", "tm_customs": "TKM"}


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> tuple[Path, demo.DemoTruth]:
    """One full-size demo, written once for this module."""
    path = tmp_path_factory.mktemp("landing")
    started = time.perf_counter()
    truth = demo.generate(path, seed=7, scale=1.0)
    print(f"demo.generate(scale=1) took {time.perf_counter() - started:.2f} s for {truth.n_events} events")
    return path, truth


def _prefix(name: str) -> str:
    return next(p for p in PREFIX_COUNTRY if name.startswith(p))


def _table(path: Path) -> list[list]:
    """A file's data rows (header, titles and footers removed) as lists of cells."""
    if path.suffix == ".xlsx":
        rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
        return [list(r) for r in rows[4:] if isinstance(r[0], int)]
    if path.suffix == ".json":
        return [list(r.values()) for r in json.loads(path.read_text(encoding="utf-8"))["records"]]
    text = path.read_bytes().decode("cp1251" if path.name.startswith("tj_customs") else "utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text.splitlines()[0] else ","))[1:]
    return [r for r in rows if r[0] != "Ҳамагӣ"]


def _year_of(cell: object) -> int:
    if isinstance(cell, dt.date):
        return cell.year
    if isinstance(cell, int):  # an Excel serial date
        return (dt.date(1899, 12, 30) + dt.timedelta(days=cell)).year
    return int(next(part for part in str(cell).replace("/", ".").replace("-", ".").split(".") if len(part) == 4))


def test_same_seed_gives_the_same_bytes_and_another_seed_other_bytes(tmp_path):
    runs = {}
    for label, seed in (("a", 3), ("b", 3), ("c", 4)):
        demo.generate(tmp_path / label, seed=seed, scale=0.1)
        runs[label] = {p.name: p.read_bytes() for p in sorted((tmp_path / label).iterdir())}
        time.sleep(1.1 if label == "a" else 0)  # XLSX would carry a different save time
    assert runs["a"] == runs["b"]
    assert runs["a"].keys() == runs["c"].keys()
    assert all(runs["a"][name] != runs["c"][name] for name in runs["a"])


def test_every_agency_writes_every_year_in_its_own_format(landing):
    path, truth = landing
    names = {p.name for p in path.iterdir()}
    for year in range(2013, 2025):
        assert {f"uz_customs_{year}.xlsx", f"uz_border_guard_{year}.csv", f"tj_customs_{year}.csv",
                f"tj_drug_control_monthly_{year}.csv", f"kg_border_{year}.json", f"kz_border_{year}.json",
                f"tm_customs_{year}.csv"} <= names
    assert names == {f["name"] for f in truth.files}


def test_uz_customs_register_has_titles_merged_cell_mixed_dates_and_footer(landing):
    path, _ = landing
    sheet = openpyxl.load_workbook(path / "uz_customs_2019.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Государственный таможенный комитет Республики Узбекистан"
    assert "2019 год" in rows[1][0] and rows[2] == (None,) * 8
    assert rows[3][:3] == ("№ п/п", "Дата задержания", "Пункт пропуска")
    assert "A1:H1" in {str(r) for r in sheet.merged_cells.ranges}
    body = [r for r in rows[4:] if isinstance(r[0], int)]
    kinds = {type(r[1]) for r in body}
    assert {dt.datetime, str, int} <= kinds  # date cells, typed text, Excel serial numbers
    total, count = rows[-2], rows[-1]
    assert total[0] == "Итого" and total[5] == sum(r[5] or 0 for r in body) > 0
    assert count[0] == f"Всего записей: {len(body)}"


def test_tj_customs_is_cp1251_and_not_utf8(landing):
    path, _ = landing
    raw = (path / "tj_customs_2020.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    header = raw.decode("cp1251").splitlines()[0]
    assert header == "Дата изъятия;Пункт пропуска;Вид товара;Вес, кг;Количество;Ед. изм.;Примечание"
    weights = [r[3] for r in _table(path / "tj_customs_2020.csv") if r[3] not in ("", "-5", "много")]
    assert weights and all("." not in w for w in weights) and any("," in w for w in weights)


def test_json_border_exports_load_with_their_envelope(landing):
    path, _ = landing
    for name in ("kg_border_2016.json", "kz_border_2016.json"):
        doc = json.loads((path / name).read_text(encoding="utf-8"))
        assert doc["agency"] and doc["exported_at"].startswith("2025-01-15")
        assert set(doc["records"][0]) == {"date", "checkpoint", "substance", "quantity", "unit", "remarks"}
        assert any(isinstance(r["quantity"], float) for r in doc["records"])


def test_border_guard_csv_has_bom_and_uzbek_headers(landing):
    path, _ = landing
    raw = (path / "uz_border_guard_2021.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == "Sana,Chegara posti,Modda,Miqdori,Oʻlchov birligi,Izoh"


def test_drug_control_monthly_totals_use_tajik_letters_and_a_total_row(landing):
    path, _ = landing
    rows = list(csv.reader(io.StringIO((path / "tj_drug_control_monthly_2022.csv").read_text(encoding="utf-8"))))
    assert rows[0][:4] == ["Моҳ", "Гузаргоҳ", "Навъи маводи мухаддир", "Шумораи ҳолатҳо"]
    assert rows[-1][0] == "Ҳамагӣ" and int(rows[-1][3]) == sum(int(r[3]) for r in rows[1:-1])
    assert any(r[1] in ("Фотеҳобод", "Панҷи Поён") for r in rows[1:-1])


def test_each_agency_reports_only_its_own_countrys_crossings(landing):
    path, _ = landing
    for file in path.iterdir():
        column = 2 if file.suffix == ".xlsx" else 1
        names = {row[column] for row in _table(file)} - set(UNKNOWN_CROSSINGS)
        assert {COUNTRY[CANONICAL[n]] for n in names} == {PREFIX_COUNTRY[_prefix(file.name)]}, file.name


def test_registry_has_staggered_synthetic_openings_and_never_treated_crossings():
    registry = demo.synthetic_registry(7)
    opened = registry.filter(pl.col("blo_established").is_not_null())
    assert registry.height == 31 and opened.height >= 20
    assert set(registry.filter(pl.col("blo_established").is_null()).get_column("crossing_point")) == set(
        NEVER_TREATED)
    dates = opened.get_column("blo_established")
    assert dates.n_unique() == dates.len() and (dates.dt.day() == 1).all()
    assert dates.min() >= dt.date(2015, 1, 1) and dates.max() <= dt.date(2022, 12, 1)
    assert (registry.get_column("source") == "synthetic demo registry — not real dates").all()
    assert not registry.equals(demo.synthetic_registry(8))


def test_truth_counts_match_what_the_files_hold(landing):
    path, truth = landing
    by_name = {f["name"]: f for f in truth.files}
    for file in path.iterdir():
        assert len(_table(file)) == by_name[file.name]["records"], file.name
    assert sum(f["events"] for f in truth.files) == truth.n_events + truth.n_duplicate_pairs
    text = "\n".join(str(row) for file in path.iterdir() for row in _table(file))
    assert text.count("31.02.") + text.count("-02-31") + text.count("31/02/") == truth.n_broken_rows[
        "impossible date"] > 0
    assert text.count("'много'") == truth.n_broken_rows["unreadable quantity"] > 0
    assert text.count("'zz'") + text.count("'5 zz'") == truth.n_broken_rows["unknown unit"] > 0
    assert sum(text.count(f"'{u}'") for u in UNKNOWN_CROSSINGS) == truth.n_unknown_crossings > 0
    assert truth.n_footer_rows == 12 * 2 + 12 and sum(f["footer_rows"] for f in truth.files) == truth.n_footer_rows
    assert truth.n_events == truth.n_panel_events + truth.n_near_miss_pairs


def test_planted_personal_data_is_listed_and_present(landing):
    path, truth = landing
    blob = b"".join(p.read_bytes() for p in path.iterdir() if p.suffix != ".xlsx")
    assert set(truth.pii_strings) <= {core for _, core in PII} and len(truth.pii_strings) >= 10
    assert all(s.encode("utf-8") in blob or s.encode("cp1251") in blob for s in truth.pii_strings)
    assert json.loads(truth.to_json())["pii_strings"] == truth.pii_strings


def test_files_hold_the_simulated_panel_per_country_and_year(landing):
    path, truth = landing
    panel = (demo.simulate_panel(7).with_columns(country=pl.col("crossing_point").replace_strict(COUNTRY))
             .group_by("country", year=pl.col("month").dt.year()).agg(pl.col("events").sum()))
    written: dict[tuple[str, int], int] = {}
    for file in path.iterdir():
        country, prefix = PREFIX_COUNTRY[_prefix(file.name)], _prefix(file.name)
        if prefix == "uz_border_guard":
            continue  # second reports: duplicates and near-misses
        for row in _table(file):
            weight = int(row[3]) if prefix == "tj_drug_control" else 1
            key = (country, _year_of(row[0] if prefix == "tj_drug_control" else row[1 if file.suffix == ".xlsx"
                                                                                      else 0]))
            written[key] = written.get(key, 0) + weight
    assert written == {(c, y): e for c, y, e in panel.iter_rows()}
    assert sum(written.values()) == truth.n_panel_events


def test_border_guard_second_reports_are_duplicates_or_clear_near_misses():
    rows = decorate(draw_events(5, 0.5), np.random.default_rng(1))
    uz = rows.filter(pl.col("country_iso3") == "UZB")
    dupes, nears = second_reports(uz, np.random.default_rng(2))
    original = uz.select("event_id", date0="date", amount0="amount")
    dupes, nears = dupes.join(original, on="event_id"), nears.join(original, on="event_id")
    assert 0.07 < dupes.height / uz.height < 0.13 and nears.height > 10
    assert ((dupes["date"] - dupes["date0"]).dt.total_days().abs() <= 2).all()
    assert (dupes["amount"] == dupes["amount0"]).all()
    apart = (nears["date"] - nears["date0"]).dt.total_days().abs() >= 6
    bigger = nears["amount"] >= nears["amount0"] * 1.25
    assert (apart | bigger).all() and apart.any() and bigger.any()


def test_big_hauls_include_the_775_kg_heroin_seizure(landing):
    _, truth = landing
    assert any(h["kg"] == 775.0 and h["substance"] == "heroin" for h in truth.big_hauls)
    assert all(100 <= h["kg"] <= 800 for h in truth.big_hauls)
    assert 0.0005 < len(truth.big_hauls) / truth.n_events < 0.004


def _crude_effect(panel: pl.DataFrame) -> float:
    """Geometric mean over treated crossings of their post/pre ratio relative to never-treated crossings."""
    control = panel.filter(pl.col("blo_established").is_null()).group_by("month").agg(ctrl=pl.col("events").sum())
    treated = panel.filter(pl.col("blo_established").is_not_null()).join(control, on="month")
    ratios = treated.group_by("crossing_point").agg(
        post=pl.col("events").filter(pl.col("month") >= pl.col("blo_established")).sum(),
        pre=pl.col("events").filter(pl.col("month") < pl.col("blo_established")).sum(),
        ctrl_post=pl.col("ctrl").filter(pl.col("month") >= pl.col("blo_established")).sum(),
        ctrl_pre=pl.col("ctrl").filter(pl.col("month") < pl.col("blo_established")).sum(),
    ).select(((pl.col("post") / pl.col("pre")) / (pl.col("ctrl_post") / pl.col("ctrl_pre"))).log().mean())
    return float(np.exp(ratios.item()))


def test_planted_effect_shows_in_a_crude_pre_post_ratio():
    planted = np.mean([_crude_effect(demo.simulate_panel(seed)) for seed in range(10)])
    null = np.mean([_crude_effect(demo.simulate_panel(seed, effect=1.0)) for seed in range(10)])
    assert 1.15 < planted < 1.45
    assert 0.9 < null < 1.1


def test_panel_shape_and_speed():
    started = time.perf_counter()
    panel = demo.simulate_panel(3)
    print(f"simulate_panel took {1000 * (time.perf_counter() - started):.1f} ms")
    assert panel.columns == ["crossing_point", "month", "events", "blo_established"]
    assert panel.height == 31 * 144 and panel.get_column("month").max() == dt.date(2024, 12, 1)
    assert demo.simulate_panel(3, months=60).height == 31 * 60
    assert panel.equals(demo.simulate_panel(3)) and not panel.equals(demo.simulate_panel(4))


def test_scale_changes_volume_proportionally(tmp_path):
    small = demo.generate(tmp_path / "small", seed=2, scale=0.2)
    large = demo.generate(tmp_path / "large", seed=2, scale=0.6)
    assert 2.7 < large.n_events / small.n_events < 3.3
    assert 2.7 < demo.simulate_panel(2, scale=3.0)["events"].sum() / demo.simulate_panel(2)["events"].sum() < 3.3


def test_large_registers_continue_in_a_csv_part(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_exports, "XLSX_MAX_ROWS", 50)
    truth = demo.generate(tmp_path, seed=1, scale=0.3)
    parts = [f for f in truth.files if f["name"].endswith("_part2.csv")]
    assert len(parts) == 12
    header = (tmp_path / parts[0]["name"]).read_text(encoding="utf-8").splitlines()[0]
    assert header.split(";")[:3] == ["№ п/п", "Дата задержания", "Пункт пропуска"]
    registers = [f for f in truth.files if f["name"].startswith("uz_customs") and f["format"] == "xlsx"]
    assert all(f["records"] == 50 for f in registers)
