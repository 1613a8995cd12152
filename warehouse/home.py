"""The data home: where landing files, the warehouse, dashboards, packs, outbox and the Dagster instance live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = Path.home() / "blo-home"
# Steps report through Dagster's event log. Mirroring their stdout would start `tail -F` processes that can outlive a
# run and keep its output pipe open, so a caller reading that pipe (a script, a test) waits forever.
INSTANCE_COMPUTE_LOGS = """compute_logs:
  module: dagster._core.storage.noop_compute_log_manager
  class: NoOpComputeLogManager
"""


@dataclass(frozen=True)
class Home:
    """One data home and the fixed places inside it."""

    root: Path

    @classmethod
    def resolve(cls, home: str | Path | None = None) -> Home:
        """The home named on the command line, else `BLO_HOME`, else `~/blo-home`."""
        chosen = home or os.environ.get("BLO_HOME") or DEFAULT_HOME
        return cls(Path(chosen).expanduser().resolve())

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def landing_fingerprints(self) -> Path:
        """The sha256 of each landed file with the stat it was hashed at, so a build reads only what changed."""
        return self.warehouse_dir / "landing-fingerprints.json"

    @property
    def warehouse_dir(self) -> Path:
        return self.root / "warehouse"

    @property
    def build_db(self) -> Path:
        """The pipeline's own working database; readers use published snapshots instead."""
        return self.warehouse_dir / "build.duckdb"

    @property
    def snapshots(self) -> Path:
        return self.warehouse_dir / "snapshots"

    @property
    def current_pointer(self) -> Path:
        return self.warehouse_dir / "CURRENT"

    @property
    def dashboards(self) -> Path:
        return self.root / "dashboards"

    @property
    def packs(self) -> Path:
        return self.root / "packs"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def deliveries(self) -> Path:
        """The delivery ledger: every e-mail of a pack to a recipient, sent or failed (kept apart from the outbox)."""
        return self.root / "deliveries.duckdb"

    @property
    def review(self) -> Path:
        return self.root / "review"

    @property
    def reference_overrides(self) -> Path:
        """Per-home reference files (e.g. the demo's synthetic BLO registry) that replace the bundled ones."""
        return self.root / "reference"

    @property
    def profiles(self) -> Path:
        """The home's own agency profiles (and drafts written for files no profile reads)."""
        return self.root / "profiles"

    @property
    def queries(self) -> Path:
        """The home's own saved queries."""
        return self.root / "queries"

    @property
    def demo_marker(self) -> Path:
        return self.root / "DEMO.json"

    @property
    def is_demo(self) -> bool:
        return self.demo_marker.exists()

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster"

    @property
    def logs(self) -> Path:
        """Full logs (build steps with their stack traces, command errors) that users see only as one line."""
        return self.root / "logs"

    @property
    def build_log(self) -> Path:
        return self.logs / "build.log"

    def ensure(self) -> Home:
        """Create every folder of the home and a Dagster instance config that keeps its storage here."""
        for path in (self.landing, self.snapshots, self.dashboards, self.packs, self.outbox, self.review,
                     self.reference_overrides, self.dagster_home, self.logs):
            path.mkdir(parents=True, exist_ok=True)
        config = self.dagster_home / "dagster.yaml"
        text = config.read_text() if config.exists() else "telemetry:\n  enabled: false\n"
        if "compute_logs:" not in text:  # homes made by earlier releases gain it too
            config.write_text(text + INSTANCE_COMPUTE_LOGS)
        return self

    def activate(self) -> Home:
        """Point this process (and Dagster) at this home."""
        os.environ["BLO_HOME"] = str(self.root)
        os.environ["DAGSTER_HOME"] = str(self.dagster_home)
        return self
