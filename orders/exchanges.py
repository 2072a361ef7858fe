"""Exchanges: instead of a refund, a replacement (another variant of the same product) sent as a
zero-priced follow-up order linked to the return. Its stock is taken at once under the variant
row locks (in id order), like an order's at placement."""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import typed_error
from orders.error_codes import ReturnErrorCode
from orders.events import order_event
from orders.models import Order, OrderEvent, OrderLine, ReturnRequest
from orders.models.order import OrderStatus, PaymentStatus
from orders.payments.base import GatewayName
from orders.services import address_copy, order_number_next
from shop.models import ProductVariant
from shop.stock import reserved_quantity

ZERO = Decimal("0.00")


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
        for variant in ProductVariant.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(pk__in=wanted)
        .order_by("pk")
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
    held = reserved_quantity(variant_ids=list(variants))
    for variant_id, quantity in wanted.items():
        variant = variants[variant_id]
        available = variant.quantity - held.get(variant_id, 0)
        if quantity > available:
            raise typed_error(
                _("Only %(available)s of %(sku)s are in stock."),
                ReturnErrorCode.INSUFFICIENT_STOCK,
                field="replacements",
                sku=variant.sku,
                available=max(available, 0),
                variant_id=variant_id,
            )
    exchange = Order.objects.create(
        number=order_number_next(),
        user=order.user,
        email=order.email,
        status=OrderStatus.UNFULFILLED,
        payment_status=PaymentStatus.NOT_CHARGED,
        shipping_address=address_copy(order.shipping_address),
        billing_address=address_copy(order.billing_address),
        shipping_method=order.shipping_method,
        shipping_method_name=order.shipping_method_name,
        currency=order.currency,
        subtotal=ZERO,
        discount=ZERO,
        shipping_price=ZERO,
        vat=ZERO,
        total=ZERO,
        gateway=GatewayName.EXCHANGE,
        language_code=order.language_code,
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=exchange,
            variant=variants[variant_id],
            product_name=variants[variant_id].product.name,
            variant_name=variants[variant_id].name,
            sku=variants[variant_id].sku,
            quantity=line.quantity,
            unit_price=ZERO,
            vat_rate=variants[variant_id].product.vat_rate,
            total=ZERO,
            is_returnable=variants[variant_id].product.is_returnable,
        )
        for line, variant_id in chosen
    )
    for variant_id, quantity in wanted.items():
        variant = variants[variant_id]
        variant.quantity -= quantity
        variant.save(update_fields=["quantity"])
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
