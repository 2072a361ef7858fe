"""What the checkout mutations share: finding the checkout they name, reading line inputs."""

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.graphql.ids import pks_from_global_ids, uuid_from_global_id
from orders.error_codes import CheckoutErrorCode
from orders.graphql.checkout.types import Checkout, checkout_loaded
from orders.models import Checkout as CheckoutModel
from orders.selectors import checkout_for_user


def not_found(field: str, message: str) -> ValidationError:
    return typed_error(message, CheckoutErrorCode.NOT_FOUND, field=field)


def checkout_from_id(info, global_id: str) -> CheckoutModel:
    """The checkout a mutation names, if the requesting user may use it. A malformed id, a
    missing checkout and another customer's checkout get the same answer."""
    token = uuid_from_global_id(global_id, "Checkout")
    checkout = None if token is None else checkout_for_user(token=token, user=info.context.user)
    if checkout is None:
        raise not_found("id", _("There is no checkout with this id."))
    return checkout


def variant_pks(global_ids, field: str = "lines") -> dict[str, int]:
    """The primary keys of ProductVariant ids, by id; an id of anything else is NOT_FOUND.
    (That the variants exist and are for sale is the service's to check.)"""
    ids_by_pk, invalid = pks_from_global_ids(global_ids, "ProductVariant")
    if invalid:
        raise not_found(
            field,
            _("Not a product variant id: %(ids)s.") % {"ids": ", ".join(invalid)},
        )
    return {global_id: pk for pk, global_id in ids_by_pk.items()}


def line_pairs(lines) -> list[tuple[int, int]]:
    """CheckoutLineInputs as the (variant id, quantity) pairs the services take."""
    pks = variant_pks([line.variant_id for line in lines])
    return [(pks[line.variant_id], line.quantity) for line in lines]


def checkout_payload(checkout: CheckoutModel) -> dict:
    return {"checkout": checkout_loaded(checkout.pk)}


def checkout_field():
    return graphene.Field(Checkout, description="The checkout as changed; null on an error.")


def checkout_id_argument():
    return graphene.ID(required=True, description="The checkout's id.")
