"""The synthetic demo in a data home: its exports in the landing area, its registry, and the marker that labels it."""

from __future__ import annotations

import demo
from pipelines.home import Home


def write_demo(place: Home, seed: int, scale: float) -> demo.DemoTruth:
    """Write the demo exports and synthetic BLO registry into a home and mark the home as synthetic."""
    truth = demo.generate(place.landing, seed=seed, scale=scale)
    demo.synthetic_registry(seed).write_csv(place.reference_overrides / "blo_registry.csv")
    place.demo_marker.write_text(truth.to_json())
    return truth
