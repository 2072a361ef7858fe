"""Checkouts ready to pay, and card payments started for them, built through the checkout
services as a shopper would."""

from decimal import Decimal

from orders.checkout.payment import payment_start
from orders.checkout.services import (
    checkout_create,
    checkout_email_update,
    checkout_shipping_address_update,
    checkout_shipping_method_update,
)
from orders.models import Checkout, Payment, ShippingMethod, StripeEvent
from shop.models import ProductVariant
from tests.factories import ADDRESS, ProductFactory

CUSTOMER_EMAIL = "alice@example.com"  # the email of the checkouts (and orders) built here


def variant_in_stock(price="20.00", quantity: int = 10, **product_fields) -> ProductVariant:
    """The one variant of a new published product (`product_fields`), at `price` (a Decimal or
    its text) with `quantity` in stock."""
    variants = [{"price": Decimal(price), "quantity": quantity}]
    return ProductFactory(variants=variants, **product_fields).variants.get()


def ready_checkout(*, lines, email: str = CUSTOMER_EMAIL) -> Checkout:
    """A checkout with `lines` ([(variant, quantity)]), an email, a French address and a 4.90
    shipping method: everything needed to start paying."""
    method, _ = ShippingMethod.objects.get_or_create(
        name="Colissimo", defaults={"price": Decimal("4.90")}
    )
    checkout = checkout_create(lines=[(variant.pk, quantity) for variant, quantity in lines])
    checkout_email_update(checkout=checkout, email=email)
    checkout_shipping_address_update(checkout=checkout, address=ADDRESS)
    checkout_shipping_method_update(checkout=checkout, shipping_method_id=method.pk)
    return Checkout.objects.get(pk=checkout.pk)


def card_payment_started(*, quantity: int = 1, user=None) -> Payment:
    """A Stripe payment started (its PaymentIntent created, not paid yet) for a ready checkout of
    `quantity` units of a new 19.90 variant (5 in stock), `user`'s checkout when given. Needs the
    stripe_settings fixture (localstripe)."""
    checkout = ready_checkout(lines=[(variant_in_stock(price="19.90", quantity=5), quantity)])
    if user is not None:
        Checkout.objects.filter(pk=checkout.pk).update(user=user)
    return payment_start(checkout=checkout, gateway_name="stripe")


def failed_stripe_event(localstripe, *, event_id: str = "evt_failed") -> StripeEvent:
    """A payment_intent.succeeded event whose processing failed twice (the database was away,
    say): the PaymentIntent of a card_payment_started is paid at localstripe, no order exists
    yet."""
    payment = card_payment_started()
    intent = localstripe.pay(payment.provider_reference)
    return StripeEvent.objects.create(
        event_id=event_id,
        type="payment_intent.succeeded",
        payload={"id": event_id, "type": "payment_intent.succeeded", "data": {"object": intent}},
        attempts=2,
        error="OperationalError: could not connect to server",
    )
