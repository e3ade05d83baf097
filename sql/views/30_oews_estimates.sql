-- oews_estimates: one row per area x industry x occupation of the OEWS release.
--   areatype_code (N national, S state, M metropolitan or nonmetropolitan area), area_type, area_code, area_name,
--   state_code, industry_code, industry_name, occupation_code (SOC form 'NN-NNNN'; '00-0000' all occupations),
--   occupation_title, year, the 17 measures as typed columns (employment ... location_quotient; NULL where BLS
--   does not release the value), footnotes (a list of {measure, marker, footnote_codes, footnote_text}: why a
--   value is missing or how to read it), oews_release.
CREATE OR REPLACE VIEW main.oews_estimates AS
SELECT
    areatype_code,
    CASE areatype_code WHEN 'N' THEN 'National' WHEN 'S' THEN 'State' WHEN 'M' THEN 'Metropolitan or nonmetropolitan area' END
        AS area_type,
    area_code,
    area_name,
    state_code,
    industry_code,
    industry_name,
    soc_code AS occupation_code,
    occupation_title,
    year,
    employment::BIGINT AS employment,
    employment_rse_pct,
    hourly_mean_wage,
    annual_mean_wage,
    wage_rse_pct,
    hourly_p10_wage,
    hourly_p25_wage,
    hourly_median_wage,
    hourly_p75_wage,
    hourly_p90_wage,
    annual_p10_wage,
    annual_p25_wage,
    annual_median_wage,
    annual_p75_wage,
    annual_p90_wage,
    employment_per_1000_jobs,
    location_quotient,
    footnotes,
    (SELECT max(release) FROM meta.source_files WHERE source = 'oews') AS oews_release
FROM core.oews_estimates;
