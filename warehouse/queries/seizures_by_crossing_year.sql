-- Seizures (events) and mass per crossing point and calendar year; national-level records are left out.
-- params: country=all   (an ISO3 country code, or all)
SELECT crossing_point, country_iso3, year(period_start) AS year,
       sum(n_events) AS events, round(sum(mass_kg), 3) AS mass_kg, round(sum(kg_equivalent), 3) AS kg_equivalent
FROM seizures
WHERE crossing_point IS NOT NULL AND ($country = 'all' OR country_iso3 = $country)
GROUP BY ALL
ORDER BY crossing_point, year;
