"""Closure of a cuckooed address, held to the limits of the 2014 Act: notice 24 hours
(inspector) or 48 (superintendent), hearing within 48 hours, order up to 3 months, never
beyond 6 in all."""

from __future__ import annotations

from datetime import datetime

import pytest

from linewatch.access import AccessDenied
from linewatch.model import Role
from linewatch.safeguard import (
    ClosureStatus,
    WorkflowError,
    extend_notice,
    extend_order,
    record_hearing,
    record_order,
    serve_notice,
)
from linewatch.safeguard.closure import add_months
from safeguard.conftest import Street
from safeguard.world import acting, at


def refused(field_name: str, words: str, call: object, *args: object) -> None:
    with pytest.raises(WorkflowError, match=words) as error:
        call(*args)  # type: ignore[operator]
    assert error.value.field_name == field_name


def test_add_months_keeps_the_time_and_stops_at_the_month_end() -> None:
    assert add_months(at("2026-01-31T10:00"), 1) == at("2026-02-28T10:00")
    assert add_months(at("2026-11-15T09:30"), 3) == at("2027-02-15T09:30")


def test_a_closure_from_notice_to_extended_order(street: Street) -> None:
    officer = acting(street.world.store, Role.OFFICER, "pc-7")
    served = at("2026-02-26T09:00")
    refused(
        "notice_expires_at",
        "an inspector runs at most 24 hours: expiry no later than 27 Feb 2026 09:00",
        serve_notice,
        officer,
        street.oak,
        served,
        "INSPECTOR",
        "Insp Khan",
        at("2026-02-27T12:00"),
    )
    refused(
        "notice_expires_at",
        "a superintendent or council delegate runs at most 48 hours",
        serve_notice,
        officer,
        street.oak,
        served,
        "SUPERINTENDENT",
        "Supt Ray",
        at("2026-02-28T10:00"),
    )
    refused(
        "notice_rank",
        "select the rank",
        serve_notice,
        officer,
        street.oak,
        served,
        "PC",
        "x",
        served,
    )
    for answer, words in ((True, "cannot bar the owner"), (None, "say whether")):
        with pytest.raises(WorkflowError, match=words) as barred:
            serve_notice(
                officer,
                street.oak,
                served,
                "INSPECTOR",
                "Insp Khan",
                at("2026-02-27T09:00"),
                bars_residents=answer,
            )
        assert barred.value.field_name == "bars_residents"
    closure = serve_notice(
        officer, street.oak, served, "INSPECTOR", "Insp Khan", at("2026-02-27T09:00")
    )
    assert closure.status(at("2026-02-26T10:00")) is ClosureStatus.NOTICE_24H
    refused(
        "notice_served_at",
        "already in force",
        serve_notice,
        officer,
        street.oak,
        at("2026-02-26T12:00"),
        "INSPECTOR",
        "Insp Khan",
        at("2026-02-27T11:00"),
    )
    refused(
        "notice_expires_at",
        "48 hours in all: no later than 28 Feb 2026 09:00",
        extend_notice,
        officer,
        closure.id,
        "Supt Ray",
        at("2026-02-28T12:00"),
    )
    closure = extend_notice(officer, closure.id, "Supt Ray", at("2026-02-28T09:00"))
    assert closure.status(at("2026-02-27T10:00")) is ClosureStatus.NOTICE_48H
    refused(
        "hearing_at",
        "within 48 hours of the notice: by 28 Feb 2026 09:00",
        record_hearing,
        officer,
        closure.id,
        at("2026-02-28T10:00"),
    )
    refused(
        "hearing_at", "record the court hearing", record_order, officer, closure.id, served, served
    )
    closure = record_hearing(officer, closure.id, at("2026-02-27T14:00"))
    made = at("2026-02-27T15:00")
    refused(
        "order_expires_at",
        "at most 3 months: no later than 27 May 2026 15:00",
        record_order,
        officer,
        closure.id,
        made,
        at("2026-06-01"),
    )
    closure = record_order(officer, closure.id, made, at("2026-05-27T15:00"))
    assert closure.status(at("2026-03-01")) is ClosureStatus.ORDER
    refused(
        "order_extended_until",
        "never run beyond 6 months in total: no later than 27 Aug 2026",
        extend_order,
        officer,
        closure.id,
        at("2026-09-01"),
    )
    refused(
        "order_extended_until",
        "later than the current end",
        extend_order,
        officer,
        closure.id,
        at("2026-05-01"),
    )
    closure = extend_order(officer, closure.id, at("2026-08-27T15:00"))
    assert closure.status(at("2026-07-01")) is ClosureStatus.ORDER_EXTENDED
    assert closure.status(at("2026-08-28")) is ClosureStatus.EXPIRED
    # Once it has ended, a new notice may be served.
    again = serve_notice(
        officer,
        street.oak,
        datetime.fromisoformat("2026-09-01T09:00+00:00"),
        "INSPECTOR",
        "Insp Khan",
        at("2026-09-02T09:00"),
    )
    assert again.id != closure.id


def test_a_notice_that_reaches_no_hearing_lapses(street: Street) -> None:
    officer = acting(street.world.store, Role.OFFICER)
    closure = serve_notice(
        officer,
        street.elm,
        at("2026-02-01T09:00"),
        "INSPECTOR",
        "Insp Khan",
        at("2026-02-02T09:00"),
    )
    assert closure.status(at("2026-02-03")) is ClosureStatus.EXPIRED
    assert closure.next_step(at("2026-02-03")) is None


def test_only_officers_and_supervisors_record_closures(street: Street) -> None:
    with pytest.raises(AccessDenied):
        serve_notice(
            acting(street.world.store, Role.ANALYST),
            street.elm,
            at("2026-02-01T09:00"),
            "INSPECTOR",
            "Insp Khan",
            at("2026-02-02T09:00"),
        )
    refused(
        "address_id",
        "no address",
        serve_notice,
        acting(street.world.store, Role.OFFICER),
        street.mary,
        at("2026-02-01T09:00"),
        "INSPECTOR",
        "Insp Khan",
        at("2026-02-02T09:00"),
    )
