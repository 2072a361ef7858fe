"""Celery tasks of the support desk: emails (support.mail) and the auto-solve sweep.

The top of the support package: each task is registered under its name in support.outbox,
by which the services below queue it (core.outbox.task_queue) without importing this module.
"""

from celery import shared_task

from core.emails import EmailTask
from support import mail
from support.outbox import AUTO_SOLVE_TICKETS, TICKET_EMAIL
from support.satisfaction import tickets_auto_solve


@shared_task(name=TICKET_EMAIL, bind=True, base=EmailTask, not_retried=(ValueError, LookupError))
def send_ticket_email(self, ticket_id: int, kind: str, message_id=None) -> None:
    """Email the customer about their ticket (kinds: support.mail.KINDS); once retries are
    exhausted, the failure is written on the ticket's timeline."""
    self.send_with_retries(
        lambda: mail.ticket_email_send(ticket_id=ticket_id, kind=kind, message_id=message_id),
        on_failed=lambda error: mail.ticket_email_failed(
            ticket_id=ticket_id, kind=kind, error=error, message_id=message_id
        ),
    )


@shared_task(name=AUTO_SOLVE_TICKETS)
def auto_solve_tickets() -> int:
    """Solve the tickets pending the customer for SUPPORT_AUTO_SOLVE_DAYS (beat schedule)."""
    return tickets_auto_solve()
