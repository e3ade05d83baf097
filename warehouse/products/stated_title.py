"""The job title a description of duties states for its writer: 'I am a physical therapist at an outpatient
clinic' -> 'physical therapist'.

Petitioners and job ads often say the job in so many words before its duties ('As an MLOps engineer, I ...', 'The
beneficiary works as a medicinal chemist ...', 'Process Integration Engineer, 300mm logic fab. Owns ...'), and the
duties' words alone then rank another code first: a physical therapist's paragraph ranked 31-2021 Physical
Therapist Assistants first, a paralegal's 23-1012 Judicial Law Clerks. The search ranks such a title as if it had
been given (warehouse.products.search); this module only finds it, in pure text.

A title is stated where
- the writer says they hold it now: 'I am a/an/the ...', "I'm a ...", 'I work (serve, am employed, have worked)
  as (a) ...', 'As a(n) ...' at the start of a sentence; in a text with no first person, 'The beneficiary
  (applicant, employee, incumbent, she, he) is (has been) a/an/the ...' or 'works (serves, is employed) as (a)
  ...'. Not a past job ('I worked as a nurse', 'She was a chemist'), a negated one ('I am not a lawyer', 'no longer
  a nurse'), one the writer was trained for ('a software engineer by training'), a job ad's wish ('The ideal
  candidate is a team player') or the petitioner's (usually the employer); not the first person of a letter
  about someone else ('I am a professor of chemistry and I have supervised Dr. Wang'); and not a role in a thing
  the text names, in a relative clause ('a multicenter trial, where he is site principal investigator', 'the
  consortium, in which I am the lead engineer');
- or the text starts with one, capitalised, before a comma, colon, semicolon, full stop, parenthesis, dash, line
  break or ' at/for/in/with ': 'Geoscientist, Geothermal Exploration.', 'Automotive Service Technician at a
  dealership.', 'As Marketing Manager for ...' (read without 'As' and an article after it; not 'Design, build and
  test ...', whose last word names no job; not 'Dear Officer,', 'Dr. Wang designs ...' or 'Acme Builders, Inc.
  seeks ...').
Its last word (before any 'of ...', kept only after a rank: 'Professor of Chemical Engineering') is a job: a noun
O*NET's incumbents reported as a title's head (`jobs`: warehouse.products.search.worker_nouns), and not one that
names no job on its own ('a member of the team', 'a partner at a law firm', 'a leader in ...', 'the first
author'). Words after the job are dropped where they start what the job does ('a biostatistician supporting Phase
II trials', 'a mechanical engineer designing drivetrains'); any other word after it means the job word is not the
title's head ('As a pilot study, ...'), and a figure of speech is no title ('a key driver of our growth').
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

# 'I' the pronoun: not a course's numeral ('Cell Biology I and II', 'Calculus I-III') nor 'i.e.'
PRONOUN_I = r"i(?!\s*(?:and|or|to|through|[-\u2013,/&.]))"
# a text in the first person: its 'I am a ...' is the writer's; in one without, 'The beneficiary is a ...' is
FIRST_PERSON = re.compile(rf"\b(?:{PRONOUN_I}|i'm|me|my|we|our)\b", re.IGNORECASE)
_ARTICLE = r"(?:an?|the)\s+"
_NOW = r"(?:(?:currently|now|presently|also)\s+)?"
_WRITER = re.compile(
    rf"\b(?:i\s+am\s+{_NOW}(?:working|employed|serving)\s+as|i\s+(?:work|serve)\s+as"
    r"|i\s+have\s+(?:been\s+)?(?:work(?:ed|ing)|serv(?:ed|ing)|employed)\s+as|i\s+am|i'm)"
    rf"\s+{_NOW}(?:{_ARTICLE})?"
    rf"|(?:^|[.!?;]\s+)as\s+(?:{_ARTICLE})?",
    re.IGNORECASE,
)
# who holds the job a text with no first person describes ('The beneficiary is a ...'); not a job ad's
# 'candidate', whom it wishes for, nor the petitioner, usually the employer
HOLDERS = frozenset({"beneficiary", "applicant", "employee", "incumbent", "she", "he"})
_HOLDER = re.compile(
    rf"\b(?:the\s+)?(?:{'|'.join(sorted(HOLDERS))})\s+"
    rf"(?:is\s+{_NOW}(?:working|employed|serving)\s+as|has\s+been\s+(?:working|employed|serving)\s+as"
    r"|(?:works|serves|has\s+worked|has\s+served)\s+as|is|has\s+been)"
    rf"\s+{_NOW}(?:{_ARTICLE})?",
    re.IGNORECASE,
)
# the words that start a relative clause about a thing, where 'he is' states a role in it ('a multicenter trial of
# responsive neurostimulation, where he is site principal investigator' put 33-9021 Private Detectives' and 13-1041
# Compliance Officers' 'investigator' before a neurologist's duties)
_RELATIVE = re.compile(r"\b(?:where|wherein|which|whom)\s*$", re.IGNORECASE)
# a letter about someone else ('I have supervised Dr. Wang'): its first person is the recommender's
_SOMEONE_ELSE = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+[A-Z][a-z]+")
# the words a stated title stops before ('a physical therapist at ...', 'an engineer for ...', 'a chemist who ...')
_ENDS = frozenset(
    {
        "at", "in", "for", "with", "on", "who", "that", "which", "and", "where", "within", "from", "to", "by", "since",
        "i", "we", "working", "specializing", "specialising", "focusing", "focused", "based", "responsible",
    }
)  # fmt: skip
_NEGATED = frozenset({"not", "no", "never", "former", "ex", "formerly"})
# words of a figure of speech or of praise, not of a title ('a key driver of', 'an internationally recognized leader')
_FIGURATIVE = frozenset(
    {
        "key", "leading", "recognized", "recognised", "renowned", "world-renowned", "internationally", "nationally",
        "world-class", "strong", "successful", "ideal", "true", "natural", "born",
    }
)  # fmt: skip
# the ranks a title continues after with 'of ...' ('Professor of Chemical Engineering', 'Director of Research')
_OF_HEADS = frozenset({"professor", "director", "head", "chief", "dean", "lecturer", "president", "manager"})
# nouns O*NET's incumbents reported as a title's head that name no job alone ('Crew Member', 'Salesperson',
# 'Partner'), honorifics, and a supervisor's, whom the search codes by whom they supervise
# (warehouse.products.search.SUPERVISING), not by title
_NOT_A_JOB = frozenset(
    {"member", "person", "professional", "expert", "individual", "part", "graduate", "partner", "leader", "author"}
    | {"reviewer", "player", "communicator", "founder", "owner", "dr", "mr", "mrs", "ms", "prof"}
    | {"supervisor", "foreman", "forewoman", "boss"}
)
# what may follow the job word in a title ('Software Engineer II') and what starts what the job does ('a chemist
# designing ...')
_GRADES = frozenset({"i", "ii", "iii", "iv", "v"})
_WORDS = 6  # a title's words at most, before any 'of' ('Senior Process Integration Engineer II'); as many after it
_TOKEN = re.compile(r"[A-Za-z0-9][\w&+/'.-]*")
_LEADING_CHARS = 200  # a leading title is within the text's first characters (and a long text is not scanned)
_LEADING = re.compile(
    r"^[\W_]{0,10}(?P<title>\w[^,.:;()\n\u2013\u2014]{0,150}?)\s*"
    r"(?:[,.:;(\n\u2013\u2014]|\s-\s|\s(?:at|for|in|with)\s)(?P<after>\s*\w*)"
)
_NOT_LEADING = frozenset({"dear", "re", "to", "subject", "hello", "hi", "attn", "attention"})
_COMPANY = frozenset({"inc", "llc", "ltd", "corp", "co", "gmbh", "plc", "lp", "llp"})
_BY_TRAINING = re.compile(r"by\s+(?:training|education|background)\b", re.IGNORECASE)
_MINOR = frozenset({"of", "and", "&", "the"})
_ARTICLES = frozenset({"a", "an", "the"})


def stated_title(text: str | None, jobs: Callable[[], Container[str]]) -> str | None:
    """The job title `text` states for its writer (see the module), as written, or None. `jobs()` gives the job
    nouns; it is called only where the text may state a title (reading them is a query to the warehouse)."""
    found = _candidates(text)
    if not found:
        return None
    known = jobs()
    for words in found:
        titled = _up_to_job(words, known)
        if titled:
            return " ".join(titled)
    return None


def _candidates(text: str | None) -> list[list[str]]:
    """The words of each title `text` may state for its writer, before their heads are checked: a title that starts
    the text first, then those the writer or holder says they are, in order."""
    if not text:
        return []
    text = text.replace("\u2019", "'")
    found = []
    leading = _LEADING.match(text[:_LEADING_CHARS])
    if leading:
        words = leading["title"].split()
        if words and words[0].lower() == "as":  # 'As Marketing Manager for a ... brand, I plan...'
            words = words[2:] if len(words) > 1 and words[1].lower() in _ARTICLES else words[1:]
        if (
            words
            and len(words) <= _WORDS
            and words[0].lower() not in _NOT_LEADING
            and leading["after"].strip().lower() not in _COMPANY
            and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR for w in words)
        ):
            found.append(words)
    first_person = FIRST_PERSON.search(text)
    if first_person and _SOMEONE_ELSE.search(text):
        return found
    pattern = _WRITER if first_person else _HOLDER
    return found + [
        words
        for match in pattern.finditer(text)
        if not _RELATIVE.search(text, max(0, match.start() - 20), match.start())
        and (words := _title(text[match.end() :]))
    ]


def _title(rest: str) -> list[str]:
    """The words of the title at the start of `rest` (the text after 'I am a'), up to a word of _ENDS, a
    punctuation mark or 'of' (but after a rank of _OF_HEADS); none where it is negated or figurative."""
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
    lowered = {w.lower() for w in kept}
    if kept and (kept[0].lower() in _NEGATED or lowered & _FIGURATIVE):
        return []
    return kept


def _up_to_job(words: list[str], jobs: Container[str]) -> list[str]:
    """`words` up to their last job where what follows starts what the job does ('a biostatistician supporting
    Phase II trials' -> 'biostatistician') or is a grade ('Software Engineer II'), and a rank's 'of ...' after it
    ('Assistant Professor of Chemical Engineering'); none where no word is a job or another word follows it ('As a
    pilot study': the pilot is the study's)."""
    lowered = [w.lower() for w in words]
    end = next((k for k in range(len(words), 0, -1) if _is_job(lowered[:k], jobs)), 0)
    if not end:
        return []
    after = lowered[end:]
    if after[:1] == ["of"]:
        return words if lowered[end - 1] in _OF_HEADS else []
    if set(after) <= _GRADES:
        return words
    return words[:end] if after[0].endswith(("ing", "ed")) else []


def _is_job(lowered: list[str], jobs: Container[str]) -> bool:
    """Whether the last of a title's words (lower case) is a job O*NET's incumbents name, within _WORDS words."""
    if not lowered or len(lowered) > _WORDS:
        return False
    noun = lowered[-1]
    singular = noun[:-1] if noun.endswith("s") and noun[:-1] in jobs else noun
    return singular in jobs and singular not in _NOT_A_JOB
