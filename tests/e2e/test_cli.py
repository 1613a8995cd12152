"""End to end through the installed `blo` command on a temporary data home."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

BLO = [sys.executable, "-m", "pipelines"]


def blo(*args, home, check=True):
    result = subprocess.run([*BLO, *args, "--home", str(home)], capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"blo {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("cli-home")
    result = blo("run", "--demo", "--scale", "0.2", home=home)
    assert "synthetic demo data" in result.stdout
    assert "INFO:" not in result.stdout + result.stderr  # no library's log lines on the user's terminal
    return home


def test_run_demo_leaves_warehouse_site_and_pdf(home):
    assert (home / "warehouse" / "CURRENT").exists()
    assert (home / "dashboards" / "index.html").exists()
    assert list((home / "packs").rglob("*.pdf"))
    runs = list((home / "dagster").rglob("*.db"))
    assert runs, "runs are recorded in the home's Dagster instance"


def _commands_mentioning(text: str) -> list[str]:
    commands = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or not a process
            continue
        if text in command:
            commands.append(command)
    return commands


def test_a_run_leaves_no_process_behind_and_older_homes_gain_the_setting(home, tmp_path, monkeypatch):
    import dagster as dg

    from warehouse.home import Home

    assert not _commands_mentioning(str(home / "dagster"))  # no `tail -F` of a compute log outlives the run
    old = Home(tmp_path / "old")
    old.dagster_home.mkdir(parents=True)
    (old.dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    old.ensure()
    monkeypatch.setenv("DAGSTER_HOME", str(old.dagster_home))
    assert type(dg.DagsterInstance.get().compute_log_manager).__name__ == "NoOpComputeLogManager"
    assert (old.dagster_home / "dagster.yaml").read_text().startswith("telemetry:\n  enabled: false\n")


def test_sql_answers_in_csv_and_json(home):
    csv_out = blo("sql", "select count(*) as n from seizures", "--format", "csv", home=home).stdout
    header, value = csv_out.strip().splitlines()
    assert header.strip('"') == "n" and int(value) > 1000
    rows = json.loads(blo("sql", "select crossing_point from crossing_points limit 3", "--format", "json",
                          home=home).stdout)
    assert len(rows) == 3 and set(rows[0]) == {"crossing_point"}


def test_sql_refuses_writes_with_one_line(home):
    result = blo("sql", "drop view seizures", home=home, check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_ingest_bad_and_repeated_files(home, tmp_path):
    bad = tmp_path / "garbage.csv"
    bad.write_bytes(bytes(range(256)) * 4)
    good = tmp_path / "extra.csv"
    good.write_text("Sana,Chegara posti,Modda,Miqdori\n2024-11-03,Oybek,gashish,2 kg\n", encoding="utf-8")
    result = blo("ingest", str(bad), str(good), home=home, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "garbage.csv" in result.stderr and "binary" in result.stderr
    assert "extra.csv: read 2 / loaded 1 / quarantined 0 / skipped 1" in result.stdout
    again = blo("ingest", str(good), home=home)
    assert "extra.csv: read 2 / loaded 0 / quarantined 0 / skipped 0 / duplicates 1" in again.stdout
    assert "nothing added" in again.stdout
    count = blo("sql", "select count(*) from seizure_sources where source_file = 'extra.csv'", "--format", "csv",
                home=home).stdout.strip().splitlines()[-1]
    assert count == "1"


def _count_and_snapshot(home):
    result = blo("sql", "select (select count(*) from seizures) as n, (select count(*) from blo_effects) as e, "
                 "(select value from warehouse_info where key = 'snapshot') as s", "--format", "csv",
                 home=home, check=False)
    return result, (next(csv.reader([result.stdout.strip().splitlines()[-1]])) if result.returncode == 0 else None)


def test_sql_never_meets_a_lock_or_a_half_built_warehouse_while_run_rebuilds(home):
    _, (seizures, effects, first) = _count_and_snapshot(home)
    run = subprocess.Popen([*BLO, "run", "--home", str(home)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    answers = []
    while run.poll() is None:
        answers.append(_count_and_snapshot(home))
    assert run.returncode == 0, run.stderr.read()
    assert len(answers) >= 5
    for result, row in answers:
        assert result.returncode == 0 and "lock" not in result.stderr.lower(), result.stderr
        assert row[:2] == [seizures, effects]  # a complete snapshot: every seizure, every estimate
    _, (_, _, last) = _count_and_snapshot(home)
    assert last != first


def test_a_killed_run_leaves_the_last_good_snapshot_and_the_next_run_completes(home):
    import os
    import signal

    current = home / "warehouse" / "CURRENT"
    before = current.read_text()
    run = subprocess.Popen([*BLO, "run", "--home", str(home)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    for line in run.stdout:
        if "source_records" in line:  # ingested, not yet normalised nor published (the data follows within a second)
            os.killpg(run.pid, signal.SIGKILL)
            break
    run.wait(timeout=60)
    assert run.returncode == -signal.SIGKILL
    assert current.read_text() == before
    result, row = _count_and_snapshot(home)
    assert result.returncode == 0 and row[2] == before.strip()
    blo("run", home=home)
    assert current.read_text() != before


def test_bench_refuses_a_home_with_something_in_it_and_an_unknown_format(home, tmp_path):
    used = blo("bench", "--rows", "1000", home=home, check=False)
    assert used.returncode == 2 and "is not empty" in used.stderr and "Traceback" not in used.stderr
    wrong = blo("bench", "--rows", "1000", "--format", "yaml", home=tmp_path, check=False)
    assert wrong.returncode == 2 and "--format must be json or table" in wrong.stderr


def test_sql_prints_every_column_type_and_duckdbs_whole_explanation(home, tmp_path):
    rows = list(csv.DictReader(blo("sql", "select * from did_summary", "--format", "csv", home=home).stdout
                               .splitlines()))
    assert rows and all(isinstance(json.loads(row["warnings"]), list) for row in rows)  # a list column, as JSON
    assert "control" in blo("sql", "select * from did_summary", home=home).stdout
    assert isinstance(json.loads(blo("sql", "select * from did_summary", "--format", "json", home=home).stdout
                                 )[0]["warnings"], list)
    blo("sql", "select * from did_summary", "--format", "parquet", "--output", str(tmp_path / "d.parquet"), home=home)
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "d.parquet").num_rows == len(rows)
    typo = blo("sql", "select crosing_point from seizures", home=home, check=False)
    assert typo.returncode == 2 and "Traceback" not in typo.stderr
    assert 'Referenced column "crosing_point" not found' in typo.stderr and "Candidate bindings:" in typo.stderr
    assert '"crossing_point"' in typo.stderr.split("Candidate bindings:")[1]


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf"])
def test_sql_time_limit_must_limit(home, value):
    result = blo("sql", "select 1", "--timeout", value, home=home, check=False)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "--timeout must be a positive number of seconds" in result.stderr


def test_saved_query_values_are_matched_in_any_spelling_and_checked(home):
    def crossings(value):
        result = blo("sql", "--saved", "substance_mix_before_after", "--param", f"crossing={value}", "--format",
                     "csv", home=home, check=False)
        return result, {row["crossing_point"] for row in csv.DictReader(result.stdout.splitlines())}

    assert crossings("oybek")[1] == crossings("Ойбек")[1] == crossings("Oybek")[1] == {"Oybek"}
    result, found = crossings("Oybk")
    assert result.returncode == 2 and not found and "did you mean Oybek" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    help_text = blo("sql", "--help", home=home).stdout
    assert "--list-saved" in help_text and "--list-saved          <bool>" not in help_text
    assert not any("--list-saved" in line and "<bool>" in line for line in help_text.splitlines())


def _damaged_copy(home, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(home / "warehouse", copy / "warehouse")
    current = copy / "warehouse" / "snapshots" / (copy / "warehouse" / "CURRENT").read_text().strip()
    with current.open("r+b") as handle:
        handle.truncate(current.stat().st_size // 3)
    return copy, current.name


def test_sql_and_export_fall_back_to_the_newest_readable_snapshot(home, tmp_path):
    copy, damaged = _damaged_copy(home, tmp_path)
    result = blo("sql", "select count(*) as n from seizures", "--format", "csv", home=copy)
    [warning] = result.stderr.strip().splitlines()
    assert warning.startswith("warning: ") and f"{damaged} is damaged" in warning and "answering from blo-" in warning
    assert int(result.stdout.splitlines()[1]) > 1000
    exported = blo("export", str(tmp_path / "out"), "--format", "csv", home=copy)
    assert "warning: " in exported.stderr and (tmp_path / "out" / "csv" / "seizures.csv").exists()


def test_a_pinned_snapshot_stays_readable_and_listed(home, tmp_path):
    copy, _ = _damaged_copy(home, tmp_path)
    pinned = blo("snapshot", "pin", "donor-report", home=copy)
    assert "pinned blo-" in pinned.stdout and (copy / "warehouse" / "pinned" / "donor-report.duckdb").exists()
    again = blo("snapshot", "pin", "donor-report", home=copy, check=False)
    assert again.returncode == 2 and "already holds" in again.stderr
    listing = blo("snapshot", "list", home=copy).stdout
    assert "pinned as donor-report" in listing and "BLO_KEEP_SNAPSHOTS" in listing
    answer = blo("sql", "select count(*) as n from seizures", "--snapshot", "donor-report", "--format", "csv",
                 home=copy)
    assert int(answer.stdout.splitlines()[1]) > 1000 and answer.stderr == ""
    blo("snapshot", "unpin", "donor-report", home=copy)
    gone = blo("sql", "select 1", "--snapshot", "donor-report", home=copy, check=False)
    assert gone.returncode == 2 and "no pinned or published snapshot 'donor-report'" in gone.stderr
