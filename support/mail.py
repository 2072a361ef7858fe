"""The emails of the support desk, sent by Celery tasks queued on commit.

Below the ticket services, which queue an email with `ticket_email_queue`: the task is queued by
its name (core.outbox, support.outbox), so this module never imports support.tasks, the caller
on top that runs `ticket_email_send`.

Kinds: `created` (acknowledgement), `reply` (an agent's public reply: never an internal note),
`satisfaction` (rating links once solved), `auto_solved`. Every email carries
Reply-To: support+<signed ticket token>@SUPPORT_REPLY_DOMAIN so the customer's answer threads
back into the ticket (support.inbound), and is written on the ticket's timeline.
"""

from django.conf import settings
from django.core.mail.message import make_msgid
from django.utils import translation
from django.utils.translation import gettext as _

from core.emails import templated_email_send
from core.outbox import task_queue
from support import links
from support.models import Ticket, TicketEvent, TicketMessage
from support.outbox import TICKET_EMAIL

KINDS = ("created", "reply", "satisfaction", "auto_solved")


def new_message_id() -> str:
    return make_msgid(domain=settings.SUPPORT_REPLY_DOMAIN)


def ticket_email_queue(ticket_id: int, kind: str, message_id: int | None = None) -> None:
    """Queue the email for when the current transaction commits (at once outside one)."""
    task_queue(TICKET_EMAIL, ticket_id, kind, message_id)


def _subject(kind: str, ticket) -> str:
    subjects = {
        "created": _("[%(number)s] We received your message: %(subject)s"),
        "reply": _("[%(number)s] Re: %(subject)s"),
        "satisfaction": _("[%(number)s] How did we do?"),
        "auto_solved": _("[%(number)s] Re: %(subject)s"),
    }
    return subjects[kind] % {"number": ticket.number, "subject": ticket.subject}


def ticket_email_send(*, ticket_id: int, kind: str, message_id: int | None = None):
    """Send one email about a ticket to its customer and record it as an `email_sent` event.
    Raises whatever the email backend raises (the task records the failure)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown ticket email kind: {kind}")
    ticket = Ticket.objects.select_related("order").get(pk=ticket_id)
    message = None
    if message_id is not None:
        message = TicketMessage.objects.get(pk=message_id, ticket=ticket)
        if message.kind == TicketMessage.Kind.INTERNAL:
            raise ValueError("Internal notes are never emailed")
    language = ticket.language_code or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "ticket": ticket,
            "message": message,
            "ticket_url": links.ticket_link(ticket),
            "shop_name": settings.SHOP_NAME,
        }
        if kind == "satisfaction":
            context["ratings"] = [
                (score, links.satisfaction_link(ticket, score)) for score in range(1, 6)
            ]
        subject = _subject(kind, ticket)
    headers = {}
    if kind != "reply":
        # Sent by a machine: well-behaved autoresponders do not answer it (no mail loops).
        headers["Auto-Submitted"] = "auto-replied" if kind == "created" else "auto-generated"
    if message is not None and message.email_message_id:
        headers["Message-ID"] = message.email_message_id
    first = ticket.messages.exclude(email_message_id=None).order_by("id").first()
    if first is not None and first.email_message_id and first != message:
        headers["In-Reply-To"] = first.email_message_id
        headers["References"] = first.email_message_id
    templated_email_send(
        to=ticket.email,
        subject=subject,
        template=f"emails/support_{kind}",
        context=context,
        language=language,
        headers=headers,
        reply_to=[links.reply_address(ticket)],
    )
    return TicketEvent.objects.create(
        ticket=ticket,
        type=TicketEvent.Type.EMAIL_SENT,
        message=subject,
        data={"kind": kind, "to": ticket.email, "message": message_id},
    )


def ticket_email_failed(*, ticket_id: int, kind: str, error: str, message_id=None):
    """Write on the ticket's timeline that the email of `kind` could not be sent (`error`)."""
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is None:
        return None
    return TicketEvent.objects.create(
        ticket=ticket,
        type=TicketEvent.Type.EMAIL_FAILED,
        message=kind,
        data={"kind": kind, "to": ticket.email, "error": error[:500], "message": message_id},
    )
