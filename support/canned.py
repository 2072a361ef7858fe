"""Canned replies: a small, safe placeholder substitution (never the template engine on text
that agents write)."""

import re

from django.db.models import Prefetch, Q

from orders.models import Fulfillment
from support.models import CannedResponse

PLACEHOLDER_RE = re.compile(r"\{\{\s*([a-z_.]+)\s*\}\}")


def canned_responses_for(ticket=None):
    """The active canned responses, those of the ticket's category first (blank = any)."""
    responses = CannedResponse.objects.filter(is_active=True)
    if ticket is not None:
        responses = responses.filter(Q(category="") | Q(category=ticket.category))
    return responses.order_by("title", "id")


def _tracking_links(order) -> str:
    if order is None:
        return ""
    parcels = order.fulfillments.all()
    lines = []
    for parcel in parcels:
        if parcel.tracking_url:
            lines.append(f"{parcel.carrier_name} {parcel.tracking_number}: {parcel.tracking_url}")
        elif parcel.tracking_number:
            lines.append(f"{parcel.carrier_name} {parcel.tracking_number}")
    return "\n".join(lines)


def canned_response_values(ticket) -> dict[str, str]:
    order = ticket.order
    if order is not None:
        order = (
            type(order)
            .objects.prefetch_related(Prefetch("fulfillments", Fulfillment.objects.order_by("id")))
            .get(pk=order.pk)
        )
    customer = ticket.customer
    first_name = customer.first_name if customer else ""
    if not first_name and order is not None and order.shipping_address_id:
        first_name = order.shipping_address.first_name
    if not first_name:
        first_name = (ticket.name or "").split(" ")[0]
    return {
        "order.number": order.number if order else "",
        "order.status": str(order.get_status_display()) if order else "",
        "tracking_links": _tracking_links(order),
        "customer.first_name": first_name,
    }


def canned_response_render(*, canned, ticket) -> str:
    """`canned.body` with {{ order.number }}, {{ order.status }}, {{ tracking_links }} and
    {{ customer.first_name }} filled from the ticket's order and customer (empty when absent).
    Unknown placeholders are left as written."""
    values = canned_response_values(ticket)

    def substitute(match):
        key = match.group(1)
        return values[key] if key in values else match.group(0)

    return PLACEHOLDER_RE.sub(substitute, canned.body)
