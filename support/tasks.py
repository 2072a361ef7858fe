"""Celery tasks of the support desk: emails (support.mail) and the auto-solve sweep."""

import logging

from celery import shared_task
from django.conf import settings

from support import mail

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(ValueError, LookupError),
    max_retries=settings.EMAIL_MAX_RETRIES,
    retry_backoff=True,
    retry_backoff_max=600,
)
def send_ticket_email(self, ticket_id: int, kind: str, message_id=None) -> None:
    """Email the customer about their ticket (kinds: support.mail.KINDS)."""
    try:
        mail.ticket_email_send(ticket_id=ticket_id, kind=kind, message_id=message_id)
    except Exception as exc:
        if not self.request.is_eager and self.request.retries < self.max_retries:
            raise
        logger.exception("Ticket email %s for ticket %s failed", kind, ticket_id)
        mail.ticket_email_failed(
            ticket_id=ticket_id,
            kind=kind,
            error=f"{type(exc).__name__}: {exc}",
            message_id=message_id,
        )


@shared_task
def auto_solve_tickets() -> int:
    """Solve the tickets pending the customer for SUPPORT_AUTO_SOLVE_DAYS (beat schedule)."""
    from support.satisfaction import tickets_auto_solve

    return tickets_auto_solve()
