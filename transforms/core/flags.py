"""The advanced-degree and STEM flags of the `occupations` view (sql/views/10_occupations.sql), in the order they are
shown. The release history keeps them and compare lines them up: one list, so a new flag reaches both."""

ADVANCED_DEGREE_AND_STEM = (
    "bls_requires_advanced_degree",
    "onet_majority_advanced_degree",
    "job_zone_5",
    "requires_advanced_degree",
    "advanced_degree_evidence",
    "bachelors_plus_5y",
    "is_stem",
)
