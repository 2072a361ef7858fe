"""Parcels in GraphQL: an order's fulfillments with their carrier, tracking and lines.

They are read from the order's prefetched `fulfillments` (and their `lines`), loaded with
`fulfillments_prefetch`; an order's lines come from its prefetched `lines`, so a parcel costs no
query of its own.
"""

import graphene
from django.db.models import Prefetch, prefetch_related_objects
from graphene import relay
from graphene_django import DjangoObjectType

from core.db import database_id
from orders import models
from orders.selectors import order_for_account

FulfillmentStatus = graphene.Enum(
    "FulfillmentStatus",
    [(member.name, member.value) for member in models.Fulfillment.Status],
    description="Where a parcel stands.",
)


def fulfillments_prefetch() -> Prefetch:
    """What `Order.fulfillments` reads: the parcels with their lines (two queries)."""
    return Prefetch(
        "fulfillments",
        queryset=models.Fulfillment.objects.prefetch_related("lines").order_by("number"),
    )


def order_fulfillments(order: models.Order) -> list[models.Fulfillment]:
    """The order's parcels, prefetched now if the order was loaded without them."""
    if "fulfillments" not in getattr(order, "_prefetched_objects_cache", {}):
        prefetch_related_objects([order], fulfillments_prefetch())
    return list(order.fulfillments.all())


class FulfillmentLine(graphene.ObjectType):
    """How many of an order line left in this parcel."""

    order_line = graphene.Field("orders.graphql.order_types.OrderLine", required=True)
    quantity = graphene.Int(required=True)

    def resolve_order_line(root, info):
        order = root.fulfillment.order
        return next(line for line in order.lines.all() if line.pk == root.order_line_id)


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
        if database_id(id) is None:
            return None
        # An integer id is no credential: only a viewer who may read the order by account.
        parcel = models.Fulfillment.objects.filter(pk=id).only("order_id").first()
        order = (
            None
            if parcel is None
            else order_for_account(pk=parcel.order_id, user=info.context.user)
        )
        if order is None:
            return None
        return next((each for each in order_fulfillments(order) if each.pk == parcel.pk), None)

    def resolve_tracking_url(root, info):
        return root.tracking_url or None

    def resolve_created(root, info):
        return root.created_at

    def resolve_lines(root, info):
        return root.lines.all()
