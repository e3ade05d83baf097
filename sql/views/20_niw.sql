-- advanced_degree_occupations: the occupations (all columns of `occupations`) where requires_advanced_degree.
CREATE OR REPLACE VIEW main.advanced_degree_occupations AS
SELECT * FROM main.occupations WHERE requires_advanced_degree ORDER BY soc_code;

-- priority_field_occupations: the occupations where is_priority_field (is_stem, by BLS's STEM occupation list or a majority of linked DHS STEM programs, or a CET area).
CREATE OR REPLACE VIEW main.priority_field_occupations AS
SELECT * FROM main.occupations WHERE is_priority_field ORDER BY soc_code;

-- niw_candidates: occupations that (typically require an advanced degree, or take a bachelor's and 5 years of
-- experience) and are in a priority field. Strongest advanced-degree evidence first, then the largest employment.
CREATE OR REPLACE VIEW main.niw_candidates AS
SELECT *
FROM main.occupations
WHERE (requires_advanced_degree OR bachelors_plus_5y) AND is_priority_field
ORDER BY advanced_degree_evidence DESC, employment DESC NULLS LAST, soc_code;
