"""Creating an order: its gap-free number, frozen copies of its addresses, and its lines with the
names, SKUs and prices of the moment. Placement (orders.checkout.placement) and exchanges
(orders.returns.exchanges) both build their orders here."""

from dataclasses import dataclass
from decimal import Decimal

from core.sequences import number_next
from orders.models import Order, OrderLine
from shop.models import ProductVariant

# The key of the order numbers' yearly counter in core.sequences (see the orders
# migration number_sequences_into_core).
ORDER_NUMBER_SEQUENCE = "order"


def order_number_next() -> str:
    """The next order number of the year, `2026-000123` (no prefix), without gaps.

    Call inside a transaction (see core.sequences.number_next): a rolled-back order gives its
    number back.
    """
    return number_next(key=ORDER_NUMBER_SEQUENCE)


def address_copy(address):
    """A saved copy of `address` (or None) for an order to keep: later edits of the shopper's
    address book or checkout never change it."""
    if address is None:
        return None
    copy = address.copy()
    copy.save()
    return copy


@dataclass(frozen=True)
class NewLine:
    """A line of an order being created: the variant (with its product loaded), how many, and
    the prices it is sold at (VAT included)."""

    variant: ProductVariant
    quantity: int
    unit_price: Decimal
    vat_rate: Decimal
    total: Decimal


def order_create(*, lines: list[NewLine], shipping_address, billing_address, **fields) -> Order:
    """Create an order numbered now, with copies of its addresses and `lines` frozen (product
    and variant names, SKU, returnability). `fields`: the Order's other fields (customer,
    totals, gateway, language, status…).

    Call inside a transaction. Nothing else happens here (no stock, no event, no email): each
    caller does what its kind of order needs.
    """
    order = Order.objects.create(
        number=order_number_next(),
        shipping_address=address_copy(shipping_address),
        billing_address=address_copy(billing_address),
        **fields,
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            variant=line.variant,
            product_name=line.variant.product.name,
            variant_name=line.variant.name,
            sku=line.variant.sku,
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
            total=line.total,
            is_returnable=line.variant.product.is_returnable,
        )
        for line in lines
    )
    return order
