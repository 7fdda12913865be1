"""Call records: what the lines, their staff and the confounders look like in the data, and
how the large scale streams its rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from linewatch.geo import named_area
from linewatch.scenario import load_ground_truth, load_manifest

from .conftest import AS_OF


def _con(folder: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"create view c as select * from read_parquet('{folder}/calls/*.parquet')")
    return con


def _flares(con: duckdb.DuckDBPyConnection, number: str, at_least: int) -> int:
    """Minutes in which ``number`` texted ``at_least`` different numbers."""
    (n,) = con.execute(
        "select count(*) from (select date_trunc('minute', timestamp) m, "
        "count(distinct called_number) k from c where calling_number = ? and event_type = 'SMS' "
        "group by 1) where k >= ?",
        [number, at_least],
    ).fetchone() or (0,)
    return int(n)


def test_every_true_deal_number_sends_flares(small_dir: Path, demo_dir: Path) -> None:
    for folder in (small_dir, demo_dir):
        con, truth = _con(folder), load_ground_truth(folder)
        for line in truth.lines:
            for deal in line.deal_numbers:
                days = (
                    (deal.valid_to or AS_OF)
                    - max(deal.valid_from, truth.as_of.replace(year=truth.as_of.year - 1))
                ).days
                assert _flares(con, deal.number, 3) >= days * 0.1, (line.line_id, deal.number)


def test_deal_numbers_are_quiet_outside_their_time(demo_dir: Path) -> None:
    con, truth = _con(demo_dir), load_ground_truth(demo_dir)
    for line in truth.lines:
        for deal in line.deal_numbers:
            (outside,) = con.execute(
                "select count(*) from c where (calling_number = ? or called_number = ?) and "
                "(timestamp < ?::date or (?::date is not null and timestamp >= ?::date))",
                [deal.number, deal.number, deal.valid_from, deal.valid_to, deal.valid_to],
            ).fetchone() or (0,)
            assert outside == 0


def test_a_handover_moves_the_customers_to_the_new_number(demo_dir: Path) -> None:
    con, truth = _con(demo_dir), load_ground_truth(demo_dir)
    assert truth.handovers
    for h in truth.handovers:

        def callers(number: str) -> set[str]:
            found = con.execute(
                "select distinct calling_number from c where called_number = ?", [number]
            ).fetchall()
            return {n for (n,) in found}

        old, new = callers(h.old_number), callers(h.new_number)
        line = next(x for x in truth.lines if x.line_id == h.line_id)
        staff = {n for key in [line.holder, *line.runners] for n in truth.people[key].phones}
        old_customers, new_customers = old - staff, new - staff
        assert len(old_customers & new_customers) >= 0.5 * min(
            len(old_customers), len(new_customers)
        )
        assert new_customers - old_customers
        if h.shared_imei:
            (shared,) = con.execute(
                "select count(distinct calling_number) from c where imei = ?", [h.shared_imei]
            ).fetchone() or (0,)
            assert shared == 2


def test_the_line_calls_out_only_to_its_runners_and_holder(demo_dir: Path) -> None:
    con, truth = _con(demo_dir), load_ground_truth(demo_dir)
    for line in truth.lines:
        staff = {n for key in [line.holder, *line.runners] for n in truth.people[key].phones}
        customers = set(line.customer_numbers)
        for deal in line.deal_numbers:
            calls = con.execute(
                "select distinct called_number from c where calling_number = ? and "
                "event_type = 'CALL'",
                [deal.number],
            ).fetchall()
            assert {n for (n,) in calls} <= staff
            texts = con.execute(
                "select distinct called_number from c where calling_number = ?", [deal.number]
            ).fetchall()
            assert {n for (n,) in texts} <= staff | customers


def test_handsets_and_sims_change_as_lines_do(demo_dir: Path) -> None:
    con, truth = _con(demo_dir), load_ground_truth(demo_dir)
    for line in truth.lines:
        imeis = {h.imei for h in line.handsets if h.number == line.deal_numbers[0].number}
        assert len(imeis) >= 2  # handset swaps keeping the number
    # A runner who moved to a new number kept the handset: one IMEI, two numbers.
    (moved,) = con.execute(
        "select count(*) from (select imei from c where imei is not null group by imei "
        "having count(distinct calling_number) > 1)"
    ).fetchone() or (0,)
    assert moved >= 1


def test_runners_are_served_in_rutland_and_holders_in_their_hub(demo_dir: Path) -> None:
    con, truth = _con(demo_dir), load_ground_truth(demo_dir)
    rutland = named_area("Rutland")
    for line in truth.lines:
        holder = truth.people[line.holder].phones
        cells = con.execute(
            f"select cell_latitude, cell_longitude from c where calling_number in "
            f"({','.join('?' * len(holder))}) and cell_latitude is not null",
            holder,
        ).fetchall()
        assert cells and not any(rutland.contains(lat, lon) for lat, lon in cells)
        runners = [n for key in line.runners for n in truth.people[key].phones]
        cells = con.execute(
            f"select cell_latitude, cell_longitude from c where calling_number in "
            f"({','.join('?' * len(runners))}) and cell_latitude is not null",
            runners,
        ).fetchall()
        inside = sum(rutland.contains(lat, lon) for lat, lon in cells)
        assert inside > 0.5 * len(cells)


def test_confounders_look_busy_but_are_not_lines(demo_dir: Path) -> None:
    con, truth = _con(demo_dir), load_ground_truth(demo_dir)
    deal = truth.deal_numbers()
    kinds = {c.kind for c in truth.confounders}
    assert kinds == {"TAXI_FIRM", "TAKEAWAY", "GP_SURGERY", "HEAVY_TEXTER"}
    for c in truth.confounders:
        assert c.number not in deal
    taxi = next(c.number for c in truth.confounders if c.kind == "TAXI_FIRM")
    (callers,) = con.execute(
        "select count(distinct calling_number) from c where called_number = ?", [taxi]
    ).fetchone() or (0,)
    assert callers >= 50
    gp_bulk = [c.number for c in truth.confounders if c.kind == "GP_SURGERY"]
    assert any(_flares(con, n, 5) > 50 for n in gp_bulk)


def test_large_scale_streams_in_row_groups(large_dir: Path) -> None:
    manifest = load_manifest(large_dir)
    assert manifest.worlds == 2
    assert 0.9 * 360_000 <= manifest.call_records <= 1.1 * 360_000
    assert len(manifest.productions) == 6
    for production in manifest.productions:
        meta = pq.ParquetFile(large_dir / "calls" / f"{production}.parquet").metadata
        sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
        # Rows were written chunk by chunk, never as one table.
        assert max(sizes) <= 20_000
        assert meta.num_row_groups >= meta.num_rows // 20_000


def test_large_sub_worlds_share_subscribers_but_not_line_numbers(large_dir: Path) -> None:
    truth = load_ground_truth(large_dir)
    assert {line.world for line in truth.lines} == {1, 2}
    deal = [d.number for line in truth.lines for d in line.deal_numbers]
    assert len(deal) == len(set(deal))
    staff = [
        n
        for p in truth.people.values()
        if p.lines and "CUSTOMER" not in p.roles
        for n in p.phones
        if n.startswith("+447700")
    ]
    assert len(staff) == len(set(staff))
    per_world = [
        {n for line in truth.lines if line.world == w for n in line.customer_numbers}
        for w in (1, 2)
    ]
    assert per_world[0] & per_world[1]  # subscriber numbers are reused across sub-worlds
    everything = set().union(*per_world) | set(truth.non_line_phones)
    assert not set(deal) & everything
    keys = list(truth.people)
    assert all(k.startswith(("W01-", "W02-")) for k in keys)


def test_everything_happens_in_the_year_before_as_of(demo_dir: Path) -> None:
    (first, last) = _con(demo_dir).execute(
        "select min(timestamp), max(timestamp) from c"
    ).fetchone() or (None, None)
    end = datetime.combine(AS_OF, datetime.min.time(), UTC)
    assert first is not None and last is not None
    assert end - timedelta(days=366) <= first and last < end
