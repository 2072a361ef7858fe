"""The support part of the root schema (config/schema.py gathers every app's)."""

import graphene

from support.graphql.mutations import (
    TicketCreate,
    TicketOrderLinkConfirm,
    TicketReply,
    TicketSatisfactionSubmit,
    TicketUpdate,
)
from support.graphql.queries import SupportQueries

__all__ = ["SupportMutations", "SupportQueries"]


class SupportMutations(graphene.ObjectType):
    ticket_create = TicketCreate.Field()
    ticket_reply = TicketReply.Field()
    ticket_update = TicketUpdate.Field()
    ticket_satisfaction_submit = TicketSatisfactionSubmit.Field()
    ticket_order_link_confirm = TicketOrderLinkConfirm.Field()
