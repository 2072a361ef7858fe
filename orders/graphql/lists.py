"""What the staff's lists (`orders`, `returns`) share: who may read them, and the criteria and
sorting their `filter` and `sortBy` inputs have in common."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from graphql import GraphQLError

from core.graphql.types import OrderDirection, enum_value
from orders.selectors import can_view_all_orders


def check_can_view_all_orders(info) -> None:
    """Staff who may view orders (orders.view_order) only; anyone else gets a GraphQL error."""
    if not can_view_all_orders(info.context.user):
        raise GraphQLError(_("You do not have permission to perform this action."))


def filtered_by_status_and_date(queryset: QuerySet, filter_input) -> QuerySet:
    """`status` (any of them), `createdGte` and `createdLte`."""
    if filter_input.get("status"):
        queryset = queryset.filter(status__in=[enum_value(s) for s in filter_input["status"]])
    if filter_input.get("created_gte"):
        queryset = queryset.filter(created_at__gte=filter_input["created_gte"])
    if filter_input.get("created_lte"):
        queryset = queryset.filter(created_at__lte=filter_input["created_lte"])
    return queryset


def filtered_by_words(queryset: QuerySet, search: str | None, fields: tuple[str, ...]) -> QuerySet:
    """Every word of `search` in one of `fields` at least (any case)."""
    for word in (search or "").split():
        matches = Q()
        for field in fields:
            matches |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset


def sorted_by(queryset: QuerySet, sort_by) -> QuerySet:
    """`sortBy`'s field and direction, ties broken by id in the same direction; unchanged when
    not given."""
    if not sort_by:
        return queryset
    field = enum_value(sort_by["field"])
    prefix = "-" if enum_value(sort_by["direction"]) == OrderDirection.DESC.value else ""
    return queryset.order_by(f"{prefix}{field}", f"{prefix}id")
