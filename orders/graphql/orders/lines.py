"""An order's lines as they were sold, and how `node` reaches a row below an order by its
integer id."""

from collections.abc import Callable, Iterable

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from core.db import database_id
from core.graphql.types import Money, MoneyValue
from orders import models
from orders.graphql.shared import child_node
from orders.selectors import order_for_account


def order_child_node(info, model, id, children: Callable[[models.Order], Iterable]):
    """The row of `model` below an order (a line, a parcel) with this integer id, taken from
    `children(order)` of the order as loaded for the viewer (shared.child_node). An integer id
    is no credential: only a viewer who may read the order by account gets it."""
    if database_id(id) is None:
        return None
    return child_node(
        model.objects.filter(pk=id).only("order_id").first(),
        lambda row: order_for_account(pk=row.order_id, user=info.context.user),
        children,
    )


def order_money(amount, order: models.Order) -> MoneyValue:
    """An amount of the order, in the order's currency."""
    return MoneyValue(amount, order.currency)


class OrderLine(DjangoObjectType):
    """A line as it was sold."""

    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True, description="May be empty.")
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True, description="How many have been shipped.")
    quantity_returned = graphene.Int(
        required=True, description="How many came back (returns received)."
    )
    unit_price = graphene.Field(Money, required=True, description="VAT included.")
    total_price = graphene.Field(Money, required=True, description="VAT included.")
    vat_rate = graphene.Decimal(required=True, description="VAT rate in percent.")

    class Meta:
        model = models.OrderLine
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        return order_child_node(info, models.OrderLine, id, lambda order: order.lines.all())

    def resolve_unit_price(root, info):
        return order_money(root.unit_price, root.order)

    def resolve_total_price(root, info):
        return order_money(root.total, root.order)
