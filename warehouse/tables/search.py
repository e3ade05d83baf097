"""The search tables: the title and duty documents `socwh search` ranks by, built by `transforms.core.search`, three
of them with a full-text (BM25) index (created in the build database: see orchestration/assets/search.py), and one
vector per code to rank by meaning."""

from __future__ import annotations

from functools import partial

from transforms.core import search
from warehouse.sources import word_vectors
from warehouse.tables.declare import DerivedTable

SEARCH_TABLES = [
    DerivedTable(
        name="title_documents",
        layer="search",
        inputs=("core.soc_hierarchy", "core.onet_occupations", "raw.onet_alternate_titles", "raw.onet_reported_titles"),
        build=search.title_documents,
        description="Every title of each SOC code (SOC, O*NET, alternate, reported titles), with a BM25 index.",
        indexed=True,
    ),
    DerivedTable(
        name="duty_documents",
        layer="search",
        inputs=("core.soc_hierarchy", "core.onet_occupations", "raw.onet_task_statements"),
        build=search.duty_documents,
        description="Every description of each SOC code's work (SOC definition, O*NET description, tasks), with a "
        "BM25 index.",
        indexed=True,
    ),
    DerivedTable(
        name="duty_profiles",
        layer="search",
        inputs=("search.duty_documents",),
        build=search.duty_profiles,
        description="One document per SOC code with all its duty texts, with a BM25 index: what duties are ranked by.",
        indexed=True,
    ),
    DerivedTable(
        name="code_vectors",
        layer="search",
        inputs=("search.title_documents", "search.duty_documents"),
        build=partial(search.code_vectors, embed=word_vectors.embed),
        description="One vector per SOC code from WordLlama's bundled word vectors (its titles' mean plus its "
        "duties' mean): what a query is also ranked by, by meaning, next to BM25.",
        indexed=False,
    ),
    DerivedTable(
        name="title_terms",
        layer="search",
        inputs=("search.title_documents",),
        build=search.title_terms,
        description="The words used in titles, to correct misspelt or foreign query words to the nearest one.",
        indexed=False,
    ),
]
