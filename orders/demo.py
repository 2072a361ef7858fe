"""The demo shop's shipping methods and promo code, created by `manage.py load_demo_shop`.

Found again by name (methods) and code (voucher): a second run creates nothing, and a method or
voucher a seller has edited since is left as it is.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from orders.models import ShippingMethod, Voucher

EU_STANDARD = ["DE", "NL", "ES", "IT", "BE", "LU", "CH", "GB"]

SHIPPING_METHODS = [
    {
        "name": "Colissimo",
        "price": Decimal("4.90"),
        "free_above": Decimal("60.00"),
        "countries": ["FR", "BE", "LU"],
        "min_days": 2,
        "max_days": 4,
        "position": 0,
    },
    {
        "name": "Chronopost express",
        "price": Decimal("12.90"),
        "free_above": None,
        "countries": ["FR"],
        "min_days": 1,
        "max_days": 2,
        "position": 1,
    },
    {
        "name": "Europe standard",
        "price": Decimal("9.90"),
        "free_above": None,
        "countries": EU_STANDARD,
        "min_days": 3,
        "max_days": 6,
        "position": 2,
    },
]

VOUCHERS = [
    {
        "code": "WELCOME10",
        "kind": Voucher.Kind.PERCENTAGE,
        "value": Decimal("10.00"),
        "min_spend": Decimal("30.00"),
    },
]


@dataclass
class CheckoutSetupResult:
    shipping_methods_created: int = 0
    vouchers_created: int = 0


@transaction.atomic
def demo_checkout_setup_ensure() -> CheckoutSetupResult:
    """Create the demo shipping methods and vouchers that do not exist yet."""
    result = CheckoutSetupResult()
    for spec in SHIPPING_METHODS:
        if not ShippingMethod.objects.filter(name=spec["name"]).exists():
            ShippingMethod.objects.create(**spec)
            result.shipping_methods_created += 1
    for spec in VOUCHERS:
        if not Voucher.objects.filter(code__iexact=spec["code"]).exists():
            Voucher.objects.create(**spec)
            result.vouchers_created += 1
    return result


DEMO_CUSTOMER = ("customer@example.com", "demo-customer-2026")
DEMO_ADDRESS = {
    "first_name": "Camille",
    "last_name": "Durand",
    "street_address_1": "8 place Bellecour",
    "postal_code": "69002",
    "city": "Lyon",
    "country": "FR",
}


def demo_delivered_order_ensure():
    """A demo customer account with one paid order of two items, shipped and delivered today,
    ready to be returned (through the real checkout, payment and fulfilment services). Returns
    the order, or None when it exists already or the catalog has nothing in stock."""
    from django.test import override_settings

    from customers.models import User
    from orders.checkout import (
        checkout_create,
        checkout_shipping_address_update,
        checkout_shipping_method_update,
    )
    from orders.lifecycle import order_fulfill, order_mark_delivered
    from orders.payments.services import checkout_complete, payment_start
    from shop.models import ProductVariant

    variants = list(
        ProductVariant.objects.filter(product__is_published=True, quantity__gte=5).order_by("pk")[
            :2
        ]
    )
    method = ShippingMethod.objects.filter(name="Colissimo").first()
    if len(variants) < 2 or method is None:
        return None
    email, password = DEMO_CUSTOMER
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, first_name=DEMO_ADDRESS["first_name"])
        user.set_password(password)
        user.save()
    elif user.orders.exists():
        return None
    checkout = checkout_create(user=user, lines=[(variants[0].pk, 2), (variants[1].pk, 1)])
    checkout_shipping_address_update(checkout=checkout, address=DEMO_ADDRESS)
    checkout_shipping_method_update(checkout=checkout, shipping_method_id=method.pk)
    with override_settings(OFFLINE_GATEWAY_MARK_PAID=True):
        payment_start(checkout=checkout, gateway_name="offline")
        order = checkout_complete(checkout=checkout)
    order_fulfill(
        order=order,
        lines=[(line.pk, line.quantity) for line in order.lines.all()],
        carrier="",
        notify_customer=False,
    )
    order_mark_delivered(order=order)
    return order
