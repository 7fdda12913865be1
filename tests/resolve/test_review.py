"""Splink matching on a small store: sure pairs merge, doubtful ones wait for an analyst."""

from __future__ import annotations

import pytest

from linewatch.model import AuditOperation, Judgement
from linewatch.resolve import canonical_id, judge, resolve_people, split
from linewatch.resolve.review import review_pair, review_queue
from linewatch.store import Store
from resolve.records import as_analyst, as_system, audit_records, entity, link

PEOPLE = [
    # (record, name, date of birth, estimated age, phone, address, postcode)
    ("a", "SMITH, Jayden", "2008-04-11", None, "07700 900101", "4 Mill Street, Oakham", "LE15 6AB"),
    ("b", "Jay Smith", "2008-04-11", None, "07700 900101", "4 Mill Street, Oakham", "LE15 6AB"),
    ("c", "J. Smith", None, "16", None, None, None),
]


def world(store: Store, extra: int = 40) -> None:
    for rid, name, dob, age, phone, address, postcode in PEOPLE:
        props = {"name": name, "date_of_birth": dob or "", "estimated_age": age or ""}
        entity(store, "Person", f"pe-{rid}", props, f"agency:{rid}")
        if phone:
            entity(store, "Phone", f"ph-{rid}", {"number": phone}, f"agency:{rid}")
            link(store, "USES_PHONE", f"pe-{rid}", f"ph-{rid}", f"agency:{rid}")
        if address:
            entity(
                store,
                "Address",
                f"ad-{rid}",
                {"full": address, "postcode": postcode or ""},
                f"agency:{rid}",
            )
            link(store, "LIVES_AT", f"pe-{rid}", f"ad-{rid}", f"agency:{rid}")
    firsts = ["Kai", "Leah", "Mason", "Demi", "Owen", "Zara", "Tyler", "Nia"]
    lasts = ["Reed", "Khan", "Ward", "Cole", "Hart", "Lee"]
    for i in range(extra):
        name = f"{firsts[i % len(firsts)]} {lasts[i % len(lasts)]}"
        dob = f"{1980 + i % 30}-0{1 + i % 9}-1{i % 9}"
        entity(store, "Person", f"pe-x{i:02d}", {"name": name, "date_of_birth": dob}, f"o:{i}")
        entity(store, "Person", f"pe-y{i:02d}", {"name": name, "date_of_birth": dob}, f"p:{i}")


@pytest.mark.slow
def test_sure_pairs_merge_and_the_review_queue_holds_the_rest(sqlite_store: Store) -> None:
    world(sqlite_store)
    result = resolve_people(as_system(sqlite_store), merge_threshold=0.999, review_threshold=0.05)

    with sqlite_store.connect() as conn:
        assert canonical_id(conn, "pe-b") == canonical_id(conn, "pe-a")
    assert result.merged >= 1
    assert audit_records(sqlite_store, AuditOperation.COMBINATION)

    analyst = as_analyst(sqlite_store)
    queue = review_queue(analyst)
    queued = {(j.left_id, j.right_id) for j in queue}
    assert all(j.judgement == "UNSURE" and j.method.startswith("splink:") for j in queue)
    with sqlite_store.connect() as conn:
        c_root = canonical_id(conn, "pe-c")
    assert ("pe-a", "pe-c") in queued or ("pe-b", "pe-c") in queued, (result.summary(), c_root)
    left, right = next(p for p in queued if "pe-c" in p)

    shown = review_pair(analyst, left, right)
    assert shown.comparisons, "the match weights behind the score are kept"
    assert any(c["comparison"] == "first name" for c in shown.comparisons)
    assert {v.value for v in shown.right if v.prop == "name"} == {"J. Smith"}

    judge(analyst, left, right, Judgement.POSITIVE, "same school and phone in CSC notes")
    assert (left, right) not in {(j.left_id, j.right_id) for j in review_queue(analyst)}
    with sqlite_store.connect() as conn:
        assert canonical_id(conn, "pe-c") == canonical_id(conn, "pe-a")

    split(analyst, "pe-a", "pe-c", "different child: checked with the school")
    with sqlite_store.connect() as conn:
        assert canonical_id(conn, "pe-c") == "pe-c"
        assert canonical_id(conn, "pe-b") == canonical_id(conn, "pe-a")
