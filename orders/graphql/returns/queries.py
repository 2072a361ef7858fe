"""`returnRequest(id)` for whoever may see its order, and `returns(filter, sortBy)`, the staff's
list: a Relay connection of a fixed number of queries whatever its size (the count, the page and
the prefetches of orders.graphql.returns.types.returns_queryset)."""

import graphene
from django.db.models import QuerySet

from core.graphql.connection import ConnectionField
from core.graphql.ids import uuid_from_global_id
from core.graphql.types import OrderDirection, enum_value
from orders.graphql.lists import (
    check_can_view_all_orders,
    filtered_by_status_and_date,
    filtered_by_words,
    sorted_by,
)
from orders.graphql.returns.types import (
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
    return_for_user,
    returns_queryset,
)


class ReturnFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(ReturnStatus), description="Any of these statuses.")
    reason = graphene.List(
        graphene.NonNull(ReturnReason), description="With a line of any of these reasons."
    )
    created_gte = graphene.DateTime(description="Asked at or after.")
    created_lte = graphene.DateTime(description="Asked at or before.")
    search = graphene.String(description="Part of the return number, order number or email.")


class ReturnSortField(graphene.Enum):
    NUMBER = "number"
    CREATED_AT = "created_at"
    STATUS = "status"


class ReturnSortingInput(graphene.InputObjectType):
    field = ReturnSortField(required=True)
    direction = OrderDirection(required=True)


RETURN_SEARCH_FIELDS = ("number", "order__number", "order__email")


def returns_filtered(queryset: QuerySet, filter_input=None, sort_by=None) -> QuerySet:
    filter_input = filter_input or {}
    queryset = filtered_by_status_and_date(queryset, filter_input)
    if filter_input.get("reason"):
        reasons = [enum_value(r) for r in filter_input["reason"]]
        queryset = queryset.filter(pk__in=queryset.model.objects.filter(lines__reason__in=reasons))
    queryset = filtered_by_words(queryset, filter_input.get("search"), RETURN_SEARCH_FIELDS)
    return sorted_by(queryset, sort_by)


class ReturnsQueries(graphene.ObjectType):
    return_request = graphene.Field(
        ReturnRequest,
        id=graphene.ID(required=True),
        description="A return by its id, for whoever may see its order (the customer, a guest "
        "holding the id, staff who may view orders). Null otherwise.",
    )
    returns = ConnectionField(
        ReturnRequest,
        filter=ReturnFilterInput(description="Only the returns matching all these criteria."),
        sort_by=ReturnSortingInput(description="The order of the list; newest first if not set."),
        description="Every return, for staff who may view orders (orders.view_order).",
    )

    def resolve_return_request(root, info, id):
        token = uuid_from_global_id(id, "ReturnRequest")
        return None if token is None else return_for_user(token=token, user=info.context.user)

    def resolve_returns(root, info, filter=None, sort_by=None, **kwargs):
        check_can_view_all_orders(info)
        queryset = returns_queryset(info.context.user)
        return returns_filtered(queryset, filter_input=filter, sort_by=sort_by)
