-- source_releases: one row per source file the warehouse was built from.
--   source         catalog id (soc, onet, oews, ep, cip, stem)
--   file           the publisher's file name
--   url            the publisher's URL (the real one, even when the build read a mirror)
--   read_from      where the bytes were actually read: the publisher's URL, a mirror's URL, or a local mirror file
--   from_mirror    read_from is not the publisher's URL: the file was copied from a mirror of it
--   release        the release the file belongs to, read from the files themselves
--   release_name   the publisher's own name for it where its release file has one ('May 2025', 'December 2025')
--   bytes, sha256  exactly which bytes were loaded
--   etag, last_modified  the validators of what was read (the publisher's only when read from the publisher; a
--                  mirror's header, or a local copy's file time, otherwise), used for conditional requests
--   publisher_last_modified  last_modified when the file was read from the publisher, else NULL (unknown)
--   retrieved_at   when those bytes were read
--   tables         the raw tables built from the file; rows_loaded the rows it put into them
--   note           O*NET files: set when discovery found a newer O*NET release whose layout this version does not
--                  know, e.g. 'O*NET 31.1 found but its layout is not known to this version; loaded 30.3'
CREATE OR REPLACE VIEW main.source_releases AS
SELECT
    source,
    file,
    url,
    read_from,
    read_from <> url AS from_mirror,
    release,
    release_name,
    bytes,
    sha256,
    etag,
    last_modified,
    CASE WHEN read_from = url THEN last_modified END AS publisher_last_modified,
    retrieved_at,
    list(table_name ORDER BY table_name) FILTER (WHERE rows_loaded IS NOT NULL) AS tables,
    sum(rows_loaded) AS rows_loaded,
    CASE WHEN source = 'onet' THEN (SELECT any_value(note) FROM meta.onet_release) END AS note
FROM meta.source_files
GROUP BY ALL
ORDER BY source, file;
