"""`blo evaluate`: the evaluation methods on any panel/series CSV, or on the published warehouse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from assets.evaluate.its import EvaluationError

app = typer.Typer(no_args_is_help=True)
HomeOption = Annotated[Path | None, typer.Option("--home", envvar="BLO_HOME", help="Data home (default ~/blo-home).")]


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _read(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path)
    except (OSError, ValueError) as exc:
        _fail(f"{path}: {str(exc).splitlines()[0]}")


def _emit(result: dict, fmt: str) -> None:
    if fmt == "json":
        typer.echo(json.dumps(result, default=str, indent=1))
    else:
        for key, value in result.items():
            typer.echo(f"{key:<14} {value}")


@app.command()
def did(panel: Annotated[Path | None, typer.Option(help="Panel CSV (one row per unit and period).")] = None,
        unit: Annotated[str, typer.Option(help="Unit column.")] = "crossing_point",
        time: Annotated[str, typer.Option(help="Period column (integers).")] = "period",
        cohort: Annotated[str, typer.Option(help="First treated period; 0 or empty = never treated.")] = "cohort",
        outcome: Annotated[str, typer.Option(help="Outcome column.")] = "log_events",
        control: Annotated[str, typer.Option(help="never-treated or not-yet-treated.")] = "never-treated",
        format: Annotated[str, typer.Option("--format", help="json or table.")] = "table",
        home: HomeOption = None):
    """Staggered difference-in-differences (Callaway & Sant'Anna): ATT, event study, pre-trend test."""
    from assets.evaluate.did import fit_did

    try:
        if panel is None:
            from assets.evaluate.effects import did_panel
            monthly, registry = _warehouse(home)
            frame = did_panel(monthly, registry)
            frame = frame[frame["cohort"] != 1]
        else:
            frame = _read(panel)
        result = fit_did(frame, unit, time, cohort, outcome, control).to_dict()
    except EvaluationError as exc:
        _fail(str(exc))
    _emit({k: result[k] for k in ("att", "se", "lower", "upper", "event_study", "pretrend_p", "n_units",
                                  "n_cohorts", "control")}, format)


@app.command()
def its(series: Annotated[Path | None, typer.Option(help="Series CSV (one row per period).")] = None,
        time: Annotated[str, typer.Option(help="Time index column.")] = "t",
        outcome: Annotated[str, typer.Option(help="Count column.")] = "events",
        intervention: Annotated[str, typer.Option(help="0 before, 1 after the intervention.")] = "post",
        offset: Annotated[str | None, typer.Option(help="Exposure column (e.g. population); logged.")] = None,
        harmonics: Annotated[int, typer.Option(help="Fourier pairs for seasonality.")] = 0,
        period: Annotated[float, typer.Option(help="Season length in periods.")] = 12,
        family: Annotated[str, typer.Option(help="poisson, quasipoisson or negbin.")] = "quasipoisson",
        crossing: Annotated[str | None, typer.Option(help="Without --series: this BLO crossing point.")] = None,
        format: Annotated[str, typer.Option("--format", help="json or table.")] = "table",
        home: HomeOption = None):
    """Interrupted time series on counts: rate ratio of the level change, dispersion, slope change."""
    from assets.evaluate.its import fit_its

    try:
        frame = _crossing_series(home, crossing) if series is None else _read(series)
        result = fit_its(frame, time, outcome, intervention, offset, harmonics, period, family).to_dict()
    except EvaluationError as exc:
        _fail(str(exc))
    _emit({k: result[k] for k in ("rate_ratio", "lower", "upper", "dispersion", "level_change", "slope_change",
                                  "n_obs", "family")}, format)


def _warehouse(home: Path | None):
    from warehouse.access import NoSnapshot, read_only

    try:
        with read_only(home) as con:
            monthly = con.sql("SELECT crossing_point, month, events, mass_kg, reported FROM monthly_series"
                              " WHERE substance_group = 'All'").pl()
            registry = con.sql("SELECT crossing_point, blo_established FROM crossing_points").pl()
    except NoSnapshot as exc:
        _fail(str(exc))
    return monthly, registry


def _crossing_series(home: Path | None, crossing: str | None) -> pd.DataFrame:
    if not crossing:
        _fail("give --series CSV, or --crossing NAME to use the warehouse")
    monthly, registry = _warehouse(home)
    opened = registry.filter(registry["crossing_point"] == crossing)["blo_established"].to_list()
    if not opened or opened[0] is None:
        _fail(f"'{crossing}' has no BLO opening date in the warehouse")
    frame = monthly.filter(monthly["crossing_point"] == crossing, monthly["reported"]).sort("month").to_pandas()
    if frame.empty:
        _fail(f"no months for '{crossing}' in the warehouse")
    frame["t"] = range(len(frame))
    frame["post"] = (frame["month"] >= pd.Timestamp(opened[0])).astype(int)
    return frame
