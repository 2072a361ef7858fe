"""Parcels in GraphQL: an order's fulfillments with their carrier, tracking and lines.

They are read from the order's prefetched `fulfillments` (and their `lines`), loaded with
`fulfillments_prefetch`; an order's lines come from its prefetched `lines`, so a parcel costs no
query of its own.
"""

import graphene
from django.db.models import Prefetch
from graphene import relay
from graphene_django import DjangoObjectType

from orders import models
from orders.graphql.orders.lines import OrderLine, order_child_node
from orders.graphql.shared import enum_of, prefetched_rows, row_with_pk

FulfillmentStatus = enum_of(
    "FulfillmentStatus", models.Fulfillment.Status, "Where a parcel stands."
)


def fulfillments_prefetch() -> Prefetch:
    """What `Order.fulfillments` reads: the parcels with their lines (two queries)."""
    return Prefetch(
        "fulfillments",
        queryset=models.Fulfillment.objects.prefetch_related("lines").order_by("number"),
    )


def order_fulfillments(order: models.Order) -> list[models.Fulfillment]:
    """The order's parcels, prefetched now if the order was loaded without them."""
    return prefetched_rows(order, "fulfillments", fulfillments_prefetch)


class FulfillmentLine(graphene.ObjectType):
    """How many of an order line left in this parcel."""

    order_line = graphene.Field(OrderLine, required=True)
    quantity = graphene.Int(required=True)

    def resolve_order_line(root, info):
        return row_with_pk(root.fulfillment.order.lines.all(), root.order_line_id)


class Fulfillment(DjangoObjectType):
    """One parcel of an order."""

    number = graphene.Int(required=True, description="1, 2, … within the order.")
    status = graphene.Field(FulfillmentStatus, required=True)
    carrier = graphene.String(required=True, description="The carrier's key; may be empty.")
    carrier_name = graphene.String(required=True, description="May be empty.")
    tracking_number = graphene.String(required=True, description="May be empty.")
    tracking_url = graphene.String(description="The carrier's tracking page; null if unknown.")
    created = graphene.DateTime(required=True, description="When it was shipped.")
    delivered_at = graphene.DateTime()
    lines = graphene.List(graphene.NonNull(FulfillmentLine), required=True)

    class Meta:
        model = models.Fulfillment
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        return order_child_node(info, models.Fulfillment, id, order_fulfillments)

    def resolve_tracking_url(root, info):
        return root.tracking_url or None

    def resolve_created(root, info):
        return root.created_at

    def resolve_lines(root, info):
        return root.lines.all()
