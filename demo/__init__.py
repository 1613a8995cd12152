"""Synthetic demo exports: a seeded simulated world of seizures written as six agencies' export files."""

from demo.world import BLO_EFFECT, simulate_panel, synthetic_registry
from demo.writers import DemoTruth, generate

__all__ = ["BLO_EFFECT", "DemoTruth", "generate", "simulate_panel", "synthetic_registry"]
