"""`ReturnError`: the typed error of the return mutations, naming the order lines at fault."""

from core.graphql.errors import make_error_type
from orders.error_codes import ReturnErrorCode
from orders.graphql.orders.errors import order_lines_error_field

ReturnError = make_error_type(
    "ReturnError",
    ReturnErrorCode,
    extra_fields={
        "order_lines": order_lines_error_field(
            "The order lines the error is about (QUANTITY_EXCEEDED)."
        )
    },
)
