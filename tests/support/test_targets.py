"""Business-hours deadlines and the time left / breached state of a ticket."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from support.models import ResponseTarget, Ticket
from support.targets import business_deadline, target_minutes, ticket_targets

PARIS = ZoneInfo("Europe/Paris")


def at(*args):
    return datetime(*args, tzinfo=PARIS)


def test_friday_evening_plus_an_hour_is_monday_morning():
    # 2026-12-04 is a Friday.
    assert business_deadline(at(2026, 12, 4, 17, 30), 60) == at(2026, 12, 7, 9, 30)


def test_a_deadline_within_the_day_and_one_starting_at_night():
    assert business_deadline(at(2026, 12, 2, 10, 0), 90) == at(2026, 12, 2, 11, 30)
    assert business_deadline(at(2026, 12, 2, 22, 0), 30) == at(2026, 12, 3, 9, 30)
    assert business_deadline(at(2026, 12, 5, 12, 0), 60) == at(2026, 12, 7, 10, 0)  # Saturday


def test_a_deadline_spanning_several_days_counts_only_business_hours():
    # 2 business days of 9 hours from Thursday 12:00 → Monday 12:00.
    assert business_deadline(at(2026, 12, 3, 12, 0), 18 * 60) == at(2026, 12, 7, 12, 0)


def test_business_hours_come_from_settings(settings):
    settings.SUPPORT_BUSINESS_HOURS = {
        "weekdays": [0, 1, 2, 3, 4, 5],
        "start": "08:00",
        "end": "12:00",
    }
    assert business_deadline(at(2026, 12, 4, 11, 30), 60) == at(2026, 12, 5, 8, 30)


@pytest.mark.django_db
def test_targets_come_from_an_admin_row_before_settings(settings):
    assert target_minutes("urgent") == (
        settings.SUPPORT_RESPONSE_TARGETS["urgent"]["first_response_minutes"],
        settings.SUPPORT_RESPONSE_TARGETS["urgent"]["resolution_minutes"],
    )
    ResponseTarget.objects.create(
        priority="urgent", first_response_minutes=15, resolution_minutes=120
    )
    assert target_minutes("urgent") == (15, 120)


def test_time_left_then_breached():
    ticket = Ticket(
        first_response_due_at=at(2026, 12, 2, 11, 0), resolution_due_at=at(2026, 12, 4, 11, 0)
    )
    before = ticket_targets(ticket, now=at(2026, 12, 2, 10, 0))
    assert before.first_response.time_left == timedelta(hours=1)
    assert not before.breached
    after = ticket_targets(ticket, now=at(2026, 12, 2, 11, 1))
    assert after.first_response.breached and after.breached
    assert not after.resolution.breached
    ticket.first_response_at = at(2026, 12, 2, 10, 30)
    answered = ticket_targets(ticket, now=at(2026, 12, 3, 9, 0))
    assert not answered.first_response.breached and answered.first_response.time_left is None
