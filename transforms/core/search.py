"""The search documents `socwh search` ranks 2018 SOC codes by: one row per title or duty text of a detailed code.

Two kinds, kept in separate tables so each has its own term statistics (a word common in task statements, such
as "develop", must not lose weight in title search, and the reverse):

  title documents   the SOC title, O*NET occupation titles, O*NET alternate titles and sample reported titles
  duty documents    the SOC definition, O*NET occupation descriptions and O*NET task statements

Every O*NET text rolls up to the SOC code of its O*NET-SOC code (its first seven characters). Columns of both:
doc_id (1..n, the key the full-text index uses), soc_code, onet_soc_code (NULL for the SOC's own texts), field,
text, search_text (what the full-text index reads: the text followed by one token per PHRASES entry it contains). A text repeated for one SOC code (an alternate title that equals the O*NET title, say) is kept once, under
its most authoritative field, so repetition does not count as extra evidence.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl

# Most authoritative first: a text found in several fields of one SOC code keeps the first.
TITLE_FIELDS = ("soc_title", "onet_title", "reported_title", "alternate_title")
DUTY_FIELDS = ("definition", "onet_description", "task")
COLUMNS = ("soc_code", "onet_soc_code", "field", "text")

# A SOC title's ", Except ..." clause names occupations that are *not* in the code ("Architects, Except Landscape
# and Naval"): indexing it would make "landscape architect" match 17-1011. The trailing ", All Other" stays.
_EXCEPT = r",\s+Except\b.*?(,\s+All Other)?$"
# Likewise a SOC definition's "Excludes “Landscape Architects” (17-1012) ..." sentence names other codes' work, and so
# does one that sends some of its workers to another code or category: "Ophthalmologists are included in
# “Ophthalmologists, Except Pediatric” (29-1241)" (in Optometrists'), "Workers who primarily program or operate CNC
# equipment are classified in ... (51-9160)" (in Machinists'). Not "too diverse ... to be classified in any one
# functional area" (General and Operations Managers' own scope): that sentence names no code or category.
_OTHER_CODES = (
    r"\s*Excludes\b[^.]*(\.|$)"
    r"|\s*[^.]*\b(?:are|is|be)\s+(?:included|classified|reported)\s+(?:in|with|under|elsewhere)\b"
    r"[^.]*(?:\d\d-\d{4}|\bcategor(?:y|ies)\b)[^.]*(\.|$)"
)
# Nor does a description's ", except ..." clause name the code's own work: "Teach courses in the physical sciences,
# except chemistry and physics" (25-1051's SOC definition and O*NET description) put 25-1051 Atmospheric, Earth,
# Marine, and Space Sciences Teachers first for a high-school chemistry and physics teacher.
_EXCEPT_CLAUSE = r",?\s*\bexcept\s+[^,.;]*"
_WORD = r"[a-z]+"

# Technical and professional phrases that mean more than their words: "machine learning" is not "learning", a
# "clinical trial" is not any trial. Each phrase found in a text adds one token to its search_text (its words run
# together: "machinelearning"), and the search adds the same token to a query that contains it, so BM25 scores a
# phrase as one rare term. The last word may be plural. Written from the fields NIW petitions come from (AI, data,
# biotech, semiconductors, clean energy, engineering, research) and a few everyday phrases whose words mislead.
PHRASES = """
machine learning|deep learning|neural network|natural language processing|computer vision|artificial intelligence
reinforcement learning|large language model|language model|generative model|speech recognition|image recognition
image processing|signal processing|pattern recognition|recommender system|recommendation system|data science
data scientist|data mining|data analytics|big data|data pipeline|data warehouse|data engineering|data model
statistical model|statistical method|statistical analysis|predictive model|mathematical model|optimization model
operations research|time series|software engineering|software development|software engineer|software developer
source code|web application|web site|website|mobile app|mobile application|user interface|user experience
cloud computing|cloud infrastructure|operating system|computer network|network security|information security
cyber security|cybersecurity|penetration test|computer science|computer scientist|high performance computing
quantum computing|quantum computer|embedded software|embedded system|firmware|integrated circuit|semiconductor
wafer fabrication|chip design|circuit board|printed circuit|power electronics|electronic circuit|control system
clinical trial|clinical study|clinical research|gene therapy|cell culture|cell line|molecular biology|public health
drug development|medical device|medical imaging|mental health|health care|patient care|genomic|bioinformatics
biotechnology|biostatistics|epidemiological|renewable energy|solar energy|solar panel|solar photovoltaic
photovoltaic|wind turbine|wind energy|wind farm|energy storage|energy efficiency|battery|fuel cell|electric vehicle
power plant|pilot plant|power system|power generation|electric grid|power grid|transmission line|nuclear reactor
climate model|climate change|fluid dynamics|finite element|materials science|thin film|business strategy
management consulting|financial model|financial statement|financial analysis|investment bank|supply chain
human resources|customer service|real estate|social media|air traffic|high school|elementary school|middle school
special education|early childhood|graduate student|research lab|research laboratory|laboratory experiment
"""
PHRASE_LIST = tuple(p for line in PHRASES.strip().splitlines() for p in line.split("|"))
# Longest first, so that "large language model" wins over "language model" where both could match.
PHRASE_PATTERN = (
    r"\b(?:" + "|".join(r"[\s-]+".join(p.split()) for p in sorted(PHRASE_LIST, key=len, reverse=True)) + r")(?:s|es)?\b"
)


def phrase_tokens(text: pl.Expr) -> pl.Expr:
    """The PHRASES in lowercase `text`, each as one token, space-separated ('neural networks' -> 'neuralnetworks')."""
    return (
        text.str.to_lowercase()
        .str.extract_all(PHRASE_PATTERN)
        .list.eval(pl.element().str.replace_all(r"[^a-z]", ""))
        .list.join(" ")
    )


def with_search_text(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with search_text: its text, then its phrase tokens (what the full-text index reads)."""
    return frame.with_columns(
        search_text=pl.concat_str([pl.col("text"), phrase_tokens(pl.col("text"))], separator=" ").str.strip_chars()
    )


def searchable_soc_title(title: pl.Expr) -> pl.Expr:
    """The SOC title without its ', Except ...' clause: 'Architects, Except Landscape and Naval' -> 'Architects'."""
    return title.str.replace(_EXCEPT, "${1}")


def _detailed(hierarchy: pl.DataFrame) -> pl.DataFrame:
    return hierarchy.filter(pl.col("level") == "detailed")


def _onet(onet_occupations: pl.DataFrame, frame: pl.DataFrame, field: str, text: str) -> pl.DataFrame:
    """O*NET rows (onet_soc_code, `text`) as documents of `field`, rolled up through core.onet_occupations."""
    return frame.join(onet_occupations.select("onet_soc_code", "soc_code"), on="onet_soc_code", how="inner").select(
        "soc_code", "onet_soc_code", field=pl.lit(field), text=pl.col(text)
    )


def _finish(frame: pl.DataFrame, fields: tuple[str, ...], detailed_codes: pl.Series) -> pl.DataFrame:
    """Trim, drop empty texts and codes that are not detailed SOC codes, keep one row per (code, text), number."""
    rank = {field: i for i, field in enumerate(fields)}
    return (
        frame.with_columns(text=pl.col("text").str.strip_chars())
        .filter(pl.col("text").is_not_null() & (pl.col("text") != "") & pl.col("soc_code").is_in(detailed_codes))
        .with_columns(_rank=pl.col("field").replace_strict(rank, return_dtype=pl.Int32))
        .sort("soc_code", "_rank", pl.col("onet_soc_code").fill_null(""), "text")
        .unique(subset=["soc_code", pl.col("text").str.to_lowercase()], keep="first", maintain_order=True)
        .drop("_rank")
        .with_row_index("doc_id", offset=1)
        .with_columns(pl.col("doc_id").cast(pl.Int64))
        .select("doc_id", *COLUMNS)
        .pipe(with_search_text)
    )


def title_documents(
    hierarchy: pl.DataFrame,
    onet_occupations: pl.DataFrame,
    alternate_titles: pl.DataFrame,
    reported_titles: pl.DataFrame,
) -> pl.DataFrame:
    """Every title a detailed SOC code is known by (SOC, O*NET, alternate, reported), one document each."""
    detailed = _detailed(hierarchy)
    soc = detailed.select(
        "soc_code",
        onet_soc_code=pl.lit(None, pl.String),
        field=pl.lit("soc_title"),
        text=searchable_soc_title(pl.col("title")),
    )
    frames = [
        soc,
        _onet(onet_occupations, onet_occupations, "onet_title", "title"),
        _onet(onet_occupations, reported_titles, "reported_title", "reported_job_title"),
        _onet(onet_occupations, alternate_titles, "alternate_title", "alternate_title"),
    ]
    return _finish(pl.concat(frames), TITLE_FIELDS, detailed["soc_code"])


def duty_documents(hierarchy: pl.DataFrame, onet_occupations: pl.DataFrame, tasks: pl.DataFrame) -> pl.DataFrame:
    """Every description of a detailed SOC code's work (SOC definition, O*NET description, tasks), one each."""
    detailed = _detailed(hierarchy)
    soc = detailed.select(
        "soc_code",
        onet_soc_code=pl.lit(None, pl.String),
        field=pl.lit("definition"),
        text=pl.col("definition").str.replace_all(_OTHER_CODES, "").str.replace_all(_EXCEPT_CLAUSE, ""),
    )
    descriptions = onet_occupations.with_columns(pl.col("description").str.replace_all(_EXCEPT_CLAUSE, ""))
    frames = [
        soc,
        _onet(onet_occupations, descriptions, "onet_description", "description"),
        _onet(onet_occupations, tasks, "task", "task"),
    ]
    return _finish(pl.concat(frames), DUTY_FIELDS, detailed["soc_code"])


def title_terms(titles: pl.DataFrame) -> pl.DataFrame:
    """The words of the title documents (lowercase ASCII letters) and how many documents use each: term, documents.

    The search corrects a query word that no title uses to the nearest word that one does ('Enginer' ->
    'engineer'), and needs the words as written: the full-text index keeps only their stems.
    """
    words = titles.select(
        "doc_id",
        term=pl.col("text")
        .str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")  # strip accents the way the index does: 'Científico' -> 'cientifico'
        .str.to_lowercase()
        .str.extract_all(_WORD),
    ).explode("term")
    return (
        words.filter(pl.col("term").str.len_chars() >= 2)
        .group_by("term")
        .agg(documents=pl.col("doc_id").n_unique().cast(pl.Int64))
        .sort("term")
    )


def duty_profiles(duties: pl.DataFrame) -> pl.DataFrame:
    """One document per SOC code: all its duty texts (definition first, then O*NET descriptions and tasks).

    A duties paragraph describes a whole job, so it is ranked against whole occupations; BM25's length
    normalisation keeps an "All Other" code, whose many O*NET specialties make a long profile, from winning
    merely by size. Columns: doc_id, soc_code, field ('profile'), text.
    """
    return (
        duties.sort("doc_id")
        .group_by("soc_code", maintain_order=True)
        .agg(text=pl.col("text").str.join(" "))
        .sort("soc_code")
        .with_row_index("doc_id", offset=1)
        .select(pl.col("doc_id").cast(pl.Int64), "soc_code", field=pl.lit("profile"), text="text")
        .pipe(with_search_text)
    )


def code_vectors(
    titles: pl.DataFrame, duties: pl.DataFrame, *, embed: Callable[[list[str]], np.ndarray]
) -> pl.DataFrame:
    """One unit vector per SOC code for `socwh search` to rank by meaning next to BM25, from `embed` (one unit vector
    per text; the build passes warehouse.sources.word_vectors.embed, so this stays pure):
    the sum of the mean of its title documents' vectors and the mean of its duty documents' vectors, each text
    embedded on its own. Titles and duties weigh the same whatever their counts (some codes have 200 titles and 5
    tasks). Word vectors place 'deep learning' near 'machine learning' and 'neural network', where BM25 sees no
    shared word. Columns: soc_code, vector (FLOAT[DIM]).
    """
    codes = sorted(set(titles["soc_code"]) | set(duties["soc_code"]))
    row = {code: i for i, code in enumerate(codes)}
    parts = []
    for frame in (titles, duties):
        # Each distinct text embedded once (a sixth of the titles repeat another's text, across or within codes).
        texts, each = np.unique(frame["text"].to_numpy().astype(object), return_inverse=True)
        vectors = embed(texts.tolist())[each]
        # Each code's sum over its rows: rows sorted by code, then summed in runs (np.add.at took 1.2-1.5 s here).
        index = np.fromiter((row[code] for code in frame["soc_code"]), dtype=np.int64, count=frame.height)
        order = np.argsort(index, kind="stable")
        runs = np.flatnonzero(np.diff(index[order], prepend=-1))
        summed = np.zeros((len(codes), vectors.shape[1]), dtype=np.float32)
        if len(order):
            summed[index[order][runs]] = np.add.reduceat(vectors[order], runs, axis=0)
        parts.append(unit(summed))
    total = parts[0] + parts[1]
    return pl.DataFrame(
        {"soc_code": codes, "vector": unit(total)},
        schema={"soc_code": pl.String, "vector": pl.Array(pl.Float32, total.shape[1])},
    )


def unit(matrix: np.ndarray) -> np.ndarray:
    """Each row of `matrix` (or `matrix` itself, a vector) scaled to length 1; a row of zeros stays zeros."""
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1)
