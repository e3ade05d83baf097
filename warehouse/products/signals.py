"""The advanced-degree evidence, stated as what it is.

BLS's typical entry education (Employment Projections) is the official signal. O*NET's share of respondents who say
the job needs a master's or higher, and O*NET's Job Zone 5, corroborate it; both come from the same O*NET surveys,
so they are correlated, not independent votes. Where the signals disagree, the disagreement is shown, not summed
away: an officer will read the BLS assignment first.
"""

from __future__ import annotations

OFFICIAL = "BLS typical entry education is the official signal; O*NET's share and Job Zone 5 corroborate it (both from O*NET's surveys, so correlated)."
EXPERIENCE_LABEL = "Bachelor's degree and 5 years or more in a related occupation (BLS)"
EXPERIENCE_CAVEAT = (
    "8 CFR 204.5(k)(2) accepts a bachelor's degree followed by at least five years of progressive experience in "
    "the specialty. BLS's work-experience category describes the occupation (5 years or more in a related "
    "occupation); it does not show that the petitioner's experience is progressive or in the specialty."
)


def disagreements(o: dict) -> list[str]:
    """Where O*NET's signals disagree with BLS's assignment (or stand in for a missing one), one sentence each.

    `o` is an `occupations` row. 19-1011 Animal Scientists: "BLS: Bachelor's degree, but 78% of O*NET respondents
    say a master's or higher"."""
    bls, advanced = o["bls_typical_education"], o["bls_requires_advanced_degree"]
    pct, zone = o["onet_advanced_degree_pct"], o["job_zone"]
    found = []
    if bls is None:
        if pct is not None:
            found.append(
                f"No BLS assignment: the advanced-degree flag rests on O*NET alone ({pct:.0f}% of respondents say a "
                "master's or higher)"
            )
        return found
    if pct is not None and (pct >= 50) != advanced:
        found.append(
            f"BLS: {bls}, but {pct:.0f}% of O*NET respondents say a master's or higher"
            if not advanced
            else f"BLS: {bls}, but only {pct:.0f}% of O*NET respondents say a master's or higher"
        )
    if zone is not None and (zone == 5) != advanced:
        found.append(
            f"BLS: {bls}, but O*NET puts it in Job Zone 5 (Extensive Preparation Needed)"
            if not advanced
            else f"BLS: {bls}, but O*NET puts it in Job Zone {zone}, not 5"
        )
    return found
