-- Share of each country's seizure events and mass made at crossing points with an open BLO, per year.
-- params: (none)
SELECT s.country_iso3, year(s.period_start) AS year, sum(s.n_events) AS events,
       sum(s.n_events) FILTER (WHERE s.period_start >= c.blo_established) AS events_at_open_blos,
       round(100 * coalesce(sum(s.n_events) FILTER (WHERE s.period_start >= c.blo_established), 0)
             / sum(s.n_events), 1) AS events_share_pct,
       round(100 * coalesce(sum(s.mass_kg) FILTER (WHERE s.period_start >= c.blo_established), 0)
             / nullif(sum(s.mass_kg), 0), 1) AS mass_share_pct
FROM seizures s LEFT JOIN crossing_points c USING (crossing_point)
WHERE s.country_iso3 IS NOT NULL
GROUP BY ALL
ORDER BY s.country_iso3, year;
