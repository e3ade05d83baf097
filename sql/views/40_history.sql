-- Release history: every release the warehouse has loaded, kept across builds (the other views show the newest).
--
-- The `history` asset fills two tables after the views are created: it carries them over from the previously
-- published warehouse and adds the current build (a build of a combination already held replaces that
-- combination's rows and keeps when it was first loaded). They are created empty here so the views can bind.
--   history.releases              one row per (source, release) loaded: files, retrieved_at (when its bytes were
--                                 fetched), first_loaded_at, last_loaded_at (the builds that first and last loaded it)
--   history.occupation_snapshots  one row per SOC code per release set (the combination of source releases a
--                                 build loaded, e.g. 'soc 2018 · onet 30.1 · oews 2025A01 · ep 2024-2034 · cip 2020 ·
--                                 stem 2024-07-22'), with that build's figures
--
-- occupation_history: history.occupation_snapshots, one row per SOC code per release set, oldest first.
--   soc_code, title, release_set, soc_release ... stem_release, the figures as `occupations` had them then:
--   job_zone, onet_advanced_degree_pct, bls_typical_education, employment, annual_median_wage, the flags
--   bls_requires_advanced_degree, onet_majority_advanced_degree, job_zone_5, requires_advanced_degree,
--   bachelors_plus_5y, is_stem, is_priority_field, and advanced_degree_evidence; retrieved_at (the newest file of
--   the set), first_loaded_at, last_loaded_at, is_current (the set the latest build loaded: what `occupations` shows).
--
-- release_changes: per SOC code and per pair of consecutive releases of one source, each figure that changed.
--   source, old_release, new_release   consecutive releases of `source`, ordered by the numbers in the release
--                                      (29.3 < 30.1, 2024A01 < 2025A01, 2023-2033 < 2024-2034)
--   soc_code, title                    the occupation (title as of the new release)
--   figure, old_value, new_value       a figure that depends on `source` and differs (values as text; NULL where
--                                      the release has none). onet: job_zone, onet_advanced_degree_pct, job_zone_5,
--                                      onet_majority_advanced_degree; ep: bls_typical_education,
--                                      bls_requires_advanced_degree, bachelors_plus_5y; both: requires_advanced_degree,
--                                      advanced_degree_evidence; oews: employment, annual_median_wage; cip and stem:
--                                      is_stem, is_priority_field; soc: title
--   is_flag                            the figure is a true/false flag
--   change                             'flag flipped' (a flag went true <-> false), 'changed', 'added' (was NULL),
--                                      'removed' (is NULL now); 'framework change' for job_zone and job_zone_5
--                                      between O*NET releases of different Job Zone frameworks (30.1 -> 30.2: five
--                                      levels -> four): O*NET moved the occupation by redefining the zones, which is
--                                      not a re-rating of the occupation
--   job_zone_frameworks                for those rows, e.g. 'five-level (to 30.1) -> four-level (from 30.2)'
--   old_release_set, new_release_set   the snapshots compared: the last one loaded with the old release and the
--                                      first one loaded with the new release
--   other_sources_changed              other sources whose release also differs between those two snapshots (empty
--                                      when only `source` moved; else a change may come from them too)
CREATE SCHEMA IF NOT EXISTS history;

CREATE TABLE IF NOT EXISTS history.releases (
    source          VARCHAR     NOT NULL,  -- catalog id: soc, onet, oews, ep, cip, stem
    release         VARCHAR     NOT NULL,  -- '30.1', '2025A01', '2024-2034'
    files           BIGINT      NOT NULL,  -- distinct files of the release the build read
    retrieved_at    TIMESTAMPTZ NOT NULL,  -- when the newest of those files' bytes were fetched
    first_loaded_at TIMESTAMPTZ NOT NULL,
    last_loaded_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, release)
);

CREATE TABLE IF NOT EXISTS history.occupation_snapshots (
    soc_code                      VARCHAR NOT NULL,
    title                         VARCHAR,
    job_zone                      BIGINT,
    onet_advanced_degree_pct      DOUBLE,
    bls_typical_education         VARCHAR,
    employment                    BIGINT,
    annual_median_wage            DOUBLE,
    bls_requires_advanced_degree  BOOLEAN,
    onet_majority_advanced_degree BOOLEAN,
    job_zone_5                    BOOLEAN,
    requires_advanced_degree      BOOLEAN,
    advanced_degree_evidence      INTEGER,
    bachelors_plus_5y             BOOLEAN,
    is_stem                       BOOLEAN,
    is_priority_field             BOOLEAN,
    soc_release                   VARCHAR,
    onet_release                  VARCHAR,
    oews_release                  VARCHAR,
    ep_release                    VARCHAR,
    cip_release                   VARCHAR,
    stem_release                  VARCHAR,
    release_set                   VARCHAR     NOT NULL,
    retrieved_at                  TIMESTAMPTZ NOT NULL,
    first_loaded_at               TIMESTAMPTZ NOT NULL,
    last_loaded_at                TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (soc_code, release_set)
);

CREATE OR REPLACE VIEW main.occupation_history AS
SELECT
    soc_code,
    title,
    release_set,
    soc_release,
    onet_release,
    oews_release,
    ep_release,
    cip_release,
    stem_release,
    job_zone,
    onet_advanced_degree_pct,
    bls_typical_education,
    employment,
    annual_median_wage,
    bls_requires_advanced_degree,
    onet_majority_advanced_degree,
    job_zone_5,
    requires_advanced_degree,
    bachelors_plus_5y,
    is_stem,
    is_priority_field,
    advanced_degree_evidence,
    retrieved_at,
    first_loaded_at,
    last_loaded_at,
    last_loaded_at = max(last_loaded_at) OVER () AS is_current
FROM history.occupation_snapshots
ORDER BY soc_code, first_loaded_at, release_set;

CREATE OR REPLACE VIEW main.release_changes AS
WITH release_sets AS (
    SELECT
        release_set,
        any_value(soc_release) AS soc,
        any_value(onet_release) AS onet,
        any_value(oews_release) AS oews,
        any_value(ep_release) AS ep,
        any_value(cip_release) AS cip,
        any_value(stem_release) AS stem,
        min(first_loaded_at) AS first_loaded_at,
        max(last_loaded_at) AS last_loaded_at
    FROM history.occupation_snapshots
    GROUP BY release_set
),
set_releases AS (
    UNPIVOT release_sets ON soc, onet, oews, ep, cip, stem INTO NAME source VALUE release
),
by_release AS (
    SELECT
        source,
        release,
        arg_max(release_set, last_loaded_at) AS last_set,
        arg_min(release_set, first_loaded_at) AS first_set
    FROM set_releases
    GROUP BY source, release
),
ordered AS (
    SELECT
        source,
        lag(release) OVER w AS old_release,
        release AS new_release,
        lag(last_set) OVER w AS old_release_set,
        first_set AS new_release_set
    FROM by_release
    WINDOW w AS (PARTITION BY source ORDER BY list_transform(regexp_extract_all(release, '\d+'), x -> x::BIGINT), release)
),
pairs AS (
    SELECT
        p.*,
        coalesce(
            list(o.source ORDER BY o.source) FILTER (WHERE o.source <> p.source AND o.release IS DISTINCT FROM n.release),
            []
        ) AS other_sources_changed
    FROM ordered AS p
    JOIN set_releases AS o ON o.release_set = p.old_release_set
    JOIN set_releases AS n ON n.release_set = p.new_release_set AND n.source = o.source
    WHERE p.old_release IS NOT NULL
    GROUP BY ALL
),
figure_sources (figure, source, is_flag) AS (
    VALUES
        ('job_zone', 'onet', false),
        ('onet_advanced_degree_pct', 'onet', false),
        ('job_zone_5', 'onet', true),
        ('onet_majority_advanced_degree', 'onet', true),
        ('requires_advanced_degree', 'onet', true),
        ('advanced_degree_evidence', 'onet', false),
        ('bls_typical_education', 'ep', false),
        ('bls_requires_advanced_degree', 'ep', true),
        ('bachelors_plus_5y', 'ep', true),
        ('requires_advanced_degree', 'ep', true),
        ('advanced_degree_evidence', 'ep', false),
        ('employment', 'oews', false),
        ('annual_median_wage', 'oews', false),
        ('is_stem', 'cip', true),
        ('is_priority_field', 'cip', true),
        ('is_stem', 'stem', true),
        ('is_priority_field', 'stem', true),
        ('title', 'soc', false)
),
frameworks AS (  -- each O*NET release's Job Zone framework (meta.onet_job_zone_frameworks, from the code's contract)
    SELECT r.release, f.job_zone_framework
    FROM (SELECT DISTINCT onet_release AS release FROM history.occupation_snapshots) AS r
    JOIN meta.onet_job_zone_frameworks AS f
        ON split_part(r.release, '.', 1)::BIGINT * 1000 + split_part(r.release, '.', 2)::BIGINT
           BETWEEN coalesce(f.first_key, 0) AND f.last_key
),
figure_values AS (  -- every figure as text, so one column can hold them all
    SELECT
        soc_code,
        release_set,
        title AS title_then,
        title,
        job_zone::VARCHAR AS job_zone,
        onet_advanced_degree_pct::VARCHAR AS onet_advanced_degree_pct,
        bls_typical_education,
        employment::VARCHAR AS employment,
        annual_median_wage::VARCHAR AS annual_median_wage,
        bls_requires_advanced_degree::VARCHAR AS bls_requires_advanced_degree,
        onet_majority_advanced_degree::VARCHAR AS onet_majority_advanced_degree,
        job_zone_5::VARCHAR AS job_zone_5,
        requires_advanced_degree::VARCHAR AS requires_advanced_degree,
        advanced_degree_evidence::VARCHAR AS advanced_degree_evidence,
        bachelors_plus_5y::VARCHAR AS bachelors_plus_5y,
        is_stem::VARCHAR AS is_stem,
        is_priority_field::VARCHAR AS is_priority_field
    FROM history.occupation_snapshots
),
figures AS (
    SELECT *
    FROM figure_values UNPIVOT INCLUDE NULLS (value FOR figure IN (
        title, job_zone, onet_advanced_degree_pct, bls_typical_education, employment, annual_median_wage,
        bls_requires_advanced_degree, onet_majority_advanced_degree, job_zone_5, requires_advanced_degree,
        advanced_degree_evidence, bachelors_plus_5y, is_stem, is_priority_field
    ))
)
SELECT
    p.source,
    p.old_release,
    p.new_release,
    n.soc_code,
    n.title_then AS title,
    f.figure,
    o.value AS old_value,
    n.value AS new_value,
    f.is_flag,
    CASE
        WHEN o.value IS NULL THEN 'added'
        WHEN n.value IS NULL THEN 'removed'
        WHEN framework_moved THEN 'framework change'
        WHEN f.is_flag THEN 'flag flipped'
        ELSE 'changed'
    END AS change,
    p.old_release_set,
    p.new_release_set,
    p.other_sources_changed,
    CASE WHEN framework_moved THEN old_fw.job_zone_framework || ' -> ' || new_fw.job_zone_framework END
        AS job_zone_frameworks
FROM pairs AS p
JOIN figure_sources AS f USING (source)
JOIN figures AS o ON o.release_set = p.old_release_set AND o.figure = f.figure
JOIN figures AS n ON n.release_set = p.new_release_set AND n.figure = f.figure AND n.soc_code = o.soc_code
LEFT JOIN frameworks AS old_fw ON p.source = 'onet' AND old_fw.release = p.old_release
LEFT JOIN frameworks AS new_fw ON p.source = 'onet' AND new_fw.release = p.new_release,
LATERAL (
    SELECT f.figure IN ('job_zone', 'job_zone_5')
        AND old_fw.job_zone_framework IS DISTINCT FROM new_fw.job_zone_framework AS framework_moved
)
WHERE o.value IS DISTINCT FROM n.value
ORDER BY n.soc_code, p.source, p.new_release, f.figure;
