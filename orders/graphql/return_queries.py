"""`returnRequest(id)` for whoever may see its order, and `returns(filter, sortBy)`, the staff's
list: a Relay connection of a fixed number of queries whatever its size (the count, the page and
the prefetches of orders.graphql.return_types.returns_queryset)."""

import graphene
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from graphql import GraphQLError

from core.graphql.connection import ConnectionField
from core.graphql.ids import uuid_from_global_id
from core.graphql.types import OrderDirection, enum_value
from orders.graphql.return_types import (
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
    return_for_user,
    returns_queryset,
)
from orders.selectors import can_view_all_orders


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


def returns_filtered(queryset: QuerySet, filter_input=None, sort_by=None) -> QuerySet:
    filter_input = filter_input or {}
    if filter_input.get("status"):
        queryset = queryset.filter(status__in=[enum_value(s) for s in filter_input["status"]])
    if filter_input.get("reason"):
        reasons = [enum_value(r) for r in filter_input["reason"]]
        queryset = queryset.filter(pk__in=queryset.model.objects.filter(lines__reason__in=reasons))
    if filter_input.get("created_gte"):
        queryset = queryset.filter(created_at__gte=filter_input["created_gte"])
    if filter_input.get("created_lte"):
        queryset = queryset.filter(created_at__lte=filter_input["created_lte"])
    for word in (filter_input.get("search") or "").split():
        queryset = queryset.filter(
            Q(number__icontains=word)
            | Q(order__number__icontains=word)
            | Q(order__email__icontains=word)
        )
    if sort_by:
        field = enum_value(sort_by["field"])
        prefix = "-" if enum_value(sort_by["direction"]) == OrderDirection.DESC.value else ""
        queryset = queryset.order_by(f"{prefix}{field}", f"{prefix}id")
    return queryset


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
        if not can_view_all_orders(info.context.user):
            raise GraphQLError(_("You do not have permission to perform this action."))
        queryset = returns_queryset(info.context.user)
        return returns_filtered(queryset, filter_input=filter, sort_by=sort_by)
