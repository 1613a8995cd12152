-- Public views of the estimates: created once the estimate tables exist (a first build publishes its data before them).
CREATE OR REPLACE VIEW blo_effects AS SELECT * FROM core.blo_effects;
CREATE OR REPLACE VIEW did_summary AS SELECT * FROM core.did_summary;
CREATE OR REPLACE VIEW did_event_study AS SELECT * FROM core.did_event_study;
CREATE OR REPLACE VIEW did_robustness AS SELECT * FROM core.did_robustness;
