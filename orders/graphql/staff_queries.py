"""`orders(filter, sortBy)`: the staff's order list, a Relay connection.

Each page costs a fixed number of queries whatever its size: the count, the page, and one query
per prefetched relation (orders.graphql.order_types reads only prefetched data).
"""

import graphene
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from graphql import GraphQLError

from core.graphql.connection import ConnectionField
from core.graphql.selections import selects_any
from core.graphql.types import OrderDirection, enum_value
from orders.graphql.fulfillment_types import fulfillments_prefetch
from orders.graphql.order_types import Order, OrderStatus, PaymentChargeStatus
from orders.graphql.return_types import returns_prefetch
from orders.models import Order as OrderModel
from orders.selectors import can_view_all_orders, order_events_visible_to
from support.selectors import order_tickets_prefetch


class OrderFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(OrderStatus), description="Any of these statuses.")
    payment_status = graphene.List(
        graphene.NonNull(PaymentChargeStatus), description="Any of these payment statuses."
    )
    search = graphene.String(description="Part of the number, the email or the customer's name.")
    created_gte = graphene.DateTime(description="Placed at or after.")
    created_lte = graphene.DateTime(description="Placed at or before.")


class OrderSortField(graphene.Enum):
    NUMBER = "number"
    CREATED_AT = "created_at"
    TOTAL = "total"


class OrderSortingInput(graphene.InputObjectType):
    field = OrderSortField(required=True)
    direction = OrderDirection(required=True)


def orders_filtered(queryset: QuerySet, filter_input=None, sort_by=None) -> QuerySet:
    filter_input = filter_input or {}
    if filter_input.get("status"):
        queryset = queryset.filter(status__in=[enum_value(s) for s in filter_input["status"]])
    if filter_input.get("payment_status"):
        statuses = [enum_value(s) for s in filter_input["payment_status"]]
        queryset = queryset.filter(payment_status__in=statuses)
    if filter_input.get("created_gte"):
        queryset = queryset.filter(created_at__gte=filter_input["created_gte"])
    if filter_input.get("created_lte"):
        queryset = queryset.filter(created_at__lte=filter_input["created_lte"])
    for word in (filter_input.get("search") or "").split():
        queryset = queryset.filter(
            Q(number__icontains=word)
            | Q(email__icontains=word)
            | Q(billing_address__first_name__icontains=word)
            | Q(billing_address__last_name__icontains=word)
            | Q(shipping_address__first_name__icontains=word)
            | Q(shipping_address__last_name__icontains=word)
        )
    if sort_by:
        field = enum_value(sort_by["field"])
        prefix = "-" if enum_value(sort_by["direction"]) == OrderDirection.DESC.value else ""
        queryset = queryset.order_by(f"{prefix}{field}", f"{prefix}id")
    return queryset


class StaffOrdersQueries(graphene.ObjectType):
    orders = ConnectionField(
        Order,
        filter=OrderFilterInput(description="Only the orders matching all these criteria."),
        sort_by=OrderSortingInput(description="The order of the list; newest first if not set."),
        description="Every order, for staff who may view orders (orders.view_order).",
    )

    def resolve_orders(root, info, filter=None, sort_by=None, **kwargs):
        if not can_view_all_orders(info.context.user):
            raise GraphQLError(_("You do not have permission to perform this action."))
        queryset = OrderModel.objects.select_related(
            "shipping_address", "billing_address"
        ).prefetch_related(
            "lines",
            "payments",
            Prefetch("events", queryset=order_events_visible_to(info.context.user)),
            fulfillments_prefetch(),
        )
        if selects_any(info, ["returns"]):
            queryset = queryset.prefetch_related(returns_prefetch(info.context.user))
        if selects_any(info, ["tickets"]):
            queryset = queryset.prefetch_related(order_tickets_prefetch(info.context.user))
        return orders_filtered(queryset, filter_input=filter, sort_by=sort_by)
