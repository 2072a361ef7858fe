"""`supportTickets` (agents), `supportTicket(id)` and `cannedResponses` (agents)."""

import uuid

import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from core.graphql.connection import ConnectionField
from core.graphql.ids import pk_from_global_id, uuid_from_global_id
from core.graphql.types import OrderDirection, enum_value
from support.canned import canned_responses_for, canned_responses_rendered
from support.graphql.types import (
    CannedResponse,
    Ticket,
    TicketCategory,
    TicketPriority,
    TicketStatus,
    ticket_list_queryset,
)
from support.models import Ticket as TicketModel
from support.selectors import is_agent, ticket_for_holder, tickets_filter


class TicketFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(TicketStatus), description="Any of these statuses.")
    category = graphene.List(graphene.NonNull(TicketCategory), description="Any of these.")
    priority = graphene.List(graphene.NonNull(TicketPriority), description="Any of these.")
    assignee = graphene.ID(description="Assigned to this agent (a User id).")
    unassigned = graphene.Boolean(description="True: only tickets nobody is assigned to.")
    order_id = graphene.ID(description="About this order.")
    customer_email = graphene.String(description="The customer's email, exactly (any case).")
    breached = graphene.Boolean(description="True: overdue now; false: within their targets.")
    search = graphene.String(description="Words in the number, subject, email or messages.")


class TicketSortField(graphene.Enum):
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    FIRST_RESPONSE_DUE = "first_response_due_at"
    RESOLUTION_DUE = "resolution_due_at"
    NUMBER = "number"


class TicketSortingInput(graphene.InputObjectType):
    field = TicketSortField(required=True)
    direction = OrderDirection(required=True)


def tickets_filtered(queryset, filter_input=None, sort_by=None):
    filter_input = filter_input or {}
    assignee = filter_input.get("assignee")
    order_id = filter_input.get("order_id")
    sort_by = sort_by or {}
    return tickets_filter(
        queryset,
        statuses=[enum_value(v) for v in filter_input.get("status") or ()],
        categories=[enum_value(v) for v in filter_input.get("category") or ()],
        priorities=[enum_value(v) for v in filter_input.get("priority") or ()],
        # An id of another type matches nothing rather than everything.
        assignee_id=(pk_from_global_id(assignee, "User") or 0) if assignee else None,
        unassigned=bool(filter_input.get("unassigned")),
        order_token=(uuid_from_global_id(order_id, "Order") or uuid.UUID(int=0))
        if order_id
        else None,
        customer_email=filter_input.get("customer_email") or "",
        breached=filter_input.get("breached"),
        search=filter_input.get("search") or "",
        sort=enum_value(sort_by.get("field")) or "first_response_due_at",
        descending=enum_value(sort_by.get("direction")) == OrderDirection.DESC.value,
    )


class SupportQueries(graphene.ObjectType):
    support_tickets = ConnectionField(
        Ticket,
        filter=TicketFilterInput(description="Only the tickets matching all these criteria."),
        sort_by=TicketSortingInput(description="Default: first-response due time, soonest first."),
        description="Every ticket, for support agents.",
    )
    support_ticket = graphene.Field(
        Ticket,
        id=graphene.ID(required=True),
        description="A ticket by its id: the customer's own, any for agents, a guest ticket for "
        "whoever holds its id. Null otherwise, exactly as for a missing one.",
    )
    canned_responses = graphene.List(
        graphene.NonNull(CannedResponse),
        required=True,
        ticket_id=graphene.ID(description="Fill the placeholders from this ticket's order."),
        description="The active canned responses, for support agents; any of them fits any "
        "ticket, and with `ticketId` those of the ticket's category come first.",
    )

    def resolve_support_tickets(root, info, filter=None, sort_by=None, **kwargs):
        if not is_agent(info.context.user):
            raise GraphQLError(_("You do not have permission to perform this action."))
        return tickets_filtered(ticket_list_queryset(TicketModel.objects.all()), filter, sort_by)

    def resolve_support_ticket(root, info, id):
        token = uuid_from_global_id(id, "Ticket")
        if token is None:
            return None
        ticket = ticket_for_holder(token=token, user=info.context.user)
        if ticket is None:
            return None
        return ticket_list_queryset(TicketModel.objects.filter(pk=ticket.pk)).first()

    def resolve_canned_responses(root, info, ticket_id=None):
        if not is_agent(info.context.user):
            raise GraphQLError(_("You do not have permission to perform this action."))
        ticket = None
        if ticket_id:
            token = uuid_from_global_id(ticket_id, "Ticket")
            ticket = TicketModel.objects.filter(token=token).first() if token else None
        if ticket is None:
            return list(canned_responses_for(None))
        responses = []
        for canned, body in canned_responses_rendered(ticket):
            canned.rendered_body = body
            responses.append(canned)
        return responses
