"""The support desk's GraphQL types. A Ticket's global id encodes its token (a UUID).

Internal notes never reach a customer: `Ticket.messages` drops them unless the viewer is an
agent (support.selectors.is_agent), and so do the staff-only fields (assignee, lead flag).
Lists prefetch what these types read (ticket_list_queryset): a fixed number of queries a page.
"""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from core.db import database_id
from core.graphql.connection import CountableConnection
from support import models
from support.selectors import (
    is_agent,
    ticket_for_holder,
    ticket_order_for_viewer,
    tickets_with_conversation,
)
from support.targets import ticket_targets


def _enum_of(name: str, choices, description: str):
    return graphene.Enum(
        name, [(member.name, member.value) for member in choices], description=description
    )


TicketStatus = _enum_of("TicketStatus", models.TicketStatus, "Where a ticket stands.")
TicketCategory = _enum_of("TicketCategory", models.TicketCategory, "What a ticket is about.")
TicketPriority = _enum_of("TicketPriority", models.TicketPriority, "How urgent a ticket is.")
TicketChannel = _enum_of("TicketChannel", models.TicketChannel, "How a ticket came in.")
TicketMessageKind = _enum_of(
    "TicketMessageKind", models.TicketMessage.Kind, "Who wrote a message (internal: agents only)."
)


def _viewer_is_agent(info) -> bool:
    cached = getattr(info.context, "_support_is_agent", None)
    if cached is None:
        cached = is_agent(info.context.user)
        info.context._support_is_agent = cached
    return cached


ticket_list_queryset = tickets_with_conversation


class SupportAgent(graphene.ObjectType):
    """The agent a ticket is assigned to."""

    email = graphene.String(required=True)
    first_name = graphene.String(required=True, description="May be empty.")


class TicketAttachment(graphene.ObjectType):
    filename = graphene.String(required=True)
    content_type = graphene.String(required=True, description="An image type or application/pdf.")
    size = graphene.Int(required=True, description="In bytes.")


class TicketMessage(graphene.ObjectType):
    """One message of the conversation."""

    kind = graphene.Field(TicketMessageKind, required=True)
    body = graphene.String(required=True, description="Plain text.")
    internal = graphene.Boolean(required=True, description="An agents' note (agents only).")
    author = graphene.String(
        required=True, description="The agent's first name, or the customer's email."
    )
    created = graphene.DateTime(required=True)
    attachments = graphene.List(graphene.NonNull(TicketAttachment), required=True)

    def resolve_kind(root, info):
        return getattr(root.kind, "value", root.kind)

    def resolve_internal(root, info):
        return root.kind == models.TicketMessage.Kind.INTERNAL

    def resolve_author(root, info):
        if root.kind == models.TicketMessage.Kind.CUSTOMER:
            return root.author_email
        if root.author is None:
            return ""
        return root.author.first_name or root.author.email

    def resolve_created(root, info):
        return root.created_at

    def resolve_attachments(root, info):
        return root.attachments.all()


class Ticket(DjangoObjectType):
    """A support conversation, optionally about an order."""

    token = graphene.UUID(required=True, description="The UUID inside the id.")
    number = graphene.String(required=True, description="Such as T-2026-000123.")
    subject = graphene.String(required=True)
    status = graphene.Field(TicketStatus, required=True)
    category = graphene.Field(TicketCategory, required=True)
    priority = graphene.Field(TicketPriority, required=True)
    channel = graphene.Field(TicketChannel, required=True)
    email = graphene.String(required=True, description="Where the answers go.")
    order = graphene.Field(
        "orders.graphql.orders.types.Order",
        description=(
            "The order it is about: for agents, the order's owner, and whoever holds the ticket "
            "when the requester linked it with proof (the order's page or id)."
        ),
    )
    suggested_order = graphene.Field(
        "orders.graphql.orders.types.Order",
        description=(
            "Agents only: the order whose number and email the requester typed, not yet linked "
            "(ticketOrderLinkConfirm links it)."
        ),
    )
    messages = graphene.List(
        graphene.NonNull(TicketMessage),
        required=True,
        description="Oldest first; internal notes for agents only.",
    )
    tags = graphene.List(graphene.NonNull(graphene.String), required=True)
    assignee = graphene.Field(SupportAgent, description="Agents only.")
    created = graphene.DateTime(required=True)
    updated = graphene.DateTime(required=True)
    first_response_due = graphene.DateTime()
    resolution_due = graphene.DateTime()
    first_response_at = graphene.DateTime()
    solved_at = graphene.DateTime()
    breached = graphene.Boolean(
        required=True, description="The first response or the resolution is overdue."
    )
    satisfaction_score = graphene.Int(description="1 to 5, once rated.")
    needs_lead_attention = graphene.Boolean(description="A low score (agents only).")

    class Meta:
        model = models.Ticket
        fields = ("id",)
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @classmethod
    def get_node(cls, info, id):
        return ticket_for_holder(token=id, user=info.context.user)

    def resolve_id(root, info):
        return str(root.token)

    def resolve_order(root, info):
        # The order's own rule applies too (orders.selectors.can_view_order), and its events
        # then follow orders.selectors.order_events_for, like every path to an order.
        return ticket_order_for_viewer(root, info.context.user)

    def resolve_suggested_order(root, info):
        return root.suggested_order if _viewer_is_agent(info) else None

    def resolve_messages(root, info):
        messages = root.messages.all()
        if _viewer_is_agent(info):
            return messages
        return [m for m in messages if m.kind != models.TicketMessage.Kind.INTERNAL]

    def resolve_tags(root, info):
        return [tag.name for tag in root.tags.all()]

    def resolve_assignee(root, info):
        return root.assignee if _viewer_is_agent(info) else None

    def resolve_needs_lead_attention(root, info):
        return root.needs_lead_attention if _viewer_is_agent(info) else None

    def resolve_created(root, info):
        return root.created_at

    def resolve_updated(root, info):
        return root.updated_at

    def resolve_first_response_due(root, info):
        return root.first_response_due_at

    def resolve_resolution_due(root, info):
        return root.resolution_due_at

    def resolve_breached(root, info):
        return ticket_targets(root).breached


class CannedResponse(DjangoObjectType):
    """A reply template for agents."""

    title = graphene.String(required=True)
    body = graphene.String(
        required=True, description="Filled from the ticket's order when `ticketId` was given."
    )
    category = graphene.Field(TicketCategory, description="Null: for any category.")

    class Meta:
        model = models.CannedResponse
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        if not _viewer_is_agent(info) or database_id(id) is None:
            return None
        return models.CannedResponse.objects.filter(pk=id, is_active=True).first()

    def resolve_body(root, info):
        return getattr(root, "rendered_body", root.body)

    def resolve_category(root, info):
        return root.category or None
