-- source_releases: one row per source file the warehouse was built from.
--   source         catalog id (soc, onet, oews, ep, cip, stem)
--   file           the publisher's file name
--   url            the publisher's URL (the real one, even when the build read a mirror)
--   release        the release the file belongs to, read from the files themselves
--   bytes, sha256  exactly which bytes were loaded
--   etag, last_modified  the publisher's validators, used for conditional requests
--   retrieved_at   when those bytes were fetched
--   tables         the raw tables built from the file; rows_loaded the rows it put into them
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
    sum(rows_loaded) AS rows_loaded
FROM meta.source_files
GROUP BY ALL
ORDER BY source, file;
