"""`order(id)` for whoever may see it, and `orders(filter, sortBy)`, the staff's order list: a
Relay connection of a fixed number of queries whatever its size (the count, the page, and one
query per prefetched relation: orders.graphql.orders.loading.orders_prefetched).
"""

import graphene
from django.db.models import QuerySet

from core.graphql.connection import ConnectionField
from core.graphql.ids import uuid_from_global_id
from core.graphql.selections import selects_any
from core.graphql.types import OrderDirection, enum_value
from orders.graphql.lists import (
    check_can_view_all_orders,
    filtered_by_status_and_date,
    filtered_by_words,
    sorted_by,
)
from orders.graphql.orders.loading import orders_prefetched
from orders.graphql.orders.types import Order, OrderStatus, PaymentChargeStatus, order_for_viewer
from orders.models import Order as OrderModel
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


ORDER_SEARCH_FIELDS = (
    "number",
    "email",
    "billing_address__first_name",
    "billing_address__last_name",
    "shipping_address__first_name",
    "shipping_address__last_name",
)


def orders_filtered(queryset: QuerySet, filter_input=None, sort_by=None) -> QuerySet:
    filter_input = filter_input or {}
    queryset = filtered_by_status_and_date(queryset, filter_input)
    if filter_input.get("payment_status"):
        statuses = [enum_value(s) for s in filter_input["payment_status"]]
        queryset = queryset.filter(payment_status__in=statuses)
    queryset = filtered_by_words(queryset, filter_input.get("search"), ORDER_SEARCH_FIELDS)
    return sorted_by(queryset, sort_by)


class OrderQueries(graphene.ObjectType):
    order = graphene.Field(
        Order,
        id=graphene.ID(required=True),
        description="An order by its id: a guest's for whoever holds the id, a customer's for "
        "that customer and for staff who may view orders. Null otherwise.",
    )
    orders = ConnectionField(
        Order,
        filter=OrderFilterInput(description="Only the orders matching all these criteria."),
        sort_by=OrderSortingInput(description="The order of the list; newest first if not set."),
        description="Every order, for staff who may view orders (orders.view_order).",
    )

    def resolve_order(root, info, id):
        token = uuid_from_global_id(id, "Order")
        return None if token is None else order_for_viewer(info, token)

    def resolve_orders(root, info, filter=None, sort_by=None, **kwargs):
        check_can_view_all_orders(info)
        queryset = orders_prefetched(OrderModel.objects.all(), info)
        if selects_any(info, ["tickets"]):
            queryset = queryset.prefetch_related(order_tickets_prefetch(info.context.user))
        return orders_filtered(queryset, filter_input=filter, sort_by=sort_by)
