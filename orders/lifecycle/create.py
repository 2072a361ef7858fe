"""Creating an order: its gap-free number, frozen copies of its addresses, and its lines with the
names, SKUs and prices of the moment. Placement (orders.checkout.placement) and exchanges
(orders.returns.exchanges) both build their orders here."""

from core.sequences import number_next
from orders.models import Order, OrderLine
from orders.pricing import Totals

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


def order_create(
    *,
    totals: Totals,
    shipping_address,
    billing_address,
    shipping_method,
    shipping_method_name: str | None = None,
    **fields,
) -> Order:
    """Create an order numbered now, with copies of its addresses, the amounts of `totals`
    (orders.pricing) and its lines frozen (product and variant names, SKU, price, VAT rate,
    returnability). `shipping_method_name`: the method's name as the order keeps it (default:
    its name now). `fields`: the Order's other fields (customer, gateway, language, status…).

    Call inside a transaction. Nothing else happens here (no stock, no event, no email): each
    caller does what its kind of order needs.
    """
    if shipping_method_name is None:
        shipping_method_name = shipping_method.name if shipping_method else ""
    order = Order.objects.create(
        number=order_number_next(),
        shipping_address=address_copy(shipping_address),
        billing_address=address_copy(billing_address),
        shipping_method=shipping_method,
        shipping_method_name=shipping_method_name,
        currency=totals.currency,
        subtotal=totals.subtotal,
        discount=totals.discount,
        shipping_price=totals.shipping,
        vat=totals.vat,
        total=totals.total,
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
        for line in totals.lines
    )
    return order
