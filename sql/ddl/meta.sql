-- Provenance: which bytes every warehouse table was built from.
-- One row per (table, source file): a raw table records the files it parsed, and the release those files belong to.
CREATE SCHEMA IF NOT EXISTS meta;

CREATE TABLE IF NOT EXISTS meta.source_files (
    table_name    VARCHAR NOT NULL,  -- 'raw.onet_job_zones'
    source        VARCHAR NOT NULL,  -- catalog id: soc, onet, oews, ep, cip, stem
    file          VARCHAR NOT NULL,  -- the publisher's file name: 'Job Zones.txt'
    url           VARCHAR NOT NULL,  -- the publisher's URL (not the mirror's)
    release       VARCHAR NOT NULL,  -- the source release the file belongs to: '30.1', '2025A01', '2024-2034'
    bytes         BIGINT  NOT NULL,
    sha256        VARCHAR NOT NULL,
    etag          VARCHAR,
    last_modified VARCHAR,           -- Last-Modified of what was read (the publisher's only if read_from = url)
    retrieved_at  TIMESTAMPTZ NOT NULL,
    rows_loaded   BIGINT,            -- rows this file put into table_name (NULL for a file read only for its release)
    read_from     VARCHAR,           -- where the bytes were actually read: the publisher's URL, a mirror URL or file
    release_name  VARCHAR,           -- the publisher's own name for the release ('May 2025', 'December 2025')
    PRIMARY KEY (table_name, url)
);
