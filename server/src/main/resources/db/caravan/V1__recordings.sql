-- The recordings catalog. Portable SQL that H2 2.x and PostgreSQL both run as written: no dialect switches, no
-- SERIAL or identity columns, times as epoch milliseconds (bbb-web's own unit for startTime and endTime, and no
-- time zone conversions between drivers), names that are keywords in neither (VALUE is one in H2).

CREATE TABLE recording (
    record_id           VARCHAR(256)  NOT NULL PRIMARY KEY,
    -- the meetingID as the clients of its tenant know it (without Caravan's tenant namespace)
    meeting_id          VARCHAR(256)  NOT NULL,
    internal_meeting_id VARCHAR(256)  NOT NULL,
    -- null: a recording of no tenant
    tenant              VARCHAR(128),
    name                VARCHAR(1024) NOT NULL,
    -- bbb-web's states: processing, processed, published, unpublished, deleted
    state               VARCHAR(32)   NOT NULL,
    is_protected        BOOLEAN       NOT NULL,
    start_time          BIGINT        NOT NULL,
    end_time            BIGINT        NOT NULL,
    participants        INTEGER       NOT NULL,
    raw_size_bytes      BIGINT        NOT NULL,
    -- the node that recorded it; kept after the node leaves the inventory
    origin_node         VARCHAR(256),
    -- pending, imported, failed: the transfer of its files into Caravan's storage
    import_status       VARCHAR(16)   NOT NULL,
    import_reason       VARCHAR(2048),
    import_attempts     INTEGER       NOT NULL,
    import_time         BIGINT,
    created_at          BIGINT        NOT NULL,
    updated_at          BIGINT        NOT NULL
);

-- getRecordings by meetingID, GDPR deletion by meeting and by tenant
CREATE INDEX recording_meeting ON recording (meeting_id);
CREATE INDEX recording_tenant ON recording (tenant);
-- the operations view: failed and pending imports
CREATE INDEX recording_import ON recording (import_status);

CREATE TABLE recording_format (
    record_id          VARCHAR(256)  NOT NULL REFERENCES recording (record_id) ON DELETE CASCADE,
    -- presentation, video, podcast, notes, screenshare, ...
    format_type        VARCHAR(64)   NOT NULL,
    -- the playback URL, or the path in storage once imported
    location           VARCHAR(4096) NOT NULL,
    -- bbb-web's <length>: minutes
    length_minutes     INTEGER       NOT NULL,
    size_bytes         BIGINT        NOT NULL,
    processing_time_ms BIGINT        NOT NULL,
    -- the preview images (url, alt, width, height) as a JSON array: read and written whole, never queried
    preview_json       TEXT,
    PRIMARY KEY (record_id, format_type)
);

CREATE TABLE recording_metadata (
    record_id  VARCHAR(256)  NOT NULL REFERENCES recording (record_id) ON DELETE CASCADE,
    -- lower case, as getRecordings' meta_ filters name them
    meta_name  VARCHAR(256)  NOT NULL,
    meta_value VARCHAR(8192) NOT NULL,
    PRIMARY KEY (record_id, meta_name)
);

-- meta_ filters look up one name (not its values: PostgreSQL refuses index entries over about 2.7 KB)
CREATE INDEX recording_metadata_name ON recording_metadata (meta_name);
