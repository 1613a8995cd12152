-- Public views: the contract analysts and scripts depend on (see DESIGN.md); change only with a migration note.
CREATE OR REPLACE VIEW seizures AS
SELECT seizure_id, period_start, period_end, n_events, country_iso3, crossing_point, agency, substance,
       substance_group, brand, mass_kg, unit_count, count_unit, kg_equivalent, value_local, currency, source_file,
       source_row, n_sources, flags
FROM core.seizure_sources WHERE is_primary;

CREATE OR REPLACE VIEW seizure_sources AS
SELECT seizure_id, record_id, is_primary, merge_reason, source_file, source_row, agency, period_start, period_end,
       n_events, country_iso3, crossing_raw, crossing_point, crossing_match, substance_raw, substance,
       substance_group, substance_match, also_named, brand, quantity_raw, mass_kg, unit_count, count_unit, package_count,
       package_unit, volume_l, strength_mg, kg_equivalent, value_local, currency, remarks, flags
FROM core.seizure_sources;

CREATE OR REPLACE VIEW quarantine AS SELECT * FROM core.quarantine;
CREATE OR REPLACE VIEW skipped_rows AS SELECT * FROM core.skipped_rows;
CREATE OR REPLACE VIEW ingested_files AS SELECT * FROM core.ingested_files;
CREATE OR REPLACE VIEW crossing_points AS SELECT * FROM core.crossing_points;
CREATE OR REPLACE VIEW substances AS SELECT * FROM core.substances;
CREATE OR REPLACE VIEW review_queue AS SELECT * FROM core.review_queue;
CREATE OR REPLACE VIEW monthly_series AS SELECT * FROM core.monthly_series;
CREATE OR REPLACE VIEW warehouse_info AS SELECT * FROM core.warehouse_info;
