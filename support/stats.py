"""Support statistics for a period: read off the timestamps each Ticket stores.

Times are wall-clock (created_at → first_response_at / solved_at): what the customer waited.
Whether a target was met compares the same timestamps with the stored due times, which
support.targets computes in business hours — so "targets met" honours nights and weekends while
the medians say how long customers really waited.

A ticket belongs to the period in which it was opened (created_at, in TIME_ZONE, both dates
included); the backlog is a snapshot of the tickets open now, whatever their age.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from support.faq import faq_no_result_searches
from support.models import Ticket, TicketCategory, TicketStatus

OPEN_STATUSES = (TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING_CUSTOMER)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    @classmethod
    def last_days(cls, days: int = 30, *, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(start=today - timedelta(days=days - 1), end=today)

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first instant after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class Share:
    met: int
    total: int

    @property
    def ratio(self) -> float | None:
        return self.met / self.total if self.total else None


@dataclass
class TicketStats:
    period: Period
    opened: int
    # {day: {category value: count}} for every day of the period, every category.
    opened_per_day: dict[date, dict[str, int]]
    median_first_response: timedelta | None
    median_resolution: timedelta | None
    first_response_target: Share
    resolution_target: Share
    csat_average: float | None
    csat_responses: int
    csat_requests: int
    backlog: dict[str, int]  # open status value -> count, now
    no_result_searches: list[dict] = field(default_factory=list)

    @property
    def csat_response_rate(self) -> float | None:
        return self.csat_responses / self.csat_requests if self.csat_requests else None


def tickets_opened_in(period: Period) -> QuerySet[Ticket]:
    return Ticket.objects.filter(created_at__gte=period.since, created_at__lt=period.until)


def _median(pairs) -> timedelta | None:
    durations = [(end - start).total_seconds() for start, end in pairs if end is not None]
    if not durations:
        return None
    return timedelta(seconds=statistics.median(durations))


def tickets_opened_per_day(period: Period) -> dict[date, dict[str, int]]:
    per_day = {day: dict.fromkeys(TicketCategory.values, 0) for day in period.days}
    rows = (
        tickets_opened_in(period)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "category")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in rows:
        per_day[row["day"]][row["category"]] = row["count"]
    return per_day


def _target_share(tickets: QuerySet[Ticket], *, done: str, due: str, now: datetime) -> Share:
    """Met: done by the due time. Missed: done late, or not done and already past due. Tickets
    not done and not yet due (or without a due time) are undecided and left out."""
    counts = tickets.filter(**{f"{due}__isnull": False}).aggregate(
        met=Count("id", filter=Q(**{f"{done}__isnull": False, f"{done}__lte": F(due)})),
        late=Count("id", filter=Q(**{f"{done}__isnull": False, f"{done}__gt": F(due)})),
        overdue=Count("id", filter=Q(**{f"{done}__isnull": True, f"{due}__lt": now})),
    )
    return Share(met=counts["met"], total=counts["met"] + counts["late"] + counts["overdue"])


def ticket_stats(*, period: Period, now: datetime | None = None) -> TicketStats:
    """Every number of the statistics page for tickets opened in `period`."""
    now = now or timezone.now()
    tickets = tickets_opened_in(period)
    times = list(tickets.values_list("created_at", "first_response_at", "solved_at"))
    # Surveys go only to answered tickets (support.tickets.satisfaction_survey_due).
    csat = tickets.filter(solved_at__isnull=False, first_response_at__isnull=False).aggregate(
        requests=Count("id"),
        responses=Count("id", filter=Q(satisfaction_score__isnull=False)),
        average=Avg("satisfaction_score"),
    )
    backlog = dict.fromkeys(OPEN_STATUSES, 0)
    for row in (
        Ticket.objects.filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(count=Count("id"))
        .order_by()
    ):
        backlog[row["status"]] = row["count"]
    return TicketStats(
        period=period,
        opened=len(times),
        opened_per_day=tickets_opened_per_day(period),
        median_first_response=_median((created, first) for created, first, _ in times),
        median_resolution=_median((created, solved) for created, _, solved in times),
        first_response_target=_target_share(
            tickets, done="first_response_at", due="first_response_due_at", now=now
        ),
        resolution_target=_target_share(
            tickets, done="solved_at", due="resolution_due_at", now=now
        ),
        csat_average=csat["average"],
        csat_responses=csat["responses"],
        csat_requests=csat["requests"],
        backlog={str(status): count for status, count in backlog.items()},
        no_result_searches=faq_no_result_searches(since=period.since, until=period.until),
    )


def tickets_for_export(period: Period) -> QuerySet[Ticket]:
    """The tickets opened in `period`, oldest first, with what the CSV export shows."""
    return (
        tickets_opened_in(period)
        .select_related("order")
        .prefetch_related("tags")
        .order_by("created_at", "id")
    )
