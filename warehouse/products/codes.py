"""The occupation codes people paste, read as one 2018 SOC detailed code.

Accepted: '15-1221'; an O*NET-SOC code ('15-1221.00', '15-1299.08' -> its 2018 SOC code, the first seven
characters); any dash ('15–1221' en dash, '15—1221' em dash, minus signs) or none ('151221'); and 2010 SOC codes that
2018 SOC retired ('15-1132'), mapped through O*NET's crosswalks (`curated/soc_2010_to_2018.csv`). A 2010 code that
2018 SOC split is not guessed: the error lists its candidates. Every command that takes a code reads it here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from warehouse.sources.soc_crosswalk import CROSSWALK_CSV

DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]")
FORM = re.compile(r"^(\d{2})-?(\d{4})(?:\.(\d{2}))?$")


class UnknownCode(ValueError):
    """A code that is malformed, unknown, or (a split 2010 code) stands for several 2018 codes."""


@dataclass(frozen=True)
class Resolved:
    code: str  # the 2018 SOC detailed code
    note: str | None  # how the input was read, when it was not already that code ('2010 SOC 15-1111 is ...')


@cache
def _crosswalk() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Retired 2010 SOC code -> (its 2010 title, [(2018 code, 2018 title), ...])."""
    out: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    with CROSSWALK_CSV.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            _, targets = out.setdefault(row["soc_2010_code"], (row["soc_2010_title"], []))
            targets.append((row["soc_2018_code"], row["soc_2018_title"]))
    return out


def resolve(text: str) -> Resolved:
    """The 2018 SOC code `text` stands for, with a note saying how it was read; UnknownCode if it cannot be read.

    A well-formed code that is neither a retired 2010 code nor known here is returned as given: whether the
    warehouse has it is for the caller's query to say."""
    given = text.strip()
    cleaned = DASHES.sub("-", given).replace(" ", "")
    match = FORM.match(cleaned)
    if not match:
        raise UnknownCode(
            f"{given!r} is not a 2018 SOC detailed code: expected the form NN-NNNN, e.g. 15-1221 "
            "(an O*NET-SOC code such as 15-1221.00 works too)"
        )
    code = f"{match.group(1)}-{match.group(2)}"
    notes = []
    if match.group(3) is not None:
        notes.append(f"O*NET-SOC {code}.{match.group(3)} belongs to 2018 SOC {code}")
    retired = _crosswalk().get(code)
    if retired is not None:
        title, targets = retired
        if len(targets) > 1:
            options = "; ".join(f"{c} {t}" for c, t in targets)
            raise UnknownCode(
                f"{code} is a 2010 SOC code ({title}) that 2018 SOC split into {len(targets)} codes: {options}. "
                "Choose the one that fits the duties."
            )
        notes.append(f"{code} is a 2010 SOC code ({title}); O*NET's crosswalk maps it to 2018 SOC {targets[0][0]}")
        code = targets[0][0]
    return Resolved(code, "; ".join(notes) or None)


def reading_notes(*texts: str) -> list[str]:
    """How each pasted code was read, for the commands to print before their output (a code that cannot be read
    gives no note: the command's own error names it)."""
    notes = []
    for text in texts:
        try:
            note = resolve(text).note
        except UnknownCode:
            continue
        if note:
            notes.append(note)
    return notes
