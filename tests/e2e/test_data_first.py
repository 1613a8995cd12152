"""New data is queryable before the models run: each build publishes the data, then republishes with the estimates
computed from it; packs take only a snapshot whose estimates are current."""

import json
import os
import re
import signal
import subprocess
from pathlib import Path

from support.front_door import BLO, blo, sql

NEW_EXPORT = "Sana,Chegara posti,Modda,Miqdori\n2024-11-03,Oybek,gashish,2 kg\n"
PUBLISHING = re.compile(r"new data queryable (\d+\.\d) s after the run started, estimates published (\d+\.\d) s after")


def _info(home: Path, snapshot: str | None = None) -> dict[str, str]:
    pinned = ("--snapshot", snapshot) if snapshot else ()
    result = blo("sql", "SELECT key, value FROM warehouse_info", *pinned, "--format", "json", home=home)
    assert result.returncode == 0, result.stderr
    return {row["key"]: row["value"] for row in json.loads(result.stdout)}


def _snapshots(home: Path) -> list[str]:
    """Published snapshots, newest first."""
    listed = blo("snapshot", "list", home=home)
    return [line.split()[0] for line in listed.stdout.splitlines() if line.startswith("blo-")]


def _stopped_after_the_data(home: Path) -> str:
    """A first build killed once it has published the data and before the estimates: the step line it stopped at."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("BLO_", "DAGSTER_"))}
    run = subprocess.Popen([BLO, "run", "--demo", "--scale", "0.2", "--home", str(home)], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, start_new_session=True,
                           env=environ | {"PYTHONUNBUFFERED": "1"})
    seen = []
    for line in run.stdout:
        seen.append(line)
        if "published_data" in line and "done" in line:
            os.killpg(run.pid, signal.SIGKILL)
            break
    run.wait(timeout=60)
    assert run.returncode == -signal.SIGKILL, "".join(seen)
    assert not any("published_estimates" in line for line in seen)
    return seen[-1]


def test_data_is_queryable_before_the_estimates_and_packs_wait_for_them(tmp_path):
    home = tmp_path / "new-home"
    _stopped_after_the_data(home)
    # the data answers at once; the first build's estimates are not there yet, and the snapshot says so
    [count] = sql("SELECT count(*) AS n FROM seizures", home)
    assert count["n"] > 1000
    info = _info(home)
    assert info["estimates"] == "none" and info["estimates_snapshot"] == "" and info["data_snapshot"] == info[
        "snapshot"]
    missing = blo("sql", "SELECT count(*) FROM blo_effects", home=home)
    assert missing.returncode != 0 and "Table with name blo_effects does not exist" in missing.stderr
    refused = blo("pack", home=home, env={"BLO_LOCK_WAIT": "1"})  # the killed run still counts as under way
    assert refused.returncode == 2 and "waiting up to 1 s" in refused.stderr
    assert f"{info['snapshot']} has data newer than its estimates" in refused.stderr.splitlines()[-1]

    built = blo("run", home=home)
    assert built.returncode == 0, built.stderr
    order = [line.split()[-2] for line in built.stdout.splitlines() if line.startswith("[") and line.endswith("done")]
    assert order.index("published_data") < order.index("blo_effects") < order.index("published_estimates")
    queryable, estimated = map(float, PUBLISHING.search(built.stdout).groups())
    assert 0 < queryable < estimated
    final, data_first = _snapshots(home)[:2]
    info = _info(home)
    assert (info["snapshot"], info["estimates"], info["estimates_snapshot"]) == (final, "current", final)
    assert info["data_snapshot"] == data_first
    packed = blo("pack", "--resend", home=home)
    assert packed.returncode == 0, packed.stderr
    assert ".pdf" in packed.stdout

    export = tmp_path / "uz_customs_extra.csv"
    export.write_text(NEW_EXPORT, encoding="utf-8")
    landed = blo("ingest", str(export), home=home)
    assert landed.returncode == 0, landed.stderr
    assert landed.stdout.splitlines()[0].startswith("uz_customs_extra.csv: read 2 / loaded 1")
    queryable, estimated = map(float, PUBLISHING.search(landed.stdout).groups())
    assert 0 < queryable < estimated
    newest, new_data = _snapshots(home)[:2]
    early = _info(home, new_data)  # the data-first snapshot: the new record, the last build's estimates
    assert (early["estimates"], early["estimates_snapshot"], early["data_snapshot"]) == ("carried over", final,
                                                                                        new_data)
    counted = blo("sql", "SELECT count(*) FROM seizure_sources WHERE source_file = 'uz_customs_extra.csv'",
                  "--snapshot", new_data, "--format", "csv", home=home)
    assert counted.stdout.split() == ["count_star()", "1"]
    later = _info(home)
    assert (later["snapshot"], later["estimates"], later["estimates_snapshot"], later["data_snapshot"]) == (
        newest, "current", newest, new_data)
