"""Checkouts ready to pay, built through the checkout services as a shopper would."""

from decimal import Decimal

from orders.checkout import (
    checkout_create,
    checkout_email_update,
    checkout_shipping_address_update,
    checkout_shipping_method_update,
)
from orders.models import Checkout, ShippingMethod
from tests.factories import ProductFactory

CUSTOMER_EMAIL = "alice@example.com"  # the email of the checkouts (and orders) built here
ADDRESS = {
    "first_name": "Alice",
    "last_name": "Martin",
    "street_address_1": "12 rue de la Paix",
    "postal_code": "75002",
    "city": "Paris",
    "country": "FR",
}


def variant_in_stock(*, price: Decimal = Decimal("19.90"), quantity: int = 10):
    return ProductFactory(variants=[{"price": price, "quantity": quantity}]).variants.get()


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
