"""After solving: the customer's satisfaction score, and the auto-solve sweep.

Above the ticket lifecycle (support.tickets), whose public moves it uses; below support.tasks,
whose beat task runs the sweep.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import typed_error
from support import mail
from support.error_codes import TicketErrorCode
from support.locks import ticket_lock, ticket_refresh
from support.models import Ticket, TicketChannel, TicketEvent, TicketMessage, TicketStatus
from support.tickets import ticket_event_record, ticket_move

LOW_SCORE = 2


def ticket_satisfaction_submit(
    *, ticket: Ticket, score: int, comment: str = "", user=None
) -> Ticket:
    """Record the customer's 1–5 rating (INVALID_SCORE) of a solved or closed ticket
    (NOT_SOLVED) that an agent answered (NOT_ANSWERED: no survey is sent for the others, see
    support.tickets.satisfaction_survey_due), once (ALREADY_RATED). A score ≤ 2 sets
    needs_lead_attention and writes a low_satisfaction event. The caller checked access (owner,
    or a signed rating link). Takes the ticket's row lock."""
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise typed_error(
            _("Choose a score from 1 to 5."), TicketErrorCode.INVALID_SCORE, field="score"
        )
    with transaction.atomic():
        locked = ticket_lock(ticket)
        if locked.satisfaction_score is not None:
            raise typed_error(
                _("This ticket has already been rated. Thank you!"), TicketErrorCode.ALREADY_RATED
            )
        if locked.status not in (TicketStatus.SOLVED, TicketStatus.CLOSED):
            raise typed_error(
                _("A ticket can be rated once it is solved."), TicketErrorCode.NOT_SOLVED
            )
        if locked.first_response_at is None:
            raise typed_error(
                _("No one from our team has answered this request yet: there is nothing to rate."),
                TicketErrorCode.NOT_ANSWERED,
            )
        locked.satisfaction_score = score
        locked.satisfaction_comment = (comment or "").strip()[:2000]
        locked.satisfaction_at = timezone.now()
        locked.needs_lead_attention = score <= LOW_SCORE
        locked.save(
            update_fields=[
                "satisfaction_score",
                "satisfaction_comment",
                "satisfaction_at",
                "needs_lead_attention",
                "updated_at",
            ]
        )
        ticket_event_record(
            ticket=locked,
            type=TicketEvent.Type.SATISFACTION_RATED,
            user=user,
            message=locked.satisfaction_comment,
            data={"score": score},
        )
        if score <= LOW_SCORE:
            ticket_event_record(
                ticket=locked,
                type=TicketEvent.Type.LOW_SATISFACTION,
                user=user,
                data={"score": score},
            )
    ticket_refresh(ticket, locked)
    return ticket


def tickets_auto_solve(*, now=None) -> int:
    """Solve every ticket pending the customer for SUPPORT_AUTO_SOLVE_DAYS, with a message to the
    customer; returns how many. Called by the beat task support.tasks.auto_solve_tickets.
    Locks one ticket at a time, each in its own transaction."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SUPPORT_AUTO_SOLVE_DAYS)
    ids = list(
        Ticket.objects.filter(
            status=TicketStatus.PENDING_CUSTOMER, status_changed_at__lte=cutoff
        ).values_list("pk", flat=True)
    )
    solved = 0
    for pk in ids:
        with transaction.atomic():
            ticket = ticket_lock(pk)
            if ticket.status != TicketStatus.PENDING_CUSTOMER or ticket.status_changed_at > cutoff:
                continue  # the customer answered meanwhile
            message = TicketMessage.objects.create(
                ticket=ticket,
                kind=TicketMessage.Kind.AGENT,
                body=_(
                    "We have not heard back from you for %(days)s days, so we consider your "
                    "request solved. If you still need help, just answer this message and "
                    "the ticket opens again."
                )
                % {"days": settings.SUPPORT_AUTO_SOLVE_DAYS},
                channel=TicketChannel.WEB,
                email_message_id=mail.new_message_id(),
            )
            ticket_move(
                ticket=ticket,
                status=TicketStatus.SOLVED,
                user=None,
                event_type=TicketEvent.Type.AUTO_SOLVED,
            )
            mail.ticket_email_queue(ticket.pk, "auto_solved", message_id=message.pk)
            solved += 1
    return solved
