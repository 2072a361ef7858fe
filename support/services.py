"""Writes of the support desk. Every public function is keyword-only and raises
`ValidationError` with a `support.error_codes.TicketErrorCode` value on refusal.

Attachments everywhere are Django `File` objects (UploadedFile from a form, ContentFile from an
inbound email) with a `name`; images and PDF only, checked by their content.
"""

from collections.abc import Iterable

from support.models import Ticket, TicketEvent, TicketMessage

UNSET = object()


def ticket_create(
    *,
    subject: str,
    body: str,
    category: str,
    email: str = "",
    user=None,
    order=None,
    order_number: str = "",
    order_lines: Iterable = (),
    channel: str = "web",
    attachments: Iterable = (),
    priority: str | None = None,
    name: str = "",
    language_code: str = "",
    email_message_id: str | None = None,
) -> Ticket:
    """Open a ticket for `user` (a customer) or a guest `email`, with its first customer message.

    `order` (an Order) or `order_number` (from a contact form or an email) is linked only when the
    requester may see that order: the order's user, or an order whose email matches the
    requester's. Otherwise the ticket is created without it (never an error that would leak that
    the order exists). `order_lines` must belong to the linked order (INVALID_ORDER_LINE).
    Writes a staff-only `ticket_opened` event on the linked order, computes the due times and
    queues the acknowledgement email on commit.
    """
    raise NotImplementedError


def ticket_set_status(*, ticket: Ticket, status: str, user, message: str = "") -> Ticket:
    """Move `ticket` to `status` along support.tickets.TRANSITIONS (INVALID_TRANSITION otherwise).

    Saves, writes a `status_changed` TicketEvent, stamps solved_at / closed_at and queues the
    satisfaction email on commit when the ticket becomes solved. A no-op move is refused too.
    """
    raise NotImplementedError


def ticket_reply(
    *,
    ticket: Ticket,
    body: str,
    user,
    internal: bool = False,
    attachments: Iterable = (),
    status: str | None = None,
) -> TicketMessage:
    """An agent's public reply (emailed to the customer with a Reply-To carrying a signed ticket
    token) or an internal note (never emailed, never shown to customers).

    A public reply stamps first_response_at once and moves the ticket to `status`
    (default pending_customer). Refused on a closed ticket (TICKET_CLOSED).
    """
    raise NotImplementedError


def ticket_customer_reply(
    *,
    ticket: Ticket,
    body: str,
    author_email: str,
    user=None,
    attachments: Iterable = (),
    channel: str = "web",
    email_message_id: str | None = None,
) -> TicketMessage:
    """A customer's message on their ticket: reopens a solved (or pending) ticket to open.
    Refused on a closed ticket (TICKET_CLOSED). The caller checked the customer's access."""
    raise NotImplementedError


def ticket_update(
    *,
    ticket: Ticket,
    user,
    status: str | None = None,
    priority: str | None = None,
    category: str | None = None,
    assignee=UNSET,
    tags: Iterable[str] | None = None,
) -> Ticket:
    """Change what is given (None / UNSET = unchanged), one TicketEvent per change. A new priority
    recomputes the due times. `assignee=None` unassigns. `tags`: the full list of tag names."""
    raise NotImplementedError


def ticket_assign(*, ticket: Ticket, assignee, user) -> Ticket:
    """Assign to an agent (INVALID_ASSIGNEE for anyone else) or unassign with None."""
    raise NotImplementedError


def ticket_event_record(
    *, ticket: Ticket, type: str, user=None, message: str = "", data: dict | None = None
) -> TicketEvent:
    """Write one entry of the ticket's own timeline."""
    raise NotImplementedError


def ticket_order_action_record(
    *, ticket: Ticket, user, action: str, message: str, data: dict | None = None
) -> TicketEvent:
    """Record an action an agent took on the linked order from the ticket, BOTH on the ticket
    (`order_action`) and on the order's timeline (staff-only `ticket_action`)."""
    raise NotImplementedError


def ticket_satisfaction_submit(
    *, ticket: Ticket, score: int, comment: str = "", user=None
) -> Ticket:
    """Record the customer's 1–5 rating (INVALID_SCORE) of a solved or closed ticket
    (NOT_SOLVED), once (ALREADY_RATED). A score ≤ 2 sets needs_lead_attention and writes a
    low_satisfaction event."""
    raise NotImplementedError


def tickets_auto_solve(*, now=None) -> int:
    """Solve every ticket pending the customer for SUPPORT_AUTO_SOLVE_DAYS, with a message to the
    customer; returns how many. Called by the beat task support.tasks.auto_solve_tickets."""
    raise NotImplementedError
