"""The build log in the home: every step's events with their stack traces, which the terminal shows as one line."""

from __future__ import annotations

import logging

import dagster as dg

from warehouse.home import Home

FORMAT = "%(asctime)s %(levelname)s %(message)s"


@dg.logger(config_schema={"log_level": dg.Field(str, default_value="INFO")},
           description="Appends the run's log, stack traces included, to logs/build.log in the data home.")
def build_log(init_context: dg.InitLoggerContext) -> logging.Logger:
    """A logger writing to the home's build log."""
    path = Home.resolve().ensure().build_log
    logger = logging.getLogger(f"blo.build.{path}")
    if not logger.handlers:  # one handler per home, however many runs this process starts
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(init_context.logger_config["log_level"])
    return logger
