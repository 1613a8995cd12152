"""What the demo planted, counted exactly, so tests can check the pipeline recovers it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from demo.world import BLO_EFFECT

LABEL = "synthetic demo data"


@dataclass
class DemoTruth:
    """The ground truth behind one set of demo exports (all of it synthetic)."""

    seed: int
    scale: float
    blo_effect: float = BLO_EFFECT
    label: str = LABEL
    registry: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    n_panel_events: int = 0  # seizures of the simulated panel (simulate_panel at this seed and scale)
    n_events: int = 0  # distinct true seizures in the files: the panel's plus the near-miss border-guard ones
    n_duplicate_pairs: int = 0
    n_near_miss_pairs: int = 0
    n_broken_rows: dict[str, int] = field(default_factory=dict)
    n_footer_rows: int = 0
    n_unknown_crossings: int = 0
    n_misspelt_crossings: int = 0
    pii_strings: list[str] = field(default_factory=list)
    big_hauls: list[dict] = field(default_factory=list)

    def to_json(self) -> str:
        """The truth as a JSON document (dates as ISO strings)."""
        return json.dumps(asdict(self), default=str, ensure_ascii=False, indent=1)
