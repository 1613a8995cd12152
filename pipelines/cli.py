"""`blo`: run the pipeline, ingest exports, query the warehouse, evaluate, build packs, open the Dagster UI."""

from __future__ import annotations

import difflib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipelines.evaluate_cli import app as evaluate_app
from pipelines.options import HomeOption, err, fail, out
from warehouse.home import Home

app = typer.Typer(help=__doc__, no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
app.add_typer(evaluate_app, name="evaluate", help="Interrupted time series and staggered DiD (warehouse or CSV).")
PROJECT = Path(__file__).resolve().parents[1]
DRY_RUN_COLUMNS = ("source_row", "period_start", "period_end", "n_events", "crossing_raw", "substance_raw",
                   "mass_kg", "unit_count", "count_unit", "value_local", "currency")


@app.command()
def run(home: HomeOption = None,
        demo: Annotated[bool, typer.Option("--demo", help="First write the bundled synthetic exports.")] = False,
        seed: Annotated[int, typer.Option(help="Seed of the synthetic demo.")] = 7,
        scale: Annotated[float, typer.Option(help="Size of the synthetic demo (1 = ~12 years, ~30k events).")] = 1.0):
    """Materialise everything: ingest, normalise, series, estimates, snapshot, dashboards, packs."""
    from assets.ingest.landing import landed_files

    if not scale > 0:
        fail(f"--scale must be a positive number (1 = about 12 years and 30,000 events), not {scale:g}")
    place = Home.resolve(home).ensure().activate()
    started = time.monotonic()
    _wait_for_warehouse(place)
    if demo:
        _write_demo(place, seed, scale)
    elif not landed_files(place.landing):
        fail(f"{place.landing} is empty: copy agency exports there or load them with `blo ingest FILE…`, or build the "
             "synthetic demo with `blo run --demo`")
    from pipelines.runner import damage, run_build, set_aside

    outcome = run_build(place, echo=out.print)
    if not outcome.success and (error := damage(outcome)):  # found only when a step read the damaged block
        err.print(set_aside(place, error), highlight=False)
        outcome = run_build(place, echo=out.print)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
    if not outcome.success:
        fail(outcome.failure(place), 1)
    _print_outputs(place, time.monotonic() - started, peak)


def _wait_for_warehouse(place: Home) -> None:
    from pipelines.runner import BuildBusy, wait_for_warehouse

    try:
        wait_for_warehouse(place, lambda line: err.print(line, highlight=False))
    except BuildBusy as exc:
        fail(str(exc), 1)


def _write_demo(place: Home, seed: int, scale: float) -> None:
    from demo.home import write_demo

    out.print(f"Writing synthetic demo exports (seed {seed}, scale {scale:g}) to {place.landing}")
    write_demo(place, seed, scale)


def _print_outputs(place: Home, seconds: float, peak: int) -> None:
    from warehouse.access import current_snapshot, read_only
    from warehouse.ledger import totals

    with read_only(place) as con:
        seizures, files, quarantined, label = totals(con)
    out.print(f"\nBuilt in {seconds:.1f} s (peak memory {peak / 2**20:.0f} MB) — {label}")
    out.print(f"  warehouse   {current_snapshot(place)}  ({seizures} seizures from {files} files, "
              f"{quarantined} rows quarantined)")
    out.print(f"  dashboards  {place.dashboards / 'index.html'}")
    for pdf in sorted(place.packs.rglob("*.pdf")):
        out.print(f"  pack        {pdf}")
    out.print(f"  review      {place.review}")
    out.print(f"  Dagster UI  blo ui --home {place.root}")


@app.command()
def ingest(files: Annotated[list[Path], typer.Argument(help="Export files (CSV, TSV, XLSX, JSON).")],
           home: HomeOption = None,
           profile: Annotated[str | None, typer.Option(help="Use this profile, not auto-detection.")] = None,
           dry_run: Annotated[bool, typer.Option("--dry-run", help="Show mapping and rows; load nothing.")] = False):
    """Land export files and process them; one summary line per file."""
    from assets.ingest.files import file_sha256, process_file
    from assets.ingest.profiles import available_profiles, find_profile
    from warehouse.ledger import loaded_fingerprints

    place = Home.resolve(home).ensure()
    try:
        profiles = available_profiles(place.profiles)
        forced = find_profile(profile, place.profiles) if profile else None
    except ValueError as exc:
        fail(str(exc))
    missing = [f for f in files if not f.is_file()]
    if missing:
        fail("; ".join(f"{f}: no such file" for f in missing))
    if dry_run:
        for path in files:
            _dry_run(process_file(path, profiles, forced))
        return
    _wait_for_warehouse(place)
    known = loaded_fingerprints(place.build_db)
    landed = []
    for path in files:
        target = place.landing / path.name
        if path.is_symlink() and path.absolute() != target.absolute():  # landed as the link it is: refused, unread
            target.unlink(missing_ok=True)
            target.symlink_to(path.readlink())
        elif path.resolve() != target.resolve():
            shutil.copyfile(path, target)
        landed.append((target, file_sha256(target)))
    from pipelines.runner import run_build

    outcome = run_build(place, tags={"blo/ingest": ",".join(p.name for p, _ in landed)}, echo=lambda _: None,
                        job_name="ingest_and_publish")
    bad = _print_file_summaries(place, landed, known)
    if not outcome.success:
        fail(outcome.failure(place), 1)
    if bad:
        raise typer.Exit(1)


def _print_file_summaries(place: Home, landed: list[tuple[Path, str]], known: dict[str, str]) -> int:
    """One line per file given (refusals on stderr); returns how many were refused."""
    import duckdb

    from assets.normalise.replaced import replaced_records
    from warehouse.ledger import Outcome, outcome

    bad = 0
    with duckdb.connect(str(place.build_db), read_only=True) as con:
        for path, sha in landed:
            status, reason, read, loaded, quarantined, skipped = (
                outcome(con, path.name, sha) or Outcome("refused", f"{path.name}: not processed", 0, 0, 0, 0))
            same_as = known.get(sha) or (reason.removeprefix("same content as ").split(",")[0]
                                         if status == "duplicate" else None)
            if status == "refused":
                err.print(reason if reason.startswith(path.name) else f"{path.name}: refused — {reason}",
                          highlight=False)
                bad += 1
            elif same_as:
                first = outcome(con, same_as, sha, "loaded")
                out.print(f"{path.name}: read {first.read} / loaded 0 / quarantined 0 / skipped 0 / duplicates "
                          f"{first.loaded} (same content as {same_as}, already ingested: nothing added)",
                          highlight=False)
            else:
                replaces = "".join(f" / replaces {n} records of {old}" for old, n in replaced_records(con, path.name))
                out.print(f"{path.name}: read {read} / loaded {loaded} / quarantined {quarantined} / "
                          f"skipped {skipped} / duplicates 0{replaces}" + (f" — {reason}" if reason else ""),
                          highlight=False)
    return bad


def _dry_run(outcome) -> None:
    if outcome.status != "loaded":
        fail(outcome.message)
    out.print(f"[bold]{outcome.source_file}[/bold]  profile: {outcome.profile or '(auto)'}  grain: {outcome.grain}")
    from assets.ingest.headers import content_share

    values = {"crossing_point": "crossing_raw", "substance": "substance_raw"}
    mapping = Table("column header", "field", "evidence", title="Columns", title_justify="left")
    for field, header in outcome.mapping.items():
        evidence = outcome.evidence.get(field, "")
        if field in values and "values:" not in evidence:
            sample = outcome.records.get_column(values[field]).drop_nulls().unique().head(40).to_list()
            evidence += f"; values: {content_share(field, sample):.0%} known {field.replace('_', ' ')} names"
        mapping.add_row(header, field, evidence)
    out.print(mapping)
    out.print(outcome.summary(), highlight=False)
    shown = [c for c in DRY_RUN_COLUMNS if outcome.records.get_column(c).null_count() < outcome.records.height]
    rows = Table(*shown, title="First rows as they would load", title_justify="left")
    for record in outcome.records.head(5).select(shown).iter_rows():
        rows.add_row(*("" if v is None else str(v) for v in record))
    out.print(rows)
    if outcome.quarantine.height:
        held = Table("row", "reason", title="Quarantined", title_justify="left")
        for row, reason in outcome.quarantine.select("source_row", "reason").head(5).iter_rows():
            held.add_row(str(row), reason)
        out.print(held)


@app.command()
def bench(rows: Annotated[int, typer.Option(help="Source rows of demo exports to generate.")] = 1_000_000,
          home: Annotated[Path | None, typer.Option("--home", help="Where to build (default: a temporary folder).")
                          ] = None,
          format: Annotated[str, typer.Option("--format", help="json or table.")] = "table"):
    """Measure floor, full build, one new export, analyst queries and packs at this many rows, in one run."""
    import tempfile

    from bench.run import StageFailed, run_bench

    if rows < 1000:
        fail("--rows must be at least 1000")
    if format not in ("json", "table"):
        fail(f"--format must be json or table, not '{format}'")
    if home and Path(home).exists() and any(Path(home).iterdir()):
        fail(f"{home} is not empty: the bench builds from nothing, so give it a new or empty folder")
    with tempfile.TemporaryDirectory(prefix="blo-bench-") as scratch:
        try:
            report = run_bench(rows, Path(home) if home else Path(scratch))
        except StageFailed as exc:
            fail(f"{exc}: rerun with --home and open the failed run in `dagster dev`")
    failed = [stage for stage in ("build", "incremental", "packs") if not report[stage]["ok"]]
    if format == "json":
        print(json.dumps(report, indent=1))
    else:
        _bench_table(report)
    if failed:
        fail(f"the {' and '.join(failed)} stage(s) failed, so their timings mean nothing: rerun with --home and open "
             "the failed run in `dagster dev`")


def _bench_table(report: dict) -> None:
    floor, build = report["floor"], report["build"]
    out.print(f"{report['source_rows']:,} source rows in {report['files']} files", highlight=False)
    out.print(f"demo exports generated            {report['generate_seconds']:8.2f} s  "
              f"{'':>17}  peak {report['generate_peak_rss_mb']} MB", highlight=False)
    out.print(f"floor (DuckDB reads the exports)  {floor['seconds']:8.2f} s  {floor['rows_per_second']:>10,} rows/s  "
              f"CPU {floor['cpu_seconds']} s")
    out.print(f"full build to a snapshot          {build['seconds']:8.2f} s  {build['rows_per_second']:>10,} rows/s  "
              f"CPU {build['cpu_seconds']} s  peak {build['peak_rss_mb']} MB  = {build['ratio_to_floor']}x the floor")
    out.print("  " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in build["steps"].items())
              + f", start-up {build['seconds'] - sum(build['steps'].values()):.2f} s", highlight=False)
    inc = report["incremental"]
    out.print(f"one new {inc['rows']:,}-row export         {inc['seconds']:8.2f} s  peak {inc['peak_rss_mb']} MB")
    for query in report["sql"]:
        out.print(f"sql: {query['query']:<38} {query['inside_duckdb_ms']:8.1f} ms in DuckDB, "
                  f"{query['command_ms']} ms as a command")
    out.print(f"demo pack set                     {report['packs']['seconds']:8.2f} s")


@app.command()
def export(folder: Annotated[Path, typer.Argument(help="Folder to write parquet/ and csv/ into.")],
           home: HomeOption = None,
           format: Annotated[list[str] | None, typer.Option("--format", help="parquet and/or csv (default both).")
                             ] = None):
    """Write the public views of the latest snapshot as Parquet (partitioned by country and year) and CSV."""
    from warehouse.access import NoSnapshot, readable_snapshot
    from warehouse.export import export_views

    formats = tuple(format or ("parquet", "csv"))
    if unknown := set(formats) - {"parquet", "csv"}:
        fail(f"unknown format(s) {', '.join(sorted(unknown))}: choose parquet and/or csv")
    try:
        snapshot = readable_snapshot(Home.resolve(home))
    except NoSnapshot as exc:
        fail(str(exc))
    for view, rows in export_views(snapshot, folder, formats).items():
        out.print(f"{view}: {rows} rows", highlight=False)
    err.print(f"written to {folder} from {snapshot.name}", highlight=False)


@app.command()
def quarantine(home: HomeOption = None,
               export: Annotated[Path | None, typer.Option(help="Write editable <file>.corrections.csv here.")] = None,
               file: Annotated[str | None, typer.Option("--file", help="Only this source file.")] = None):
    """Quarantined rows by file and reason; --export writes them out to correct and `blo ingest` back."""
    import duckdb

    from assets.ingest.corrections import export_corrections
    from warehouse.ledger import quarantine_by_reason

    place = Home.resolve(home)
    if not place.build_db.exists():
        fail(f"no warehouse in {place.root} yet: run `blo run` or `blo ingest` first")
    with duckdb.connect(str(place.build_db), read_only=True) as con:
        if export:
            paths = export_corrections(con, export, file)
            for path in paths:
                out.print(str(path), highlight=False)
            err.print(f"{len(paths)} file(s) to correct: fix the cells, keep the _source_* columns, then "
                      "`blo ingest <file>.corrections.csv`" if paths else "nothing quarantined", highlight=False)
            return
        rows = quarantine_by_reason(con, file)
    table = Table("source_file", "reason", "rows")
    for source_file, reason, count in rows:
        table.add_row(source_file, reason, str(count))
    out.print(table)


SnapshotOption = Annotated[str | None, typer.Option("--snapshot", help="A pinned snapshot (`blo snapshot list`) "
                                                    "instead of the current one.")]
TimeoutOption = Annotated[float, typer.Option(help="Seconds before a query is stopped.")]
MaxRowsOption = Annotated[int, typer.Option(min=1, help="Rows shown in table format.")]


@app.command()
def sql(query: Annotated[str | None, typer.Argument(help="SQL to run on the latest published snapshot (none: the "
                                                         "interactive shell; piped in: read from stdin).")] = None,
        home: HomeOption = None,
        format: Annotated[str, typer.Option("--format", "-f", help="table, csv, json or parquet.")] = "table",
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the answer here.")] = None,
        timeout: TimeoutOption = 30.0,
        max_rows: MaxRowsOption = 50,
        saved: Annotated[str | None, typer.Option("--saved", help="Run a saved query by name.")] = None,
        param: Annotated[list[str] | None, typer.Option("--param", help="name=value for a saved query.")] = None,
        list_saved: Annotated[bool, typer.Option("--list-saved", metavar="", help="List the saved queries.")] = False,
        describe: Annotated[bool, typer.Option("--describe", metavar="", help="Document the views (or the view named "
                                                                              "as the argument).")] = False,
        snapshot: SnapshotOption = None):
    """Query the warehouse read-only and sandboxed (no files, no extensions, no settings changes)."""
    from rich.markup import escape

    from warehouse.access import NoSnapshot, read_only
    from warehouse.answers import FORMATS
    from warehouse.query import QueryRefused, checked_timeout
    from warehouse.saved import SavedQueryError, find, parse_params, saved_queries

    place = Home.resolve(home)
    if describe:
        _describe(query)
        return
    if list_saved:
        for item in saved_queries(place.queries).values():
            params = ", ".join(f"{k}={v}" for k, v in item.defaults.items()) or "no parameters"
            out.print(f"{item.name} ({params}): {item.summary}", highlight=False)
        return
    try:
        checked_timeout(timeout)
        if format not in FORMATS:
            fail(f"unknown format '{format}' (choose from {', '.join(FORMATS)})")
        if format == "parquet" and output is None:
            fail("--format parquet needs --output PATH")
        if output is not None and not output.parent.is_dir():
            fail(f"--output {output}: there is no folder {output.parent}")
        chosen = find(saved, place.queries) if saved else None
        given = chosen.bind(parse_params(param or [])) if chosen else {}
        if param and not chosen:
            fail("--param goes with --saved NAME")
        if not query and not chosen:
            if sys.stdin.isatty():
                _shell(place, timeout, max_rows, snapshot)
                return
            query = sys.stdin.read()
            if not query.strip():
                fail("give a query, e.g. blo sql \"select count(*) from seizures\"")
        with read_only(place, snapshot=snapshot) as con:
            params = chosen.checked(given, con, _spelling) if chosen else {}
            _answer(con, chosen.sql if chosen else query, params or None, format, output, timeout, max_rows)
    except (NoSnapshot, QueryRefused, SavedQueryError) as exc:
        fail(escape(str(exc)))


def _answer(con, query: str, params: dict | None, format: str, output: Path | None, timeout: float,
            max_rows: int) -> None:
    """Stream the answer to the output file or stdout, or show its first rows as a table."""
    from pipelines.shell import show_table
    from warehouse.answers import first_rows, write
    from warehouse.query import TimeLimit, relation

    partial = output.with_name(output.name + ".partial") if output else None
    try:
        with TimeLimit(con, timeout):
            answer = relation(con, query, params)
            if answer is None:
                return
            if format == "table" and not partial:
                show_table(out, *first_rows(answer, max_rows))
            elif format == "table":
                from rich.console import Console

                with partial.open("w", encoding="utf-8") as text:
                    show_table(Console(file=text), *first_rows(answer, max_rows))
                partial.replace(output)
            elif partial:
                with partial.open("wb") as sink:
                    write(answer, format, sink)
                partial.replace(output)
            else:
                write(answer, format, sys.stdout.buffer)
                sys.stdout.flush()
    finally:
        if partial:
            partial.unlink(missing_ok=True)


def _spelling(parameter: str, value: str) -> str | None:
    """A crossing point or substance as the warehouse names it, from any spelling the matcher knows (Ойбек, Oibek)."""
    if parameter == "crossing":
        from assets.shared.crossings import match_crossings as match
    elif parameter == "substance":
        from assets.shared.substances import match_substances as match
    else:
        return None
    found = match([value]).row(0, named=True)
    return found["crossing_point" if parameter == "crossing" else "substance"] if found["match_method"] in (
        "exact", "normalised") else None


@app.command()
def shell(home: HomeOption = None, timeout: TimeoutOption = 30.0, max_rows: MaxRowsOption = 50,
          snapshot: SnapshotOption = None):
    """The interactive SQL shell on the sandboxed read-only snapshot (`blo sql` with no query opens it too)."""
    from warehouse.query import QueryRefused, checked_timeout

    try:
        checked_timeout(timeout)
    except QueryRefused as exc:
        fail(str(exc))
    if not sys.stdin.isatty():
        fail("blo shell needs a terminal: pipe SQL into `blo sql` instead")
    _shell(Home.resolve(home), timeout, max_rows, snapshot)


def _shell(place: Home, timeout: float, max_rows: int, snapshot: str | None) -> None:
    from rich.markup import escape

    from pipelines.shell import Shell, run_shell
    from warehouse.access import NoSnapshot, read_only

    try:
        con = read_only(place, snapshot=snapshot)
    except NoSnapshot as exc:
        fail(escape(str(exc)))
    name, synthetic = con.execute("SELECT current_database(), (SELECT value FROM warehouse_info WHERE key = "
                                  "'synthetic')").fetchall()[0]
    run_shell(Shell(con, place, timeout, max_rows, _spelling),
              f"BLO SQL shell on {name}{' (synthetic demo data)' if synthetic == 'true' else ''}: read-only, no files "
              "or network. End a query with ; (it may span lines). .help lists the commands; Ctrl-C stops a query, "
              "Ctrl-D leaves.")


snapshot_app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
app.add_typer(snapshot_app, name="snapshot", help="Keep a snapshot under a name retention never deletes; list them.")


@snapshot_app.command("pin")
def snapshot_pin(name: Annotated[str, typer.Argument(help="The pin's name (letters, digits, . _ -).")],
                 home: HomeOption = None,
                 of: Annotated[str | None, typer.Option("--of", help="A published snapshot's file name (default: "
                                                                     "the current one).")] = None):
    """Keep a snapshot at a stable path for notebooks and reports: `blo sql --snapshot NAME`, connect(snapshot=NAME)."""
    from warehouse.access import NoSnapshot, readable_snapshot
    from warehouse.snapshots import pin

    place = Home.resolve(home)
    try:
        source = place.snapshots / of if of else readable_snapshot(place)
        if of and (Path(of).name != of or not source.is_file()):
            fail(f"no published snapshot {of!r} in {place.snapshots} (`blo snapshot list` shows them)")
        path = pin(place, name, source)
    except (NoSnapshot, ValueError) as exc:
        fail(str(exc))
    out.print(f"pinned {source.name} as {name}: {path}", highlight=False)


@snapshot_app.command("unpin")
def snapshot_unpin(name: Annotated[str, typer.Argument(help="The pin to let go.")], home: HomeOption = None):
    """Let a pinned snapshot go (its file is deleted; published snapshots follow retention as before)."""
    from warehouse.snapshots import unpin

    try:
        path = unpin(Home.resolve(home), name)
    except ValueError as exc:
        fail(str(exc))
    out.print(f"unpinned {name} ({path} deleted)", highlight=False)


@snapshot_app.command("list")
def snapshot_list(home: HomeOption = None):
    """Published snapshots (newest first, the current one marked), the pins, and the retention in force."""
    from warehouse.snapshots import candidates, pinned, published, retention

    place = Home.resolve(home)
    try:
        keep, grace = retention()
    except ValueError as exc:
        fail(str(exc))
    order, problem = candidates(place)
    pins = pinned(place)
    for index, path in enumerate(order):
        held = [name for name, pin in pins.items() if pin["snapshot"] == path.name]
        mark = "current" if index == 0 and not problem else ""
        out.print(f"{path.name}  {published(path)}  {path.stat().st_size / 2**20:8.1f} MB  {mark}"
                  + (f"  pinned as {', '.join(held)}" if held else ""), highlight=False)
    for name, pin in pins.items():
        out.print(f"pin {name}: {pin['path']} (holds {pin['snapshot']}, pinned {pin['pinned_at']})", highlight=False)
    out.print(f"retention: the newest {keep} and any published in the last {grace / 60:g} minutes are kept "
              "(BLO_KEEP_SNAPSHOTS, BLO_SNAPSHOT_GRACE_MINUTES); pins are never deleted" + (
                  f"; {problem}" if problem else ""), highlight=False)


def _describe(view: str | None) -> None:
    from rich.table import Table

    from warehouse.dictionary import describe, view_description, views

    try:
        rows = describe(view)
    except ValueError as exc:
        fail(str(exc))
    for name in [view] if view else views():
        table = Table("column", "meaning", "unit", "example", title=f"{name}: {view_description(name)}",
                      title_justify="left")
        for _, column, meaning, unit, example in (r for r in rows if r[0] == name):
            table.add_row(column, meaning, unit, example)
        out.print(table)


@app.command()
def pack(home: HomeOption = None,
         donor: Annotated[str | None, typer.Option(help="Donor id (default: every donor).")] = None,
         period: Annotated[str | None, typer.Option(help="YYYY, YYYY-Qn or YYYY-MM (default: last complete).")] = None,
         lang: Annotated[str | None, typer.Option(help="en or ru (default: the donor's languages).")] = None):
    """Build and deliver donor chart packs from the published warehouse; prints the paths."""
    from dashboards.delivery import SmtpSettings
    from dashboards.pack import load_donors
    from dashboards.periods import period_bounds
    from dashboards.rounds import NoPeriod, pack_round
    from warehouse.access import NoSnapshot, read_only

    place = Home.resolve(home).ensure()
    donors = load_donors()
    chosen = [d for d in donors if donor in (None, d.id)]
    if not chosen:
        near = difflib.get_close_matches(donor.casefold(), [d.id for d in donors], n=1, cutoff=0.5)
        fail(f"no donor '{donor}'" + (f"; did you mean {near[0]}?" if near else "")
             + f" (known: {', '.join(d.id for d in donors)})")
    if lang not in (None, "en", "ru"):
        fail(f"language must be en or ru, not '{lang}'")
    try:
        if period:
            period_bounds(period)
        with read_only(place) as con:
            done = pack_round(con, place, chosen, period, lang, SmtpSettings.from_env(), report=lambda d: out.print(
                f"{d.donor} {d.period} {d.lang}: {d.pdf}  (delivery: {d.delivery})"))
        failed = [f"{d.donor} {d.period} {d.lang}" for d in done if d.delivery == "failed"]
        if failed:
            fail(f"delivery failed for {', '.join(failed)}: the outbox holds why; the next `blo pack` tries again", 1)
    except NoPeriod as exc:
        fail(f"{exc}; give --period to build one anyway")
    except (NoSnapshot, ValueError) as exc:
        fail(str(exc))


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
                       "dagster_home")}, indent=1))


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
