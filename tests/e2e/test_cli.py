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
        if "seizure_sources" in line:  # normalised, not yet published
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
