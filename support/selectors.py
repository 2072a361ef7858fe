"""Reads of the support desk: who may see which ticket, and which of its messages."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, Q, QuerySet

from core.graphql.ids import uuid_or_none
from orders.models import Order
from orders.selectors import can_view_order
from support.models import Ticket, TicketChannel, TicketMessage
from support.targets import breached_q


def is_agent(user) -> bool:
    """An active staff user with support.view_ticket (the Support agents group)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("support.view_ticket")
    )


def tickets_for_user(user) -> QuerySet[Ticket]:
    """Agents: every ticket; customers: their own (customer FK, or their verified email);
    guests: none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Ticket.objects.none()
    if is_agent(user):
        return Ticket.objects.all()
    mine = Q(customer=user)
    if user.email_verified:
        mine |= Q(customer__isnull=True, email__iexact=user.email)
    return Ticket.objects.filter(mine)


def ticket_for_user(*, token, user) -> Ticket | None:
    """The ticket with `token` if `user` may read it; None for another's, like a missing one."""
    token = uuid_or_none(token)
    if token is None:
        return None
    return tickets_for_user(user).filter(token=token).first()


def ticket_messages_for(ticket: Ticket, user) -> QuerySet[TicketMessage]:
    """The ticket's messages in order, without internal notes unless `user` is an agent."""
    messages = TicketMessage.objects.filter(ticket=ticket).order_by("created_at", "id")
    if not is_agent(user):
        messages = messages.exclude(kind=TicketMessage.Kind.INTERNAL)
    return messages


def customer_visible_messages(queryset: QuerySet[TicketMessage]) -> QuerySet[TicketMessage]:
    """What a customer (or a guest holding the signed link) may read: no internal notes."""
    return queryset.exclude(kind=TicketMessage.Kind.INTERNAL)


def tickets_of_customer(user) -> QuerySet[Ticket]:
    """A customer's own tickets (also for a staff member's `me`): by the customer FK, or by
    their verified email on guest tickets."""
    if user is None or not user.is_authenticated:
        return Ticket.objects.none()
    mine = Q(customer=user)
    if user.email_verified:
        mine |= Q(customer__isnull=True, email__iexact=user.email)
    return Ticket.objects.filter(mine)


def ticket_for_holder(*, token, user) -> Ticket | None:
    """For the API: `ticket_for_user`, plus a guest ticket (no customer account) for whoever
    holds its id, the proof of access of DESIGN.md (the id encodes an unguessable UUID)."""
    ticket = ticket_for_user(token=token, user=user)
    if ticket is not None:
        return ticket
    token = uuid_or_none(token)
    if token is None:
        return None
    return Ticket.objects.filter(token=token, customer__isnull=True).first()


def order_tickets_for(order, user) -> list[Ticket]:
    """The tickets about `order`: all of them for agents, the owner's own for the order's
    customer, none for anyone else (a guest holding the order id included)."""
    cache = getattr(order, "_prefetched_objects_cache", {})
    if "tickets" in cache:  # order_tickets_prefetch, for the staff's order list
        return list(cache["tickets"])
    tickets = Ticket.objects.filter(order=order)
    if is_agent(user):
        pass
    elif user is not None and user.is_authenticated and order.user_id == user.pk:
        tickets = tickets.filter(pk__in=tickets_of_customer(user).values("pk"))
    else:
        return []
    return list(tickets_with_conversation(tickets).order_by("-created_at", "-id"))


def order_tickets_prefetch(user) -> Prefetch:
    """Prefetch the orders' tickets as order_tickets_for reads them, for a list of orders
    seen by staff: all tickets for agents, none for staff who are not agents."""
    tickets = Ticket.objects.all() if is_agent(user) else Ticket.objects.none()
    return Prefetch(
        "tickets", queryset=tickets_with_conversation(tickets).order_by("-created_at", "-id")
    )


def tickets_with_conversation(queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Tickets with what a list shows prefetched (order, assignee, customer, tags, messages with
    their authors and attachments): a fixed number of queries whatever the number of rows.
    Drop internal notes for customers with `ticket_messages_for` or in Python."""
    return queryset.select_related(
        "order", "suggested_order", "assignee", "customer"
    ).prefetch_related(
        "tags",
        Prefetch(
            "messages",
            queryset=TicketMessage.objects.select_related("author")
            .prefetch_related("attachments")
            .order_by("created_at", "id"),
        ),
    )


SORTABLE = ("created_at", "updated_at", "first_response_due_at", "resolution_due_at", "number")


def tickets_filter(
    queryset: QuerySet[Ticket],
    *,
    statuses=(),
    categories=(),
    priorities=(),
    assignee_id: int | None = None,
    unassigned: bool = False,
    order_token=None,
    order_number: str = "",
    customer_email: str = "",
    breached: bool | None = None,
    search: str = "",
    sort: str = "first_response_due_at",
    descending: bool = False,
) -> QuerySet[Ticket]:
    """The agents' queue (the inbox page and `supportTickets`): every criterion given narrows
    it; sorted by `sort` (one of SORTABLE; nulls last), default the first-response due time."""
    if statuses:
        queryset = queryset.filter(status__in=list(statuses))
    if categories:
        queryset = queryset.filter(category__in=list(categories))
    if priorities:
        queryset = queryset.filter(priority__in=list(priorities))
    if assignee_id is not None:
        queryset = queryset.filter(assignee_id=assignee_id)
    if unassigned:
        queryset = queryset.filter(assignee__isnull=True)
    if order_token is not None:
        queryset = queryset.filter(order__token=order_token)
    if order_number:
        queryset = queryset.filter(order__number=order_number.strip())
    if customer_email:
        queryset = queryset.filter(email__iexact=customer_email.strip())
    if breached is not None:
        queryset = queryset.filter(breached_q() if breached else ~breached_q())
    for word in (search or "").split():
        matching = Ticket.objects.filter(
            Q(number__icontains=word)
            | Q(subject__icontains=word)
            | Q(email__icontains=word)
            | Q(messages__body__icontains=word)
        ).values("pk")
        queryset = queryset.filter(pk__in=matching)
    if sort not in SORTABLE:
        sort = "first_response_due_at"
    if descending:
        return queryset.order_by(F(sort).desc(nulls_last=True), "-id")
    return queryset.order_by(F(sort).asc(nulls_last=True), "id")


def ticket_order_for_request(
    *, order: Order | None, order_number: str, user, email: str, channel: str
) -> tuple[Order | None, Order | None]:
    """(the order to link, the order to suggest to agents) for a new ticket.

    Only proof links: `order` is one the caller read with the requester's credential (the
    order's own page or its UUID id), kept when that credential reaches it (a guest order by its
    token, an account order for its signed-in owner); an `order_number` links only the signed-in
    owner's own order (`user` authenticated by the caller's session or token: never on the
    EMAIL channel, whose sender anyone can write). Otherwise a number whose order's email is the
    requester's becomes a suggestion that only agents see, account orders included (the agent
    judges); the requester is told nothing either way.
    """
    if order is not None:
        return (order if can_view_order(order, _authenticated(user)) else None), None
    number = (order_number or "").strip()
    if not number:
        return None, None
    found = Order.objects.filter(number__iexact=number).first()
    if found is None:
        return None, None
    owner = user is not None and found.user_id is not None and found.user_id == user.pk
    if owner and channel != TicketChannel.EMAIL:
        return found, None
    if owner or (email and found.email.strip().lower() == email.strip().lower()):
        return None, found
    return None, None


def _authenticated(user):
    return user if user is not None and user.is_authenticated else AnonymousUser()


def ticket_order_for_viewer(ticket: Ticket, user) -> Order | None:
    """The ticket's order as `user` may see it through the ticket: agents always; anyone who
    holds the ticket when the requester linked it with proof; the order's own signed-in owner.
    An order an agent linked from a suggestion is not shown to the ticket's holder. The order's
    own rule applies on top (orders.selectors.can_view_order): a customer's order is never shown
    to someone who holds only the ticket's guest link."""
    order = ticket.order
    if order is None or not can_view_order(order, user):
        return None
    if is_agent(user) or ticket.order_linked_by_requester:
        return order
    if user is not None and user.is_authenticated and order.user_id == user.pk:
        return order
    return None
