"""`blo evaluate` on a CSV: the estimate as JSON, and a user's mistake as one line with exit code 2."""

import json
import math

import numpy as np
import polars as pl
from typer.testing import CliRunner

from pipelines.cli import app


def test_its_on_a_series_csv_recovers_the_planted_rate_ratio(tmp_path):
    months = np.arange(96)
    post = (months >= 48).astype(int)
    events = np.random.default_rng(3).poisson(40 * np.where(post == 1, 1.5, 1.0))
    path = tmp_path / "series.csv"
    pl.DataFrame({"t": months, "events": events, "post": post}).write_csv(path)
    result = CliRunner().invoke(app, ["evaluate", "its", "--series", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["lower"] < 1.5 < record["upper"] and math.isclose(record["rate_ratio"], 1.5, rel_tol=0.1)


def test_mistakes_are_one_line_with_exit_code_2(tmp_path):
    missing = CliRunner().invoke(app, ["evaluate", "its", "--series", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    panel = tmp_path / "panel.csv"
    panel.write_text("unit,period,cohort,y\nA,1,2,1\nA,2,2,2\nB,1,0,1\nB,2,0,1\n")
    single = CliRunner().invoke(app, ["evaluate", "did", "--panel", str(panel), "--unit", "unit", "--outcome", "y"])
    assert single.exit_code == 2 and "only one treated unit" in single.output
    assert len(single.output.strip().splitlines()) == 1 and "Traceback" not in single.output
