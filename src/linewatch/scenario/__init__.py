"""The synthetic Rutland world and its ground truth.

``generate(out_dir, scale, seed, as_of)`` writes a scenario folder in the formats of
docs/formats.md: intelligence reports, agency person records, ANPR reads, call data records
(one Parquet file per production), enforcement history, a manifest, and the ground truth the
analyses are scored against. Everything is marked synthetic; every phone number is in an
Ofcom drama range. ``load_ground_truth`` and ``load_manifest`` read a folder back.
``generate_force_network`` draws a force-scale picture (people, phones, addresses, vehicles,
deal lines and their links) as arrays with its truth; ``write_force_network`` saves it.
"""

from linewatch.scenario.config import SCALES, Scale, scale_config
from linewatch.scenario.force_network import ForceNetwork, ForceTruth, generate_force_network
from linewatch.scenario.force_network_io import read_force_network, write_force_network
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
    "ForceNetwork",
    "ForceTruth",
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
    "generate_force_network",
    "load_ground_truth",
    "load_manifest",
    "read_force_network",
    "scale_config",
    "write_force_network",
]
