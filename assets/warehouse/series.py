"""The crossing point × month × substance-group series that every before/after comparison starts from."""

from __future__ import annotations

import duckdb

MONTHLY_SERIES = """
CREATE OR REPLACE TABLE core.monthly_series AS
WITH events AS (   -- single events and monthly aggregates at known crossing points
    SELECT crossing_point, country_iso3, date_trunc('month', period_start)::DATE AS month, substance_group,
           coalesce(n_events, 1) AS n_events, mass_kg, kg_equivalent, agency, source_file
    FROM core.seizure_sources
    WHERE is_primary AND crossing_point IS NOT NULL
      AND date_trunc('month', period_start) = date_trunc('month', period_end)
),
coverage AS (      -- the months each agency's file speaks for, at each crossing point that agency reports
    SELECT DISTINCT e.crossing_point,
           unnest(generate_series(f.first_month, f.last_month, INTERVAL 1 MONTH))::DATE AS month
    FROM (SELECT DISTINCT crossing_point, agency FROM events) e
    JOIN (SELECT agency, source_file, min(month) AS first_month, max(month) AS last_month
          FROM events GROUP BY agency, source_file) f USING (agency)
),
span AS (SELECT min(month) AS first_month, max(month) AS last_month FROM events),
grid AS (
    SELECT cp.crossing_point, cp.country_iso3, m.month, g.substance_group
    FROM (SELECT DISTINCT crossing_point, country_iso3 FROM events) cp
    CROSS JOIN (SELECT unnest(generate_series(first_month, last_month, INTERVAL 1 MONTH))::DATE AS month FROM span) m
    CROSS JOIN (SELECT DISTINCT substance_group FROM events UNION ALL SELECT 'All') g
),
totals AS (
    SELECT crossing_point, month, substance_group, sum(n_events) AS events, sum(mass_kg) AS mass_kg,
           sum(kg_equivalent) AS kg_equivalent
    FROM events GROUP BY ALL
    UNION ALL
    SELECT crossing_point, month, 'All', sum(n_events), sum(mass_kg), sum(kg_equivalent) FROM events GROUP BY ALL
)
SELECT g.crossing_point, g.country_iso3, g.month, g.substance_group,
       coalesce(t.events, 0)::BIGINT AS events, coalesce(t.mass_kg, 0.0) AS mass_kg,
       coalesce(t.kg_equivalent, 0.0) AS kg_equivalent, (c.month IS NOT NULL) AS reported,
       cp.blo_established
FROM grid g
LEFT JOIN totals t USING (crossing_point, month, substance_group)
LEFT JOIN coverage c USING (crossing_point, month)
LEFT JOIN core.crossing_points cp USING (crossing_point)
ORDER BY g.crossing_point, g.substance_group, g.month
"""


def build_monthly_series(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild the series with explicit zeros, and `reported = false` where no agency report covers the month."""
    con.execute(MONTHLY_SERIES)
    return con.execute("SELECT count(*) FROM core.monthly_series").fetchall()[0][0]
