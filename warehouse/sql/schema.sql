-- Internal tables of the warehouse; analysts read the public views in views.sql.
CREATE SCHEMA IF NOT EXISTS core;

-- every file ever landed, one row per name and content: status loaded / duplicate (same content as a loaded file) /
-- refused (could not be read; not read again until its content changes), with the reason in words
CREATE TABLE IF NOT EXISTS core.ingested_files (
    source_file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, agency VARCHAR, profile VARCHAR, grain VARCHAR,
    status VARCHAR NOT NULL, reason VARCHAR, rows_read BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT,
    rows_skipped BIGINT, ingested_at TIMESTAMP, PRIMARY KEY (source_file, sha256)
);

-- record_id (file sha256 prefix + row) is unique by construction; no index, so a file's rows insert in bulk
CREATE TABLE IF NOT EXISTS core.source_records (
    record_id VARCHAR NOT NULL, source_file VARCHAR NOT NULL, source_row BIGINT NOT NULL, agency VARCHAR,
    country_iso3 VARCHAR, period_start DATE, period_end DATE, n_events BIGINT, crossing_raw VARCHAR,
    location_raw VARCHAR, substance_raw VARCHAR, quantity_raw VARCHAR, mass_kg DOUBLE, unit_count DOUBLE,
    count_unit VARCHAR, package_count DOUBLE, package_unit VARCHAR, volume_l DOUBLE, strength_mg DOUBLE,
    value_local DOUBLE, currency VARCHAR, remarks VARCHAR, flags VARCHAR, release_key VARCHAR
);

CREATE TABLE IF NOT EXISTS core.quarantine (
    source_file VARCHAR NOT NULL, source_row BIGINT NOT NULL, reason VARCHAR NOT NULL, raw_record VARCHAR,
    resolved_by VARCHAR  -- the corrections file whose corrected copy of this row loaded
);

CREATE TABLE IF NOT EXISTS core.skipped_rows (
    source_file VARCHAR NOT NULL, source_row BIGINT NOT NULL, reason VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS core.warehouse_info (key VARCHAR PRIMARY KEY, value VARCHAR);

-- fingerprints of the inputs a stored result (an estimate, the normalised table) was computed from, to reuse
-- it, or update only what changed, while they stay the same
CREATE TABLE IF NOT EXISTS core.estimate_inputs (estimate VARCHAR PRIMARY KEY, input_key VARCHAR NOT NULL);

-- added after the first release: homes built before it gain the columns
ALTER TABLE core.source_records ADD COLUMN IF NOT EXISTS package_count DOUBLE;
ALTER TABLE core.source_records ADD COLUMN IF NOT EXISTS package_unit VARCHAR;
ALTER TABLE core.quarantine ADD COLUMN IF NOT EXISTS resolved_by VARCHAR;
-- a fingerprint of the profiles a refused file was read with: a new or edited profile reads it again
ALTER TABLE core.ingested_files ADD COLUMN IF NOT EXISTS read_with VARCHAR;
