"""Input bounds: a zip bomb, a lying zip directory, long lines, large JSON, links and pipes are refused with the limit
named, before a reader allocates for them."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

import assets.ingest.json_records as json_records
from assets.ingest.files import process_file
from assets.ingest.landing import ingest_landing
from assets.ingest.limits import MAX_LINE, check_lines
from assets.ingest.profiles import available_profiles
from assets.ingest.sheets import UnreadableFile
from support.hostile_corpus import GOOD_ROW, HEADER, zip_bomb_xlsx
from warehouse.home import Home

ROOT = Path(__file__).parents[2]
# peak memory from VmHWM, which starts afresh at exec: ru_maxrss would carry the forking parent's (pytest's) peak
REFUSE = """
import sys, time
from pathlib import Path
start = time.monotonic()
from assets.ingest.files import process_file
outcome = process_file(Path(sys.argv[1]), [])
peak = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(time.monotonic() - start, peak, outcome.status)
print(outcome.message)
"""


def _refused_in_a_process(path: Path) -> tuple[float, int, str]:
    """Seconds and peak memory (bytes) of refusing one file in a fresh process, imports included, and the reason."""
    result = subprocess.run([sys.executable, "-c", REFUSE, str(path)], capture_output=True, text=True, cwd=ROOT,
                            timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    figures, message = result.stdout.splitlines()[:2]
    seconds, peak, status = figures.split()
    assert status == "refused"
    return float(seconds), int(peak), message


def test_a_zip_bomb_is_refused_from_its_directory_in_little_time_and_memory(tmp_path):
    bomb = zip_bomb_xlsx(tmp_path / "bomb.xlsx")  # 6.8 MB inflating to 1.5 GB
    assert bomb.stat().st_size < 8 * 1024**2
    seconds, peak, message = _refused_in_a_process(bomb)
    assert message == "bomb.xlsx: the workbook inflates to 1.5 GB, over the 1.0 GB limit for a workbook"
    assert seconds < 15 and peak < 400 * 1024**2, (seconds, peak)


def test_a_zip_directory_that_lies_about_sizes_is_caught_while_inflating(tmp_path):
    bomb = zip_bomb_xlsx(tmp_path / "liar.xlsx", declared=1024**2)
    seconds, peak, message = _refused_in_a_process(bomb)
    assert message == ("liar.xlsx: sheet part xl/worksheets/sheet1.xml holds more than 1,048,576 rows, Excel's limit "
                       "for one sheet")
    assert seconds < 15 and peak < 400 * 1024**2, (seconds, peak)


def test_a_large_part_compressed_beyond_the_ratio_is_refused(tmp_path):
    dense = zip_bomb_xlsx(tmp_path / "dense.xlsx", inflated=64 * 1024**2)  # under every size limit, 237 to 1
    outcome = process_file(dense, [])
    assert outcome.status == "refused"
    assert "part xl/worksheets/sheet1.xml is compressed 237 to 1, over the 200 to 1 limit" in outcome.message


def test_a_small_workbook_of_the_same_rows_is_read(tmp_path):
    small = zip_bomb_xlsx(tmp_path / "small.xlsx", inflated=2 * 1024**2)
    outcome = process_file(small, available_profiles())
    assert outcome.status == "loaded", outcome.message
    assert outcome.counts["rows_loaded"] == outcome.counts["rows_read"] - 1 >= 8_000  # all but the header


def test_lines_up_to_the_limit_pass_and_longer_ones_are_refused_with_their_number():
    check_lines(b"a,b\n" + b"x" * MAX_LINE + b"\nc,d\n", "ok.csv")
    with pytest.raises(UnreadableFile, match=r"^long.csv: line 3 is longer than the 1 MB limit"):
        check_lines(b"a,b\nc,d\n" + b"x" * (MAX_LINE + 1) + b"\ne,f\n", "long.csv")


def test_a_json_export_over_its_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(json_records, "MAX_JSON_BYTES", 1024**2)
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"date": "2023-03-12", "post": "Oybek", "drug": "heroin", "kg": 1}] * 30_000))
    outcome = process_file(path, [])
    assert outcome.status == "refused"
    assert outcome.message.startswith("big.json: 2 MB is larger than the 1 MB limit for a JSON export")


def test_links_and_pipes_in_the_landing_area_are_refused_and_listed_never_opened(tmp_path):
    home = Home(tmp_path / "home").ensure()
    (home.landing / "good.csv").write_text(f"{HEADER}\n{GOOD_ROW}\n", encoding="utf-8")
    (home.landing / "passwd.csv").symlink_to("/etc/passwd")
    (home.landing / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    os.mkfifo(home.landing / "pipe.csv")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    done: list = []
    worker = threading.Thread(target=lambda: done.append(ingest_landing(con, home)), daemon=True)
    worker.start()
    worker.join(60)
    assert done, "reading the landing area blocked on a pipe"
    outcomes = {o.source_file: o for o in done[0]}
    assert outcomes["good.csv"].status == "loaded"
    assert outcomes["passwd.csv"].message == ("passwd.csv: a symbolic link (to /etc/passwd), not an export file: land "
                                              "the export itself")
    assert "not a regular file" in outcomes["pipe.csv"].message
    assert "symbolic link" in outcomes["gone.csv"].message
    listed = dict(con.execute("SELECT source_file, status FROM core.ingested_files").fetchall())
    assert listed == {"good.csv": "loaded", "passwd.csv": "refused", "gone.csv": "refused", "pipe.csv": "refused"}
    root_line = Path("/etc/passwd").read_text().splitlines()[0]
    reasons = " ".join(r for (r,) in con.execute("SELECT reason FROM core.ingested_files").fetchall())
    assert root_line not in reasons
