"""`blo evaluate`: staggered DiD and interrupted time series on any panel/series CSV, or on the published warehouse."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from pipelines.options import HomeOption, fail, out

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
FormatOption = Annotated[str, typer.Option("--format", help="json or table.")]
DID_FIELDS = ("att", "se", "lower", "upper", "event_study", "pretrend_p", "n_units", "n_treated", "n_never_treated",
              "n_cohorts", "band_critical", "control", "warnings")
ITS_FIELDS = ("rate_ratio", "lower", "upper", "dispersion", "level_change", "slope_change", "n_obs", "family", "aic",
              "autocorrelation")
MONTHLY = ("SELECT crossing_point, month, events, mass_kg, reported FROM monthly_series "
           "WHERE substance_group = 'All' ORDER BY crossing_point, month")
REGISTRY = "SELECT crossing_point, blo_established FROM crossing_points"


class BadInput(Exception):
    """Input the user can fix: reported as one line, exit code 2."""


@app.command()
def did(panel: Annotated[Path | None, typer.Option(help="Panel CSV, one row per unit and period. Without it: "
                                                         "the warehouse's crossing × quarter panel.")] = None,
        unit: Annotated[str, typer.Option(help="Unit column.")] = "crossing_point",
        time: Annotated[str, typer.Option(help="Period column (whole numbers, e.g. years).")] = "period",
        cohort: Annotated[str, typer.Option(help="First treated period; 0 or empty = never treated.")] = "cohort",
        outcome: Annotated[str, typer.Option(help="Outcome column.")] = "log_events",
        control: Annotated[str, typer.Option(help="never-treated or not-yet-treated.")] = "never-treated",
        leads: Annotated[int | None, typer.Option(help="Pre-periods in the event study (default: all; "
                                                       "warehouse: 8 quarters).")] = None,
        lags: Annotated[int | None, typer.Option(help="Post-periods (default: all; warehouse: 8 quarters).")] = None,
        format: FormatOption = "table", home: HomeOption = None):
    """Callaway & Sant'Anna staggered DiD: ATT, event study and pre-trend test. On the warehouse the outcome is
    log seizure events per month, so exp(att) is the BLOs' rate ratio."""
    with _clear_errors(format):
        from assets.evaluate.did import fit_did
        from assets.evaluate.region import estimate_region_did

        if panel is None:
            window = {"leads": 8 if leads is None else leads, "lags": 8 if lags is None else lags}
            result = estimate_region_did(*_warehouse(home), control, **window)
        else:
            result = fit_did(_read(panel), unit, time, cohort, outcome, control, leads=leads, lags=lags)
        record = {key: result.to_dict()[key] for key in DID_FIELDS}
        if format == "json":
            typer.echo(json.dumps(record, default=str, indent=1))
        else:
            _print_did(record)


@app.command()
def its(series: Annotated[Path | None, typer.Option(help="Series CSV, one row per period.")] = None,
        time: Annotated[str, typer.Option(help="Time index column (consecutive periods).")] = "t",
        outcome: Annotated[str, typer.Option(help="Count column.")] = "events",
        intervention: Annotated[str, typer.Option(help="0 before, 1 from the intervention on.")] = "post",
        offset: Annotated[str | None, typer.Option(help="Exposure column in natural units (population, traffic); "
                                                        "it is logged, like offset(log(stdpop)) in R.")] = None,
        harmonics: Annotated[int, typer.Option(help="Fourier sin/cos pairs for seasonality.")] = 0,
        period: Annotated[float, typer.Option(help="Season length in periods.")] = 12,
        family: Annotated[str, typer.Option(help="poisson, quasipoisson or negbin.")] = "quasipoisson",
        slope: Annotated[bool, typer.Option("--slope", help="Also fit a change in trend.")] = False,
        autocorrelated: Annotated[bool, typer.Option("--autocorrelated", help="Allow for a month-to-month "
                                                     "correlated rate (latent AR(1), Zeger 1988, fitted to this "
                                                     "series alone; blo_effects pools it over every crossing "
                                                     "point): each SE is then the larger of that and the model's "
                                                     "own; not with negbin.")
                                  ] = False,
        crossing: Annotated[str | None, typer.Option(help="Without --series: this crossing point's reported months "
                                                          "in the warehouse (all substances), t = month number, "
                                                          "post = from its BLO opening.")] = None,
        format: FormatOption = "table", home: HomeOption = None):
    """Interrupted time series on counts: rate ratio of the level change, its 95 % CI, dispersion."""
    with _clear_errors(format):
        from assets.evaluate.its import fit_its

        frame = _read(series) if series is not None else _crossing_series(home, crossing)
        result = fit_its(frame, time, outcome, intervention, offset, harmonics, period, family, slope, autocorrelated)
        record = {key: result.to_dict()[key] for key in ITS_FIELDS}
        if format == "json":
            typer.echo(json.dumps(record, indent=1))
        else:
            _print_pairs(record)


@contextmanager
def _clear_errors(format: str) -> Iterator[None]:
    """Turn the user's mistakes into one line on stderr and exit code 2."""
    # imported here: every `blo` command loads this module, and pandas/numpy cost half of `blo sql`'s start-up
    from numpy.linalg import LinAlgError

    from assets.evaluate.errors import EvaluationError

    if format not in ("json", "table"):
        fail(f"--format must be json or table, not '{format}'")
    try:
        yield
    except (EvaluationError, BadInput) as exc:
        fail(str(exc))
    except (ValueError, LinAlgError) as exc:  # the estimators' own complaints about degenerate data
        fail(f"the model can't be estimated on this data: {str(exc).strip().splitlines()[0]}")


def _read(path: Path) -> pd.DataFrame:
    """A CSV, or a one-line reason it can't be read."""
    import pandas as pd

    try:
        return pd.read_csv(path)
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: {str(exc).strip().splitlines()[0]}") from None


def _warehouse(home: Path | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The monthly series (all substances) and the BLO registry from the published warehouse."""
    import duckdb

    from warehouse.access import NoSnapshot, read_only

    try:
        with read_only(home) as con:
            return con.sql(MONTHLY).pl(), con.sql(REGISTRY).pl()
    except (NoSnapshot, duckdb.Error) as exc:
        raise BadInput(str(exc).strip().splitlines()[0]) from None


def _crossing_series(home: Path | None, crossing: str | None) -> pd.DataFrame:
    """One crossing point's reported months with t = month number and post = from its BLO opening on."""
    import polars as pl  # here, not at the top: every `blo` command loads this module, and Polars costs 0.2 s

    if not crossing:
        raise BadInput("give --series CSV, or --crossing NAME to use the warehouse")
    from assets.shared.crossings import closest_crossings, match_crossings

    monthly, registry = _warehouse(home)
    match = match_crossings([crossing]).row(0, named=True)
    if match["match_method"] in ("exact", "normalised"):  # Ойбек, oybek: Oybek; a near miss is only suggested
        crossing = match["crossing_point"]
    opened = registry.filter(pl.col("crossing_point") == crossing).get_column("blo_established").to_list()
    if not opened:
        near = closest_crossings(crossing, registry.get_column("crossing_point"))
        raise BadInput(f"no crossing point named '{crossing}' in the warehouse"
                       + (f"; did you mean {', '.join(near)}?" if near else ""))
    if opened[0] is None:
        raise BadInput(f"'{crossing}' has no BLO opening date in the warehouse's registry")
    months = monthly.filter(pl.col("crossing_point") == crossing, pl.col("reported"))
    first = months.get_column("month").min()
    if first is None:
        raise BadInput(f"no reported months for '{crossing}' in the warehouse")
    return months.with_columns(
        t=(pl.col("month").dt.year() - first.year) * 12 + pl.col("month").dt.month() - first.month,
        post=(pl.col("month") >= opened[0]).cast(pl.Int8)).to_pandas()


def _print_pairs(record: dict) -> None:
    table = Table(show_header=False, box=None)
    for key, value in record.items():
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
    out.print(table)


def _print_did(record: dict) -> None:
    _print_pairs({k: v for k, v in record.items() if k not in ("event_study", "warnings")})
    study = Table("event time", "att", "se", "lower", "upper", title="Event study")
    for row in record["event_study"]:
        study.add_row(str(row["event_time"]), *(f"{row[k]:.4f}" for k in ("att", "se", "lower", "upper")))
    out.print(study)
    for note in record["warnings"]:
        out.print(f"note: {note}", highlight=False)
