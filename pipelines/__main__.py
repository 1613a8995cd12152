"""`python -m pipelines` is the `blo` command."""

from pipelines.cli import app

app(prog_name="blo")
