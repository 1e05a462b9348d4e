-- getRecordings' order (start time, then recordID): a page of a large catalog is read from this index instead of a
-- sort of every matching row.
CREATE INDEX recording_order ON recording (start_time, record_id);
