"""The order summary PDF: what the shopper ordered and owes, for an order that has no invoice
yet (not fully paid). Clearly titled "not an invoice", with no invoice number: it is drawn on
each request, never numbered nor stored (an invoice is issued by orders.documents.invoices once
the order is paid in full)."""

from django.utils import translation

from orders.documents.invoices import invoice_lines, order_totals
from orders.documents.rendering import render_pdf
from orders.lifecycle.customer_status import customer_payment_status
from orders.models import Order
from orders.payments.instructions import method_name, payment_instructions
from orders.payments.selectors import order_payment_sums


def order_summary_render(order: Order) -> bytes:
    """The order summary's PDF, in the order's language."""
    order = (
        Order.objects.select_related("shipping_address", "billing_address")
        .prefetch_related("lines", "payments")
        .get(pk=order.pk)
    )
    totals = order_totals(order)
    captured = order_payment_sums(order).captured
    with translation.override(order.language_code):
        context = {
            "order": order,
            "lines": invoice_lines(order),
            "totals": totals,
            "total_net": totals.total - totals.vat,
            "captured": captured,
            "payment_status": customer_payment_status(order).label,
            "payment_method": method_name(order.gateway),
            "instructions": payment_instructions(order, captured=captured),
        }
        return render_pdf("pdf/order_summary.html", context)
