"""The raw layer: one asset per source table. Each downloads its publisher's file(s), parses them with the pure
parsers in `transforms.raw`, and writes one typed table `raw.<name>` with a record of the bytes it came from."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import polars as pl
from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, MetadataValue, asset

from orchestration.resources import SourceFiles, WarehouseDB
from orchestration.source_release import source_release
from orchestration.ui_metadata import table_schema
from transforms.raw import cip, ep, oews, onet, onet_releases, soc, stem
from warehouse.sources import catalog

# A parser gets {file key: (bytes, file name)} for the files its table is built from.
Parse = Callable[[dict[str, tuple[bytes, str]]], pl.DataFrame]


@dataclass(frozen=True)
class RawTable:
    name: str
    source: str
    files: tuple[str, ...]  # catalog keys, 'source.name'
    parse: Parse
    description: str
    deps: tuple[str, ...] = ()  # other raw tables the parse step checks against


def _one(parser: Callable[[bytes, str], pl.DataFrame]) -> Parse:
    def parse(files: dict[str, tuple[bytes, str]]) -> pl.DataFrame:
        ((content, name),) = files.values()
        return parser(content, name)

    return parse


def raw_tables(onet_release: str) -> list[RawTable]:
    """Every raw table, for the configured O*NET release (whose layout decides which education files exist)."""

    def onet_keys(names: list[str]) -> tuple[str, ...]:
        return tuple(f"onet.{catalog.file_key(name)}" for name in names)

    education_files = onet_keys(onet.onet_education_files(onet_release))
    category_files = onet_keys(onet.onet_education_category_files(onet_release))
    alternate_titles = onet_keys([onet.onet_alternate_titles_file(onet_release)])

    def each(parser: Callable[[bytes, str], pl.DataFrame]) -> Parse:
        # 30.3 splits one file into several of the same columns: parse each, stack them.
        return lambda files: pl.concat([parser(content, name) for content, name in files.values()])

    return [
        RawTable("soc_structure", "soc", ("soc.structure",), _one(soc.parse_soc_structure),
                 "2018 SOC structure: every major, minor, broad and detailed code with its title, level and parent."),
        RawTable("soc_definitions", "soc", ("soc.definitions",), _one(soc.parse_soc_definitions),
                 "2018 SOC definitions, one row per code."),
        RawTable("onet_occupation_data", "onet", ("onet.occupation_data",), _one(onet.parse_occupation_data),
                 "O*NET-SOC occupations: code, title, description."),
        RawTable("onet_job_zones", "onet", ("onet.job_zones",), _one(onet.parse_job_zones),
                 "O*NET Job Zone of each O*NET-SOC occupation (1-5 up to 30.1, 2-5 from 30.2)."),
        RawTable("onet_job_zone_reference", "onet", ("onet.job_zone_reference",),
                 _one(onet.parse_job_zone_reference), "What each Job Zone means: education, experience, training."),
        RawTable("onet_education", "onet", education_files, each(onet.parse_education),
                 "O*NET education, training and experience ratings (scales RL, RW, PT, OJ, IM) per occupation."),
        RawTable("onet_education_categories", "onet", category_files,
                 each(onet.parse_education_categories), "The category labels of each education/training scale."),
        RawTable("onet_scales", "onet", ("onet.scales_reference",), _one(onet.parse_scales_reference),
                 "O*NET scales: id, name, minimum, maximum."),
        RawTable("onet_alternate_titles", "onet", alternate_titles, _one(onet.parse_alternate_titles),
                 "Alternate job titles for each O*NET-SOC occupation."),
        RawTable("onet_reported_titles", "onet", ("onet.sample_of_reported_titles",), _one(onet.parse_reported_titles),
                 "Job titles reported by incumbents, for each O*NET-SOC occupation."),
        RawTable("onet_task_statements", "onet", ("onet.task_statements",), _one(onet.parse_task_statements),
                 "The task statements that describe each occupation's duties."),
        RawTable("onet_related_occupations", "onet", ("onet.related_occupations",),
                 _one(onet.parse_related_occupations), "O*NET's related-occupation links, by tier and rank."),
        RawTable("oews_data", "oews", ("oews.data",), _one(partial(oews.parse_oews_data, compact=True)),
                 "OEWS estimates: one row per series (area x industry x occupation x datatype)."),
        RawTable("oews_area", "oews", ("oews.area",), _one(oews.parse_oews_area), "OEWS areas."),
        RawTable("oews_industry", "oews", ("oews.industry",), _one(oews.parse_oews_industry), "OEWS industries."),
        RawTable("oews_occupation", "oews", ("oews.occupation",), _one(oews.parse_oews_occupation),
                 "OEWS occupations, with their 2018 SOC code."),
        RawTable("oews_datatype", "oews", ("oews.datatype",), _one(oews.parse_oews_datatype),
                 "The 17 OEWS measures (employment, wages, percentiles)."),
        RawTable("oews_footnote", "oews", ("oews.footnote",), _one(oews.parse_oews_footnote), "OEWS footnotes."),
        RawTable("oews_release", "oews", ("oews.release",), _one(oews.parse_oews_release), "The OEWS release."),
        RawTable("ep_education", "ep", ("ep.education",), _one(ep.parse_ep_education),
                 "BLS EP Table 5.4: typical education, work experience and on-the-job training by occupation."),
        RawTable("ep_occupation", "ep", ("ep.occupation",), _one(ep.parse_ep_occupation),
                 "BLS EP Table 1.2: employment, projected employment, openings and median wage by occupation."),
        RawTable("cip_soc_crosswalk", "cip", ("cip.crosswalk",), _one(cip.parse_cip_soc_crosswalk),
                 "NCES CIP 2020 to SOC 2018 crosswalk."),
        RawTable("cip_codes", "cip", ("cip.codes",), _one(cip.parse_cip_codes), "CIP 2020 codes and titles."),
        RawTable("dhs_stem_cip", "stem", ("stem.list",), _one(stem.parse_stem_list),
                 "CIP codes on the DHS STEM Designated Degree Program List.", deps=("cip_codes",)),
    ]  # fmt: skip


def _cross_checks(table: RawTable, frame: pl.DataFrame, warehouse: WarehouseDB, release: str, files) -> pl.DataFrame:
    """Checks that need another file or table than the one parsed (the parsers stay single-file and pure)."""
    if table.name == "oews_data":
        oews.check_release_matches_data(release, frame, files["oews.data"][1])
    if table.name == "dhs_stem_cip":
        frame = stem.check_stem_codes_in_cip(frame, warehouse.read("raw.cip_codes"), files["stem.list"][1])
    return frame


def _check_onet_layout(requested: str, release: str, files: dict[str, tuple[bytes, str]]) -> None:
    """The files are those of the release asked for, with the headers its layout declares (transforms.raw.
    onet_releases): a file O*NET changed fails here naming the release, the file and what was expected."""
    if release != requested:
        raise onet_releases.LayoutError(requested, "Read Me.txt", f"names release {release}, not {requested}")
    for content, name in files.values():
        onet_releases.check_header(requested, name, onet.header(content, name))


def build_raw_asset(table: RawTable) -> AssetsDefinition:
    @asset(
        key=AssetKey(["raw", table.name]),
        group_name="raw",
        description=table.description,
        kinds={"polars", "duckdb"},
        deps=[AssetKey(["raw", dep]) for dep in table.deps],
        metadata={"source": table.source, "table": f"raw.{table.name}"},
    )
    def _raw(context: AssetExecutionContext, sources: SourceFiles, warehouse: WarehouseDB) -> MaterializeResult:
        release, release_file = source_release(sources, table.source)
        fetched = {key: sources.fetch(key) for key in table.files}
        files = {key: (f.read_bytes(), f.path.name) for key, f in fetched.items()}
        if table.source == "onet":
            _check_onet_layout(sources.onet_release, release, files)
        frame = _cross_checks(table, table.parse(files), warehouse, release, files)
        files.clear()  # the file bytes are parsed: free them before the write (325 MB for the full OEWS file)
        provenance = [(f, frame.height if len(fetched) == 1 else None) for f in fetched.values()]
        if release_file.url not in {f.url for f in fetched.values()}:
            provenance.append((release_file, None))
        warehouse.write(f"raw.{table.name}", frame, provenance=(table.source, release, provenance))
        context.log.info(f"raw.{table.name}: {frame.height:,} rows from {', '.join(files)} ({release})")
        return MaterializeResult(
            metadata={
                "dagster/row_count": frame.height,
                "dagster/column_schema": table_schema(frame.head(0).cast({pl.Categorical: pl.String})),  # as stored
                "source": table.source,
                "release": release,
                "files": MetadataValue.json(
                    [{"url": f.url, "bytes": f.bytes, "sha256": f.sha256, "status": f.status} for f in fetched.values()]
                ),
                "sha256": ", ".join(f.sha256 for f in fetched.values()),
                "url": MetadataValue.url(next(iter(fetched.values())).url),
            }
        )

    return _raw


def raw_assets(onet_release: str) -> list[AssetsDefinition]:
    return [build_raw_asset(table) for table in raw_tables(onet_release)]
