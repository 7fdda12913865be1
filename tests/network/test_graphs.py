from __future__ import annotations

from pathlib import Path

import pytest

from linewatch.network import read_edge_list, read_matrix
from network.caviar import aggregate, phase


def test_the_caviar_aggregate_reads_as_an_undirected_simple_graph() -> None:
    caviar = aggregate()

    assert len(caviar) == 110
    # 295 arcs, many of them both ways, make 205 undirected ties.
    assert caviar.graph.num_edges() == 205
    assert caviar.degree("1") == 60


def test_every_phase_reads_with_its_isolated_actors_kept() -> None:
    sizes = [len(phase(n)) for n in range(1, 12)]

    assert sizes[0] == 15 and all(size > 10 for size in sizes)


def test_an_edge_list_adds_weights_both_ways_and_drops_self_loops(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("source,target,weight\nA,B,2\nB,A,3\nA,A,9\nB,C,\n")

    network = read_edge_list(path)

    assert sorted(network.labels) == ["A", "B", "C"]
    assert network.graph.get_edge_data(network.index["A"], network.index["B"]) == 5.0
    assert network.graph.num_edges() == 2


def test_a_ragged_matrix_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('"",a,b\na,0,1\nb,1\n')

    with pytest.raises(ValueError, match="row 'b'"):
        read_matrix(path)
