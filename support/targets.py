"""First-response and resolution targets, counted in business hours."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class TargetState:
    due_at: datetime | None
    done_at: datetime | None
    time_left: timedelta | None  # None when done or no target
    breached: bool


@dataclass(frozen=True)
class TicketTargets:
    first_response: TargetState
    resolution: TargetState


def business_deadline(start: datetime, minutes: int) -> datetime:
    """`start` plus `minutes` of business time (SUPPORT_BUSINESS_HOURS in TIME_ZONE)."""
    raise NotImplementedError


def target_minutes(priority: str) -> tuple[int, int]:
    """(first response, resolution) minutes for `priority`: a ResponseTarget row, else settings."""
    raise NotImplementedError


def ticket_targets(ticket, *, now: datetime | None = None) -> TicketTargets:
    """Time left or breached, for the first response and the resolution."""
    raise NotImplementedError
