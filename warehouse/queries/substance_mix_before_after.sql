-- Substance-group mix in the months before and after each BLO opened (share of events), per crossing point.
-- params: crossing=all, months=24   (a crossing point or all; months on each side of the opening)
WITH windowed AS (
    SELECT s.crossing_point, c.blo_established, s.substance_group, s.n_events,
           CASE WHEN s.period_start < c.blo_established THEN 'before' ELSE 'after' END AS side
    FROM seizures s JOIN crossing_points c USING (crossing_point)
    WHERE c.blo_established IS NOT NULL
      AND ($crossing = 'all' OR s.crossing_point = $crossing)
      AND s.period_start >= c.blo_established - to_months(CAST($months AS INTEGER))
      AND s.period_start < c.blo_established + to_months(CAST($months AS INTEGER))
)
SELECT crossing_point, blo_established, side, substance_group, sum(n_events) AS events,
       round(100 * sum(n_events) / sum(sum(n_events)) OVER (PARTITION BY crossing_point, side), 1) AS share_pct
FROM windowed
GROUP BY crossing_point, blo_established, side, substance_group
ORDER BY crossing_point, side DESC, events DESC;
