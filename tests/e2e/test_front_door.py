"""The installed `blo` command as a new user meets it: each case in a fresh, empty home with the bundled registry."""

import csv
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.front_door import blo, one_line, sql

DATA = Path(__file__).parents[1] / "data" / "real"
CBP = sorted((DATA / "cbp").glob("cbp_drug_seizures_fy*.csv"))
UNODC = DATA / "unodc" / "Drug_seizures_2018_2022.json"
@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "new-home"


def test_the_four_cbp_releases_twice(home):
    first = blo("ingest", *map(str, CBP), home=home)
    assert first.returncode == 0, first.stderr
    *lines, published = first.stdout.splitlines()
    assert published.startswith("new data queryable ")
    assert [line.split(":")[0] for line in lines] == [p.name for p in CBP]
    assert "cbp_drug_seizures_fy19_22.csv: read 10093 / loaded 10092 / quarantined 0 / skipped 1" in lines[0]
    again = blo("ingest", *map(str, CBP), home=home)
    assert again.returncode == 0 and again.stdout.count("already ingested: nothing added") == 4
    fy2021 = "period_start >= DATE '2020-10-01' AND period_start < DATE '2021-10-01'"
    [totals] = sql(f"SELECT count(*) AS records, round(sum(mass_kg) FILTER (WHERE {fy2021}), 1) AS fy2021_kg, "
                   f"(sum(n_events) FILTER (WHERE {fy2021}))::BIGINT AS fy2021_events FROM seizures", home)
    assert totals == {"records": 16617, "fy2021_kg": 414277.6, "fy2021_events": 82946}
    files = sql("SELECT status, count(*) AS n FROM ingested_files GROUP BY ALL", home)
    assert files == [{"status": "loaded", "n": 4}]
    effects = sql("SELECT crossing_point, status FROM blo_effects", home)
    assert effects and all(e["status"] != "ok" and e["status"] for e in effects)  # US data: no BLO months at all
    assert {r["status"] for r in sql("SELECT status FROM did_summary", home)} == {"not estimated"}


def test_the_unodc_portal_file_is_national(home):
    result = blo("ingest", str(UNODC), home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Drug_seizures_2018_2022.json: read 10941 / loaded 10941 / quarantined 0")
    [tjk] = sql("SELECT round(sum(mass_kg), 3) AS kg, count(crossing_point) AS placed FROM seizures "
                "WHERE country_iso3 = 'TJK' AND substance = 'heroin' AND year(period_start) = 2022", home)
    assert tjk == {"kg": 243.588, "placed": 0}
    assert sql("SELECT count(*) AS n FROM seizures WHERE substance = 'unmapped'", home) == [{"n": 0}]
    reasons = sql("SELECT control, status, reason FROM did_summary ORDER BY control", home)
    assert [r["status"] for r in reasons] == ["not estimated"] * 2
    assert all("no crossing point has reported months" in r["reason"] for r in reasons)
    index = (home / "dashboards" / "index.html").read_text(encoding="utf-8")
    assert "not estimated — no crossing point has reported months" in index


def _russian_customs_export(path: Path) -> None:
    """A customs register as its clerk writes it: title rows, Russian headers, Cyrillic post names, kg in cells."""
    posts = ["т/п «Кудукли» (ж/д)", "Ойбек"]
    drugs = ["героин", "гашиш", "опий"]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["Государственный таможенный комитет Республики Узбекистан"])
        out.writerow(["Сведения о задержаниях наркотических средств, 2019–2023 гг."])
        out.writerow([])
        out.writerow(["№", "Дата задержания", "Пункт пропуска", "Наименование", "Вес, кг", "Примечание"])
        n = 0
        for month in range(60):
            year, mon = 2019 + month // 12, month % 12 + 1
            for k, post in enumerate(posts):
                for event in range(1 + (month * 7 + k * 3) % 3):
                    n += 1
                    day = dt.date(year, mon, 3 + 8 * event)
                    out.writerow([n, day.strftime("%d.%m.%Y"), post, drugs[(month + event) % 3],
                                  f"{1 + (n % 9) / 4:.2f}".replace(".", ","), "выявлено при досмотре"])
        out.writerow(["", "Итого", "", "", "", ""])


def test_a_folder_stands_for_the_exports_in_it(home, tmp_path):
    folder = tmp_path / "agency exports"
    (folder / "2024").mkdir(parents=True)
    _russian_customs_export(folder / "2024" / "uz_customs_2019_2023.csv")
    (folder / "notes.csv.partial").write_text("still copying", encoding="utf-8")
    (folder / ".~lock.uz.xlsx#").write_text("lock", encoding="utf-8")
    result = blo("ingest", str(folder), str(UNODC), home=home)
    assert result.returncode == 0, result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-1]] == ["uz_customs_2019_2023.csv", UNODC.name]
    (folder / "uz_customs_2019_2023.csv").write_text("a second file of that name", encoding="utf-8")
    clash = blo("ingest", str(folder), home=home)
    assert clash.returncode == 2 and one_line(clash) and "2 files named uz_customs_2019_2023.csv" in clash.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = blo("ingest", str(empty), home=home)
    assert nothing.returncode == 2 and f"no export files in {empty}" in nothing.stderr


def test_a_russian_customs_export_at_blo_crossing_points(home, tmp_path):
    export = tmp_path / "uz_customs_2019_2023.csv"
    _russian_customs_export(export)
    result = blo("ingest", str(export), home=home)
    assert result.returncode == 0, result.stderr
    read, loaded, quarantined, skipped = (int(part.split()[-1]) for part in result.stdout.split(" — ")[0].split(
        ": ", 1)[1].split(" / ")[:4])
    assert loaded > 200 and quarantined == 0 and read == loaded + quarantined + skipped
    places = sql("SELECT crossing_point, count(*) AS n FROM seizures GROUP BY ALL ORDER BY 1", home)
    assert [p["crossing_point"] for p in places] == ["Kudukli", "Oybek"] and sum(p["n"] for p in places) == loaded
    effects = {e["crossing_point"]: e for e in sql("SELECT crossing_point, status, sentence FROM blo_effects", home)}
    assert effects["Kudukli"]["status"] == "ok"  # opened May 2021: 24 months on each side in the export
    assert effects["Oybek"]["status"] == "no reported months in the window around the opening"  # 2014: none in 2019–
    assert effects["Oybek"]["sentence"].startswith("At Oybek, the BLO opened in May 2014 can't be evaluated yet")
    did = sql("SELECT status, reason FROM did_summary", home)
    assert {d["status"] for d in did} == {"not estimated"} and all(d["reason"] for d in did)


def test_a_file_that_breaks_its_reader_is_refused_once(home, tmp_path):
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    result = blo("ingest", str(nested), str(CBP[0]), home=home)
    assert result.returncode == 1
    assert one_line(result) == ("nested.json: JSON nested too deeply to be a table of records "
                               "(more than 64 levels)")
    assert CBP[0].name in result.stdout
    listed = sql("SELECT source_file, status, reason FROM ingested_files ORDER BY source_file", home)
    assert [(f["source_file"], f["status"]) for f in listed] == [(CBP[0].name, "loaded"), ("nested.json", "refused")]
    assert (home / "landing" / "nested.json").exists()  # it stays where it landed, listed as refused
    later = blo("ingest", str(CBP[1]), home=home)  # the refused file no longer stands in the way
    assert later.returncode == 0 and CBP[1].name in later.stdout


def test_blo_run_on_an_empty_landing_area(home):
    result = blo("run", home=home)
    assert result.returncode == 2
    line = one_line(result)
    assert "landing is empty" in line and "blo ingest" in line and "--demo" in line


def test_blo_sql_before_anything_was_published(home):
    result = blo("sql", "select count(*) from seizures", home=home)
    assert result.returncode == 2
    assert "no published warehouse" in one_line(result)


@pytest.mark.parametrize(("args", "expected"), [
    (("run", "--demo", "--scale", "-1"), "--scale must be a positive number"),
    (("run", "--demo", "--scale", "nan"), "--scale must be a positive number"),
])
def test_bad_option_values_get_one_line(home, args, expected):
    result = blo(*args, home=home)
    assert result.returncode == 2 and expected in one_line(result)


def test_unknown_names_suggest_the_closest(home, tmp_path):
    export = tmp_path / "uz_customs_2019_2023.csv"
    _russian_customs_export(export)
    assert blo("ingest", str(export), home=home).returncode == 0
    donor = blo("pack", "--donor", "japn", home=home)
    assert donor.returncode == 2 and "did you mean japan?" in one_line(donor)
    crossing = blo("evaluate", "its", "--crossing", "Kudukly", home=home)
    assert crossing.returncode == 2 and "did you mean Kudukli" in one_line(crossing)
    fits = blo("evaluate", "its", "--crossing", "кудукли", "--format", "json", home=home)
    assert fits.returncode == 0 and json.loads(fits.stdout)["rate_ratio"] > 0  # any script, any case


def test_a_build_database_held_by_another_process(home, tmp_path):
    assert blo("ingest", str(CBP[0]), home=home).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; "
                               f"con = duckdb.connect({str(home / 'warehouse' / 'build.duckdb')!r}); "
                               "print('held', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        result = blo("ingest", str(CBP[1]), home=home, env={"BLO_LOCK_WAIT": "2"})
        assert time.monotonic() - started < 60
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("waiting up to 2 s for process") and str(holder.pid) in lines[0]
    assert "still in use by process" in lines[-1] and str(holder.pid) in lines[-1] and len(lines) == 2
    assert blo("ingest", str(CBP[1]), home=home).returncode == 0  # once it is free, the same command works


def test_a_failed_step_is_one_line_with_the_log(home, tmp_path):
    export = tmp_path / "uz.csv"
    export.write_text("Sana,Chegara posti,Modda,Miqdori\n2024-11-03,Oybek,gashish,2 kg\n", encoding="utf-8")
    assert blo("ingest", str(export), home=home).returncode == 0
    (home / "review" / "substances_reviewed.csv").write_text("alias,substance\ngashish,no-such-substance\n")
    result = blo("ingest", str(CBP[0]), home=home)
    assert result.returncode == 1
    line = one_line(result)
    assert line.startswith("error: the build failed at seizure_sources: ") and "no-such-substance" in line
    assert f"full log: {home / 'logs' / 'build.log'}" in line
    log = (home / "logs" / "build.log").read_text(encoding="utf-8")
    assert "Stack Trace:" in log and "load_reviewed_aliases" in log  # the whole trace is kept there
