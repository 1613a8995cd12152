"""`blo sql`, `blo shell`, `blo export` and `blo quarantine`: answers from the published warehouse."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipelines.options import HomeOption, err, fail, out
from warehouse.home import Home

SnapshotOption = Annotated[str | None, typer.Option("--snapshot", help="A pinned snapshot (`blo snapshot list`) "
                                                    "instead of the current one.")]
TimeoutOption = Annotated[float, typer.Option(help="Seconds before a query is stopped.")]
MaxRowsOption = Annotated[int, typer.Option(min=1, help="Rows shown in table format.")]


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
