"""First-response and resolution targets, counted in business hours.

The due times are stored on the ticket (first_response_due_at, resolution_due_at) so the inbox
filters and sorts "breached" in SQL; `ticket_targets` presents time left or breached.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from support.models import ResponseTarget


@dataclass(frozen=True)
class TargetState:
    due_at: datetime | None
    done_at: datetime | None
    time_left: timedelta | None  # None when done or without a target
    breached: bool


@dataclass(frozen=True)
class TicketTargets:
    first_response: TargetState
    resolution: TargetState

    @property
    def breached(self) -> bool:
        return self.first_response.breached or self.resolution.breached


def _hours():
    hours = settings.SUPPORT_BUSINESS_HOURS
    start = time.fromisoformat(hours["start"])
    end = time.fromisoformat(hours["end"])
    return set(hours["weekdays"]), start, end


def business_deadline(start: datetime, minutes: int) -> datetime:
    """`start` plus `minutes` of business time (SUPPORT_BUSINESS_HOURS in TIME_ZONE), skipping
    nights and non-working days. Friday 17:30 + 60 minutes is Monday 09:30."""
    weekdays, opens, closes = _hours()
    if not weekdays or opens >= closes:
        raise ValueError("SUPPORT_BUSINESS_HOURS needs weekdays and start < end")
    zone = ZoneInfo(settings.TIME_ZONE)
    current = start.astimezone(zone)
    remaining = timedelta(minutes=minutes)
    while True:
        day = current.date()
        day_open = datetime.combine(day, opens, tzinfo=zone)
        day_close = datetime.combine(day, closes, tzinfo=zone)
        if day.weekday() not in weekdays or current >= day_close:
            next_day = day + timedelta(days=1)
            current = datetime.combine(next_day, opens, tzinfo=zone)
            continue
        if current < day_open:
            current = day_open
        left_today = day_close - current
        if remaining <= left_today:
            return current + remaining
        remaining -= left_today
        current = datetime.combine(day + timedelta(days=1), opens, tzinfo=zone)


def target_minutes(priority: str) -> tuple[int, int]:
    """(first response, resolution) minutes for `priority`: a ResponseTarget row, else settings."""
    row = ResponseTarget.objects.filter(priority=priority).first()
    if row is not None:
        return row.first_response_minutes, row.resolution_minutes
    default = settings.SUPPORT_RESPONSE_TARGETS[priority]
    return default["first_response_minutes"], default["resolution_minutes"]


def ticket_due_times(*, priority: str, start: datetime) -> tuple[datetime, datetime]:
    first_minutes, resolution_minutes = target_minutes(priority)
    return business_deadline(start, first_minutes), business_deadline(start, resolution_minutes)


def _state(due_at, done_at, now) -> TargetState:
    if due_at is None:
        return TargetState(due_at=None, done_at=done_at, time_left=None, breached=False)
    if done_at is not None:
        return TargetState(
            due_at=due_at, done_at=done_at, time_left=None, breached=done_at > due_at
        )
    return TargetState(
        due_at=due_at,
        done_at=None,
        time_left=max(due_at - now, timedelta(0)),
        breached=now > due_at,
    )


def ticket_targets(ticket, *, now: datetime | None = None) -> TicketTargets:
    """Time left or breached, for the first response and the resolution. A ticket solved (or
    closed) after its due time stays breached."""
    now = now or timezone.now()
    resolved_at = ticket.solved_at or ticket.closed_at
    return TicketTargets(
        first_response=_state(ticket.first_response_due_at, ticket.first_response_at, now),
        resolution=_state(ticket.resolution_due_at, resolved_at, now),
    )


def breached_q(now: datetime | None = None) -> Q:
    """Tickets whose first response or resolution is overdue right now (for filters in SQL)."""
    now = now or timezone.now()
    return Q(first_response_at__isnull=True, first_response_due_at__lt=now) | Q(
        solved_at__isnull=True, closed_at__isnull=True, resolution_due_at__lt=now
    )
