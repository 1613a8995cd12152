"""The vectorised Callaway & Sant'Anna cells, aggregations and bootstrap give `differences` 0.3.0's numbers to 1e-10:
on mpdta, on mpdta without never-treated units and on a bench-sized region panel, for both control groups and both
base periods."""

from pathlib import Path
from warnings import catch_warnings, simplefilter

import numpy as np
import pandas as pd
import pytest
from differences import ATTgt
from differences.models.attgt.mboot import boot_crit_val, mboot

from assets.evaluate import attgt
from assets.evaluate.did import BOOT_ITERATIONS, BOOT_SEED, group_times, prepare
from assets.evaluate.region import WINDOW, did_panel
from bench.calibration import Scenario, world

MPDTA = Path(__file__).parents[1] / "data" / "validation" / "mpdta.csv"
REGION = ("crossing_point", "period", "cohort", "log_events")
MPDTA_COLUMNS = ("countyreal", "year", "first_treat", "lemp")


def reference(data: pd.DataFrame, unit: str, time: str, outcome: str, control: str, base: str, window: int | None):
    """`differences`' event study {e: (att, influence)} and simple ATT with its influence function."""
    with catch_warnings():
        simplefilter("ignore")
        model = ATTgt(data=data.set_index([unit, time])[[outcome, "g"]], cohort_column="g", base_period=base)
        if window is not None:
            model.filter_gt(base, relative_period_start=-window, relative_period_end=window)
        model.fit(formula=outcome, control_group=control.replace("-", "_"), n_jobs=1, progress_bar=False)
        table = model.aggregate("event")
        simple = model.aggregate("simple").iloc[0, 0]
    found = model._result_dict["full_sample"]["aggregate_inst"]
    event = {int(nt.relative_period): (float(table.loc[nt.relative_period].iloc[0]),
                                       np.asarray(nt.influence_func, dtype=float).ravel()) for nt in found.event}
    return event, (float(simple), np.asarray(found.simple[0].influence_func, dtype=float).ravel())


def region_panel() -> pd.DataFrame:
    """A bench world's region panel: 31 crossing points, 22 of them BLO, 48 quarters."""
    return did_panel(*world(3, Scenario("check", 1.3)))


CASES = [(name, columns, window, control) for name, columns, window in
         [("mpdta", MPDTA_COLUMNS, None), ("mpdta", MPDTA_COLUMNS, 1), ("region", REGION, WINDOW),
          ("region", REGION, None)] for control in ("never-treated", "not-yet-treated")]
CASES.append(("mpdta, no never-treated", MPDTA_COLUMNS, None, "not-yet-treated"))  # the last cohort is the control


@pytest.mark.parametrize(("name", "columns", "window", "control"), CASES)
@pytest.mark.parametrize("base", ["varying", "universal"])
def test_cells_and_aggregations_are_the_packages(name, columns, window, control, base):
    panel = pd.read_csv(MPDTA) if name.startswith("mpdta") else region_panel()
    if name.endswith("no never-treated"):
        panel = panel[panel["first_treat"] > 0]
    unit, time, cohort, outcome = columns
    data, _ = prepare(panel, unit, time, cohort, outcome)
    event, (att, influence) = reference(data, unit, time, outcome, control, base, window)
    cells = group_times(data, unit, time, outcome, control, base, window, window)
    ours = attgt.event_study(cells)
    assert list(ours) == sorted(event) and len(ours) >= 3
    for e, (b, psi) in ours.items():
        assert b == pytest.approx(event[e][0], abs=1e-10) and np.abs(psi - event[e][1]).max() < 1e-10
    ours_att, ours_influence = attgt.simple(cells)
    assert ours_att == pytest.approx(att, abs=1e-10) and np.abs(ours_influence - influence).max() < 1e-10


@pytest.mark.parametrize("units", [31, 500])  # odd and even: the signs are drawn in the package's order either way
def test_bootstrap_and_band_are_the_packages_mboot(units):
    influence = np.random.default_rng(units).normal(size=(units, 6)) * [1, 2, 3, 1, 0.5, 4]
    theirs = mboot(influence, boot_iterations=BOOT_ITERATIONS, random_state=BOOT_SEED, boot_n_jobs=1,
                   progress_bar=False, release_workers=False)
    band, _ = boot_crit_val(theirs["mb_res"][:, 1:])
    draws, se = attgt.multiplier_bootstrap(influence, BOOT_ITERATIONS, BOOT_SEED)
    assert np.abs(draws - theirs["mb_res"]).max() < 1e-10 and np.abs(se - theirs["se"]).max() < 1e-12
    assert attgt.band_critical(draws[:, 1:]) == pytest.approx(band, abs=1e-10)
