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
--               oews_code (the OEWS code they came from: where OEWS publishes only an aggregate, such as 31-1120
--                 for 31-1121 and 31-1122, each member shows the aggregate's figures and its footnotes say so;
--                 summing employment over such members double-counts: sum over distinct oews_code instead)
-- Flags         bls_requires_advanced_degree (typical education is "Master's degree" or "Doctoral or professional
--                 degree"; NULL without an EP assignment)
--               onet_majority_advanced_degree (onet_advanced_degree_pct >= 50; NULL without O*NET data)
--               job_zone_5 (job_zone = 5; NULL without a Job Zone)
--               requires_advanced_degree (bls_requires_advanced_degree, or onet_majority_advanced_degree where BLS
--                 has no assignment)
--               advanced_degree_evidence (how many of the three signals are true, 0-3; BLS's is the official one,
--                 O*NET's share and Job Zone 5 corroborate it and are correlated with each other)
--               bachelors_plus_5y (BLS: "Bachelor's degree" and "5 years or more" in a related occupation; the
--                 route of 8 CFR 204.5(k)(2) asks for progressive experience in the specialty, which this
--                 occupation-level figure does not show)
-- Priority      is_stem_occupation (in BLS's OES STEM definition, 100 occupations in 2010 SOC, bridged to 2018 SOC
--                 through O*NET's crosswalks: warehouse/curated/stem_occupations.csv, its path and note per code)
--               is_stem (is_stem_occupation, OR more than half of the CIP programs NCES links to the occupation are
--                 on the DHS STEM list: a strict majority, so 1 of 2 is not), stem_basis (that reason in words)
--               stem_cip_codes, linked_cip_count, stem_cip_share (share of linked CIP programs that are STEM):
--                 supporting evidence, the degree programs behind the occupation
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
        count(*) FILTER (WHERE is_stem) AS stem_cip_count,
        round(avg(is_stem::INTEGER), 3) AS stem_cip_share
    FROM core.stem_links
    GROUP BY soc_code
),
bls_stem AS (
    -- the 2010 SOC codes it was bridged from, named only when they differ from the 2018 code
    SELECT
        soc_code,
        list_filter(list_transform(string_split(bls_2010_codes, '; '), c -> c[1:7]), c -> c <> soc_code) AS via_2010
    FROM core.stem_occupations
    WHERE is_stem_occupation
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
        w.oews_code,
        CASE WHEN w.oews_is_aggregate THEN 'published for ' || w.oews_code || ' ' || w.oews_title
            || ', which also covers ' || array_to_string(list_filter(w.oews_covers, c -> c <> h.soc_code), ', ')
        END AS oews_aggregate_note,
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
        b.soc_code IS NOT NULL AS is_stem_occupation,
        b.via_2010,
        coalesce(2 * s.stem_cip_count > s.linked_cip_count, false) AS stem_majority,
        coalesce(s.stem_cip_count, 0) AS stem_cip_count,
        coalesce(s.stem_cip_codes, []) AS stem_cip_codes,
        coalesce(s.linked_cip_count, 0) AS linked_cip_count,
        s.stem_cip_share,
        coalesce(c.cet_areas, []) AS cet_areas
    FROM core.soc_hierarchy AS h
    LEFT JOIN core.onet_by_soc AS o USING (soc_code)
    LEFT JOIN core.ep_by_soc AS e USING (soc_code)
    LEFT JOIN core.oews_by_soc AS w USING (soc_code)
    LEFT JOIN national AS n ON n.soc_code = w.oews_code
    LEFT JOIN stem AS s USING (soc_code)
    LEFT JOIN cet AS c USING (soc_code)
    LEFT JOIN bls_stem AS b USING (soc_code)
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
    oews_code,
    employment,
    annual_mean_wage,
    annual_median_wage,
    annual_p10_wage,
    annual_p90_wage,
    nullif(concat_ws('; ', oews_aggregate_note, list_filter(footnotes, f -> f.measure = 'employment')[1].footnote_text), '')
        AS employment_footnote,
    nullif(concat_ws('; ', oews_aggregate_note, list_filter(footnotes, f -> f.measure = 'annual_mean_wage')[1].footnote_text), '')
        AS annual_mean_wage_footnote,
    nullif(concat_ws('; ', oews_aggregate_note, list_filter(footnotes, f -> f.measure = 'annual_median_wage')[1].footnote_text), '')
        AS annual_median_wage_footnote,
    nullif(concat_ws('; ', oews_aggregate_note, list_filter(footnotes, f -> f.measure = 'annual_p10_wage')[1].footnote_text), '')
        AS annual_p10_wage_footnote,
    nullif(concat_ws('; ', oews_aggregate_note, list_filter(footnotes, f -> f.measure = 'annual_p90_wage')[1].footnote_text), '')
        AS annual_p90_wage_footnote,
    bls_requires_advanced_degree,
    onet_majority_advanced_degree,
    job_zone_5,
    coalesce(bls_requires_advanced_degree, onet_majority_advanced_degree) AS requires_advanced_degree,
    (coalesce(bls_requires_advanced_degree, false)::INTEGER
        + coalesce(onet_majority_advanced_degree, false)::INTEGER
        + coalesce(job_zone_5, false)::INTEGER) AS advanced_degree_evidence,
    bachelors_plus_5y,
    is_stem_occupation,
    is_stem_occupation OR stem_majority AS is_stem,
    (CASE WHEN is_stem_occupation
        THEN 'on BLS''s STEM occupation list'
            || CASE WHEN len(via_2010) > 0 THEN ' (2010 SOC ' || array_to_string(via_2010, ', ') || ')' ELSE '' END
        ELSE 'not on BLS''s STEM occupation list' END)
    || CASE
        WHEN linked_cip_count = 0 THEN CASE WHEN is_stem_occupation THEN '; ' ELSE ', and ' END
            || 'NCES links no degree program to it'
        WHEN stem_majority THEN CASE WHEN is_stem_occupation THEN '; ' ELSE ', but ' END
            || CASE WHEN linked_cip_count = 1 THEN 'its one linked degree program is'
                WHEN stem_cip_count = linked_cip_count THEN 'all ' || linked_cip_count || ' linked degree programs are'
                ELSE stem_cip_count || ' of ' || linked_cip_count || ' linked degree programs (a majority) are' END
            || ' on the DHS STEM list'
        WHEN stem_cip_count = 0 THEN CASE WHEN is_stem_occupation THEN '; ' ELSE ', and ' END
            || 'none of its ' || linked_cip_count || ' linked degree programs is on the DHS STEM list'
        ELSE CASE WHEN is_stem_occupation THEN '; ' ELSE ', and only ' END
            || stem_cip_count || ' of ' || linked_cip_count
            || ' linked degree programs ' || CASE WHEN stem_cip_count = 1 THEN 'is' ELSE 'are' END
            || ' on the DHS STEM list (not a majority)'
    END AS stem_basis,
    stem_cip_codes,
    linked_cip_count,
    stem_cip_share,
    cet_areas,
    is_stem_occupation OR stem_majority OR len(cet_areas) > 0 AS is_priority_field,
    releases.*,
    (SELECT any_value(job_zone_framework) FROM meta.onet_release) AS job_zone_framework
FROM joined, releases
ORDER BY soc_code;
