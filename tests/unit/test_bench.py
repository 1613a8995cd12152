"""`blo bench`: the floor reads exports in their own encodings; every stage runs, and a new export is queryable before
its estimates are published (timings are reported, not tested)."""

import json
import subprocess
import sys

import psutil
import pytest

from bench.run import _is_utf8, floor
from bench.usage import TreePeak, cpu_seconds
from pipelines.commands.build import _bench_table

HOLD_300_MB = "import sys, time; block = bytearray(300 * 2**20); sys.stdout.write('held'); sys.stdout.flush(); " \
              "time.sleep(1)"
BURN_HALF_A_SECOND = "import time\nwhile time.process_time() < 0.5: pass"


def test_peak_memory_counts_the_workers_a_stage_starts():
    with TreePeak() as memory:
        worker = subprocess.Popen([sys.executable, "-c", HOLD_300_MB], stdout=subprocess.PIPE)
        assert worker.stdout.read(4) == b"held"
        worker.wait()
    own_mb = psutil.Process().memory_full_info().pss / 2**20
    assert memory.sampled_mb >= own_mb + 290 and memory.mb >= memory.sampled_mb


def test_cpu_seconds_count_the_workers_a_stage_waited_for():
    before = cpu_seconds()
    subprocess.run([sys.executable, "-c", BURN_HALF_A_SECOND], check=True)
    assert cpu_seconds() - before >= 0.5


def test_floor_counts_csv_and_json_rows_in_any_encoding(tmp_path):
    (tmp_path / "a.csv").write_text("Дата;Вещество\n01.01.2024;героин\n02.01.2024;гашиш\n", encoding="utf-8")
    (tmp_path / "b.csv").write_bytes("Дата;Вещество\n03.01.2024;опий\n".encode("cp1251"))
    (tmp_path / "c.json").write_text(json.dumps({"records": [{"d": 1}, {"d": 2}, {"d": 3}]}), encoding="utf-8")
    (tmp_path / "d.xlsx").write_bytes(b"PK")  # left out of the floor
    assert _is_utf8(tmp_path / "a.csv") and not _is_utf8(tmp_path / "b.csv")
    result = floor(sorted(tmp_path.iterdir()))
    assert result["rows"] == 6 and result["seconds"] >= 0


def test_a_small_bench_runs_every_stage_and_publishes_the_new_export(tmp_path, capsys):
    from bench.run import QUERIES, run_bench
    from pipelines.bench_stage import BUILD
    from warehouse.access import read_only

    report = run_bench(4000, tmp_path)
    assert report["source_rows"] >= 4000 and report["floor"]["rows"] > 0
    assert all(report[stage]["ok"] for stage in ("build", "incremental", "packs"))
    steps = report["build"]["steps"]
    assert sorted(steps) == sorted(BUILD) and 0 < sum(steps.values()) < report["build"]["seconds"]
    assert list(report["packs"]["steps"]) == ["chart_packs"]
    _bench_table(report)
    shown = capsys.readouterr().out
    share = report["build"]["shares"]["seizure_sources"]
    assert f"seizure_sources {steps['seizure_sources']:.2f} s ({share:.0f} %)" in shown and "start-up" in shown
    assert sum(report["build"]["shares"].values()) == pytest.approx(100, abs=0.5)
    inc = report["incremental"]
    assert 0 < inc["queryable_seconds"] < inc["estimates_seconds"] < inc["seconds"]
    assert (f"queryable after {inc['queryable_seconds']} s, estimates published after {inc['estimates_seconds']} s"
            in shown)
    assert f"peak {report['generate_peak_rss_mb']} MB" in shown and report["generate_peak_rss_mb"] > 0
    assert report["build"]["ratio_to_floor"] == round(report["build"]["seconds"] / report["floor"]["seconds"], 1)
    assert f"CPU {report['build']['cpu_seconds']} s" in shown and report["build"]["cpu_seconds"] > 1
    assert [q["query"] for q in report["sql"]] == list(QUERIES)
    assert all(q["inside_duckdb_ms"] > 0 and q["command_ms"] > 0 for q in report["sql"])
    with read_only(tmp_path) as con:
        read, loaded = con.execute("SELECT rows_read, rows_loaded FROM ingested_files "
                                   "WHERE source_file = 'tj_customs_2025_bench.csv'").fetchall()[0]
        in_2025 = con.execute("SELECT count(*) FROM seizure_sources WHERE source_file = 'tj_customs_2025_bench.csv' "
                              "AND year(period_start) = 2025").fetchall()[0][0]
    assert read == report["incremental"]["rows"] + 1 == 10_001  # its header row is read too
    assert in_2025 == loaded > 9_000
