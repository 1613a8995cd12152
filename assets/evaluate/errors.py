"""Input checks shared by the evaluation methods: each failure is one clear line, never a traceback."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas only where a frame is checked: a reused estimate's fingerprint never needs it
    import numpy as np
    import pandas as pd

MIN_PRE_PERIODS = 6


class EvaluationError(ValueError):
    """The data can't support the estimate; the message says why in one line."""


def require_columns(frame: pd.DataFrame, columns: Iterable[str | None]) -> None:
    """Refuse a frame that lacks any of the named columns (None entries are optional columns left out)."""
    missing = [c for c in columns if c is not None and c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns))
        raise EvaluationError(f"missing column(s): {', '.join(missing)} (the data has: {have})")


def numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column as floats, refusing text or empty cells rather than silently dropping them."""
    import pandas as pd

    values = pd.to_numeric(frame[column], errors="coerce")
    if values.isna().any():
        bad = frame[column][values.isna()]
        raise EvaluationError(f"column '{column}' must be numeric: {len(bad)} value(s) are not, e.g. {bad.iloc[0]!r}")
    return values.astype(float)


def check_pre_periods(count: int, unit: str = "periods") -> None:
    """Refuse a before/after comparison with too short a baseline to estimate level, trend and season."""
    if count < MIN_PRE_PERIODS:
        raise EvaluationError(f"fewer than {MIN_PRE_PERIODS} pre-period {unit} ({count})")


def check_not_all_zero(counts: pd.Series | np.ndarray, unit: str = "period") -> None:
    """Refuse a series of zeros: a rate ratio of nothing to nothing is undefined."""
    if (counts == 0).all():
        raise EvaluationError(f"every {unit} is zero: there is nothing to model")
