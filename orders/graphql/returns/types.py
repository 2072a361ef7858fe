"""The returns' GraphQL types: ReturnRequest, its lines, and the refunds of an order.

A ReturnRequest's global id encodes its token (a UUID), never its primary key: holding it is a
guest's proof of access, like an order's id. Whoever reaches a return (`returnRequest(id)`,
`node(id)`, `Order.returns`, a mutation) goes through `return_for_user`: the order's access rule
(orders.selectors.can_view_order). Lists load returns with `returns_queryset(user)` (below
orders, orders.graphql.orders.loading.returns_prefetch(user), which says what these types read),
so the fields below read only prefetched rows.
"""

import graphene
from django.db.models import QuerySet
from django.urls import reverse
from graphene import relay
from graphene_django import DjangoObjectType

from core.db import database_id
from core.graphql.connection import CountableConnection
from core.graphql.ids import uuid_or_none
from core.graphql.types import Money, MoneyValue
from orders import models
from orders.graphql.orders.lines import OrderLine
from orders.graphql.orders.loading import events_prefetch, returns_below_order
from orders.graphql.orders.types import Order
from orders.graphql.shared import absolute_url, child_node, enum_of
from orders.models.returns import ReturnReason as ReturnReasonChoices
from orders.models.returns import ReturnStatus as ReturnStatusChoices
from orders.selectors import can_view_order, orders_readable_by

ReturnStatus = enum_of("ReturnStatus", ReturnStatusChoices, "Where a return stands.")
ReturnReason = enum_of("ReturnReason", ReturnReasonChoices, "Why an item is sent back.")
RefundStatus = enum_of(
    "RefundStatus", models.Refund.Status, "Whether the payment providers gave the money back."
)


def returns_queryset(user) -> QuerySet[models.ReturnRequest]:
    """Returns with everything these types read for `user`, their orders too (with the timeline
    `user` may read): a fixed number of queries for any number of returns."""
    return (
        returns_below_order(user)
        .select_related("order")
        .prefetch_related("order__payments", events_prefetch(user, "order__events"))
    )


def return_for_user(*, token, user) -> models.ReturnRequest | None:
    """The return with this token if `user` may see its order; anything else reads as
    missing."""
    token = uuid_or_none(token)
    if token is None:
        return None
    return_request = returns_queryset(user).filter(token=token).first()
    if return_request is None or not can_view_order(return_request.order, user):
        return None
    return return_request


class Refund(DjangoObjectType):
    """Money given back on an order, for a return or as a goodwill gesture."""

    amount = graphene.Field(Money, required=True)
    shipping_amount = graphene.Field(
        Money, required=True, description="The part of the amount that refunds shipping."
    )
    status = graphene.Field(RefundStatus, required=True)
    reason = graphene.String(required=True, description="May be empty.")
    created = graphene.DateTime(required=True)
    credit_note_number = graphene.String(description="Null until the credit note is made.")
    credit_note_url = graphene.String(
        description="The credit note PDF (same access as the order); null until it is made."
    )

    class Meta:
        model = models.Refund
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        if database_id(id) is None:
            return None
        # An integer id is no credential: only a viewer who may read the order by account.
        orders = orders_readable_by(info.context.user)
        return models.Refund.objects.filter(pk=id, order__in=orders).select_related("order").first()

    def resolve_amount(root, info):
        return MoneyValue(root.amount, root.currency)

    def resolve_shipping_amount(root, info):
        return MoneyValue(root.shipping_amount, root.currency)

    def resolve_created(root, info):
        return root.created_at

    def resolve_credit_note_url(root, info):
        if not root.credit_note:
            return None
        url = reverse(
            "orders:credit_note", kwargs={"token": root.order.token, "refund_id": root.pk}
        )
        return absolute_url(info, url)


class ReturnLine(DjangoObjectType):
    """An order line (part of its quantity) sent back."""

    order_line = graphene.Field(OrderLine, required=True)
    quantity = graphene.Int(required=True)
    reason = graphene.Field(ReturnReason, required=True)
    reason_text = graphene.String(required=True, description="The customer's words; may be empty.")
    restock = graphene.Boolean(
        description="Chosen at receipt: back on sale (true) or not (false); null before."
    )

    class Meta:
        model = models.ReturnLine
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        if database_id(id) is None:
            return None
        # An integer id is no credential: only a viewer who may read the order by account.
        orders = orders_readable_by(info.context.user)
        return child_node(
            models.ReturnLine.objects.filter(pk=id, return_request__order__in=orders)
            .select_related("return_request")
            .first(),
            lambda line: return_for_user(token=line.return_request.token, user=info.context.user),
            lambda return_request: return_request.lines.all(),
        )


class ReturnRequest(DjangoObjectType):
    """A customer's request to send back delivered items, and what became of it."""

    token = graphene.UUID(required=True, description="The UUID inside the id.")
    number = graphene.String(required=True, description="Such as R-2026-000045.")
    status = graphene.Field(ReturnStatus, required=True)
    order = graphene.Field(Order, required=True)
    lines = graphene.List(graphene.NonNull(ReturnLine), required=True)
    comment = graphene.String(required=True, description="The customer's; may be empty.")
    staff_message = graphene.String(
        required=True, description="The shop's message to the customer (on a refusal)."
    )
    created = graphene.DateTime(required=True)
    decided = graphene.DateTime(description="When it was approved or rejected.")
    received = graphene.DateTime(description="When the parcel came back.")
    closed = graphene.DateTime()
    refunded_amount = graphene.Field(
        Money, required=True, description="What its successful refunds gave back."
    )
    refunds = graphene.List(graphene.NonNull(Refund), required=True, description="Oldest first.")
    exchange_order = graphene.Field(
        Order,
        description="The zero-priced replacement order, if the shop sent one.",
    )
    return_slip_url = graphene.String(
        description="The return slip PDF to put in the parcel, once approved (same access as "
        "the order)."
    )

    class Meta:
        model = models.ReturnRequest
        fields = ("id",)
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @classmethod
    def get_node(cls, info, id):
        return return_for_user(token=id, user=info.context.user)

    def resolve_id(root, info):
        return str(root.token)

    def resolve_created(root, info):
        return root.created_at

    def resolve_decided(root, info):
        return root.decided_at

    def resolve_received(root, info):
        return root.received_at

    def resolve_closed(root, info):
        return root.closed_at

    def resolve_lines(root, info):
        return root.lines.all()

    def resolve_refunds(root, info):
        return root.refunds.all()

    def resolve_refunded_amount(root, info):
        return MoneyValue(root.refunded_amount, root.order.currency)

    def resolve_exchange_order(root, info):
        # A replacement order belongs to the same customer: the return's access rule covers it.
        return root.exchange_order

    def resolve_return_slip_url(root, info):
        if not root.return_slip:
            return None
        url = reverse(
            "orders:return_slip",
            kwargs={"token": root.order.token, "return_token": root.token},
        )
        return absolute_url(info, url)
