"""The demo shopper's orders, created by `manage.py load_demo_shop` through the real checkout,
payment and seller services, so that a new user can follow an order, ask for a return and
open a support ticket at once: one delivered (returnable), one on its way with a tracking
link, one just placed.

Idempotent: a shopper who already has orders gets no new ones.
"""

from django.db import transaction
from django.utils import timezone

from orders.checkout.payment import checkout_complete, payment_start
from orders.checkout.services import (
    checkout_create,
    checkout_email_update,
    checkout_shipping_address_update,
    checkout_shipping_method_update,
)
from orders.lifecycle.fulfillment import order_fulfill, order_mark_delivered
from orders.models import Order, ShippingMethod
from orders.payments.base import GatewayName
from orders.payments.ledger import order_mark_paid
from shop.models import ProductVariant

ADDRESS = {
    "first_name": "Camille",
    "last_name": "Durand",
    "street_address_1": "8 place Bellecour",
    "postal_code": "69002",
    "city": "Lyon",
    "country": "FR",
}
# (how many variants, quantity of each, how far the order has gone)
ORDERS = [
    (3, 1, "delivered"),
    (1, 2, "shipped"),
    (1, 1, "placed"),
]


def _variants(count: int, offset: int) -> list[ProductVariant]:
    variants = ProductVariant.objects.filter(product__is_published=True, quantity__gte=5).order_by(
        "id"
    )
    return list(variants[offset * 7 : offset * 7 + count * 3 : 3])


def _place(*, customer, variants, quantity: int) -> Order:
    checkout = checkout_create(user=customer, lines=[(v.pk, quantity) for v in variants])
    checkout_email_update(checkout=checkout, email=customer.email)
    checkout_shipping_address_update(checkout=checkout, address=ADDRESS)
    method = (
        ShippingMethod.objects.filter(name="Colissimo").first() or ShippingMethod.objects.first()
    )
    checkout_shipping_method_update(checkout=checkout, shipping_method_id=method.pk)
    payment_start(checkout=checkout, gateway_name=GatewayName.BANK_TRANSFER, accept_terms=True)
    return checkout_complete(checkout=checkout)


def demo_orders_ensure(*, customer, seller=None) -> int:
    """Give the demo shopper their orders unless they have some; returns how many were made."""
    if Order.objects.filter(user=customer).exists():
        return 0
    made = 0
    for index, (count, quantity, stage) in enumerate(ORDERS):
        variants = _variants(count, index)
        if len(variants) < count:
            break  # a catalog loaded with --products 0: nothing to sell
        with transaction.atomic():
            order = _place(customer=customer, variants=variants, quantity=quantity)
            if stage != "placed":
                order_mark_paid(order=order, reference=f"VIR-{order.number}", user=seller)
                lines = [(line.pk, line.quantity) for line in order.lines.all()]
                order_fulfill(
                    order=order,
                    lines=lines,
                    carrier="colissimo",
                    tracking_number=f"6A{timezone.localdate():%y%m%d}{index:05d}",
                    user=seller,
                )
            if stage == "delivered":
                order_mark_delivered(order=order, user=seller)
        made += 1
    return made
