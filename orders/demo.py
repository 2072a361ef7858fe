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
