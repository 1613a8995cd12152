"""What every `blo` command shares: the home option, the consoles, and the one-line failure."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

HomeOption = Annotated[Path | None, typer.Option("--home", envvar="BLO_HOME", help="Data home (default ~/blo-home).")]
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 2) -> None:
    """One clear line on stderr, then exit."""
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)
