"""Synthetic demo exports: a seeded simulated world of seizures written as six agencies' export files."""

from demo.exports import generate
from demo.truth import DemoTruth
from demo.world import BLO_EFFECT, SOURCE, simulate_panel, synthetic_registry

__all__ = ["BLO_EFFECT", "SOURCE", "DemoTruth", "generate", "simulate_panel", "synthetic_registry"]
