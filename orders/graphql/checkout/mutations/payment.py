"""Paying: start a payment with a gateway, then place the order.

Both run without the wrapping transaction of BaseMutation (`atomic = False`): the payment
services commit the stock reservation before calling the provider, and keep their record of a
refused payment while it is reported as an error (orders.checkout.payment).
"""

import graphene

from core.graphql.mutations import BaseMutation
from core.http import client_ip
from orders.checkout import payment as services
from orders.graphql.checkout.errors import CheckoutError
from orders.graphql.checkout.mutations.base import (
    checkout_field,
    checkout_from_id,
    checkout_id_argument,
    checkout_payload,
)
from orders.graphql.orders.payments import Payment, payment_for_payer
from orders.graphql.orders.types import Order, order_for_viewer


class CheckoutPaymentCreate(BaseMutation):
    """Check that the checkout can be paid (lines in stock, email, address, delivery method, a
    still valid promo code), reserve its stock, and start a payment for its total. With Stripe,
    confirm `payment.clientSecret` with Stripe.js, then call `checkoutComplete`; with bank
    transfer or pay on delivery, call `checkoutComplete` at once. Asking again for an unchanged
    checkout gives the same payment; after a change, a new one (the old one is canceled).

    When the shop publishes terms of sale (`page(slug)` of kind TERMS), the shopper must accept
    them: `acceptTerms: true` records the revision accepted (kept on the order); without it
    TERMS_NOT_ACCEPTED on field acceptTerms."""

    payment = graphene.Field(Payment, description="The payment; null on an error.")
    checkout = checkout_field()

    class Arguments:
        id = checkout_id_argument()
        gateway = graphene.String(
            required=True,
            description=(
                "stripe, bank_transfer or pay_on_delivery: see the checkout's "
                "availablePaymentGateways."
            ),
        )
        accept_terms = graphene.Boolean(
            default_value=False,
            description='The shopper ticked "I accept the terms of sale".',
        )

    class Meta:
        error_type = CheckoutError
        atomic = False

    @classmethod
    def perform_mutation(cls, root, info, id, gateway, accept_terms=False):
        checkout = checkout_from_id(info, id)
        payment = services.payment_start(
            checkout=checkout,
            gateway_name=gateway,
            ip=client_ip(info.context),
            accept_terms=bool(accept_terms),
        )
        return {"payment": payment_for_payer(payment), **checkout_payload(checkout)}


class CheckoutComplete(BaseMutation):
    """Place the order once the payment is good (checked with Stripe). Calling it again, or
    after the payment webhook placed the order, returns the same order."""

    order = graphene.Field(Order, description="The order; null on an error.")

    class Arguments:
        id = checkout_id_argument()

    class Meta:
        error_type = CheckoutError
        atomic = False

    @classmethod
    def perform_mutation(cls, root, info, id):
        checkout = checkout_from_id(info, id)
        order = services.checkout_complete(checkout=checkout, ip=client_ip(info.context))
        return {"order": order_for_viewer(info, order.token)}
