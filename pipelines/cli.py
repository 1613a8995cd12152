"""`blo`: run the pipeline, ingest exports, query the warehouse, evaluate, build packs, open the Dagster UI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Annotated

import typer

from pipelines.commands import build, packs, query, snapshots
from pipelines.commands.evaluate import app as evaluate_app
from pipelines.options import HomeOption, err, out
from warehouse.home import Home

app = typer.Typer(help=__doc__, no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
app.add_typer(evaluate_app, name="evaluate", help="Interrupted time series and staggered DiD (warehouse or CSV).")
PROJECT = Path(__file__).resolve().parents[1]
for command in (build.run, build.ingest, build.bench, query.export, query.quarantine, query.sql, query.shell):
    app.command()(command)
app.add_typer(snapshots.app, name="snapshot", help="Keep a snapshot under a name retention never deletes; list them.")
app.command()(packs.pack)


@app.command()
def ui(home: HomeOption = None, port: Annotated[int, typer.Option(help="Port for the web UI.")] = 3000):
    """Open the Dagster UI on this home (asset graph, checks, run history, schedules, sensors)."""
    place = Home.resolve(home).ensure().activate()
    out.print(f"Dagster UI for {place.root} on http://127.0.0.1:{port}")
    command = [sys.executable, "-m", "dagster", "dev", "-w", str(PROJECT / "workspace.yaml"), "-p", str(port)]
    raise typer.Exit(subprocess.call(command, cwd=PROJECT, env=os.environ.copy()))


@app.command()
def info(home: HomeOption = None):
    """Where this home keeps everything, as JSON."""
    place = Home.resolve(home)
    print(json.dumps({k: str(getattr(place, k)) for k in
                      ("root", "landing", "build_db", "snapshots", "dashboards", "packs", "outbox", "review",
                       "deliveries", "dagster_home")}, indent=1))


def main() -> None:
    """The installed `blo`: whatever goes wrong reaches the user as one line; its full trace goes to the home's log."""
    try:
        app(prog_name="blo")
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        sys.exit(130)
    except Exception as exc:  # a failure of ours, not the user's: still one line, with where the trace is kept
        log = _command_log(sys.argv)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} blo {' '.join(sys.argv[1:])}\n"
                         f"{traceback.format_exc()}\n")
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "no message"
        err.print(f"[red]error:[/red] {type(exc).__name__}: {first} (full trace in {log})", highlight=False)
        sys.exit(1)


def _command_log(argv: list[str]) -> Path:
    """The home's command log, for the home named by --home (either form) or BLO_HOME, else the default."""
    home = next((arg.split("=", 1)[1] for arg in argv if arg.startswith("--home=")), None)
    if home is None and "--home" in argv[:-1]:
        home = argv[argv.index("--home") + 1]
    place = Home.resolve(home)
    place.logs.mkdir(parents=True, exist_ok=True)
    return place.logs / "blo.log"
