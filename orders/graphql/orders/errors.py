"""`OrderError`: the typed error of the seller's order mutations and of `orderRefund`, naming
the order lines at fault; `order_lines_error_field` gives ReturnError the same field."""

import graphene
from graphql_relay import to_global_id

from core.graphql.errors import make_error_type
from orders.error_codes import OrderErrorCode


def resolve_error_order_lines(root, info):
    line_id = (root.get("params") or {}).get("order_line_id")
    return None if line_id is None else [to_global_id("OrderLine", line_id)]


def order_lines_error_field(description: str) -> graphene.List:
    """An error's `orderLines`: the OrderLine its `order_line_id` param names."""
    return graphene.List(
        graphene.NonNull(graphene.ID), description=description, resolver=resolve_error_order_lines
    )


OrderError = make_error_type(
    "OrderError",
    OrderErrorCode,
    extra_fields={
        "order_lines": order_lines_error_field(
            "The order lines the error is about (FULFILL_QUANTITY_EXCEEDED)."
        )
    },
)
