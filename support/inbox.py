"""Reads of the agents' pages: the inbox queue with its filters, and what the ticket page shows
beside the conversation (the customer's other orders, the linked order with its lines,
payments, parcels, returns and full timeline), each in a fixed number of queries."""

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    DateTimeField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, Substr
from django.utils import timezone
from django.utils.text import Truncator

from core.graphql.ids import uuid_or_none
from customers.permissions import SUPPORT_AGENTS
from orders.models import Fulfillment, FulfillmentLine, Order, OrderEvent
from support.models import Ticket, TicketAttachment, TicketEvent, TicketMessage, TicketStatus
from support.selectors import tickets_filter

OPEN_STATUSES = (TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING_CUSTOMER)
PREVIEW_CHARS = 120
# Enough of a message's start to find its first non-blank line without reading a whole email.
_PREVIEW_READ = 600


def agent_users() -> QuerySet:
    """Active staff in the Support agents group (who may be assigned tickets)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=SUPPORT_AGENTS)
        .order_by("email")
        .distinct()
    )


def inbox_tickets(
    *,
    status: str = "",
    category: str = "",
    assignee=None,
    unassigned: bool = False,
    breached: bool = False,
    order_number: str = "",
    email: str = "",
    search: str = "",
) -> QuerySet[Ticket]:
    """The queue through support.selectors.tickets_filter: open tickets by default
    (`status="all"` for every one), the earliest due first (the first response while it is
    owed, then the resolution), with what a row shows: `last_message_kind` and
    `last_message_head` (the start of the last message the customer can see, for
    message_preview), in the same query."""
    statuses = () if status == "all" else (status,) if status else OPEN_STATUSES
    tickets = tickets_filter(
        Ticket.objects.select_related("assignee", "order", "customer"),
        statuses=statuses,
        categories=(category,) if category else (),
        assignee_id=assignee.pk if assignee is not None else None,
        unassigned=unassigned,
        breached=True if breached else None,
        order_number=order_number,
        customer_email=email,
        search=search,
    )
    # Least() of a NULL is NULL on SQLite (not on PostgreSQL): coalesce each side first.
    first, resolution = F("first_response_due_at"), F("resolution_due_at")
    next_due = Case(
        When(
            first_response_at__isnull=True,
            then=Least(Coalesce(first, resolution), Coalesce(resolution, first)),
        ),
        default=resolution,
    )
    never = Value(timezone.now().replace(year=9999), output_field=DateTimeField())
    last_public = (
        TicketMessage.objects.filter(ticket=OuterRef("pk"))
        .exclude(kind=TicketMessage.Kind.INTERNAL)
        .order_by("-created_at", "-id")
    )
    return tickets.annotate(
        next_due_at=Coalesce(next_due, never),
        last_message_kind=Subquery(last_public.values("kind")[:1]),
        last_message_head=Subquery(
            last_public.annotate(head=Substr("body", 1, _PREVIEW_READ)).values("head")[:1]
        ),
    ).order_by("next_due_at", "id")


def message_preview(text: str | None, length: int = PREVIEW_CHARS) -> str:
    """The inbox row's preview of a message: its text from the first non-blank line on, lines
    joined by spaces (so that a lone "Hello," is followed by what comes next), cut to `length`
    characters with an ellipsis. Quoted lines ("> …") of an email answer are left out."""
    lines = [line.strip() for line in (text or "").splitlines()]
    kept = [line for line in lines if line and not line.startswith(">")]
    return Truncator(" ".join(kept)).chars(length)


def agent_ticket(ref: str) -> Ticket | None:
    """The ticket with this number (T-2026-000123) or token, with its conversation (internal
    notes included: agents only), attachments, tags and own timeline."""
    tickets = Ticket.objects.select_related(
        "assignee", "customer", "order", "suggested_order"
    ).prefetch_related(
        "tags",
        "order_lines",
        Prefetch(
            "messages",
            queryset=TicketMessage.objects.select_related("author").prefetch_related(
                Prefetch("attachments", queryset=TicketAttachment.objects.order_by("id"))
            ),
        ),
        Prefetch("events", queryset=TicketEvent.objects.select_related("user")),
    )
    ticket = tickets.filter(number__iexact=ref).first()
    token = uuid_or_none(ref)
    if ticket is None and token is not None:
        ticket = tickets.filter(token=token).first()
    return ticket


def order_beside_ticket(order_id: int) -> Order:
    """The linked order with its lines, payments, parcels (lines, tracking), returns and the
    whole timeline (staff events included)."""
    parcel_lines = FulfillmentLine.objects.select_related("order_line").order_by("id")
    return (
        Order.objects.select_related("shipping_address", "billing_address")
        .prefetch_related(
            "lines",
            "payments",
            Prefetch(
                "fulfillments",
                queryset=Fulfillment.objects.prefetch_related(
                    Prefetch("lines", queryset=parcel_lines)
                ).order_by("number"),
            ),
            "returns",
            Prefetch("events", queryset=OrderEvent.objects.select_related("user")),
        )
        .get(pk=order_id)
    )


def customer_orders(ticket: Ticket, limit: int = 10) -> list[Order]:
    """The customer's other orders (by account, or by the ticket's email), newest first; none
    while the sender of an email ticket is not verified (anyone can write that From:)."""
    if not ticket.sender_verified or (ticket.customer_id is None and not ticket.email):
        return []
    who = Q(email__iexact=ticket.email)
    if ticket.customer_id is not None:
        who |= Q(user_id=ticket.customer_id)
    orders = Order.objects.filter(who)
    if ticket.order_id is not None:
        orders = orders.exclude(pk=ticket.order_id)
    return list(orders.order_by("-created_at")[:limit])
