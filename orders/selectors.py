"""Reads of orders and checkouts that cross relations."""

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from orders.models import (
    Checkout,
    CheckoutLine,
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderEvent,
    Refund,
    ReturnLine,
    ReturnRequest,
)
from shop.selectors import variants_with_reserved

ORDER_VIEW_PERMISSION = "orders.view_order"


def order_for_page() -> QuerySet[Order]:
    """Orders with what the shopper's order page shows (lines, payments, parcels with their
    lines, customer-visible events, returns with their lines and refunds, refunds made outside
    returns), in a fixed number of queries."""
    parcel_lines = FulfillmentLine.objects.select_related("order_line").order_by("id")
    return Order.objects.select_related("shipping_address", "billing_address").prefetch_related(
        "lines",
        "payments",
        Prefetch(
            "fulfillments",
            queryset=Fulfillment.objects.prefetch_related(
                Prefetch("lines", queryset=parcel_lines)
            ).order_by("number"),
        ),
        Prefetch("events", queryset=customer_order_events()),
        Prefetch(
            "returns",
            queryset=ReturnRequest.objects.prefetch_related(
                Prefetch("lines", queryset=ReturnLine.objects.select_related("order_line")),
                Prefetch("refunds", queryset=Refund.objects.order_by("created_at", "id")),
            ),
        ),
        Prefetch(
            "refunds",
            queryset=Refund.objects.filter(return_request=None).order_by("created_at", "id"),
            to_attr="goodwill_refunds",
        ),
    )


def order_page_for_user(*, token, user) -> Order | None:
    """The order page's order if `user` may see it (the rule of `order_for_user`); only the
    customer-visible events, whoever looks. Anything else reads as missing."""
    order = order_for_page().filter(token=token).first()
    if order is None or not can_view_order(order, user):
        return None
    return order


def checkout_for_user(*, token, user) -> Checkout | None:
    """The checkout with this token if `user` may use it: a guest's checkout is reached by its
    token alone; a customer's only by that customer. Anything else reads as missing."""
    checkout = Checkout.objects.filter(token=token).select_related("user").first()
    if checkout is None:
        return None
    if checkout.user_id is not None and (not user.is_authenticated or user.pk != checkout.user_id):
        return None
    return checkout


def checkouts_with_lines() -> QuerySet[Checkout]:
    """Checkouts with what pricing and display need (addresses, shipping method, voucher, lines,
    their variants with the quantity others hold, and products), in three queries."""
    return Checkout.objects.select_related(
        "shipping_address", "billing_address", "shipping_method", "voucher"
    ).prefetch_related(
        Prefetch("lines", queryset=CheckoutLine.objects.order_by("created_at", "id")),
        Prefetch("lines__variant", queryset=variants_with_reserved().select_related("product")),
    )


def can_view_all_orders(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(ORDER_VIEW_PERMISSION)


def can_view_order(order: Order, user) -> bool:
    """The access rule: a guest's order for whoever holds its token, a customer's for that
    customer and for staff allowed to view orders."""
    if order.user_id is None:
        return True
    is_owner = user.is_authenticated and user.pk == order.user_id
    return is_owner or can_view_all_orders(user)


def orders_readable_by(user) -> QuerySet[Order]:
    """The orders `user` may read on the strength of their account alone, without presenting an
    order's token: every order for staff allowed to view orders, their own for a customer, none
    for an anonymous client. The rule for children reached by an integer id (lines, payments,
    refunds, parcels, return lines): a guest's order is opened only by its token, never by a
    child's id."""
    if can_view_all_orders(user):
        return Order.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Order.objects.none()
    return Order.objects.filter(user=user)


def order_for_account(*, pk, user) -> Order | None:
    """The order with this primary key, loaded like `order_for_user`, if `orders_readable_by`
    gives it to `user`: the parent of a child fetched by its integer id. Else None."""
    token = orders_readable_by(user).filter(pk=pk).values_list("token", flat=True).first()
    return None if token is None else order_for_user(token=token, user=user)


def checkouts_readable_by(user) -> QuerySet[Checkout]:
    """The checkouts `user` may use without presenting a checkout's token: a customer's own,
    none for an anonymous client (a guest's checkout opens only by its token)."""
    if not user.is_authenticated or not user.is_active:
        return Checkout.objects.none()
    return Checkout.objects.filter(user=user)


def order_events_visible_to(user) -> QuerySet[OrderEvent]:
    """The timeline entries `user` may read on an order they may read: all of them for staff
    allowed to view orders; for anyone else only the customer-visible ones (never a seller's
    note or an internal event). Every path to an order reads its events through this rule
    (`order_events_for`)."""
    if can_view_all_orders(user):
        return OrderEvent.objects.all()
    return customer_order_events()


def customer_order_events() -> QuerySet[OrderEvent]:
    """The timeline entries meant for the customer (what the shopper's order page shows,
    whoever looks at it): no seller note, no internal event."""
    return OrderEvent.objects.filter(customer_visible=True)


def order_events_for(order: Order, user) -> list[OrderEvent]:
    """The order's timeline as `user` may read it (`order_events_visible_to`), oldest first.
    Events prefetched by whatever loaded the order are filtered again here, so no loader can
    show more than the rule allows; without a prefetch it costs one query."""
    if "events" not in getattr(order, "_prefetched_objects_cache", {}):
        return list(order_events_visible_to(user).filter(order=order))
    events = list(order.events.all())
    if can_view_all_orders(user):
        return events
    return [event for event in events if event.customer_visible]


def order_for_user(*, token, user) -> Order | None:
    """The order with this token if `user` may see it, with its lines, payments and events: a
    guest's order by its token alone (holding it is the proof), a customer's by that customer
    or by staff allowed to view orders. Events not meant for the customer are left out unless
    the user is such staff. Anything else reads as missing."""
    order = (
        Order.objects.filter(token=token).select_related("shipping_address", "billing_address")
    ).first()
    if order is None or not can_view_order(order, user):
        return None
    events = order_events_visible_to(user)
    prefetch_related_objects([order], "lines", "payments", Prefetch("events", queryset=events))
    return order


def orders_of_user(user) -> QuerySet[Order]:
    """The customer's account orders, newest first: only those attached to the account (guest
    orders with the same email join it once the email is verified, `guest_orders_attach`)."""
    if not user.is_authenticated:
        return Order.objects.none()
    return Order.objects.filter(user=user).order_by("-created_at", "-id")


def guest_order_for_lookup(*, number: str, email: str) -> Order | None:
    """The guest order with this number and the email it was placed with (both compared
    without case), in one query; None when either is empty or nothing matches. Orders of an
    account are never found so (customers.order_lookup, which counts the failures)."""
    if not number or not email:
        return None
    return Order.objects.filter(
        number__iexact=number, email__iexact=email, user__isnull=True
    ).first()
