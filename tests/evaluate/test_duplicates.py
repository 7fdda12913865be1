"""Near-duplicate reports: recognised, linked both ways, and counted once."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from collect.builders import write_jsonl
from evaluate.conftest import LoadReports, acting
from linewatch.collect import import_reports, report_id
from linewatch.evaluate import (
    duplicate_links,
    find_near_duplicates,
    likeness,
    similarity,
    triage_count,
    triage_queue,
)
from linewatch.evaluate.duplicates import THRESHOLD, WINDOW
from linewatch.evaluate.likeness import ReportText, candidate_pairs
from linewatch.scenario import generate
from linewatch.store import Store, tables

TEXT = (
    "Two lads on bikes hand over small packages outside 14 Mill Lane, Oakham every "
    "evening around teatime. A grey Astra pulls up and the driver gives them cash."
)


def _at(day: int, hour: int = 9) -> str:
    return datetime(2026, 3, day, hour).isoformat() + "+00:00"


def _spec(text: str, day: int, hour: int = 9, **extra: Any) -> dict[str, Any]:
    return {"text": text, "reported_at": _at(day, hour), "mentions": [], **extra}


@pytest.mark.parametrize(
    "copy",
    [
        TEXT,
        TEXT.upper(),
        "FW: " + TEXT,
        TEXT.replace("every evening", "most evenings").replace("grey", "silver"),
        TEXT + " Please look into it.",
    ],
)
def test_copies_score_above_the_threshold(copy: str) -> None:
    assert similarity(TEXT, copy) >= THRESHOLD


@pytest.mark.parametrize(
    "other",
    [
        "Two lads on bikes outside the Co-op on High Street, Uppingham, shouting at people.",
        "A grey Astra was parked badly on Mill Lane, Oakham.",
        "Cars pull up outside 9 Station Road all night; the tenant there is vulnerable.",
    ],
)
def test_reports_on_other_things_score_below_it(other: str) -> None:
    assert similarity(TEXT, other) < THRESHOLD


def test_a_copy_in_the_window_is_linked_both_ways_and_counted_once(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    first, copy, later, other_channel = load_reports(
        sqlite_store,
        ("IR-1", _spec(TEXT, 2)),
        ("IR-2", _spec("FW: " + TEXT, 3)),
        # The same words months later may be a second witness: not a copy.
        ("IR-3", _spec(TEXT, 28)),
        ("IR-4", _spec(TEXT, 2, 11, channel="CALL_101")),
    )
    officer = acting(sqlite_store)
    assert triage_count(officer) == 4

    found = find_near_duplicates(officer)

    assert [(d.original_reference, d.copy_reference) for d in found] == [("IR-1", "IR-2")]
    assert found[0].score >= THRESHOLD and found[0].reasons
    assert find_near_duplicates(officer) == []  # judged once
    with sqlite_store.connect() as conn:
        row = (
            conn.execute(
                select(tables.assessments).where(tables.assessments.c.claim == "NEAR_DUPLICATE")
            )
            .mappings()
            .one()
        )
        assert row["subject_id"] == copy
        assert {e["id"] for e in row["evidence"]} == {first, copy}
        assert row["method"] and row["method_version"]
        assert [d.copy_id for d in duplicate_links(conn, [first])] == [copy]
        assert [d.original_id for d in duplicate_links(conn, [copy])] == [first]
        assert duplicate_links(conn, [later, other_channel]) == []
    assert triage_count(officer) == 3
    assert copy not in {i.report_id for i in triage_queue(officer)}


def _perturb(text: str, rng: random.Random) -> str:
    """A resubmission: a word dropped, case or punctuation changed, a line added."""
    words = text.split()
    choice = rng.randrange(4)
    if choice == 0 and len(words) > 8:
        del words[rng.randrange(len(words))]
        return " ".join(words)
    if choice == 1:
        return text.lower().replace(".", "")
    if choice == 2:
        return "Sent again as I heard nothing back. " + text
    return text.replace(",", "").replace("  ", " ") + " Thanks."


@pytest.fixture(scope="module")
def scenario_reports(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("scenario")
    generate(folder, scale="small", seed=2026, as_of=date(2026, 11, 28))
    lines = (folder / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_precision_and_recall_on_perturbed_scenario_reports(
    sqlite_store: Store, scenario_reports: list[dict[str, Any]], tmp_path: Path
) -> None:
    officer = acting(sqlite_store)
    result = import_reports(officer, write_jsonl(tmp_path / "reports.jsonl", scenario_reports))
    imported = [r for r in scenario_reports if report_id(r["reference"]) in _ids(sqlite_store)]
    assert len(imported) >= 30

    # The scenario's own reports hold no copies once the importer has quarantined its
    # malformed rows: templated public reports on one line are months apart.
    assert find_near_duplicates(officer) == [], result.problems

    rng = random.Random(11)
    picked = rng.sample(imported, 15)
    copies = []
    for n, original in enumerate(picked):
        when = datetime.fromisoformat(original["reported_at"]) + timedelta(hours=rng.randint(1, 96))
        copies.append(
            {
                **original,
                "reference": f"IR-COPY-{n:03d}",
                "text": _perturb(original["text"], rng),
                "reported_at": when.isoformat(),
            }
        )
    import_reports(officer, write_jsonl(tmp_path / "copies.jsonl", copies))
    truth = {
        (report_id(o["reference"]), report_id(c["reference"]))
        for o, c in zip(picked, copies, strict=True)
    }

    found = {(d.original_id, d.copy_id) for d in find_near_duplicates(officer)}

    true_positives = len(found & truth)
    precision = true_positives / len(found)
    recall = true_positives / len(truth)
    print(f"near-duplicates on the small scenario: precision {precision:.2f}, recall {recall:.2f}")
    assert precision == 1.0
    assert recall >= 0.9


def _ids(store: Store) -> set[str]:
    with store.connect() as conn:
        return set(conn.execute(select(tables.reports.c.id)).scalars())


def _every_pair(
    reports: list[ReportText],
    window: timedelta,
    threshold: float,
    only: set[str] | None = None,
) -> list[tuple[str, str, float]]:
    """The judgement by comparing one pair at a time: what the matrix search must equal.
    With ``only``, a new report is compared with every earlier one and an older report
    with the new ones before it."""
    found = []
    ordered = sorted(reports, key=lambda r: (r.reported_at, r.reference))
    for i, later in enumerate(ordered):
        best: tuple[str, float] | None = None
        for earlier in reversed(ordered[:i]):
            same_block = (earlier.channel, earlier.org) == (later.channel, later.org)
            if not same_block or later.reported_at - earlier.reported_at > window:
                continue
            if only is not None and later.id not in only and earlier.id not in only:
                continue
            score = similarity(earlier.text, later.text)
            if score >= threshold and (best is None or score > best[1]):
                best = (earlier.id, score)
        if best is not None:
            found.append((best[0], later.id, best[1]))
    return sorted(found)


WORDS = ["flat", "van", "cash", "lad", "bike", "car", "door", "night"]
WORDS += ["shop", "park", "road", "knife", "phone", "deal"]


def _random_reports(rng: random.Random, count: int, apart: timedelta) -> list[ReportText]:
    """Short texts from a few words (so many pairs come near the threshold), some of them
    earlier ones again, word for word or lightly changed, in two channels."""
    start = datetime(2026, 3, 1, tzinfo=UTC)
    reports: list[ReportText] = []
    for n in range(count):
        text = " ".join(rng.choices(WORDS, k=rng.randint(4, 12)))
        if n % 7 == 0 and reports:  # a planted copy of an earlier report, lightly changed
            text = _perturb(rng.choice(reports).text, rng)
        elif n % 5 == 0 and reports:  # the same words again: equal scores, the latest wins
            text = rng.choice(reports).text
        channel = rng.choice(["PUBLIC_WEB", "CALL_101"])
        reports.append(ReportText(f"r{n}", f"R{n:04d}", channel, "force", start + n * apart, text))
    return reports


@pytest.mark.parametrize("threshold", [0.6, 0.75, 0.9])
def test_the_matrix_search_finds_exactly_what_comparing_every_pair_finds(
    threshold: float,
) -> None:
    reports = _random_reports(random.Random(7), 300, timedelta(hours=1))
    found = sorted((o.id, c.id, s) for o, c, s in candidate_pairs(reports, WINDOW, threshold))
    assert found == _every_pair(reports, WINDOW, threshold)
    assert found  # the planted copies at least


@pytest.mark.parametrize("apart", [timedelta(0), timedelta(minutes=30)])
def test_new_reports_are_judged_both_ways_in_runs_of_any_size(
    monkeypatch: pytest.MonkeyPatch, apart: timedelta
) -> None:
    """New reports among old ones, all at one time (a file with one date on every row) or
    spread over days; with room for a few pair scores at a time, the search goes in many
    runs and must still find what one pair at a time finds."""
    rng = random.Random(11)
    reports = _random_reports(rng, 400, apart)
    new = {r.id for r in rng.sample(reports, 60)}
    expected = _every_pair(reports, WINDOW, THRESHOLD, new)
    for cells in (1_000_000, 2_000, 1):
        monkeypatch.setattr(likeness, "_CELLS", cells)
        found = candidate_pairs(reports, WINDOW, THRESHOLD, new)
        assert sorted((o.id, c.id, s) for o, c, s in found) == expected
    assert any(c not in new for _, c, _ in expected)  # an old report found to copy a new one


def test_runs_of_new_reports_far_apart_stay_within_the_memory_set_aside(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """New reports a year apart among many old ones: each run of them is compared with the
    columns its window spans, and a run is cut short rather than hold more scores."""
    monkeypatch.setattr(likeness, "_CELLS", 5_000)
    reports = _random_reports(random.Random(3), 2_000, timedelta(hours=4))
    new = {r.id for r in reports[::50]}
    block = likeness._Block(sorted(reports, key=lambda r: r.reported_at), WINDOW)
    chosen = np.array([i for i, r in enumerate(block.reports) if r.id in new], dtype=np.int64)
    runs = list(block._chunks(chosen, both_ways=True))
    assert np.concatenate([rows for rows, _, _ in runs]).tolist() == chosen.tolist()
    assert all(len(rows) == 1 or len(rows) * (high - low) <= 5_000 for rows, low, high in runs)
    assert max(len(rows) for rows, _, _ in runs) > 1
