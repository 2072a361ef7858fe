"""Tickets with hand-set timestamps, for the statistics."""

from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

from support.models import Tag, Ticket

PARIS = ZoneInfo("Europe/Paris")
_numbers = count(1)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A time of March 2026 in the shop's time zone."""
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def stats_ticket(*, created_at, tags=(), **fields) -> Ticket:
    """A ticket opened at `created_at` (auto_now_add is overwritten) with `fields` as stored."""
    number = next(_numbers)
    fields.setdefault("subject", f"Question {number}")
    fields.setdefault("email", f"customer{number}@example.com")
    ticket = Ticket.objects.create(number=f"T-2026-{number:06d}", **fields)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=created_at)
    ticket.refresh_from_db()
    if tags:
        ticket.tags.set([Tag.objects.get_or_create(name=name)[0] for name in tags])
    return ticket
