"""Return slips: the PDF a shopper puts in the parcel of an approved return."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from orders.documents.rendering import render_pdf, unique_name
from orders.models import Order, ReturnRequest


def return_slip_render(return_request: ReturnRequest) -> bytes:
    order = Order.objects.select_related("shipping_address").get(pk=return_request.order_id)
    lines = list(return_request.lines.select_related("order_line").order_by("id"))
    with translation.override(order.language_code):
        context = {
            "return_request": return_request,
            "order": order,
            "return_lines": lines,
            "return_address": settings.SHOP_RETURN_ADDRESS,
        }
        return render_pdf("pdf/return_slip.html", context)


def return_slip_generate(*, return_id: int) -> ReturnRequest:
    """The return's slip (return and order numbers, lines, return address, instructions),
    made once and kept in return_slip."""
    with transaction.atomic():
        return_request = ReturnRequest.objects.select_for_update().get(pk=return_id)
        if not return_request.return_slip:
            pdf = return_slip_render(return_request)
            return_request.return_slip.save(
                unique_name(f"return-slip-{return_request.number}"), ContentFile(pdf), save=False
            )
            return_request.save(update_fields=["return_slip"])
    return return_request
