"""The job title a description of duties states for its writer: 'I am a physical therapist at an outpatient
clinic' -> 'physical therapist'.

Petitioners and job ads often say the job in so many words before its duties ('As an MLOps engineer, I ...', 'The
beneficiary works as a medicinal chemist ...', 'Process Integration Engineer, 300mm logic fab. Owns ...'), and the
duties' words alone then rank another code first: a physical therapist's paragraph ranked 31-2021 Physical
Therapist Assistants first, a paralegal's 23-1012 Judicial Law Clerks. The search ranks such a title as if it had
been given (warehouse.products.search); this module only finds it, in pure text.

A title is stated where
- the writer says they are one now: 'I am a/an/the ...', "I'm a ...", 'I work (serve, have worked) as (a) ...',
  'As a(n) ...' at the start of a sentence; in a text with no first person, 'The beneficiary (applicant,
  petitioner, candidate, she, he) is (has been) a/an/the ...' or 'works (serves) as (a) ...'. A past job is not
  the writer's ('I worked as a nurse before...', 'She was a chemist'), nor one they were trained for ('a software
  engineer by training');
- or the text starts with one, capitalised, before a comma, colon, full stop or dash: 'Geoscientist, Geothermal
  Exploration.' (not 'Design, build and test ...': its last word names no job);
and its last word (before any 'of ...', which is kept only after a rank such as 'Professor of ...') is a job:
one O*NET's incumbents reported as a title's head noun (`jobs`: warehouse.products.search.worker_nouns), and not a
word that names no job on its own ('a member of the team', 'a detail-oriented person', 'an expert in ...').
"""

from __future__ import annotations

import re
from collections.abc import Container

_FIRST_PERSON = re.compile(r"\b(?:i|i'm|me|my|we|our)\b", re.IGNORECASE)
_ARTICLE = r"(?:an?|the)\s+"
_NOW = r"(?:(?:currently|now|presently|also)\s+)?"
_WRITER = re.compile(
    r"\b(?:i\s+am|i'm|i\s+(?:work|serve)\s+as|i\s+have\s+(?:been\s+)?(?:work(?:ed|ing)|serv(?:ed|ing))\s+as)"
    rf"\s+{_NOW}(?:{_ARTICLE})?"
    rf"|(?:^|[.!?;]\s+)as\s+(?:{_ARTICLE})?",
    re.IGNORECASE,
)
_HOLDER = re.compile(
    r"\b(?:the\s+)?(?:beneficiary|applicant|petitioner|candidate|incumbent|she|he)\s+"
    r"(?:is|has\s+been|(?:works|serves|has\s+worked|has\s+served)\s+as)"
    rf"\s+{_NOW}(?:{_ARTICLE})?",
    re.IGNORECASE,
)
# the words a stated title stops before ('a physical therapist at ...', 'an engineer for ...', 'a chemist who ...')
_ENDS = frozenset(
    {
        "at", "in", "for", "with", "on", "who", "that", "which", "and", "where", "within", "from", "to", "by", "since",
        "i", "we", "working", "specializing", "specialising", "focusing", "focused", "based", "responsible",
    }
)  # fmt: skip
# the ranks a title continues after with 'of ...' ('Professor of Chemical Engineering', 'Director of Research')
_OF_HEADS = frozenset({"professor", "director", "head", "chief", "dean", "lecturer", "president", "manager"})
# nouns O*NET's incumbents reported as a title's head that name no job alone ('Crew Member', 'Salesperson'), and
# a supervisor's, whom the search codes by whom they supervise (warehouse.products.search.SUPERVISING), not by title
NOT_A_JOB = frozenset(
    {"member", "person", "professional", "expert", "individual", "part", "graduate"}
    | {"supervisor", "foreman", "forewoman", "boss"}
)
_WORDS = 6  # a title's words at most ('Senior Process Integration Engineer II')
_TOKEN = re.compile(r"[A-Za-z0-9][\w&+/'.-]*")
_LEADING = re.compile(
    r"^\W*(?P<title>[^,.:;()\n\u2013\u2014]+?)\s*(?:[,.:;(\n\u2013\u2014]|\s-\s|\s(?:at|for|in|with)\s)"
)
_BY_TRAINING = re.compile(r"by\s+(?:training|education|background)\b", re.IGNORECASE)
_MINOR = frozenset({"of", "and", "&", "the"})


def stated_title(text: str | None, jobs: Container[str]) -> str | None:
    """The job title `text` states for its writer (see the module), as written, or None: the first of
    `candidates` whose head is one of `jobs`."""
    for words in candidates(text):
        titled = _up_to_job(words, jobs)
        if titled:
            return " ".join(titled)
    return None


def _up_to_job(words: list[str], jobs: Container[str]) -> list[str]:
    """`words` up to their last job ('a biostatistician supporting Phase II trials' -> 'biostatistician'), and a
    rank's 'of ...' after it ('Assistant Professor of Chemical Engineering'); none where no word is a job."""
    lowered = [w.lower() for w in words]
    end = next((k for k in range(len(words), 0, -1) if _is_job(lowered[:k], jobs)), 0)
    if end and lowered[end : end + 1] == ["of"] and lowered[end - 1] in _OF_HEADS:
        return words
    return words[:end]


def candidates(text: str | None) -> list[list[str]]:
    """The words of each title `text` may state for its writer, in order, before their heads are checked: pure
    text, so that a caller reads the jobs (a query to the warehouse) only where there is one to check."""
    if not text:
        return []
    text = text.replace("\u2019", "'")
    pattern = _WRITER if _FIRST_PERSON.search(text) else _HOLDER
    found = [words for match in pattern.finditer(text) if (words := _title(text[match.end() :]))]
    leading = _LEADING.match(text)
    if leading:
        words = leading["title"].split()
        if len(words) <= _WORDS and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR for w in words):
            found.append(words)
    return found


def _title(rest: str) -> list[str]:
    """The words of the title at the start of `rest` (the text after 'I am a'), up to a word of _ENDS, a
    punctuation mark or 'of' (but after a rank of _OF_HEADS)."""
    kept: list[str] = []
    for token in _TOKEN.finditer(rest[:200]):
        word = token.group(0).rstrip(".'")
        lower = word.lower()
        if lower in _ENDS or len(kept) == _WORDS * 2:
            if _BY_TRAINING.match(rest, token.start()):  # 'a software engineer by training, but now I manage...'
                return []
            break
        if lower == "of" and not (kept and kept[-1].lower() in _OF_HEADS):
            break
        kept.append(word)
        if rest[token.end() : token.end() + 1] in {",", ";", ":", "(", ")"} or token.group(0).endswith("."):
            break
    while kept and kept[-1].lower() in _MINOR:
        kept.pop()
    return kept


def _is_job(lowered: list[str], jobs: Container[str]) -> bool:
    """Whether the last of a title's words (lower case) is a job O*NET's incumbents name, within _WORDS words."""
    if not lowered or len(lowered) > _WORDS:
        return False
    noun = lowered[-1]
    singular = noun[:-1] if noun.endswith("s") and noun[:-1] in jobs else noun
    return singular in jobs and singular not in NOT_A_JOB
