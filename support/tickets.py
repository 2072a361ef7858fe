"""The ticket lifecycle: one table of allowed moves, the one function that makes them, and the
writes around a conversation (open, reply, update, assign).

Every write locks the ticket row (support.locks.ticket_lock), writes TicketEvent rows for its
timeline, and queues emails with transaction.on_commit (support.mail). Callers (pages, GraphQL,
the inbound mail command, Celery) parse input and call one of these.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.sequences import number_next
from customers.models import User
from orders.events import order_event
from orders.models import OrderEvent
from support import mail
from support.attachments import attachments_store, attachments_validate
from support.error_codes import TicketErrorCode
from support.limits import acknowledgement_count, ticket_creation_count
from support.locks import ticket_lock, ticket_refresh
from support.models import (
    Tag,
    Ticket,
    TicketCategory,
    TicketChannel,
    TicketEvent,
    TicketMessage,
    TicketPriority,
    TicketStatus,
)
from support.selectors import is_agent, ticket_order_for_request
from support.targets import ticket_due_times

UNSET = object()

# The key of the ticket numbers' yearly counter in core.sequences (a stored value).
TICKET_NUMBER_SEQUENCE = "ticket"

S = TicketStatus
TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.OPEN, S.PENDING_CUSTOMER, S.SOLVED, S.CLOSED},
    S.OPEN: {S.PENDING_CUSTOMER, S.SOLVED, S.CLOSED},
    S.PENDING_CUSTOMER: {S.OPEN, S.SOLVED, S.CLOSED},
    S.SOLVED: {S.OPEN, S.CLOSED},
    S.CLOSED: set(),
}

SUBJECT_MAX = Ticket._meta.get_field("subject").max_length
ORDER_NUMBER_RE = re.compile(r"\b(\d{4}-\d{6})\b")


def message_text(body) -> str:
    """A message as stored: plain text with Unix line ends (browsers post CRLF), trimmed."""
    return (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


def _choice(value, choices, field):
    if value not in choices.values:
        raise typed_error(_("Choose a valid value."), TicketErrorCode.INVALID, field=field)
    return value


def ticket_event_record(
    *, ticket: Ticket, type: str, user=None, message: str = "", data: dict | None = None
) -> TicketEvent:
    """Write one entry of the ticket's own timeline."""
    return TicketEvent.objects.create(
        ticket=ticket, type=type, user=_user_or_none(user), message=message, data=data or {}
    )


def order_number_in(text: str) -> str:
    """The first order number (`2026-000123`) found in `text`, or ""."""
    match = ORDER_NUMBER_RE.search(text or "")
    return match.group(1) if match else ""


def order_ticket_event_record(*, order, ticket: Ticket, user) -> None:
    """The staff-only `ticket_opened` event on the order a ticket is (now) about."""
    order_event(
        order=order,
        type=OrderEvent.Type.TICKET_OPENED,
        user=user,
        message=f"{ticket.number}: {ticket.subject}",
        data={"ticket": ticket.number, "ticket_token": str(ticket.token)},
        customer_visible=False,
    )


def ticket_create(
    *,
    subject: str,
    body: str,
    category: str,
    email: str = "",
    user=None,
    order=None,
    order_number: str = "",
    order_lines=(),
    channel: str = TicketChannel.WEB,
    attachments=(),
    priority: str | None = None,
    name: str = "",
    language_code: str = "",
    email_message_id: str | None = None,
    ip: str | None = None,
    sender_verified: bool = True,
) -> Ticket:
    """Open a ticket for `user` (a customer) or a guest `email`, with its first customer message.

    An order is linked only with proof (support.selectors.ticket_order_for_request): `order`
    read with the requester's credential (its page, its UUID id) or the signed-in owner's own
    `order_number`. A number and email that merely match become `suggested_order`, seen by
    agents only; the answer is the same either way (never an error that would leak that the
    order exists). `order_lines` must belong to the linked order (INVALID_ORDER_LINE).

    `sender_verified=False` (an email whose From: our MTA could not authenticate) opens a
    guest ticket with no user and no order, whatever is passed, until an agent confirms the
    sender (ticket_sender_confirm).

    `ip`: the client's address for a request from the web or the API (core.http.client_ip);
    such requests are limited per IP and per email (RATE_LIMITED, nothing written). None for
    the inbound mail, which is not a web request.

    Writes a staff-only `ticket_opened` event on the linked order, computes the due times and
    queues the acknowledgement email on commit, unless that address already got its hourly
    share (support.limits: the ticket is kept, an `email_held_back` event says so).
    """
    user = _user_or_none(user) if sender_verified else None
    if not sender_verified:
        order, order_number, order_lines = None, "", ()
    subject = (subject or "").strip()
    body = message_text(body)
    email = (email or "").strip() or (user.email if user else "")
    errors = {}
    if not subject:
        errors["subject"] = typed_error(
            _("Give your question a subject."), TicketErrorCode.REQUIRED
        )
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = typed_error(_("The subject is too long."), TicketErrorCode.INVALID)
    if not body:
        errors["body"] = typed_error(_("Write your message."), TicketErrorCode.REQUIRED)
    if not email:
        errors["email"] = typed_error(
            _("Give an email address so we can answer."), TicketErrorCode.REQUIRED
        )
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = typed_error(
                _("Enter a valid email address."), TicketErrorCode.INVALID
            )
    if errors:
        raise ValidationError(errors)
    _choice(category, TicketCategory, "category")
    priority = _choice(priority or TicketPriority.NORMAL, TicketPriority, "priority")
    _choice(channel, TicketChannel, "channel")
    checked = attachments_validate(attachments)

    order, suggested_order = ticket_order_for_request(
        order=order, order_number=order_number, user=user, email=email, channel=channel
    )
    lines = list(order_lines)
    if lines and (order is None or any(line.order_id != order.pk for line in lines)):
        raise typed_error(
            _("Choose lines of the order the question is about."),
            TicketErrorCode.INVALID_ORDER_LINE,
            field="order_lines",
        )

    if ip is not None:
        ticket_creation_count(ip=ip, email=email)

    with transaction.atomic():
        now = timezone.now()
        first_due, resolution_due = ticket_due_times(priority=priority, start=now)
        ticket = Ticket.objects.create(
            number=number_next(key=TICKET_NUMBER_SEQUENCE, prefix="T"),
            subject=subject,
            category=category,
            priority=priority,
            customer=user,
            email=email,
            name=name or (user.get_full_name() if user and user.get_full_name() != email else ""),
            order=order,
            order_linked_by_requester=order is not None,
            suggested_order=suggested_order,
            channel=channel,
            language_code=language_code or translation.get_language() or "",
            status_changed_at=now,
            first_response_due_at=first_due,
            resolution_due_at=resolution_due,
            last_customer_message_at=now,
            sender_verified=sender_verified,
        )
        if lines:
            ticket.order_lines.set(lines)
        message = TicketMessage.objects.create(
            ticket=ticket,
            kind=TicketMessage.Kind.CUSTOMER,
            author=user,
            author_email=email,
            body=body,
            channel=channel,
            email_message_id=email_message_id or None,
        )
        attachments_store(message, checked)
        ticket_event_record(
            ticket=ticket, type=TicketEvent.Type.CREATED, user=user, data={"channel": channel}
        )
        if order is not None:
            order_ticket_event_record(order=order, ticket=ticket, user=user)
        if acknowledgement_count(email=email):
            mail.ticket_email_queue(ticket.pk, "created")
        else:
            ticket_event_record(
                ticket=ticket, type=TicketEvent.Type.EMAIL_HELD_BACK, data={"kind": "created"}
            )
    return ticket


def satisfaction_survey_due(ticket: Ticket) -> bool:
    """Whether the customer is asked to rate `ticket`: not rated yet, and an agent answered it
    (first_response_at, stamped by an agent's public reply). A ticket solved without any
    agent's answer (the customer's "never mind", a duplicate, spam) asks nothing: there is
    nothing to rate."""
    return ticket.satisfaction_score is None and ticket.first_response_at is not None


def ticket_set_status(*, ticket: Ticket, status: str, user, message: str = "") -> Ticket:
    """Move `ticket` to `status` along TRANSITIONS (INVALID_TRANSITION otherwise, a no-op move
    too). Saves, writes a `status_changed` TicketEvent, stamps solved_at / closed_at and queues
    the satisfaction email on commit when the ticket becomes solved.

    Locks the ticket row itself (inside its own atomic block); the passed instance is updated.
    """
    _choice(status, TicketStatus, "status")
    with transaction.atomic():
        locked = ticket_lock(ticket)
        ticket_move(ticket=locked, status=status, user=user, message=message)
    ticket_refresh(ticket, locked)
    return ticket


def ticket_move(
    *, ticket: Ticket, status: str, user, message: str = "", event_type: str | None = None
) -> None:
    """Move `ticket` to `status` along TRANSITIONS (INVALID_TRANSITION otherwise): saves it,
    writes a TicketEvent (`event_type`, default `status_changed`), stamps solved_at /
    closed_at, and queues the satisfaction email on commit when it becomes solved and
    satisfaction_survey_due.

    Call holding the ticket's row lock (support.locks.ticket_lock) in a transaction, with the
    locked instance."""
    if status not in TRANSITIONS[ticket.status]:
        raise typed_error(
            _("A ticket that is %(current)s cannot become %(new)s.")
            % {"current": ticket.get_status_display(), "new": TicketStatus(status).label},
            TicketErrorCode.INVALID_TRANSITION,
            field="status",
        )
    previous = ticket.status
    now = timezone.now()
    ticket.status = status
    ticket.status_changed_at = now
    if status == S.SOLVED:
        ticket.solved_at = now
    elif status == S.CLOSED:
        ticket.closed_at = now
        ticket.solved_at = ticket.solved_at or now
    elif previous == S.SOLVED:
        ticket.solved_at = None  # reopened: solved again later
    ticket.save(
        update_fields=["status", "status_changed_at", "solved_at", "closed_at", "updated_at"]
    )
    ticket_event_record(
        ticket=ticket,
        type=event_type or TicketEvent.Type.STATUS_CHANGED,
        user=user,
        message=message,
        data={"from": previous, "to": status},
    )
    if status == S.SOLVED and satisfaction_survey_due(ticket):
        mail.ticket_email_queue(ticket.pk, "satisfaction")


def ticket_reply(
    *,
    ticket: Ticket,
    body: str,
    user,
    internal: bool = False,
    attachments=(),
    status: str | None = None,
) -> TicketMessage:
    """An agent's public reply (emailed to the customer with a Reply-To carrying a signed ticket
    token) or an internal note (never emailed, never shown to customers).

    Only agents (PERMISSION_DENIED). A public reply stamps first_response_at once and moves the
    ticket to `status` (default pending_customer, when the table allows it). Refused on a closed
    ticket (TICKET_CLOSED).
    """
    if not is_agent(user):
        raise typed_error(
            _("Only support agents can answer tickets."), TicketErrorCode.PERMISSION_DENIED
        )
    body = message_text(body)
    if not body:
        raise typed_error(_("Write your message."), TicketErrorCode.REQUIRED, field="body")
    if status is not None:
        _choice(status, TicketStatus, "status")
    checked = attachments_validate(attachments)
    with transaction.atomic():
        locked = ticket_lock(ticket)
        if locked.status == S.CLOSED:
            raise typed_error(_("This ticket is closed."), TicketErrorCode.TICKET_CLOSED)
        kind = TicketMessage.Kind.INTERNAL if internal else TicketMessage.Kind.AGENT
        message = TicketMessage.objects.create(
            ticket=locked,
            kind=kind,
            author=user,
            author_email=user.email,
            body=body,
            channel=TicketChannel.WEB,
            email_message_id=None if internal else mail.new_message_id(),
        )
        attachments_store(message, checked)
        if not internal:
            if locked.first_response_at is None:
                locked.first_response_at = message.created_at
                locked.save(update_fields=["first_response_at", "updated_at"])
            target = status or S.PENDING_CUSTOMER
            if target != locked.status and (
                status is not None or target in TRANSITIONS[locked.status]
            ):
                ticket_move(ticket=locked, status=target, user=user)
            mail.ticket_email_queue(locked.pk, "reply", message_id=message.pk)
        elif status is not None and status != locked.status:
            ticket_move(ticket=locked, status=status, user=user)
    ticket_refresh(ticket, locked)
    return message


def ticket_customer_reply(
    *,
    ticket: Ticket,
    body: str,
    author_email: str,
    user=None,
    attachments=(),
    channel: str = TicketChannel.WEB,
    email_message_id: str | None = None,
) -> TicketMessage:
    """A customer's message on their ticket: reopens a solved or pending ticket (→ open).
    Refused on a closed ticket (TICKET_CLOSED). The caller checked the customer's access."""
    body = message_text(body)
    if not body:
        raise typed_error(_("Write your message."), TicketErrorCode.REQUIRED, field="body")
    checked = attachments_validate(attachments)
    user = _user_or_none(user)
    with transaction.atomic():
        locked = ticket_lock(ticket)
        if locked.status == S.CLOSED:
            raise typed_error(_("This ticket is closed."), TicketErrorCode.TICKET_CLOSED)
        message = TicketMessage.objects.create(
            ticket=locked,
            kind=TicketMessage.Kind.CUSTOMER,
            author=user,
            author_email=author_email or (user.email if user else locked.email),
            body=body,
            channel=channel,
            email_message_id=email_message_id or None,
        )
        attachments_store(message, checked)
        locked.last_customer_message_at = message.created_at
        locked.save(update_fields=["last_customer_message_at", "updated_at"])
        if locked.status in (S.PENDING_CUSTOMER, S.SOLVED):
            ticket_move(
                ticket=locked,
                status=S.OPEN,
                user=user,
                message=_("The customer replied.") if locked.status == S.SOLVED else "",
            )
    ticket_refresh(ticket, locked)
    return message


def _agent_or_error(assignee):
    if assignee is not None and not is_agent(assignee):
        raise typed_error(
            _("Tickets can only be assigned to support agents."),
            TicketErrorCode.INVALID_ASSIGNEE,
            field="assignee",
        )


def _set_assignee(ticket: Ticket, assignee, user) -> None:
    if ticket.assignee_id == (assignee.pk if assignee else None):
        return
    previous = ticket.assignee.email if ticket.assignee_id else None
    ticket.assignee = assignee
    ticket.save(update_fields=["assignee", "updated_at"])
    ticket_event_record(
        ticket=ticket,
        type=TicketEvent.Type.ASSIGNED,
        user=user,
        data={"from": previous, "to": assignee.email if assignee else None},
    )


def ticket_sender_confirm(*, ticket: Ticket, user) -> Ticket:
    """An agent vouches for the sender of an unverified email ticket (they checked it another
    way): the ticket becomes verified and joins the active account with that email, if any.
    PERMISSION_DENIED for anyone but an agent; a verified ticket is left as it is. Takes the
    ticket's row lock."""
    if not is_agent(user):
        raise typed_error(
            _("Only support agents may confirm a sender."), TicketErrorCode.PERMISSION_DENIED
        )
    with transaction.atomic():
        locked = ticket_lock(ticket)
        if not locked.sender_verified:
            locked.sender_verified = True
            locked.customer = (
                User.objects.filter(email__iexact=locked.email, is_active=True).first()
                if locked.customer_id is None
                else locked.customer
            )
            locked.save(update_fields=["sender_verified", "customer", "updated_at"])
            ticket_event_record(
                ticket=locked,
                type=TicketEvent.Type.SENDER_CONFIRMED,
                user=user,
                data={"email": locked.email, "customer": locked.customer_id},
            )
    ticket_refresh(ticket, locked)
    return ticket


def ticket_assign(*, ticket: Ticket, assignee, user) -> Ticket:
    """Assign to an agent (INVALID_ASSIGNEE for anyone else) or unassign with None."""
    _agent_or_error(assignee)
    with transaction.atomic():
        locked = ticket_lock(ticket)
        _set_assignee(locked, assignee, user)
    ticket_refresh(ticket, locked)
    return ticket


def ticket_update(
    *,
    ticket: Ticket,
    user,
    status: str | None = None,
    priority: str | None = None,
    category: str | None = None,
    assignee=UNSET,
    tags=None,
) -> Ticket:
    """Change what is given (None / UNSET = unchanged), one TicketEvent per change, all or
    nothing. A new priority recomputes the due times from the ticket's creation.
    `assignee=None` unassigns. `tags`: the full list of tag names (created when new)."""
    if status is not None:
        _choice(status, TicketStatus, "status")
    if priority is not None:
        _choice(priority, TicketPriority, "priority")
    if category is not None:
        _choice(category, TicketCategory, "category")
    if assignee is not UNSET:
        _agent_or_error(assignee)
    names = None
    if tags is not None:
        names = sorted({name.strip()[:50] for name in tags if name and name.strip()})
    with transaction.atomic():
        locked = ticket_lock(ticket)
        if priority is not None and priority != locked.priority:
            previous = locked.priority
            locked.priority = priority
            locked.first_response_due_at, locked.resolution_due_at = ticket_due_times(
                priority=priority, start=locked.created_at
            )
            locked.save(
                update_fields=[
                    "priority",
                    "first_response_due_at",
                    "resolution_due_at",
                    "updated_at",
                ]
            )
            ticket_event_record(
                ticket=locked,
                type=TicketEvent.Type.PRIORITY_CHANGED,
                user=user,
                data={"from": previous, "to": priority},
            )
        if category is not None and category != locked.category:
            previous = locked.category
            locked.category = category
            locked.save(update_fields=["category", "updated_at"])
            ticket_event_record(
                ticket=locked,
                type=TicketEvent.Type.CATEGORY_CHANGED,
                user=user,
                data={"from": previous, "to": category},
            )
        if assignee is not UNSET:
            _set_assignee(locked, assignee, user)
        if names is not None:
            previous = sorted(locked.tags.values_list("name", flat=True))
            if previous != names:
                for name in names:
                    Tag.objects.get_or_create(name=name)
                locked.tags.set(Tag.objects.filter(name__in=names))
                ticket_event_record(
                    ticket=locked,
                    type=TicketEvent.Type.TAGS_CHANGED,
                    user=user,
                    data={"from": previous, "to": names},
                )
        if status is not None and status != locked.status:
            ticket_move(ticket=locked, status=status, user=user)
    ticket_refresh(ticket, locked)
    return ticket


def ticket_order_action_record(
    *, ticket: Ticket, user, action: str, message: str, data: dict | None = None
) -> TicketEvent:
    """Record an action an agent took on the linked order from the ticket, BOTH on the ticket
    (`order_action`) and on the order's timeline (staff-only `ticket_action`). Call in the same
    transaction as the order service, after it succeeded."""
    if ticket.order_id is None:
        raise typed_error(_("This ticket is not about an order."), TicketErrorCode.INVALID)
    payload = {"action": action, **(data or {})}
    event = ticket_event_record(
        ticket=ticket, type=TicketEvent.Type.ORDER_ACTION, user=user, message=message, data=payload
    )
    order_event(
        order=ticket.order,
        type=OrderEvent.Type.TICKET_ACTION,
        user=user,
        message=f"{ticket.number}: {message}",
        data={"ticket": ticket.number, **payload},
        customer_visible=False,
    )
    return event
