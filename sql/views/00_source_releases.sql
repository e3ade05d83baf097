-- source_releases: one row per source file the warehouse was built from.
--   source         catalog id (soc, onet, oews, ep, cip, stem)
--   file           the publisher's file name
--   url            the publisher's URL (the real one, even when the build read a mirror)
--   release        the release the file belongs to, read from the files themselves
--   bytes, sha256  exactly which bytes were loaded
--   etag, last_modified  the publisher's validators, used for conditional requests
--   retrieved_at   when those bytes were fetched
--   tables         the raw tables built from the file; rows_loaded the rows it put into them
--   note           O*NET files: set when discovery found a newer O*NET release whose layout this version does not
--                  know, e.g. 'O*NET 31.1 found but its layout is not known to this version; loaded 30.3'
CREATE OR REPLACE VIEW main.source_releases AS
SELECT
    source,
    file,
    url,
    release,
    bytes,
    sha256,
    etag,
    last_modified,
    retrieved_at,
    list(table_name ORDER BY table_name) FILTER (WHERE rows_loaded IS NOT NULL) AS tables,
    sum(rows_loaded) AS rows_loaded,
    CASE WHEN source = 'onet' THEN (SELECT any_value(note) FROM meta.onet_release) END AS note
FROM meta.source_files
GROUP BY ALL
ORDER BY source, file;
