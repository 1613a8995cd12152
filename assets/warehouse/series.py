"""The crossing point × month × substance-group series that every before/after comparison starts from.

Which months are reported: every file covers the months it states (its title's or name's period, stored with it at
ingest) or else those from its first to its last record month. The agencies expected at a crossing point are those
with records there anywhere in the data. A crossing-month is fully reported (`coverage = 'full'`, `reported`) when
each of them covered that month with some file, partially (`'partial'`) when only some did, and not at all (`'none'`)
when none did. In a reported month a crossing point without records had no seizures (a zero); a partial or
unreported month is missing, and the models leave it out: one agency falling silent is not a drop in seizures.
"""

from __future__ import annotations

import duckdb

AGENCY_MONTHS = """
reports AS (       -- who reports at each crossing point, in which files: its month records, merged ones included
    SELECT crossing_point, agency, source_file, date_trunc('month', period_start)::DATE AS month
    FROM {schema}seizure_sources
    WHERE crossing_point IS NOT NULL AND date_trunc('month', period_start) = date_trunc('month', period_end)
),
covered AS (       -- the months each agency covered with some file: as the file states, else its records' months
    SELECT DISTINCT r.agency,
           unnest(generate_series(date_trunc('month', coalesce(f.covers_from, r.first_month)),
                                  date_trunc('month', coalesce(f.covers_to, r.last_month)), INTERVAL 1 MONTH))::DATE
               AS month
    FROM (SELECT agency, source_file, min(month) AS first_month, max(month) AS last_month
          FROM reports GROUP BY ALL) r
    LEFT JOIN {schema}ingested_files f ON f.source_file = r.source_file AND f.status = 'loaded'
),
expected AS (SELECT DISTINCT crossing_point, agency FROM reports)"""


def agency_months(schema: str = "core.") -> str:
    """SQL common table expressions over `seizure_sources` and `ingested_files` (in `schema`): `reports` (each month
    record at a crossing point, with its agency and file), `covered` (each month an agency covered with some file)
    and `expected` (the agencies with records at each crossing point)."""
    return AGENCY_MONTHS.format(schema=schema)


MONTHLY_SERIES = f"""
CREATE OR REPLACE TABLE core.monthly_series AS
WITH events AS (   -- single events and monthly aggregates at known crossing points
    SELECT crossing_point, country_iso3, date_trunc('month', period_start)::DATE AS month, substance_group,
           coalesce(n_events, 1) AS n_events, mass_kg, kg_equivalent
    FROM core.seizure_sources
    WHERE is_primary AND crossing_point IS NOT NULL
      AND date_trunc('month', period_start) = date_trunc('month', period_end)
),
{agency_months()},
coverage AS (
    SELECT e.crossing_point, c.month, count(*) AS agencies_reporting
    FROM expected e JOIN covered c USING (agency) GROUP BY ALL
),
span AS (SELECT min(month) AS first_month, max(month) AS last_month
         FROM (SELECT month FROM events UNION ALL SELECT month FROM coverage)),
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
),
counted AS (
    SELECT crossing_point, month, coalesce(c.agencies_reporting, 0) AS agencies_reporting, x.agencies_expected
    FROM (SELECT crossing_point, count(*) AS agencies_expected FROM expected GROUP BY ALL) x
    CROSS JOIN (SELECT DISTINCT month FROM grid) m
    LEFT JOIN coverage c USING (crossing_point, month)
)
SELECT g.crossing_point, g.country_iso3, g.month, g.substance_group,
       coalesce(t.events, 0)::BIGINT AS events, coalesce(t.mass_kg, 0.0) AS mass_kg,
       coalesce(t.kg_equivalent, 0.0) AS kg_equivalent,
       coalesce(n.agencies_reporting = n.agencies_expected, false) AS reported,
       CASE WHEN n.agencies_reporting = n.agencies_expected THEN 'full'
            WHEN n.agencies_reporting > 0 THEN 'partial' ELSE 'none' END AS coverage,
       coalesce(n.agencies_reporting, 0)::BIGINT AS agencies_reporting,
       coalesce(n.agencies_expected, 0)::BIGINT AS agencies_expected,
       cp.blo_established
FROM grid g
LEFT JOIN totals t USING (crossing_point, month, substance_group)
LEFT JOIN counted n USING (crossing_point, month)
LEFT JOIN core.crossing_points cp USING (crossing_point)
ORDER BY g.crossing_point, g.substance_group, g.month
"""


def build_monthly_series(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild the series with explicit zeros in reported months, and each month's coverage by the agencies expected
    at its crossing point."""
    con.execute(MONTHLY_SERIES)
    return con.execute("SELECT count(*) FROM core.monthly_series").fetchall()[0][0]
