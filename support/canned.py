"""Canned replies: a small, safe placeholder substitution (never the template engine on text
that agents write)."""

import re

from django.db.models import Case, Prefetch, QuerySet, Value, When

from orders.lifecycle.customer_status import customer_status
from orders.models import Fulfillment
from support.models import CannedResponse

PLACEHOLDER_RE = re.compile(r"\{\{\s*([a-z_.]+)\s*\}\}")


def canned_responses_for(ticket=None) -> QuerySet[CannedResponse]:
    """The active canned responses, each usable on any ticket: those of the ticket's category
    first, then the general ones (blank category), then those of the other categories, each
    group by title."""
    responses = CannedResponse.objects.filter(is_active=True)
    if ticket is None:
        return responses.order_by("title", "id")
    group = Case(
        When(category=ticket.category, then=Value(0)),
        When(category="", then=Value(1)),
        default=Value(2),
    )
    return responses.annotate(group=group).order_by("group", "title", "id")


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
        # In the shopper's words ("On its way"), as on their order page.
        "order.status": str(customer_status(order).label) if order else "",
        "tracking_links": _tracking_links(order),
        "customer.first_name": first_name,
    }


def canned_response_render(*, canned, ticket, values: dict[str, str] | None = None) -> str:
    """`canned.body` with {{ order.number }}, {{ order.status }}, {{ tracking_links }} and
    {{ customer.first_name }} filled from the ticket's order and customer (empty when absent).
    Unknown placeholders are left as written. `values`: canned_response_values(ticket), when
    the caller renders several responses for one ticket (read once)."""
    if values is None:
        values = canned_response_values(ticket)

    def substitute(match):
        key = match.group(1)
        return values[key] if key in values else match.group(0)

    return PLACEHOLDER_RE.sub(substitute, canned.body)


def canned_responses_rendered(ticket) -> list[tuple[CannedResponse, str]]:
    """Every canned response usable on `ticket` (canned_responses_for's order) with its body
    filled for it, in a fixed number of queries."""
    values = canned_response_values(ticket)
    return [
        (canned, canned_response_render(canned=canned, ticket=ticket, values=values))
        for canned in canned_responses_for(ticket)
    ]
