"""Support mutations: ticketCreate, ticketReply, ticketUpdate, ticketSatisfactionSubmit,
ticketOrderLinkConfirm.

Each parses its input, reads the ticket as the viewer may see it (someone else's ticket is
NOT_FOUND, exactly like a missing one), calls one service, and returns the ticket read again.
"""

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.graphql.errors import make_error_type
from core.graphql.ids import pk_from_global_id, pks_from_global_ids, uuid_from_global_id
from core.graphql.inputs import max_length_of
from core.graphql.mutations import BaseMutation
from core.graphql.types import enum_value
from core.http import client_ip
from customers.models import User
from orders.models import Order, OrderLine
from support import services
from support.error_codes import TicketErrorCode
from support.graphql.types import (
    Ticket,
    TicketCategory,
    TicketMessage,
    TicketPriority,
    TicketStatus,
    ticket_list_queryset,
)
from support.models import Tag, TicketChannel
from support.models import Ticket as TicketModel
from support.selectors import is_agent, ticket_for_holder

TicketError = make_error_type("TicketError", TicketErrorCode)


def _not_found(field="id") -> ValidationError:
    return typed_error(_("No ticket has this id."), TicketErrorCode.NOT_FOUND, field=field)


def ticket_from_id(info, global_id) -> TicketModel:
    token = uuid_from_global_id(global_id, "Ticket")
    ticket = None if token is None else ticket_for_holder(token=token, user=info.context.user)
    if ticket is None:
        raise _not_found()
    return ticket


def _payload(ticket: TicketModel) -> TicketModel:
    return ticket_list_queryset(TicketModel.objects.filter(pk=ticket.pk)).get()


def _agent_only(info):
    if not is_agent(info.context.user):
        raise typed_error(_("Only support agents can do this."), TicketErrorCode.PERMISSION_DENIED)


def ticket_field():
    return graphene.Field(Ticket, description="The ticket after the change; null on an error.")


class TicketCreateInput(graphene.InputObjectType):
    subject = graphene.String(required=True)
    body = graphene.String(required=True, description="The first message, plain text.")
    category = TicketCategory(required=True)
    order_id = graphene.ID(
        description=(
            "The order it is about; linked only if this id reaches it for the requester (a "
            "guest's order, or the signed-in owner's)."
        )
    )
    order_line_ids = graphene.List(graphene.NonNull(graphene.ID), description="Lines of it.")
    email = graphene.String(description="Required for guests; ignored when signed in.")


class TicketCreate(BaseMutation):
    """Open a ticket, as a signed-in customer or a guest (with `email`)."""

    ticket = ticket_field()

    class Arguments:
        input = TicketCreateInput(required=True)

    class Meta:
        error_type = TicketError
        max_lengths = {"input.subject": max_length_of(TicketModel, "subject")}

    @classmethod
    def perform_mutation(cls, root, info, input):
        user = info.context.user if info.context.user.is_authenticated else None
        order = None
        if input.get("order_id"):
            token = uuid_from_global_id(input["order_id"], "Order")
            order = Order.objects.filter(token=token).first() if token else None
        lines = []
        if input.get("order_line_ids"):
            by_pk, invalid = pks_from_global_ids(input["order_line_ids"], "OrderLine")
            lines = list(OrderLine.objects.filter(pk__in=by_pk))
            if invalid or len(lines) != len(by_pk):
                raise typed_error(
                    _("Choose lines of the order the question is about."),
                    TicketErrorCode.INVALID_ORDER_LINE,
                    field="order_line_ids",
                )
        ticket = services.ticket_create(
            subject=input["subject"],
            body=input["body"],
            category=enum_value(input["category"]),
            email="" if user else (input.get("email") or ""),
            user=user,
            order=order,
            order_lines=lines,
            channel=TicketChannel.API,
            ip=client_ip(info.context),
        )
        return {"ticket": _payload(ticket)}


class TicketReply(BaseMutation):
    """An agent's reply or internal note, or the customer's own message on their ticket."""

    ticket = ticket_field()
    message = graphene.Field(TicketMessage, description="The new message; null on an error.")

    class Arguments:
        id = graphene.ID(required=True, description="The ticket's id.")
        body = graphene.String(required=True)
        internal = graphene.Boolean(default_value=False, description="An agents' note.")

    class Meta:
        error_type = TicketError

    @classmethod
    def perform_mutation(cls, root, info, id, body, internal=False):
        ticket = ticket_from_id(info, id)
        user = info.context.user
        if is_agent(user):
            message = services.ticket_reply(ticket=ticket, body=body, user=user, internal=internal)
        else:
            if internal:
                raise typed_error(
                    _("Only support agents can write internal notes."),
                    TicketErrorCode.PERMISSION_DENIED,
                )
            message = services.ticket_customer_reply(
                ticket=ticket,
                body=body,
                author_email=user.email if user.is_authenticated else ticket.email,
                user=user,
                channel=TicketChannel.API,
            )
        return {"ticket": _payload(ticket), "message": message}


class TicketUpdateInput(graphene.InputObjectType):
    status = TicketStatus()
    priority = TicketPriority()
    category = TicketCategory()
    assignee_id = graphene.ID(description="An agent's User id; an empty string unassigns.")
    tags = graphene.List(graphene.NonNull(graphene.String), description="The full list.")


class TicketUpdate(BaseMutation):
    """Change a ticket's status, priority, category, assignee or tags (agents)."""

    ticket = ticket_field()

    class Arguments:
        id = graphene.ID(required=True, description="The ticket's id.")
        input = TicketUpdateInput(required=True)

    class Meta:
        error_type = TicketError
        max_lengths = {"input.tags": max_length_of(Tag, "name")}

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        _agent_only(info)
        ticket = ticket_from_id(info, id)
        params = {}
        for name in ("status", "priority", "category"):
            if input.get(name) is not None:
                params[name] = enum_value(input[name])
        if "assignee_id" in input:
            raw = input["assignee_id"]
            if not raw:
                params["assignee"] = None
            else:
                pk = pk_from_global_id(raw, "User")
                assignee = User.objects.filter(pk=pk).first() if pk else None
                if assignee is None:
                    raise typed_error(
                        _("No agent has this id."),
                        TicketErrorCode.INVALID_ASSIGNEE,
                        field="assignee_id",
                    )
                params["assignee"] = assignee
        if input.get("tags") is not None:
            params["tags"] = input["tags"]
        services.ticket_update(ticket=ticket, user=info.context.user, **params)
        return {"ticket": _payload(ticket)}


class TicketSatisfactionSubmit(BaseMutation):
    """The customer's 1–5 rating of their solved ticket, once."""

    ticket = ticket_field()

    class Arguments:
        id = graphene.ID(required=True, description="The ticket's id.")
        score = graphene.Int(required=True, description="1 (bad) to 5 (excellent).")
        comment = graphene.String(default_value="")

    class Meta:
        error_type = TicketError

    @classmethod
    def perform_mutation(cls, root, info, id, score, comment=""):
        ticket = ticket_from_id(info, id)
        user = info.context.user
        if is_agent(user) and ticket.customer_id != user.pk:
            raise typed_error(
                _("Only the customer can rate a ticket."), TicketErrorCode.PERMISSION_DENIED
            )
        services.ticket_satisfaction_submit(
            ticket=ticket, score=score, comment=comment or "", user=user
        )
        return {"ticket": _payload(ticket)}


class TicketOrderLinkConfirm(BaseMutation):
    """Link the ticket's suggested order (agents); written on the ticket's timeline."""

    ticket = ticket_field()

    class Arguments:
        id = graphene.ID(required=True, description="The ticket's id.")

    class Meta:
        error_type = TicketError

    @classmethod
    def perform_mutation(cls, root, info, id):
        _agent_only(info)
        ticket = ticket_from_id(info, id)
        services.ticket_order_link_confirm(ticket=ticket, user=info.context.user)
        return {"ticket": _payload(ticket)}
