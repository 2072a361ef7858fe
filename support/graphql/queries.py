"""`supportTickets` (agents), `supportTicket(id)` and `cannedResponses` (agents)."""

import graphene
from django.db.models import F, Q
from django.utils.translation import gettext as _
from graphql import GraphQLError

from core.graphql.connection import ConnectionField
from core.graphql.ids import pk_from_global_id, uuid_from_global_id
from core.graphql.types import OrderDirection
from support.canned import canned_response_render, canned_responses_for
from support.graphql.types import (
    CannedResponse,
    Ticket,
    TicketCategory,
    TicketPriority,
    TicketStatus,
    ticket_list_queryset,
)
from support.models import Ticket as TicketModel
from support.selectors import is_agent, ticket_for_holder
from support.targets import breached_q


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


def _value(item):
    return getattr(item, "value", item)


def tickets_filtered(queryset, filter_input=None, sort_by=None):
    filter_input = filter_input or {}
    for name in ("status", "category", "priority"):
        if filter_input.get(name):
            queryset = queryset.filter(**{f"{name}__in": [_value(v) for v in filter_input[name]]})
    if filter_input.get("assignee"):
        queryset = queryset.filter(assignee_id=pk_from_global_id(filter_input["assignee"], "User"))
    if filter_input.get("unassigned"):
        queryset = queryset.filter(assignee__isnull=True)
    if filter_input.get("order_id"):
        queryset = queryset.filter(
            order__token=uuid_from_global_id(filter_input["order_id"], "Order")
        )
    if filter_input.get("customer_email"):
        queryset = queryset.filter(email__iexact=filter_input["customer_email"].strip())
    if filter_input.get("breached") is not None:
        condition = breached_q()
        queryset = queryset.filter(condition if filter_input["breached"] else ~condition)
    for word in (filter_input.get("search") or "").split():
        matching = TicketModel.objects.filter(
            Q(number__icontains=word)
            | Q(subject__icontains=word)
            | Q(email__icontains=word)
            | Q(messages__body__icontains=word)
        ).values("pk")
        queryset = queryset.filter(pk__in=matching)
    if sort_by:
        field = _value(sort_by["field"])
        if _value(sort_by["direction"]) == "desc":
            return queryset.order_by(F(field).desc(nulls_last=True), "-id")
        return queryset.order_by(F(field).asc(nulls_last=True), "id")
    return queryset.order_by(F("first_response_due_at").asc(nulls_last=True), "id")


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
        description="The active canned responses, for support agents.",
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
        responses = list(canned_responses_for(ticket))
        if ticket is not None:
            for canned in responses:
                canned.rendered_body = canned_response_render(canned=canned, ticket=ticket)
        return responses
