"""Extraction scored against the scenario's true mentions, on the held-back part.

Nothing here tunes anything: the held-back reports (a fixed 30% by reference hash) are only
ever scored, and the rules were written against the rest.
"""

from __future__ import annotations

from datetime import date

import pytest

from linewatch.collect import ScoredReport, is_held_back, load_corpus, score_extraction
from linewatch.collect.extract_score import TrueMention, split, true_values
from linewatch.scenario import generate


@pytest.fixture(scope="session")
def demo_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[ScoredReport]:
    """The demo-scale scenario's reports (the small scale writes too few), made once."""
    folder = tmp_path_factory.mktemp("extraction-demo")
    generate(folder, scale="demo", seed=2026, as_of=date(2026, 3, 1))
    return load_corpus(folder)


def test_the_demo_corpus_is_big_enough_and_the_split_is_about_thirty_percent(
    demo_corpus: list[ScoredReport],
) -> None:
    tuning, held = split(demo_corpus)

    assert len(demo_corpus) >= 300
    assert 0.22 <= len(held) / len(demo_corpus) <= 0.38
    assert all(is_held_back(r.reference) for r in held)
    assert not any(is_held_back(r.reference) for r in tuning)


def test_identifiers_on_the_held_back_part(demo_corpus: list[ScoredReport]) -> None:
    _, held = split(demo_corpus)
    scores = score_extraction(held, ("phone", "vrm", "postcode"))

    for kind, score in scores.items():
        assert score.support > 0, kind
        assert score.precision >= 0.97, (kind, score)
        assert score.recall >= 0.95, (kind, score)


def test_scores_count_false_positives_and_misses() -> None:
    report = ScoredReport(
        "IR-TEST-1",
        "Texts from 07700 900123 and 07700 900456; reg BNA.",
        (
            TrueMention("Phone", "number", "07700 900123"),
            TrueMention("Phone", "number", "07700 900789"),
            TrueMention("Vehicle", "vrm", "BNA", entity="FN19BNA"),
        ),
    )
    scores = score_extraction([report], ("phone", "vrm"))

    assert scores["phone"] == pytest.approx((0.5, 0.5, 0.5, 2))
    assert scores["vrm"] == pytest.approx((1.0, 1.0, 1.0, 1))


def test_a_partial_plate_is_truth_by_what_was_read() -> None:
    with_truth = ScoredReport("R", "", (TrueMention("Vehicle", "vrm", "AB12", "AB12CDE"),))
    without = ScoredReport("R", "", (TrueMention("Vehicle", "vrm", "AB12"),))
    whole = ScoredReport("R", "", (TrueMention("Vehicle", "vrm", "ab12 cde"),))

    assert true_values(with_truth, "vrm") == {("partial", "AB12")}
    assert true_values(without, "vrm") == {("partial", "AB12")}
    assert true_values(whole, "vrm") == {("full", "AB12CDE")}


def test_the_held_back_bucket_is_fixed_by_the_reference_alone() -> None:
    references = [f"IR-2026-{n:06d}" for n in range(1, 2001)]
    held = [r for r in references if is_held_back(r)]

    assert 540 <= len(held) <= 660
    # Pinned: changing the bucket would let the rules be tuned on reports held back before.
    assert held[:5] == [
        "IR-2026-000002",
        "IR-2026-000007",
        "IR-2026-000009",
        "IR-2026-000011",
        "IR-2026-000018",
    ]


def test_indicators_are_scored_against_what_each_report_was_about() -> None:
    reports = [
        ScoredReport("A", "They've cuckooed his flat.", (), line_id="L01", kind="cuckoo"),
        ScoredReport("B", "Kids on bikes by the shop.", (), line_id=None, kind="noise_asb"),
        ScoredReport("C", "Nothing to see.", (), line_id="L01", kind="sighting"),
        ScoredReport("D", "No ground truth here.", ()),
    ]
    scores = score_extraction(reports, ("indicator", "indicator:cuckooing"))

    assert scores["indicator"] == pytest.approx((0.5, 0.5, 0.5, 2))
    assert scores["indicator:cuckooing"] == pytest.approx((1.0, 1.0, 1.0, 1))
