"""The PDFs of returns and refunds (WeasyPrint, through orders.documents.render_pdf): the return
slip of an approved return and the credit note of each successful refund, numbered
`AV-<year>-<n>` without gaps (core.sequences), made once and never changed."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.money import quantize
from core.sequences import number_next
from orders.documents.rendering import render_pdf, unique_name
from orders.events import order_event
from orders.models import Order, OrderEvent, Refund
from orders.payments.selectors import refund_credited_amount
from orders.pricing import amount_shares, vat_split
from orders.returns.selectors import return_lines_amounts

ZERO = Decimal("0.00")

# The key of the credit note numbers' yearly counter in core.sequences (a stored value).
CREDIT_NOTE_NUMBER_SEQUENCE = "credit_note"


@dataclass(frozen=True)
class CreditLine:
    label: str
    quantity: int | None
    vat_rate: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal


def _credit_line(label, quantity, rate, gross) -> CreditLine:
    split = vat_split(gross, rate)
    return CreditLine(label, quantity, rate, split.net, split.vat, split.gross)


def credit_note_lines(refund: Refund) -> list[CreditLine]:
    """What the refund gives back, line by line with its VAT: the returned items at the price
    paid, the shipping, or one "goodwill gesture" line at the order's average VAT rate. Lines
    are scaled down when less than their value was left to refund."""
    order = refund.order
    credited = refund_credited_amount(refund)
    if refund.return_request_id is None and credited >= order.total:
        # The whole order given back (a paid order canceled, or refunded in full): its lines.
        lines = [
            (_line_label(line), line.quantity, line.vat_rate, line.total)
            for line in order.lines.all()
        ]
        if order.shipping_price:
            lines.append(
                (_("Shipping"), None, settings.SHOP_DEFAULT_VAT_RATE, order.shipping_price)
            )
        return [_credit_line(*line) for line in _scaled(lines, credited)]
    if refund.return_request_id is None:
        rate = settings.SHOP_DEFAULT_VAT_RATE
        if order.total > order.vat:
            rate = quantize(order.vat * 100 / (order.total - order.vat))
        return [_credit_line(_("Goodwill gesture"), None, rate, credited)]
    lines = []
    for line, amount in return_lines_amounts(refund.return_request):
        lines.append(
            (_line_label(line.order_line), line.quantity, line.order_line.vat_rate, amount)
        )
    if refund.shipping_amount:
        shipping_label = _("Shipping")
        rate = settings.SHOP_DEFAULT_VAT_RATE
        lines.append((shipping_label, None, rate, refund.shipping_amount))
    return [_credit_line(*line) for line in _scaled(lines, credited)]


def _line_label(order_line) -> str:
    if order_line.variant_name:
        return f"{order_line.product_name} ({order_line.variant_name})"
    return order_line.product_name


def _scaled(lines: list[tuple], credited: Decimal) -> list[tuple]:
    """The lines scaled to what was credited when their sum differs (capped by what was left
    of the capture, partly refused by a provider, or an order's discount), the remainder on
    the last line."""
    total = sum((gross for *_rest, gross in lines), ZERO)
    if total == credited or total <= 0:
        return lines
    parts = amount_shares(credited, [gross for *_rest, gross in lines])
    return [
        (label, quantity, rate, part)
        for (label, quantity, rate, _gross), part in zip(lines, parts, strict=True)
    ]


def credit_note_render(refund: Refund) -> bytes:
    order = Order.objects.select_related("billing_address", "shipping_address").get(
        pk=refund.order_id
    )
    refund.order = order
    with translation.override(order.language_code):
        lines = credit_note_lines(refund)
        context = {
            "refund": refund,
            "order": order,
            "lines": lines,
            "total_net": sum((line.net for line in lines), ZERO),
            "total_vat": sum((line.vat for line in lines), ZERO),
            "total_gross": sum((line.gross for line in lines), ZERO),
            "invoice": getattr(order, "invoice", None),
        }
        return render_pdf("pdf/credit_note.html", context)


def credit_note_generate(*, refund_id: int) -> Refund:
    """The refund's credit note: numbered once (short lock on the year's counter), its event on
    the timeline, then its PDF. Only for a refund that gave money back."""
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund_id)
        if refund.status not in (Refund.Status.SUCCEEDED, Refund.Status.PARTIALLY_FAILED):
            return refund
        if not refund.credit_note_number:
            refund.credit_note_number = number_next(key=CREDIT_NOTE_NUMBER_SEQUENCE, prefix="AV")
            refund.save(update_fields=["credit_note_number"])
            order = refund.order
            with translation.override(order.language_code):
                order_event(
                    order=order,
                    type=OrderEvent.Type.CREDIT_NOTE_GENERATED,
                    message=refund.credit_note_number,
                    data={"number": refund.credit_note_number, "refund": refund.pk},
                )
    if refund.credit_note:
        return refund
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund_id)
        if not refund.credit_note:
            pdf = credit_note_render(refund)
            refund.credit_note.save(
                unique_name(f"credit-note-{refund.credit_note_number}"),
                ContentFile(pdf),
                save=False,
            )
            refund.save(update_fields=["credit_note"])
    return refund
