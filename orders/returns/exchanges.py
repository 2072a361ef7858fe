"""Exchanges: instead of a refund, a replacement (another variant of the same product) sent as a
zero-priced follow-up order linked to the return. Its stock is taken at once under the variant
row locks (in id order), like an order's at placement."""

from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import typed_error
from orders.error_codes import ReturnErrorCode
from orders.events import order_event
from orders.lifecycle.create import order_create
from orders.models import Order, OrderEvent, ReturnRequest
from orders.models.order import OrderStatus, PaymentStatus
from orders.payments.base import GatewayName
from orders.pricing import ZERO, PricedLine, Totals
from shop.models import ProductVariant
from shop.stock import InsufficientStock, stock_take


def exchange_order_create(
    *, order: Order, return_request: ReturnRequest, replacements: dict, user=None
) -> Order:
    """The follow-up order of `return_request`: {return line id: variant (or variant id)}.

    Call holding the order's and the return's row locks, inside a transaction. Refused (nothing
    written): REQUIRED (a line without replacement), NOT_FOUND, INVALID_REPLACEMENT (not the
    same product), INSUFFICIENT_STOCK (with the variant's SKU and the quantity left).
    """
    if not replacements:
        raise typed_error(
            _("Choose a replacement for at least one item."),
            ReturnErrorCode.REQUIRED,
            field="replacements",
        )
    return_lines = {
        line.pk: line
        for line in return_request.lines.select_related("order_line__variant").order_by("id")
    }
    # The return is closed by the exchange: every line gets its replacement (or is refunded
    # instead, in a return of its own).
    if set(return_lines) - {int(line_id) for line_id in replacements}:
        raise typed_error(
            _("Choose a replacement for every item."),
            ReturnErrorCode.REQUIRED,
            field="replacements",
        )
    wanted: dict[int, int] = {}
    chosen = []
    for line_id, variant in replacements.items():
        line = return_lines.get(int(line_id))
        variant_id = getattr(variant, "pk", variant)
        if line is None:
            raise typed_error(
                _("This line is not part of the return."),
                ReturnErrorCode.NOT_FOUND,
                field="replacements",
            )
        chosen.append((line, variant_id))
        wanted[variant_id] = wanted.get(variant_id, 0) + line.quantity
    variants = {
        variant.pk: variant
        for variant in ProductVariant.objects.select_related("product").filter(pk__in=wanted)
    }
    for line, variant_id in chosen:
        variant = variants.get(variant_id)
        sold = line.order_line.variant
        if variant is None:
            raise typed_error(
                _("This variant does not exist."), ReturnErrorCode.NOT_FOUND, field="replacements"
            )
        if sold is None or variant.product_id != sold.product_id:
            raise typed_error(
                _("A replacement must be the same product (another size or colour)."),
                ReturnErrorCode.INVALID_REPLACEMENT,
                field="replacements",
            )
    try:
        stock_take(quantities=wanted)
    except InsufficientStock as shortage:
        first = shortage.shortages[0]
        raise typed_error(
            _("Only %(available)s of %(sku)s are in stock."),
            ReturnErrorCode.INSUFFICIENT_STOCK,
            field="replacements",
            sku=first.variant.sku,
            available=first.available,
            variant_id=first.variant.pk,
        ) from None
    lines = [
        PricedLine(
            variants[variant_id], line.quantity, ZERO, variants[variant_id].product.vat_rate, ZERO
        )
        for line, variant_id in chosen
    ]
    exchange = order_create(
        totals=Totals(lines, ZERO, ZERO, ZERO, ZERO, ZERO, order.currency),
        shipping_address=order.shipping_address,
        billing_address=order.billing_address,
        shipping_method=order.shipping_method,
        shipping_method_name=order.shipping_method_name,
        user=order.user,
        email=order.email,
        status=OrderStatus.UNFULFILLED,
        payment_status=PaymentStatus.NOT_CHARGED,
        gateway=GatewayName.EXCHANGE,
        language_code=order.language_code,
    )
    with translation.override(order.language_code):
        order_event(
            order=exchange,
            type=OrderEvent.Type.EXCHANGE_CREATED,
            user=user,
            message=_("Replacement for return %(number)s of order %(order)s")
            % {"number": return_request.number, "order": order.number},
            data={"return": return_request.number, "order": order.number},
        )
    return exchange
