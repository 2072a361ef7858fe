"""The invoice of an order, made with WeasyPrint (orders.documents.rendering) and kept through
Django's storage API: numbered without gaps per year, made once, never changed."""

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.sequences import number_next, number_sequence_lock
from orders.documents.rendering import render_pdf, unique_name
from orders.error_codes import OrderErrorCode
from orders.events import order_event
from orders.lifecycle.customer_status import customer_payment_status
from orders.locks import order_lock
from orders.models import Invoice, Order, OrderEvent, PaymentTransaction, Voucher
from orders.models.order import OrderStatus, PaymentStatus
from orders.outbox import OrderEmail, order_email_queue
from orders.payments.instructions import method_name
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

# At most this many orders paid earlier and not invoiced yet are numbered before an order.
BACKLOG_LIMIT = 100


def order_is_invoiceable(order: Order) -> bool:
    """Whether an invoice may be numbered for the order now: not canceled, its payment status
    says paid and its payments captured the whole total (a partial refund of a full charge
    stays paid). A canceled order never gets one (if it had one already, it keeps it and the
    refund makes a credit note)."""
    if order.status == OrderStatus.CANCELED:
        return False
    if order.payment_status not in INVOICEABLE_PAYMENT_STATUSES:
        return False
    return order_payment_sums(order).captured >= order.total


def order_invoice_available(order: Order) -> bool:
    """Whether the order's invoice can be downloaded: issued already, or issuable now."""
    return Invoice.objects.filter(order=order).exists() or order_is_invoiceable(order)


def orders_by_payment():
    """Orders annotated with `paid_mark`: the id of their last successful capture in the
    ledger, which grows in the order the captures were booked."""
    return Order.objects.annotate(
        paid_mark=Max(
            "payments__transactions__id",
            filter=Q(
                payments__transactions__kind=PaymentTransaction.Kind.CAPTURE,
                payments__transactions__status=PaymentTransaction.Status.SUCCESS,
            ),
        )
    )


def _orders_paid_before(order: Order) -> list[Order]:
    """Orders that became paid before `order` and have no invoice yet (their task has not run,
    or lost the race to the counter), oldest payment first."""
    mark = orders_by_payment().values_list("paid_mark", flat=True).get(pk=order.pk)
    if mark is None:
        return []
    candidates = (
        orders_by_payment()
        .filter(
            invoice__isnull=True,
            payment_status__in=INVOICEABLE_PAYMENT_STATUSES,
            paid_mark__lt=mark,
        )
        .exclude(status=OrderStatus.CANCELED)
        .exclude(pk=order.pk)
        .order_by("paid_mark", "pk")[:BACKLOG_LIMIT]
    )
    return [candidate for candidate in candidates if order_is_invoiceable(candidate)]


def _invoice_number(order: Order, *, user=None) -> Invoice:
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


def _invoice_numbered(*, order: Order, user=None) -> Invoice:
    """The order's invoice row, numbered now if it has none. A short transaction: the year's
    counter is locked only while numbers are given, not while the PDF is drawn.

    Numbers follow the order in which orders became paid: holding the counter, the orders paid
    before this one that still wait for their invoice (their task has not run yet) are
    numbered first. Lock order: the invoice counter, then the order row (the earlier orders'
    rows are only read; their own task, finding the invoice made, only draws the PDF).

    Refused (OrderErrorCode.NOT_PAID, field orderId) while the order is not fully paid:
    checked before any lock (a flood of requests for unpaid orders never queues on the
    counter) and again on the locked row, so no number is used up."""
    invoice = Invoice.objects.filter(order=order).first()
    if invoice is not None:
        return invoice
    if not order_is_invoiceable(Order.objects.get(pk=order.pk)):
        raise _not_paid()
    with transaction.atomic():
        number_sequence_lock(key=INVOICE_NUMBER_SEQUENCE)
        order = order_lock(order)
        invoice = Invoice.objects.filter(order=order).first()
        if invoice is not None:  # numbered by another order's task while we waited
            return invoice
        if not order_is_invoiceable(order):
            raise _not_paid()
        for earlier in _orders_paid_before(order):
            _invoice_number(earlier)
        return _invoice_number(order, user=user)


def _not_paid():
    return typed_error(
        _("The invoice is issued once the order is paid in full."),
        OrderErrorCode.NOT_PAID,
        field="orderId",
    )


def invoice_render(invoice: Invoice) -> bytes:
    order = (
        Order.objects.select_related("shipping_address", "billing_address", "terms_revision")
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
            "payment_status": customer_payment_status(order).label,
            "payment_method": method_name(order.gateway),
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


def invoice_issue(*, order_id: int) -> Invoice | None:
    """The work queued when an order becomes fully paid (orders.outbox.invoice_queue): its
    invoice numbered and drawn, then the payment confirmation emailed with it attached (once:
    not again when the task runs twice). None, with nothing numbered, for an order no longer
    invoiceable (canceled and refunded before the task ran)."""
    order = Order.objects.get(pk=order_id)
    try:
        invoice = invoice_get_or_create(order=order)
    except ValidationError as exc:
        if OrderErrorCode.NOT_PAID.value in _error_codes(exc):
            return None
        raise
    emailed = OrderEvent.objects.filter(
        order=order,
        type=OrderEvent.Type.EMAIL_SENT,
        data__kind=OrderEmail.PAYMENT_RECEIVED.value,
        data__invoice=invoice.number,
    ).exists()
    if not emailed:
        order_email_queue(order.pk, OrderEmail.PAYMENT_RECEIVED)
    return invoice


def _error_codes(exc: ValidationError) -> set[str]:
    errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return {error.code for group in errors for error in group}
