"""The shopper's details on a checkout: email, addresses, delivery method, promo code."""

import graphene
from django.utils.translation import gettext as _

from core.graphql.ids import pk_from_global_id
from core.graphql.mutations import BaseMutation
from customers.graphql.types import AddressInput, address_input_data
from orders.checkout import services
from orders.graphql.checkout.errors import CheckoutError
from orders.graphql.checkout.mutations.base import (
    checkout_field,
    checkout_from_id,
    checkout_id_argument,
    checkout_payload,
    not_found,
)


class CheckoutEmailUpdate(BaseMutation):
    """Set the email the order confirmation goes to."""

    checkout = checkout_field()

    class Arguments:
        id = checkout_id_argument()
        email = graphene.String(required=True)

    class Meta:
        error_type = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, id, email):
        checkout = checkout_from_id(info, id)
        services.checkout_email_update(checkout=checkout, email=email)
        return checkout_payload(checkout)


class CheckoutShippingAddressUpdate(BaseMutation):
    """Set the delivery address. A chosen delivery method that does not ship there is unset.
    Errors name the address field (`postalCode`, `country`, …)."""

    checkout = checkout_field()

    class Arguments:
        id = checkout_id_argument()
        shipping_address = AddressInput(required=True)

    class Meta:
        error_type = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, id, shipping_address):
        checkout = checkout_from_id(info, id)
        services.checkout_shipping_address_update(
            checkout=checkout, address=address_input_data(shipping_address)
        )
        return checkout_payload(checkout)


class CheckoutBillingAddressUpdate(BaseMutation):
    """Set the billing address (the shipping address is used until one is given)."""

    checkout = checkout_field()

    class Arguments:
        id = checkout_id_argument()
        billing_address = AddressInput(required=True)

    class Meta:
        error_type = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, id, billing_address):
        checkout = checkout_from_id(info, id)
        services.checkout_billing_address_update(
            checkout=checkout, address=address_input_data(billing_address)
        )
        return checkout_payload(checkout)


class CheckoutDeliveryMethodUpdate(BaseMutation):
    """Choose one of the checkout's `shippingMethods`."""

    checkout = checkout_field()

    class Arguments:
        id = checkout_id_argument()
        delivery_method_id = graphene.ID(required=True, description="A ShippingMethod id.")

    class Meta:
        error_type = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, id, delivery_method_id):
        checkout = checkout_from_id(info, id)
        method_pk = pk_from_global_id(delivery_method_id, "ShippingMethod")
        if method_pk is None:
            raise not_found("delivery_method_id", _("Not a shipping method id."))
        services.checkout_shipping_method_update(checkout=checkout, shipping_method_id=method_pk)
        return checkout_payload(checkout)


class CheckoutAddPromoCode(BaseMutation):
    """Apply a voucher's code (it replaces any code applied before)."""

    checkout = checkout_field()

    class Arguments:
        id = checkout_id_argument()
        promo_code = graphene.String(required=True)

    class Meta:
        error_type = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, id, promo_code):
        checkout = checkout_from_id(info, id)
        services.checkout_promo_code_add(checkout=checkout, code=promo_code)
        return checkout_payload(checkout)


class CheckoutRemovePromoCode(BaseMutation):
    """Remove the applied code (only if it is `promoCode`, when given)."""

    checkout = checkout_field()

    class Arguments:
        id = checkout_id_argument()
        promo_code = graphene.String()

    class Meta:
        error_type = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, id, promo_code=None):
        checkout = checkout_from_id(info, id)
        services.checkout_promo_code_remove(checkout=checkout, code=promo_code or "")
        return checkout_payload(checkout)
