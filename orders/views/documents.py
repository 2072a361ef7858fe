"""Downloading an order's documents. Whoever may see the order page may download its invoice,
on the same rule (orders.selectors.can_view_order): a guest's order for whoever holds its token
(the proof of access, DESIGN.md), a customer's for that customer and for staff allowed to view
orders. Anyone else gets the same 404 as for a token that does not exist. The order summary
(not an invoice) follows the same rule."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_GET

from orders.documents.invoices import invoice_get_or_create
from orders.documents.order_summaries import order_summary_render
from orders.models import Order
from orders.selectors import can_view_order


def order_for_document(request, token) -> Order:
    """The order behind a document link, if the order page would open for this user."""
    order = Order.objects.filter(token=token).first()
    if order is None or not can_view_order(order, request.user):
        raise Http404
    return order


@require_GET
def invoice_download(request, token):
    """The order's invoice PDF, issued when the order became fully paid (by the payment's
    task; issued here only if that task has not run yet), then never changed. 404 while the
    order is not fully paid: no invoice exists yet, and none is numbered; the order page
    offers the order summary instead."""
    order = order_for_document(request, token)
    try:
        invoice = invoice_get_or_create(order=order, user=request.user)
    except ValidationError as refused:
        raise Http404 from refused
    response = FileResponse(
        invoice.file.open("rb"),
        content_type="application/pdf",
        filename=f"{invoice.number}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def order_summary_download(request, token):
    """The order summary PDF ("not an invoice", no number), drawn now: what the order page
    offers until the invoice exists."""
    order = order_for_document(request, token)
    response = HttpResponse(order_summary_render(order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="order-{order.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
