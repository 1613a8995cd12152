"""`python -m pipelines` is the `blo` command."""

from pipelines.cli import main

main()
