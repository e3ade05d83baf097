"""Per-file test time, side by side, from pytest's JUnit XML reports (setup + call + teardown of each test).

    pytest -p no:cacheprovider --junitxml=before.xml ...   # on the reference commit
    pytest -p no:cacheprovider --junitxml=after.xml ...    # on this one
    python bench/suite_durations.py before.xml after.xml

Under pytest-xdist the per-file sums add the two workers' time: the wall-clock total is the last line of pytest's
own output ("... in N s"), which this prints from the XML's `time` attribute of the test suite.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def per_file(path: str) -> tuple[dict[str, float], dict[str, dict[str, int]], float]:
    root = ET.parse(path).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    seconds: dict[str, float] = defaultdict(float)
    outcomes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for case in suite.iter("testcase"):
        file = case.get("classname", "").split(".")
        # classname is tests.test_x (or tests.raw.test_x, or tests.test_x.Class): the module is the test_* part
        module = next((i for i, part in enumerate(file) if part.startswith("test_")), len(file) - 1)
        name = "/".join(file[: module + 1]) + ".py"
        seconds[name] += float(case.get("time", 0))
        kind = next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed")
        outcomes[name][kind] += 1
    return seconds, outcomes, float(suite.get("time", 0))


def main(paths: list[str]) -> None:
    runs = [per_file(path) for path in paths]
    files = sorted({f for seconds, _, _ in runs for f in seconds}, key=lambda f: -max(r[0].get(f, 0) for r in runs))
    print(f"{'file':45}" + "".join(f"{p[-28:]:>30}" for p in paths))
    for file in files:
        cells = []
        for seconds, outcomes, _ in runs:
            if file not in seconds:
                cells.append(f"{'-':>30}")
                continue
            bad = {k: v for k, v in outcomes[file].items() if k != "passed"}
            note = " " + ",".join(f"{v}{k[0]}" for k, v in bad.items()) if bad else ""
            cells.append(f"{seconds[file]:>22.1f} s{note:>6}")
        print(f"{file:45}" + "".join(cells))
    print(f"{'sum of tests':45}" + "".join(f"{sum(r[0].values()):>28.1f} s" for r in runs))
    print(f"{'wall clock (the session)':45}" + "".join(f"{r[2]:>28.1f} s" for r in runs))


if __name__ == "__main__":
    main(sys.argv[1:])
