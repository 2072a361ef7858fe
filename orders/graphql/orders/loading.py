"""How orders are loaded with what their types read, so that a page of orders costs a fixed
number of queries whatever its size: `orders_prefetched` for the lists (the staff's `orders`,
the customer's `me.orders`), and the returns below an order.

The returns are loaded here, not in orders.graphql.returns, because `Order.returns` reads them
and the returns' types build on this package (ReturnRequest.order); what the ReturnRequest type
reads (its lines with their order lines, its refunds, the replacement order and its timeline)
is therefore written once here, in `returns_below_order`.
"""

from django.db.models import Prefetch, QuerySet

from core.graphql.selections import selects_any
from orders import models
from orders.graphql.orders.fulfillments import fulfillments_prefetch
from orders.graphql.shared import prefetched_rows
from orders.selectors import order_events_visible_to


def events_prefetch(user, lookup: str = "events") -> Prefetch:
    """The timeline of the orders under `lookup` as `user` may read it
    (orders.selectors.order_events_visible_to)."""
    return Prefetch(lookup, queryset=order_events_visible_to(user))


def returns_below_order(user) -> QuerySet[models.ReturnRequest]:
    """Returns with what their types read, below an order already loaded for `user` (whose
    instance Django puts back as each return's `order`): the replacement order with its
    timeline as `user` may read it, lines with their order lines, refunds."""
    return models.ReturnRequest.objects.select_related("exchange_order").prefetch_related(
        events_prefetch(user, "exchange_order__events"),
        Prefetch("lines", queryset=models.ReturnLine.objects.select_related("order_line__order")),
        Prefetch(
            "refunds",
            queryset=models.Refund.objects.select_related("order").order_by("created_at", "id"),
        ),
    )


def returns_prefetch(user, lookup: str = "returns") -> Prefetch:
    """What `Order.returns` reads, for the querysets of orders loaded for `user`."""
    return Prefetch(lookup, queryset=returns_below_order(user))


def order_returns(order: models.Order, user) -> list[models.ReturnRequest]:
    """The order's returns, newest first, loaded with returns_prefetch unless the order's
    queryset did."""
    return prefetched_rows(order, "returns", lambda: returns_prefetch(user))


def orders_prefetched(queryset: QuerySet[models.Order], info) -> QuerySet[models.Order]:
    """The orders of a list with what the Order type reads for the viewer: addresses, lines,
    payments, the timeline they may read, parcels, the invoice (Order.invoices, summaryUrl),
    and the returns when the query asks for them. Unevaluated: the connection counts and
    slices it, then the prefetches run for the page alone."""
    user = info.context.user
    queryset = queryset.select_related(
        "shipping_address", "billing_address", "invoice"
    ).prefetch_related("lines", "payments", events_prefetch(user), fulfillments_prefetch())
    if selects_any(info, ["returns"]):
        queryset = queryset.prefetch_related(returns_prefetch(user))
    return queryset
