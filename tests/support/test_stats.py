"""The support statistics, on tickets with known timestamps (March 2026, Europe/Paris)."""

from datetime import date, timedelta

import pytest

from support.services import ticket_satisfaction_submit
from support.stats import Period, ticket_stats
from tests.support.builders import answered_ticket
from tests.support.stats_builders import at, stats_ticket

pytestmark = pytest.mark.django_db

PERIOD = Period(start=date(2026, 3, 2), end=date(2026, 3, 8))
NOW = at(10, 12)


@pytest.fixture
def tickets():
    return {
        # Answered in 30 min (target met), solved in 4 h (met), rated 5.
        "t1": stats_ticket(
            created_at=at(2, 10),
            category="delivery",
            status="solved",
            first_response_at=at(2, 10, 30),
            first_response_due_at=at(2, 11),
            solved_at=at(2, 14),
            resolution_due_at=at(3, 10),
            satisfaction_score=5,
        ),
        # Answered in 2 h (late), solved in 48 h (late), not rated.
        "t2": stats_ticket(
            created_at=at(2, 11),
            category="payment",
            status="closed",
            first_response_at=at(2, 13),
            first_response_due_at=at(2, 12),
            solved_at=at(4, 11),
            resolution_due_at=at(3, 11),
        ),
        # Answered in 10 min (met), still open past its resolution target.
        "t3": stats_ticket(
            created_at=at(4, 9),
            category="delivery",
            status="open",
            first_response_at=at(4, 9, 10),
            first_response_due_at=at(4, 10),
            resolution_due_at=at(5, 9),
        ),
        # Never answered, past its first-response target; resolution not yet due: undecided.
        "t4": stats_ticket(
            created_at=at(5, 9),
            category="complaint",
            status="new",
            first_response_due_at=at(5, 10),
            resolution_due_at=at(20, 9),
        ),
        # Answered in 20 min (met), solved in 1 h (met), rated 2.
        "t5": stats_ticket(
            created_at=at(6, 12),
            category="delivery",
            status="solved",
            first_response_at=at(6, 12, 20),
            first_response_due_at=at(6, 13),
            solved_at=at(6, 13),
            resolution_due_at=at(7, 12),
            satisfaction_score=2,
        ),
        # The period's last evening in Paris (already the next day in UTC): inside.
        "late_evening": stats_ticket(created_at=at(8, 23, 30), category="other", status="new"),
        # Just before and after the period: outside, but in the backlog when open.
        "before": stats_ticket(created_at=at(1, 23, 59), category="other", status="closed"),
        "after": stats_ticket(
            created_at=at(9, 0, 0), category="delivery", status="pending_customer"
        ),
    }


def test_opened_per_day_by_category_in_the_shop_time_zone(tickets):
    stats = ticket_stats(period=PERIOD, now=NOW)
    assert stats.opened == 6
    assert list(stats.opened_per_day) == [date(2026, 3, day) for day in range(2, 9)]
    non_zero = {
        (day.day, category): count
        for day, counts in stats.opened_per_day.items()
        for category, count in counts.items()
        if count
    }
    assert non_zero == {
        (2, "delivery"): 1,
        (2, "payment"): 1,
        (4, "delivery"): 1,
        (5, "complaint"): 1,
        (6, "delivery"): 1,
        (8, "other"): 1,
    }


def test_exact_medians_wall_clock(tickets):
    stats = ticket_stats(period=PERIOD, now=NOW)
    # First responses 10, 20, 30 and 120 minutes: the median is halfway between 20 and 30.
    assert stats.median_first_response == timedelta(minutes=25)
    # Resolutions 1 h, 4 h and 48 h.
    assert stats.median_resolution == timedelta(hours=4)


def test_shares_of_targets_met(tickets):
    stats = ticket_stats(period=PERIOD, now=NOW)
    # Met: t1, t3, t5; missed: t2 late, t4 overdue; the late-evening ticket has no target.
    assert (stats.first_response_target.met, stats.first_response_target.total) == (3, 5)
    assert stats.first_response_target.ratio == 0.6
    # Met: t1, t5; missed: t2 late, t3 overdue; t4 not due yet.
    assert (stats.resolution_target.met, stats.resolution_target.total) == (2, 4)


def test_an_unanswered_ticket_not_yet_due_is_undecided(tickets):
    before_t4_due = at(5, 9, 30)
    stats = ticket_stats(period=PERIOD, now=before_t4_due)
    assert (stats.first_response_target.met, stats.first_response_target.total) == (3, 4)


def test_satisfaction_average_and_response_rate(tickets):
    stats = ticket_stats(period=PERIOD, now=NOW)
    assert stats.csat_average == 3.5
    assert (stats.csat_responses, stats.csat_requests) == (2, 3)
    assert stats.csat_response_rate == pytest.approx(2 / 3)


def test_backlog_is_every_open_ticket_now(tickets):
    stats = ticket_stats(period=PERIOD, now=NOW)
    assert stats.backlog == {"new": 2, "open": 1, "pending_customer": 1}


def test_an_empty_period_has_no_numbers_rather_than_zeros():
    stats = ticket_stats(period=PERIOD, now=NOW)
    assert stats.opened == 0
    assert stats.median_first_response is None
    assert stats.first_response_target.ratio is None
    assert stats.csat_average is None
    assert stats.csat_response_rate is None


def test_searches_without_result_in_the_period(tickets):
    from support.models import FaqSearch

    for query, results in [("gift wrap", 0), ("gift wrap", 0), ("invoice", 0), ("parcel", 2)]:
        FaqSearch.objects.create(query=query, results_count=results, where="faq")
    FaqSearch.objects.filter(query="invoice").update(created_at=at(2, 12))
    FaqSearch.objects.exclude(query="invoice").update(created_at=at(3, 12))
    FaqSearch.objects.create(query="old", results_count=0, where="faq")  # now: outside

    stats = ticket_stats(period=PERIOD, now=NOW)
    assert [(s["query"], s["count"]) for s in stats.no_result_searches] == [
        ("gift wrap", 2),
        ("invoice", 1),
    ]


def test_the_numbers_follow_a_ticket_handled_through_the_services(
    django_capture_on_commit_callbacks,
):
    """The timestamps the statistics read are the ones the support services stamp."""
    with django_capture_on_commit_callbacks(execute=True):
        ticket, _ = answered_ticket(
            email="guest@example.com", reply="It left our warehouse today.", solved=True
        )
        ticket_satisfaction_submit(ticket=ticket, score=4)

    stats = ticket_stats(period=Period.last_days(1))
    assert stats.opened == 1
    assert stats.median_first_response is not None
    assert stats.median_resolution is not None
    assert (stats.first_response_target.met, stats.first_response_target.total) == (1, 1)
    assert (stats.resolution_target.met, stats.resolution_target.total) == (1, 1)
    assert (stats.csat_average, stats.csat_responses, stats.csat_requests) == (4, 1, 1)
    assert stats.backlog == {"new": 0, "open": 0, "pending_customer": 0}
