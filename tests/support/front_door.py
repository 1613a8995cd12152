"""Run the installed `blo` command as a user would, in a clean environment, and read its answers back."""

import json
import os
import shutil
import subprocess
from pathlib import Path

BLO = shutil.which("blo")


def blo(*args: str, home: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed command, in a clean environment but for the home; never a traceback, whatever the outcome."""
    assert BLO, "the `blo` command is not installed (pip install -e .)"
    assert isinstance(home, (str, Path)), f"--home takes a folder, not {type(home).__name__}"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("BLO_", "DAGSTER_"))} | (env or {})
    result = subprocess.run([BLO, *args, "--home", str(home)], capture_output=True, text=True, env=environ,
                            timeout=600)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def sql(query: str, home: Path) -> list[dict]:
    result = blo("sql", query, "--format", "json", home=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]
