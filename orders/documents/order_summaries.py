"""The order summary PDF: what the shopper ordered and owes, for an order that has no invoice
yet (not fully paid). Clearly titled "not an invoice", with no invoice number: it is drawn on
each request, never numbered nor stored (an invoice is issued by orders.documents.invoices once
the order is paid in full)."""

from django.conf import settings
from django.utils import translation

from orders.documents.invoices import invoice_lines, order_totals
from orders.documents.rendering import render_pdf
from orders.models import Order
from orders.payments.selectors import order_payment_sums


def order_summary_render(order: Order) -> bytes:
    """The order summary's PDF, in the order's language."""
    order = (
        Order.objects.select_related("shipping_address", "billing_address")
        .prefetch_related("lines", "payments")
        .get(pk=order.pk)
    )
    totals = order_totals(order)
    with translation.override(order.language_code):
        context = {
            "order": order,
            "lines": invoice_lines(order),
            "totals": totals,
            "total_net": totals.total - totals.vat,
            "bank_details": settings.SHOP_BANK_DETAILS,
            "captured": order_payment_sums(order).captured,
        }
        return render_pdf("pdf/order_summary.html", context)
