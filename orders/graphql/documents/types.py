"""The GraphQL type of an order's invoice (Order.invoices, invoiceRequest)."""

import graphene
from django.urls import reverse

from orders.graphql.shared import absolute_url
from orders.models.order import OrderStatus


class Invoice(graphene.ObjectType):
    """An order's invoice: numbered once, never changed afterwards."""

    number = graphene.String(required=True, description="Such as F-2026-000001.")
    created_at = graphene.DateTime(required=True)
    url = graphene.String(
        required=True,
        description="Where to download the PDF; the same access rule as the order applies.",
    )

    def resolve_url(root, info):
        return absolute_url(info, reverse("orders:invoice", kwargs={"token": root.order.token}))


def order_invoices(order) -> list:
    """The order's invoices (none or one), read from a prefetched `invoice` when there is one."""
    try:
        return [order.invoice]
    except order.__class__.invoice.RelatedObjectDoesNotExist:
        return []


def order_summary_url(info, order) -> str | None:
    """Where to download the order summary PDF ("not an invoice"): while the order has no
    invoice and is not canceled; None otherwise (the invoice is the document then)."""
    if order.status == OrderStatus.CANCELED or order_invoices(order):
        return None
    return absolute_url(info, reverse("orders:order_summary", kwargs={"token": order.token}))
