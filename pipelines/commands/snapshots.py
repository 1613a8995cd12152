"""`blo snapshot pin|unpin|list`: keep a snapshot under a name that retention never deletes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipelines.options import HomeOption, fail, out
from warehouse.home import Home

app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)


@app.command("pin")
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


@app.command("unpin")
def snapshot_unpin(name: Annotated[str, typer.Argument(help="The pin to let go.")], home: HomeOption = None):
    """Let a pinned snapshot go (its file is deleted; published snapshots follow retention as before)."""
    from warehouse.snapshots import unpin

    try:
        path = unpin(Home.resolve(home), name)
    except ValueError as exc:
        fail(str(exc))
    out.print(f"unpinned {name} ({path} deleted)", highlight=False)


@app.command("list")
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
