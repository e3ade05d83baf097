-- occupations: one row per 2018 SOC detailed occupation (867 rows), with the evidence an NIW petition weighs.
--
-- Identity      soc_code ('15-1221'), title, definition, major_group_code/title, broad_group_code/title
-- O*NET         job_zone (1-5, or 2-5 from 30.2, see job_zone_framework: the .00 O*NET code's zone, else the highest among its specialties; NULL if none)
--               onet_advanced_degree_pct (0-100: share of O*NET respondents whose required education is a
--                 master's or higher; the .00 code's when it has data, else the mean over its specialties)
--               onet_codes (the O*NET-SOC codes those two came from), onet_education_scales (RL)
-- BLS EP        bls_typical_education, bls_work_experience, bls_on_the_job_training (labels exactly as published),
--               ep_code (the EP code they came from: an EP aggregate such as 13-1020 applies to its members)
-- BLS OEWS      employment, annual_mean_wage, annual_median_wage, annual_p10_wage, annual_p90_wage: national, all
--               industries; NULL where BLS does not publish the value, with the reason in <measure>_footnote
-- Flags         bls_requires_advanced_degree (typical education is "Master's degree" or "Doctoral or professional
--                 degree"; NULL without an EP assignment)
--               onet_majority_advanced_degree (onet_advanced_degree_pct >= 50; NULL without O*NET data)
--               job_zone_5 (job_zone = 5; NULL without a Job Zone)
--               requires_advanced_degree (bls_requires_advanced_degree, or onet_majority_advanced_degree where BLS
--                 has no assignment)
--               advanced_degree_evidence (how many of the three signals are true, 0-3)
--               bachelors_plus_5y (BLS: "Bachelor's degree" and "5 years or more" of related work experience, the
--                 advanced-degree-equivalent route of 8 CFR 204.5(k)(2))
-- Priority      is_stem (linked by the NCES CIP-SOC crosswalk to at least one program on the DHS STEM list),
--               stem_cip_codes, linked_cip_count, stem_cip_share (share of linked CIP programs that are STEM),
--               cet_areas (the project's curated CET areas, a list), is_priority_field (is_stem or any CET area)
-- Releases      soc_release, onet_release, oews_release, ep_release, cip_release, stem_release
--               job_zone_framework (the O*NET release's Job Zone framework: 'five-level (to 30.1)', zones 1-5, or
--                 'four-level (from 30.2)', zones 2-5; zone 5, extensive preparation, is in both)
CREATE OR REPLACE VIEW main.occupations AS
WITH releases AS (
    SELECT
        max(release) FILTER (WHERE source = 'soc') AS soc_release,
        max(release) FILTER (WHERE source = 'onet') AS onet_release,
        max(release) FILTER (WHERE source = 'oews') AS oews_release,
        max(release) FILTER (WHERE source = 'ep') AS ep_release,
        max(release) FILTER (WHERE source = 'cip') AS cip_release,
        max(release) FILTER (WHERE source = 'stem') AS stem_release
    FROM meta.source_files
),
national AS (
    SELECT
        soc_code,
        employment,
        annual_mean_wage,
        annual_median_wage,
        annual_p10_wage,
        annual_p90_wage,
        footnotes
    FROM core.oews_estimates
    WHERE areatype_code = 'N' AND industry_code = '000000'
),
stem AS (
    SELECT
        soc_code,
        bool_or(is_stem) AS is_stem,
        list(cip_code ORDER BY cip_code) FILTER (WHERE is_stem) AS stem_cip_codes,
        count(*) AS linked_cip_count,
        round(avg(is_stem::INTEGER), 3) AS stem_cip_share
    FROM core.stem_links
    GROUP BY soc_code
),
cet AS (
    SELECT soc_code, list(cet_area ORDER BY cet_area) AS cet_areas
    FROM core.cet_areas
    GROUP BY soc_code
),
joined AS (
    SELECT
        h.soc_code,
        h.title,
        h.definition,
        h.major_code AS major_group_code,
        h.major_title AS major_group_title,
        h.broad_code AS broad_group_code,
        h.broad_title AS broad_group_title,
        o.job_zone,
        round(o.onet_advanced_degree_pct, 2) AS onet_advanced_degree_pct,
        o.onet_codes,
        o.onet_education_scales,
        e.typical_education AS bls_typical_education,
        e.work_experience AS bls_work_experience,
        e.on_the_job_training AS bls_on_the_job_training,
        e.ep_code,
        n.employment::BIGINT AS employment,
        n.annual_mean_wage,
        n.annual_median_wage,
        n.annual_p10_wage,
        n.annual_p90_wage,
        n.footnotes,
        e.typical_education IN ('Master''s degree', 'Doctoral or professional degree') AS bls_requires_advanced_degree,
        o.onet_advanced_degree_pct >= 50 AS onet_majority_advanced_degree,
        o.job_zone = 5 AS job_zone_5,
        e.typical_education = 'Bachelor''s degree' AND e.work_experience = '5 years or more' AS bachelors_plus_5y,
        coalesce(s.is_stem, false) AS is_stem,
        coalesce(s.stem_cip_codes, []) AS stem_cip_codes,
        coalesce(s.linked_cip_count, 0) AS linked_cip_count,
        s.stem_cip_share,
        coalesce(c.cet_areas, []) AS cet_areas
    FROM core.soc_hierarchy AS h
    LEFT JOIN core.onet_by_soc AS o USING (soc_code)
    LEFT JOIN core.ep_by_soc AS e USING (soc_code)
    LEFT JOIN national AS n USING (soc_code)
    LEFT JOIN stem AS s USING (soc_code)
    LEFT JOIN cet AS c USING (soc_code)
    WHERE h.level = 'detailed'
)
SELECT
    soc_code,
    title,
    definition,
    major_group_code,
    major_group_title,
    broad_group_code,
    broad_group_title,
    job_zone,
    onet_advanced_degree_pct,
    onet_codes,
    onet_education_scales,
    bls_typical_education,
    bls_work_experience,
    bls_on_the_job_training,
    ep_code,
    employment,
    annual_mean_wage,
    annual_median_wage,
    annual_p10_wage,
    annual_p90_wage,
    list_filter(footnotes, f -> f.measure = 'employment')[1].footnote_text AS employment_footnote,
    list_filter(footnotes, f -> f.measure = 'annual_mean_wage')[1].footnote_text AS annual_mean_wage_footnote,
    list_filter(footnotes, f -> f.measure = 'annual_median_wage')[1].footnote_text AS annual_median_wage_footnote,
    list_filter(footnotes, f -> f.measure = 'annual_p10_wage')[1].footnote_text AS annual_p10_wage_footnote,
    list_filter(footnotes, f -> f.measure = 'annual_p90_wage')[1].footnote_text AS annual_p90_wage_footnote,
    bls_requires_advanced_degree,
    onet_majority_advanced_degree,
    job_zone_5,
    coalesce(bls_requires_advanced_degree, onet_majority_advanced_degree) AS requires_advanced_degree,
    (coalesce(bls_requires_advanced_degree, false)::INTEGER
        + coalesce(onet_majority_advanced_degree, false)::INTEGER
        + coalesce(job_zone_5, false)::INTEGER) AS advanced_degree_evidence,
    bachelors_plus_5y,
    is_stem,
    stem_cip_codes,
    linked_cip_count,
    stem_cip_share,
    cet_areas,
    is_stem OR len(cet_areas) > 0 AS is_priority_field,
    releases.*,
    (SELECT any_value(job_zone_framework) FROM meta.onet_release) AS job_zone_framework
FROM joined, releases
ORDER BY soc_code;
