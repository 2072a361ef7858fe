"""`CheckoutError`: the typed error of the checkout mutations, naming the variant at fault and the
quantity left, so a client can correct the cart without guessing (LESSONS.md, Saleor #10651)."""

import graphene
from graphql_relay import to_global_id

from core.graphql.errors import make_error_type
from orders.error_codes import CheckoutErrorCode


def _params(root) -> dict:
    return root.get("params") or {}


def resolve_error_variants(root, info):
    variant_id = _params(root).get("variant_id")
    return None if variant_id is None else [to_global_id("ProductVariant", variant_id)]


def resolve_error_quantity_available(root, info):
    return _params(root).get("available")


CheckoutError = make_error_type(
    "CheckoutError",
    CheckoutErrorCode,
    extra_fields={
        "variants": graphene.List(
            graphene.NonNull(graphene.ID),
            description=(
                "The variants the error is about (INSUFFICIENT_STOCK, "
                "QUANTITY_GREATER_THAN_LIMIT); null otherwise."
            ),
            resolver=resolve_error_variants,
        ),
        "quantity_available": graphene.Int(
            description="How many of the variant can still be bought (INSUFFICIENT_STOCK).",
            resolver=resolve_error_quantity_available,
        ),
    },
)
