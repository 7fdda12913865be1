"""A force network on disk: Parquet tables and a manifest that marks it synthetic.

The folder holds ``nodes.parquet`` (id, kind, area), ``links.parquet`` (source, target, kind,
weight), ``roles.parquet`` (line, node, role), ``lines.parquet`` (line, archetype, hub,
base), ``line_nodes.parquet`` (the deal numbers, cuckooed addresses and brokers, with their
line) and ``manifest.json`` with ``is_synthetic: true``, the seed and the counts. Kinds, roles
and areas are written as their names, so the files read without this module.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from linewatch.scenario.force_network import (
    EDGE_KINDS,
    NODE_KINDS,
    ROLES,
    ForceNetwork,
    ForceTruth,
)
from linewatch.scenario.world import ARCHETYPES

MANIFEST = "manifest.json"
_LINE_NODES = ("deal_phone", "cuckooed_address", "broker")


def write_force_network(net: ForceNetwork, folder: Path | str) -> Path:
    """Write ``net`` into ``folder`` (made if missing); returns the manifest's path."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    areas = (*net.areas, "")  # -1 (no area) is written as ""
    truth = net.truth
    tables: dict[str, dict[str, np.ndarray | pa.Array]] = {
        "nodes": {
            "id": net.node_ids(),
            "kind": _named(net.kinds, NODE_KINDS),
            "area": _named(np.where(net.node_area < 0, len(net.areas), net.node_area), areas),
        },
        "links": {
            "source": net.edges[:, 0],
            "target": net.edges[:, 1],
            "kind": _named(net.edge_kinds, EDGE_KINDS),
            "weight": net.weights,
        },
        "roles": {"line": truth.line, "node": truth.node, "role": _named(truth.role, ROLES)},
        "lines": {
            "line": np.arange(truth.lines),
            "archetype": _named(truth.archetype, ARCHETYPES),
            "hub": _named(truth.hub, areas),
            "base": _named(truth.base, areas),
        },
        "line_nodes": {
            "line": np.concatenate(
                [truth.deal_phone_line, truth.cuckooed_line, np.full(len(truth.brokers), -1)]
            ),
            "node": np.concatenate([truth.deal_phone, truth.cuckooed, truth.brokers]),
            "what": _named(
                np.repeat(
                    np.arange(len(_LINE_NODES)),
                    [len(truth.deal_phone), len(truth.cuckooed), len(truth.brokers)],
                ),
                _LINE_NODES,
            ),
        },
    }
    for name, columns in tables.items():
        pq.write_table(pa.table(columns), out / f"{name}.parquet", compression="zstd")
    manifest = {
        "is_synthetic": net.is_synthetic,
        "generator": "linewatch.scenario.generate_force_network",
        "seed": net.seed,
        "people": net.people,
        "areas": list(net.areas),
        "counts": net.counts(),
    }
    path = out / MANIFEST
    path.write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    return path


def read_force_network(folder: Path | str) -> ForceNetwork:
    """Read back a folder written by ``write_force_network``."""
    root = Path(folder)
    manifest = json.loads((root / MANIFEST).read_text("utf-8"))
    areas = tuple(manifest["areas"])

    def read(name: str) -> dict[str, pa.ChunkedArray]:
        table = pq.read_table(root / f"{name}.parquet")
        return {c: table.column(c) for c in table.column_names}

    nodes, links, roles, lines, extra = (
        read(n) for n in ("nodes", "links", "roles", "lines", "line_nodes")
    )
    what = _codes(extra["what"], _LINE_NODES)
    extra_line, extra_node = _ints(extra["line"]), _ints(extra["node"])
    truth = ForceTruth(
        line=_ints(roles["line"]),
        node=_ints(roles["node"]),
        role=_codes(roles["role"], ROLES).astype(np.int8),
        archetype=_codes(lines["archetype"], ARCHETYPES),
        hub=_codes(lines["hub"], areas),
        base=_codes(lines["base"], areas),
        deal_phone=extra_node[what == 0],
        deal_phone_line=extra_line[what == 0],
        cuckooed=extra_node[what == 1],
        cuckooed_line=extra_line[what == 1],
        brokers=extra_node[what == 2],
    )
    return ForceNetwork(
        seed=int(manifest["seed"]),
        people=int(manifest["people"]),
        areas=areas,
        kinds=_codes(nodes["kind"], NODE_KINDS).astype(np.int8),
        node_area=_codes(nodes["area"], areas).astype(np.int16),
        edges=np.column_stack([_ints(links["source"]), _ints(links["target"])]),
        edge_kinds=_codes(links["kind"], EDGE_KINDS).astype(np.int8),
        weights=_ints(links["weight"]),
        truth=truth,
        is_synthetic=bool(manifest["is_synthetic"]),
    )


def _named(codes: np.ndarray, names: tuple[str, ...]) -> pa.DictionaryArray:
    """Codes written as their names (dictionary-encoded, so a million rows stay small)."""
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(names))


def _codes(column: pa.ChunkedArray, names: tuple[str, ...]) -> np.ndarray:
    """Names read back as indices into ``names``; "" (no area) reads as -1."""
    encoded = column.combine_chunks()
    if not pa.types.is_dictionary(encoded.type):
        encoded = encoded.dictionary_encode()
    lookup = {"": -1} | {name: k for k, name in enumerate(names)}
    mapping = np.array([lookup[v] for v in encoded.dictionary.to_pylist()], dtype=np.int64)
    found: np.ndarray = mapping[encoded.indices.to_numpy(zero_copy_only=False)]
    return found


def _ints(column: pa.ChunkedArray) -> np.ndarray:
    return np.asarray(column.to_numpy(), dtype=np.int64)
