"""Orders and accounts for the account and order-access tests, written straight to the
database: these tests are about who may read what, not about how an order is placed."""

import itertools
from decimal import Decimal

from customers.models import Address
from orders.models import Fulfillment, FulfillmentLine, Order, OrderEvent, OrderLine
from tests.factories import ADDRESS, UserFactory

PASSWORD = "secret-pass-123"
_numbers = itertools.count(1)


def customer(email=None, **fields):
    if email is not None:
        fields["email"] = email
    return UserFactory(**fields)


def address_data(**changes) -> dict:
    return {**ADDRESS, **changes}


def make_order(*, email="guest@example.com", user=None, lines=1, parcels=0, **fields) -> Order:
    """An order with `lines` lines, `parcels` shipped parcels (each holding one of every line,
    tracked with Colissimo) and a few timeline events, one of them internal."""
    shipping = Address.objects.create(**ADDRESS)
    billing = Address.objects.create(**ADDRESS)
    order = Order.objects.create(
        number=f"2026-{next(_numbers):06d}",
        email=email,
        user=user,
        shipping_address=shipping,
        billing_address=billing,
        shipping_method_name="Colissimo",
        currency="EUR",
        subtotal=Decimal("20.00") * lines,
        discount=Decimal("0"),
        shipping_price=Decimal("4.90"),
        vat=Decimal("4.15"),
        total=Decimal("20.00") * lines + Decimal("4.90"),
        gateway="bank_transfer",
        **fields,
    )
    order_lines = [
        OrderLine.objects.create(
            order=order,
            product_name=f"Linen shirt {index}",
            variant_name="M",
            sku=f"SKU-{order.number}-{index}",
            quantity=parcels or 1,
            quantity_fulfilled=parcels,
            unit_price=Decimal("20.00"),
            vat_rate=Decimal("20.00"),
            total=Decimal("20.00") * (parcels or 1),
        )
        for index in range(lines)
    ]
    for number in range(1, parcels + 1):
        parcel = Fulfillment.objects.create(
            order=order, number=number, carrier="colissimo", tracking_number=f"6A{number:09d}"
        )
        for line in order_lines:
            FulfillmentLine.objects.create(fulfillment=parcel, order_line=line, quantity=1)
    OrderEvent.objects.create(order=order, type=OrderEvent.Type.PLACED)
    OrderEvent.objects.create(
        order=order,
        type=OrderEvent.Type.NOTE_ADDED,
        message="Internal: customer sounded annoyed",
        customer_visible=False,
    )
    return order
