"""The invoice of an order, made with WeasyPrint (orders.documents.rendering) and kept through
Django's storage API: numbered without gaps per year, made once, never changed."""

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.sequences import number_next
from orders.documents.rendering import render_pdf, unique_name
from orders.error_codes import OrderErrorCode
from orders.events import order_event
from orders.locks import order_lock
from orders.models import Invoice, Order, OrderEvent, Voucher
from orders.models.order import PaymentStatus
from orders.payments.selectors import order_payment_sums
from orders.pricing import Totals, calculate_totals, vat_split


@dataclass(frozen=True)
class InvoiceLine:
    line: object  # orders.models.OrderLine
    net: Decimal
    vat: Decimal
    gross: Decimal


def order_totals(order: Order) -> Totals:
    """The order's totals and VAT breakdown, worked out by the one pricing function from the
    frozen lines, the discount and the shipping price, so the invoice agrees with the order."""
    lines = [
        (
            SimpleNamespace(price=line.unit_price, product=SimpleNamespace(vat_rate=line.vat_rate)),
            line.quantity,
        )
        for line in order.lines.all()
    ]
    shipping = SimpleNamespace(price_for=lambda goods: order.shipping_price)
    voucher = (
        SimpleNamespace(kind=Voucher.Kind.FIXED, value=order.discount) if order.discount else None
    )
    return calculate_totals(lines=lines, shipping_method=shipping, voucher=voucher)


def invoice_lines(order: Order) -> list[InvoiceLine]:
    result = []
    for line in order.lines.all():
        split = vat_split(line.total, line.vat_rate)
        result.append(InvoiceLine(line=line, net=split.net, vat=split.vat, gross=split.gross))
    return result


# The key of the invoice numbers' yearly counter in core.sequences (see the orders
# migration number_sequences_into_core).
INVOICE_NUMBER_SEQUENCE = "invoice"


# An invoice is issued once the money is in: fully charged, or partially refunded after that.
INVOICEABLE_PAYMENT_STATUSES = (
    PaymentStatus.FULLY_CHARGED,
    PaymentStatus.PARTIALLY_REFUNDED,
)


def order_is_invoiceable(order: Order) -> bool:
    """Whether an invoice may be numbered for the order now: its payment status says paid and
    its payments captured the whole total (a partial refund of a full charge stays paid)."""
    if order.payment_status not in INVOICEABLE_PAYMENT_STATUSES:
        return False
    return order_payment_sums(order).captured >= order.total


def order_invoice_available(order: Order) -> bool:
    """Whether the order's invoice can be downloaded: issued already, or issuable now."""
    return Invoice.objects.filter(order=order).exists() or order_is_invoiceable(order)


def _invoice_numbered(*, order: Order, user=None) -> Invoice:
    """The order's invoice row, numbered now if it has none. A short transaction: the year's
    counter is locked only while the number is given, not while the PDF is drawn.

    Refused (OrderErrorCode.NOT_PAID, field orderId) while the order is not fully paid: checked
    on the locked order row before the counter is touched, so no number is used up."""
    with transaction.atomic():
        order = order_lock(order)
        invoice = Invoice.objects.filter(order=order).first()
        if invoice is not None:
            return invoice
        if not order_is_invoiceable(order):
            raise typed_error(
                _("The invoice is issued once the order is paid in full."),
                OrderErrorCode.NOT_PAID,
                field="orderId",
            )
        number = number_next(key=INVOICE_NUMBER_SEQUENCE, prefix="F")
        invoice = Invoice.objects.create(order=order, number=number)
        with translation.override(order.language_code):
            order_event(
                order=order,
                type=OrderEvent.Type.INVOICE_GENERATED,
                user=user,
                message=number,
                data={"number": number},
            )
        return invoice


def invoice_render(invoice: Invoice) -> bytes:
    order = (
        Order.objects.select_related("shipping_address", "billing_address")
        .prefetch_related("lines", "payments")
        .get(pk=invoice.order_id)
    )
    totals = order_totals(order)
    sums = order_payment_sums(order)
    with translation.override(order.language_code):
        context = {
            "invoice": invoice,
            "order": order,
            "lines": invoice_lines(order),
            "totals": totals,
            "total_net": totals.total - totals.vat,
            "bank_details": settings.SHOP_BANK_DETAILS,
            "captured": sums.captured,
            "refunded": sums.refunded,
        }
        return render_pdf("pdf/invoice.html", context)


def invoice_get_or_create(*, order: Order, user=None) -> Invoice:
    """The order's invoice with its PDF, made on the first request; every later request gets
    the same number and the same file, whatever changed on the order since. Refused with
    OrderErrorCode.NOT_PAID (nothing numbered) before the order is fully paid."""
    invoice = _invoice_numbered(order=order, user=user)
    if invoice.file:
        return invoice
    with transaction.atomic():
        # Two first requests at once: the second waits here, then finds the file.
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if not invoice.file:
            pdf = invoice_render(invoice)
            invoice.file.save(unique_name(invoice.number), ContentFile(pdf), save=False)
            invoice.save(update_fields=["file"])
    return invoice
