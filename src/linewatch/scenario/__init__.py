"""The synthetic Rutland world and its ground truth.

``generate(out_dir, scale, seed, as_of)`` writes a scenario folder in the formats of
docs/formats.md: intelligence reports, agency person records, ANPR reads, call data records
(one Parquet file per production), enforcement history, a manifest, and the ground truth the
analyses are scored against. Everything is marked synthetic; every phone number is in an
Ofcom drama range. ``load_ground_truth`` and ``load_manifest`` read a folder back.
"""

from linewatch.scenario.config import SCALES, Scale, scale_config
from linewatch.scenario.generate import generate
from linewatch.scenario.manifest import Manifest, load_manifest
from linewatch.scenario.truth import (
    Breach,
    Confounder,
    CuckooedAddress,
    DealNumber,
    GroundTruth,
    Handover,
    Handset,
    MalformedRow,
    MentionTruth,
    ReportTruth,
    TrueLine,
    TruePerson,
    load_ground_truth,
)

__all__ = [
    "SCALES",
    "Breach",
    "Confounder",
    "CuckooedAddress",
    "DealNumber",
    "GroundTruth",
    "Handover",
    "Handset",
    "MalformedRow",
    "Manifest",
    "MentionTruth",
    "ReportTruth",
    "Scale",
    "TrueLine",
    "TruePerson",
    "generate",
    "load_ground_truth",
    "load_manifest",
    "scale_config",
]
