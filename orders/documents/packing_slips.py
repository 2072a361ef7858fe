"""Packing slips: one PDF per parcel, for the person who packs it."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from orders.documents.rendering import render_pdf, unique_name
from orders.models import Fulfillment, Order


def packing_slip_render(fulfillment: Fulfillment) -> bytes:
    order = Order.objects.select_related("shipping_address", "billing_address").get(
        pk=fulfillment.order_id
    )
    lines = list(fulfillment.lines.select_related("order_line").order_by("order_line_id"))
    with translation.override(order.language_code):
        context = {"order": order, "fulfillment": fulfillment, "parcel_lines": lines}
        return render_pdf("pdf/packing_slip.html", context)


def packing_slip_generate(*, fulfillment_id: int) -> Fulfillment:
    """The parcel's packing slip (order and parcel numbers, addresses, what is in the parcel, no
    prices), made once."""
    with transaction.atomic():
        fulfillment = Fulfillment.objects.select_for_update().get(pk=fulfillment_id)
        if not fulfillment.packing_slip:
            pdf = packing_slip_render(fulfillment)
            stem = f"packing-slip-{fulfillment.order.number}-{fulfillment.number}"
            fulfillment.packing_slip.save(unique_name(stem), ContentFile(pdf), save=False)
            fulfillment.save(update_fields=["packing_slip"])
    return fulfillment
