"""`blo run`, `blo ingest` and `blo bench`: build the warehouse from the landed exports, and measure it."""

from __future__ import annotations

import json
import resource
import shutil
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipelines.options import HomeOption, err, fail, out
from warehouse.home import Home

DRY_RUN_COLUMNS = ("source_row", "period_start", "period_end", "n_events", "crossing_raw", "substance_raw",
                   "mass_kg", "unit_count", "count_unit", "value_local", "currency")


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
    _print_outputs(place, time.monotonic() - started, peak, outcome.publishing())


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


def _print_outputs(place: Home, seconds: float, peak: int, publishing: str) -> None:
    from warehouse.access import current_snapshot, read_only
    from warehouse.ledger import totals

    with read_only(place) as con:
        seizures, files, quarantined, label = totals(con)
    out.print(f"\nBuilt in {seconds:.1f} s (peak memory {peak / 2**20:.0f} MB) — {label}")
    out.print(f"  published   {publishing}", highlight=False)
    out.print(f"  warehouse   {current_snapshot(place)}  ({seizures} seizures from {files} files, "
              f"{quarantined} rows quarantined)")
    out.print(f"  dashboards  {place.dashboards / 'index.html'}")
    for pdf in sorted(place.packs.rglob("*.pdf")):
        out.print(f"  pack        {pdf}")
    out.print(f"  review      {place.review}")
    out.print(f"  Dagster UI  blo ui --home {place.root}")


def ingest(files: Annotated[list[Path], typer.Argument(help="Export files (CSV, TSV, XLSX, JSON), or folders.")],
           home: HomeOption = None,
           profile: Annotated[str | None, typer.Option(help="Use this profile, not auto-detection.")] = None,
           dry_run: Annotated[bool, typer.Option("--dry-run", help="Show mapping and rows; load nothing.")] = False):
    """Land export files and process them; one summary line per file."""
    from assets.ingest.files import process_file
    from assets.ingest.fingerprints import file_sha256
    from assets.ingest.profiles import available_profiles, find_profile
    from warehouse.ledger import loaded_fingerprints

    place = Home.resolve(home).ensure()
    try:
        profiles = available_profiles(place.profiles)
        forced = find_profile(profile, place.profiles) if profile else None
    except ValueError as exc:
        fail(str(exc))
    files = _exports(files)
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
    if outcome.data_published is not None:
        out.print(outcome.publishing(), highlight=False)
    if not outcome.success:
        fail(outcome.failure(place), 1)
    if bad:
        raise typer.Exit(1)


def _exports(paths: list[Path]) -> list[Path]:
    """The export files given, a folder standing for every export file under it; one line for what is not there or
    would land under a name another file takes."""
    from assets.ingest.landing import landed_files

    files = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            folders = [path, *sorted(d for d in path.rglob("*") if d.is_dir() and not d.name.startswith("."))]
            files += [f for folder in folders for f in landed_files(folder)]
        else:
            files.append(path)
    missing = [f for f in files if not f.is_file() and not f.is_symlink()]
    if missing:
        fail("; ".join(f"{f}: no such file" for f in missing))
    if not files:
        fail(f"no export files in {', '.join(map(str, paths))}")
    names: dict[str, list[Path]] = {}
    for f in files:
        names.setdefault(f.name, []).append(f)
    clashes = [same for same in names.values() if len(same) > 1]
    if clashes:
        fail("; ".join(f"{len(same)} files named {same[0].name} ({', '.join(map(str, same))})" for same in clashes)
             + ": the landing area keeps one file per name; rename them or land them one at a time")
    return files


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


def bench(rows: Annotated[int, typer.Option(help="Source rows of demo exports to generate.")] = 1_000_000,
          home: Annotated[Path | None, typer.Option("--home", help="Where to build (default: a temporary folder).")
                          ] = None,
          format: Annotated[str, typer.Option("--format", help="json or table.")] = "table",
          calibration: Annotated[bool, typer.Option("--calibration", help="Instead: measure how often the "
                                                    "evaluation's intervals cover a planted effect, by simulation.")
                                 ] = False,
          replications: Annotated[int | None, typer.Option(help="With --calibration: simulated worlds per scenario "
                                                           "(default 200; 20 with --front-door).")] = None,
          front_door: Annotated[bool, typer.Option("--front-door", help="With --calibration: write each world as "
                                                   "agency exports and build it with `blo ingest` in a fresh home "
                                                   "(about 30 s a world).")] = False,
          scenario: Annotated[int, typer.Option(help="With --front-door: the scenario, numbered as the calibration "
                                                "lists them.")] = 3):
    """Measure floor, full build (each step's share), one new export (queryable, then its estimates published),
    analyst queries and packs at this many rows, in one run."""
    import tempfile

    from bench.run import StageFailed, run_bench

    if calibration:
        _calibration(replications, format, scenario if front_door else None)
        return
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


def _calibration(replications: int | None, format: str, front_door_scenario: int | None) -> None:
    from bench.calibration import DEFAULT_REPLICATIONS, report_lines, run_calibration

    if (replications is not None and replications < 1) or format not in ("json", "table"):
        fail("--replications must be at least 1 and --format json or table")
    if front_door_scenario is not None:
        _front_door(replications or 20, format, front_door_scenario)
        return
    results = run_calibration(replications or DEFAULT_REPLICATIONS)
    print(json.dumps(results, indent=1) if format == "json" else "\n".join(report_lines(results)))


def _front_door(worlds: int, format: str, number: int) -> None:
    from bench.calibration import SCENARIOS
    from bench.front_door import FrontDoorFailed, report_lines, run_front_door

    if not 1 <= number <= len(SCENARIOS):
        fail(f"--scenario must be 1 to {len(SCENARIOS)}: "
             + "; ".join(f"{i} {s.name}" for i, s in enumerate(SCENARIOS, 1)))
    try:
        result = run_front_door(SCENARIOS[number - 1], worlds)
    except FrontDoorFailed as exc:
        fail(str(exc), 1)
    print(json.dumps(result, indent=1) if format == "json" else "\n".join(report_lines(result)))


def _steps_line(stage: dict) -> None:
    """Each step's seconds and share of its stage, in the order they ran, then the start-up's."""
    steps = {**stage["steps"], "start-up": stage["seconds"] - sum(stage["steps"].values())}
    out.print("  " + ", ".join(f"{step} {seconds:.2f} s ({stage['shares'][step]:.0f} %)"
                               for step, seconds in steps.items()), highlight=False)


def _bench_table(report: dict) -> None:
    floor, build = report["floor"], report["build"]
    out.print(f"{report['source_rows']:,} source rows in {report['files']} files", highlight=False)
    out.print(f"demo exports generated            {report['generate_seconds']:8.2f} s  "
              f"{'':>17}  peak {report['generate_peak_rss_mb']} MB", highlight=False)
    out.print(f"floor (DuckDB reads the exports)  {floor['seconds']:8.2f} s  {floor['rows_per_second']:>10,} rows/s  "
              f"CPU {floor['cpu_seconds']} s")
    out.print(f"full build to a snapshot          {build['seconds']:8.2f} s  {build['rows_per_second']:>10,} rows/s  "
              f"CPU {build['cpu_seconds']} s  peak {build['peak_rss_mb']} MB  = {build['ratio_to_floor']}x the floor")
    _steps_line(build)
    inc = report["incremental"]
    out.print(f"one new {inc['rows']:,}-row export         {inc['seconds']:8.2f} s  peak {inc['peak_rss_mb']} MB",
              highlight=False)
    out.print(f"  from landing: queryable after {inc['queryable_seconds']} s, estimates published after "
              f"{inc['estimates_seconds']} s", highlight=False)
    _steps_line(inc)
    for query in report["sql"]:
        out.print(f"sql: {query['query']:<38} {query['inside_duckdb_ms']:8.1f} ms in DuckDB, "
                  f"{query['command_ms']} ms as a command")
    out.print(f"demo pack set                     {report['packs']['seconds']:8.2f} s")
