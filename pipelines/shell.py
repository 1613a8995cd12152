"""`blo shell`: the analysts' interactive SQL shell on the sandboxed read-only snapshot (prompt-toolkit).

A query ends with `;` and may span lines; dot commands take one line. Ctrl-C stops the running query and keeps the
shell; Ctrl-D leaves. History is kept in the home; Tab completes view and column names and dot commands.
"""

from __future__ import annotations

import difflib
import re
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import duckdb
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table

from warehouse.answers import first_rows, write
from warehouse.home import Home
from warehouse.query import QueryRefused, TimeLimit, relation
from warehouse.saved import SavedQueryError, find, parse_params, saved_queries

COMMANDS = {
    ".tables": "the public views",
    ".describe": "VIEW: its columns, types and meanings",
    ".saved": "the saved queries; `.saved NAME [name=value …]` runs one",
    ".format": "table, csv or json: how answers are shown",
    ".output": "FILE: write answers there (no FILE: back to the screen)",
    ".help": "this list",
    ".quit": "leave (or Ctrl-D)",
}
SHELL_FORMATS = ("table", "csv", "json")
KEYWORDS = ("SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "JOIN", "LEFT JOIN", "USING",
            "WITH", "DISTINCT", "COUNT", "SUM", "AVG", "ROUND", "YEAR", "DESC", "ASC", "AND", "OR", "NOT", "NULL")


def show_table(console: Console, columns: list[str], rows: list[tuple], more: bool) -> None:
    """An answer's first rows as a table, saying when there are more than it shows."""
    view = Table(*(escape(c) for c in columns))
    for row in rows:
        view.add_row(*(escape("" if v is None else str(v)) for v in row))
    if not console.is_terminal:  # piped or written to a file: as wide as the answer, never cut
        console = Console(file=console.file, width=Measurement.get(console, console.options.update_width(100_000),
                                                                   view).maximum)
    console.print(view)
    if more:
        console.print(f"(the first {len(rows)} rows; there are more: csv and json answers hold them all)",
                      highlight=False)


class Shell:
    """One analyst's session: a sandboxed connection, the answer format and where answers go."""

    def __init__(self, con: duckdb.DuckDBPyConnection, place: Home, timeout: float, max_rows: int,
                 spelling: Callable[[str, str], str | None] | None = None) -> None:
        self.con, self.place, self.timeout, self.max_rows, self.spelling = con, place, timeout, max_rows, spelling
        self.format, self.sink = "table", None
        self.screen = Console(soft_wrap=False)

    def names(self) -> list[str]:
        """View and column names, for completion."""
        rows = self.con.execute("SELECT DISTINCT table_name FROM duckdb_columns() WHERE schema_name = 'main' UNION "
                                "SELECT DISTINCT column_name FROM duckdb_columns() WHERE schema_name = 'main'")
        return sorted({name for (name,) in rows.fetchall()})

    def views(self) -> list[str]:
        from warehouse.export import public_views

        return public_views(self.con)

    def handle(self, text: str) -> bool:
        """Answer one entry; False when the analyst leaves."""
        text = text.strip()
        if not text:
            return True
        try:
            if text.startswith("."):
                return self.command(*text.split(maxsplit=1))
            self.answer(text)
        except (QueryRefused, SavedQueryError, ValueError, OSError) as exc:
            self.screen.print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        return True

    def command(self, name: str, rest: str = "") -> bool:
        if name in (".quit", ".exit"):
            return False
        if name == ".help":
            for command, meaning in COMMANDS.items():
                self.screen.print(f"{command:<10} {escape(meaning)}", highlight=False)
        elif name == ".tables":
            self._tables()
        elif name == ".describe":
            self._describe(rest.strip().strip(";"))
        elif name == ".saved":
            self._saved(rest.split())
        elif name == ".format":
            if rest.strip() not in SHELL_FORMATS:
                raise ValueError(f".format takes {', '.join(SHELL_FORMATS)}, not {rest.strip()!r}")
            self.format = rest.strip()
        elif name == ".output":
            self._output(rest.strip())
        else:
            near = difflib.get_close_matches(name, list(COMMANDS), n=1)
            raise ValueError(f"no command {name}" + (f"; did you mean {near[0]}?" if near else "")
                             + " (.help lists them)")
        return True

    def answer(self, sql: str, params: dict | None = None) -> None:
        """Run one query in a worker thread, so that Ctrl-C here can interrupt it."""
        limit, outcome, done = TimeLimit(self.con, self.timeout), {}, threading.Event()

        def work() -> None:
            try:
                with limit:
                    answer = relation(self.con, sql, params)
                    if answer is not None and self.format == "table":
                        outcome["table"] = first_rows(answer, self.max_rows)
                    elif answer is not None:
                        sink = self.sink or sys.stdout
                        write(answer, self.format, sink.buffer)
                        sink.flush()
            except QueryRefused as exc:
                outcome["error"] = exc
            finally:
                done.set()

        threading.Thread(target=work, daemon=True).start()
        while True:  # an Event, not Thread.join: a join interrupted by Ctrl-C forgets its thread (CPython 3.11)
            try:
                done.wait()
                break
            except KeyboardInterrupt:
                limit.cancel()
        if "error" in outcome:
            raise outcome["error"]
        if "table" in outcome:
            show_table(self._console(), *outcome["table"])

    def close(self) -> None:
        if self.sink:
            self.sink.close()
        self.con.close()

    def _console(self) -> Console:
        return Console(file=self.sink) if self.sink else self.screen

    def _tables(self) -> None:
        from warehouse.dictionary import view_description, views

        documented = set(views())
        for view in self.views():
            meaning = view_description(view) if view in documented else ""
            self.screen.print(f"[bold]{view}[/bold]  {escape(meaning)}", highlight=False)

    def _describe(self, view: str) -> None:
        from warehouse.dictionary import describe, views

        known = self.views()
        if view not in known:
            near = difflib.get_close_matches(view, known, n=1)
            raise ValueError(f"no view {view!r}" + (f"; did you mean {near[0]}?" if near else "")
                             + " (.tables lists them)")
        meanings = {row[1]: row[2:4] for row in describe(view)} if view in views() else {}
        table = Table("column", "type", "meaning", "unit", title=view, title_justify="left")
        for column, kind in self.con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE "
                                             "schema_name = 'main' AND table_name = ? ORDER BY column_index",
                                             [view]).fetchall():
            table.add_row(column, kind, *(escape(v) for v in meanings.get(column, ("", ""))))
        self.screen.print(table)

    def _saved(self, words: list[str]) -> None:
        if not words:
            for item in saved_queries(self.place.queries).values():
                params = ", ".join(f"{k}={v}" for k, v in item.defaults.items()) or "no parameters"
                self.screen.print(f"[bold]{item.name}[/bold] ({escape(params)}): {escape(item.summary)}",
                                  highlight=False)
            return
        chosen = find(words[0], self.place.queries)
        values = chosen.checked(chosen.bind(parse_params(words[1:])), self.con, self.spelling)
        self.answer(chosen.sql, values or None)

    def _output(self, target: str) -> None:
        if self.sink:
            self.sink.close()
            self.sink = None
        if target:
            self.sink = Path(target).expanduser().open("w", encoding="utf-8")
            self.screen.print(f"answers go to {escape(target)} (.output alone: back to the screen)", highlight=False)


def run_shell(shell: Shell, banner: str) -> None:
    """Read, answer and print until the analyst leaves."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory
    from prompt_toolkit.key_binding import KeyBindings

    keys = KeyBindings()

    @keys.add("enter")
    def _submit_or_continue(event) -> None:
        buffer = event.current_buffer
        text = buffer.text.strip()
        if not text or text.startswith(".") or text.endswith(";"):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    session = PromptSession(history=FileHistory(str(shell.place.root / ".sql_history")), multiline=True,
                            key_bindings=keys, completer=_completer(shell.names()),
                            prompt_continuation=lambda width, *_: "." * (width - 1) + " ")
    shell.screen.print(banner, highlight=False)
    # Ctrl-C is the analyst's way to stop a query, even when the shell was started with SIGINT ignored (a parent that
    # ran it in the background, nohup): Python then leaves it ignored, and the keystroke would do nothing
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        while True:
            try:
                text = session.prompt("blo> ")
            except KeyboardInterrupt:  # at the prompt: drop what was typed, keep the shell
                continue
            except EOFError:
                break
            if not shell.handle(text):
                break
    finally:
        shell.close()


def _completer(names: list[str]):
    from prompt_toolkit.completion import Completer, Completion

    class Names(Completer):
        """Dot commands at the start of a line; view, column and keyword names elsewhere."""

        def get_completions(self, document, complete_event):
            before = document.text_before_cursor
            if re.fullmatch(r"\s*\.\w*", before):
                word, pool = before.strip(), list(COMMANDS)
            else:
                word, pool = re.search(r"\w*$", before).group(), [*names, *KEYWORDS]
            for name in pool:
                if word and name.lower().startswith(word.lower()) and name != word:
                    yield Completion(name, start_position=-len(word))

    return Names()
