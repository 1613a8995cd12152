"""The landing-area sensor asks for one ingest-and-publish run per new set of files, and none for files it has seen."""

import dagster as dg

from assets.resources import HomeResource
from pipelines.sensors import landing_area
from warehouse.home import Home


def _evaluate(home: Home, cursor: str | None):
    context = dg.build_sensor_context(cursor=cursor, resources={"home": HomeResource(root=str(home.root))})
    return landing_area(context)


def test_new_files_start_one_run_and_seen_files_none(tmp_path):
    home = Home(tmp_path).ensure()
    assert _evaluate(home, None).skip_reason
    (home.landing / "a.csv").write_text("Sana,Modda\n", encoding="utf-8")
    first = _evaluate(home, None)
    assert [r.job_name for r in first.run_requests] in ([None], ["ingest_and_publish"])
    assert _evaluate(home, first.cursor).skip_reason
    (home.landing / "b.csv").write_text("Sana,Modda\n", encoding="utf-8")
    second = _evaluate(home, first.cursor)
    assert len(second.run_requests) == 1 and "b.csv" in second.run_requests[0].run_key
    assert "a.csv" not in second.run_requests[0].run_key
    assert landing_area.job_name == "ingest_and_publish"


def test_first_tick_on_a_built_home_requests_nothing(tmp_path):
    import subprocess
    import sys

    home = Home(tmp_path / "home").ensure()
    export = tmp_path / "uz.csv"
    export.write_text("Sana,Chegara posti,Modda,Miqdori\n2024-11-03,Oybek,gashish,2 kg\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(export), "--home", str(home.root)], check=True,
                   capture_output=True)
    first = _evaluate(home, None)
    assert not first.run_requests and "uz.csv" in first.cursor
    (home.landing / "later.csv").write_text("Sana,Modda\n", encoding="utf-8")
    second = _evaluate(home, first.cursor)
    assert len(second.run_requests) == 1 and "later.csv" in second.run_requests[0].run_key
